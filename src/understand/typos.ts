/**
 * One-character typos, as phones make them: a word typed with the right sound and the wrong character (`公祖房` for
 * `公租房`, `红绿等` for `红绿灯`). A stretch of the message that is no word of the ledger but sounds exactly like one
 * is read as that word, unless it is a common word or would cut one apart (`那个项目` is not `那各项目`). The
 * ledger's words (its titles cut into words, and the lexicon's) are gathered once per generation of the ledger (every
 * change to its items raises it).
 */
import { pinyin } from 'pinyin-pro';
import type { Db } from '../ledger/db.ts';
import { generationOf } from '../ledger/generation.ts';
import { ledgerTitles } from '../ledger/titles.ts';
import { domainWords } from '../lexicon/domain.ts';
import { fillerWords } from '../lexicon/questions.ts';
import { synonymWords } from '../lexicon/synonyms.ts';
import { cut, cutKnown, learnWords } from './segment.ts';
import { ledgerWords } from '../ledger/words.ts';

interface Vocabulary {
  generation: number;
  words: Set<string>;
  /** A sound (`gong zu fang`) and the ledger's word that has it. */
  bySound: Map<string, string>;
}

const cache = new Map<string, Vocabulary>();
const fillers = new Set(fillerWords);
const han = /^\p{Script=Han}+$/u;

/**
 * Each character's sound, read once per process and alone (`行` is always read the same way): a word of the ledger
 * and a stretch of a message are heard alike, and a message costs no reading of its characters in context.
 */
const readings = new Map<string, string>();
const reading = (char: string): string => {
  let known = readings.get(char);
  if (known === undefined) readings.set(char, (known = pinyin(char, { toneType: 'none' })));
  return known;
};
const sound = (chars: string[]) => chars.map(reading).join(' ');

function vocabulary(db: Db, ledgerId: number): Vocabulary {
  const generation = generationOf(db, ledgerId);
  const key = `${db.name}#${ledgerId}`;
  const known = cache.get(key);
  if (known?.generation === generation) return known;
  const own = ledgerWords(db, ledgerId);
  learnWords(own);
  const words = new Set<string>([...domainWords, ...synonymWords(), ...own.map(({ word }) => word).filter((word) => han.test(word))]);
  for (const title of ledgerTitles(db, ledgerId)) {
    for (const word of cut(title)) if ([...word].length >= 2 && han.test(word) && !fillers.has(word)) words.add(word);
  }
  const bySound = new Map<string, string>();
  for (const word of words) {
    const heard = sound([...word]);
    if (!bySound.has(heard)) bySound.set(heard, word);
  }
  const built = { generation, words, bySound };
  cache.set(key, built);
  return built;
}

/**
 * Where the words of a run of characters begin and end, as the dictionary cuts it (`那个/项目`): a stretch read as a
 * word of the ledger must start and end there, so that a common word is never cut apart (`个项` of `那个项目` is no
 * typo of the ledger's `各项`), and must not be one such word itself.
 */
function wordEdges(run: string): { edges: Set<number>; whole: Set<string> } {
  const edges = new Set([0]);
  const whole = new Set<string>();
  let at = 0;
  for (const word of cutKnown(run)) {
    at += [...word].length;
    edges.add(at);
    if ([...word].length >= 2) whole.add(word);
  }
  return { edges, whole };
}

/** The message with each stretch that only sounds like a word of the ledger written as that word. */
export function correctTypos(db: Db, ledgerId: number, text: string): string {
  const { words, bySound } = vocabulary(db, ledgerId);
  return text.replace(/\p{Script=Han}{2,}/gu, (run) => {
    const chars = [...run];
    // Cut only once a stretch is no word of the ledger: a message of its words (`公租房`) needs no cutting.
    let cuts: ReturnType<typeof wordEdges> | undefined;
    let out = '';
    for (let i = 0; i < chars.length; ) {
      let taken = 0;
      for (let length = Math.min(5, chars.length - i); length >= 2 && !taken; length--) {
        const window = chars.slice(i, i + length).join('');
        if (words.has(window)) {
          out += window;
          taken = length;
          continue;
        }
        if (fillers.has(window)) continue;
        const { edges, whole } = (cuts ??= wordEdges(run));
        if (whole.has(window) || !edges.has(i) || !edges.has(i + length)) continue;
        const heard = bySound.get(sound(chars.slice(i, i + length)));
        if (heard) {
          out += heard;
          taken = length;
        }
      }
      if (!taken) {
        out += chars[i];
        taken = 1;
      }
      i += taken;
    }
    return out;
  });
}
