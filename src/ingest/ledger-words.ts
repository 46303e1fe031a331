/**
 * A report's own words, which a general dictionary does not know and would cut apart: the units (责任单位) and people
 * it names, and the names its items list (`东昇高科、中恒环保等6家企业`, `“店小二”`; in their title, problem or rectification). Kept with the ledger at import,
 * so that every process answering questions cuts `东昇高科停产了吗` as `东昇高科`, not as `东/昇/高科`.
 */
import type { ItemDraft, LedgerWord } from '../ledger/types.ts';

const separators = /[、，,；;\s/]+/;
/** The small words that join a sentence: a name in a list holds none of them. */
const joining = /[的了在是和与及对将为把被从于已等有时各按写\d\p{P}A-Za-z\s]/u;
/** A name in a list: two to six characters, none of them joining words. */
const listed = new RegExp(`^(?!.*${joining.source})\\p{Script=Han}{2,6}$`, 'u');
const quoted = /[“"《]([^”"》]{2,8})[”"》]/gu;

function names(cell: string | undefined, kind: LedgerWord['kind'], max: number): LedgerWord[] {
  return (cell ?? '')
    .split(separators)
    .map((word) => word.trim())
    .filter((word) => [...word].length >= 2 && [...word].length <= max)
    .map((word) => ({ word, kind }));
}

/** The names a text lists with 、 or 等 (`东昇高科、中恒环保等`), and the words it quotes. */
function listedNames(text: string): string[] {
  const found: string[] = [];
  for (const clause of text.split(/[，,。；;：:（）()！!？?\n]/)) {
    const parts = clause.split('、');
    if (parts.length < 2) continue;
    parts.forEach((part, i) => {
      // The first of a list follows the sentence's start (`新引进的东昇高科`): only what comes after its last joining
      // word. The last runs on into the sentence (`中恒环保等6家企业处于停产状态`): only what comes before 等.
      const name = (i === 0 ? part.split(joining).at(-1) : i === parts.length - 1 ? /^(.+?)等/.exec(part)?.[1] : part)?.trim();
      if (name && listed.test(name) && (i > 0 || [...name].length <= 4)) found.push(name);
    });
  }
  for (const match of text.matchAll(quoted)) if (/^\p{Script=Han}+$/u.test(match[1]!)) found.push(match[1]!);
  return found;
}

export function reportWords(items: ItemDraft[]): LedgerWord[] {
  const words = new Map<string, LedgerWord>();
  for (const item of items) {
    const all = [
      ...names(item.unit, 'unit', 16),
      ...names(item.leader, 'person', 8),
      ...(item.responsible ?? []).flatMap((name) => names(name, 'person', 8)),
      ...listedNames(`${item.title}。${item.problem}。${item.rectification}`).map((word) => ({ word, kind: 'term' as const })),
    ];
    for (const word of all) if (!words.has(word.word)) words.set(word.word, word);
  }
  return [...words.values()];
}
