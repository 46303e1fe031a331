/**
 * Chinese cut into words (jieba), with the lexicon's words kept whole (`公租房`, not `公/租房`). The dictionary is
 * loaded once, on first use.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { domainWords } from '../lexicon/domain.ts';
import { synonymWords } from '../lexicon/synonyms.ts';

let jieba: Jieba | undefined;

function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    const words = [...new Set([...domainWords, ...synonymWords()])];
    jieba.loadDict(Buffer.from(words.map((word) => `${word} 100000 n`).join('\n')));
  }
  return jieba;
}

export const cut = (text: string): string[] => segmenter().cut(text, true);

export const cutForSearch = (text: string): string[] => segmenter().cutForSearch(text, true);
