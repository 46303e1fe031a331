/**
 * Chinese cut into words (jieba), with the lexicon's words kept whole (`公租房`, not `公/租房`), and the words of the
 * ledgers asked about (`县住建局`, `东昇高科`: migration 0017), learnt as each ledger is first asked about. The
 * dictionary is loaded once, on first use.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { domainWords } from '../lexicon/domain.ts';
import type { LedgerWord } from '../ledger/types.ts';
import { synonymWords } from '../lexicon/synonyms.ts';

let jieba: Jieba | undefined;
const learnt = new Set<string>();

const entries = (words: string[]) => Buffer.from(words.map((word) => `${word} 100000 n`).join('\n'));

function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(entries([...new Set([...domainWords, ...synonymWords()])]));
  }
  return jieba;
}

export const cut = (text: string): string[] => segmenter().cut(text, true);

/** Cut into the dictionary's words only, without guessing at unknown ones: a typo stays in pieces (`公祖/房`). */
export const cutKnown = (text: string): string[] => segmenter().cut(text, false);

export const cutForSearch = (text: string): string[] => segmenter().cutForSearch(text, true);

/**
 * Words to keep whole from now on: a unit or a person the dictionary would cut apart (`县住/建局`), a name a report
 * lists that it would cut into stray characters (`东/昇/高科`; `惠企/政策` is two words of its own, and stays so).
 */
export function learnWords(words: LedgerWord[]): void {
  const fresh = words.filter(({ word }) => !learnt.has(word));
  if (!fresh.length) return;
  for (const { word } of fresh) learnt.add(word);
  const apart = fresh.filter(({ word, kind }) => {
    if (cut(word).length < 2) return false;
    // Without guessing at unknown words (`湄格` is no word of the dictionary), stray characters show.
    return kind !== 'term' || cutKnown(word).some((piece) => [...piece].length === 1);
  });
  if (apart.length) segmenter().loadDict(entries(apart.map(({ word }) => word)));
}
