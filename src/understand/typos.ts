/**
 * One-character typos, as phones make them: a word typed with the right sound and the wrong character (`公祖房` for
 * `公租房`, `红绿等` for `红绿灯`). A stretch of the message that is no word of the ledger but sounds exactly like one
 * is read as that word. The ledger's words (its titles cut into words, and the lexicon's) are gathered once per
 * generation of the ledger (every change to its items raises it).
 */
import { pinyin } from 'pinyin-pro';
import type { Db } from '../ledger/db.ts';
import { generationOf } from '../ledger/generation.ts';
import { ledgerTitles } from '../ledger/search.ts';
import { domainWords } from '../lexicon/domain.ts';
import { fillerWords } from '../lexicon/questions.ts';
import { synonymWords } from '../lexicon/synonyms.ts';
import { cut, learnWords } from './segment.ts';
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

const sound = (word: string) => pinyin(word, { toneType: 'none', type: 'array' }).join(' ');

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
  for (const word of words) if (!bySound.has(sound(word))) bySound.set(sound(word), word);
  const built = { generation, words, bySound };
  cache.set(key, built);
  return built;
}

/** The message with each stretch that only sounds like a word of the ledger written as that word. */
export function correctTypos(db: Db, ledgerId: number, text: string): string {
  const { words, bySound } = vocabulary(db, ledgerId);
  return text.replace(/\p{Script=Han}{2,}/gu, (run) => {
    const chars = [...run];
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
        const heard = bySound.get(sound(window));
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
