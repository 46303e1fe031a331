/**
 * Finding the items a message is about, the way people ask: the message is cut into words, the words a question is
 * wrapped in are dropped wherever they stand, each word left brings its synonyms, a word the ledger does not have
 * but sounds like one it has is read as that one (`公祖房` → `公租房`), and every item that holds any of them is
 * scored by how much of the message it holds (weighted: long, specific words count more than `园区`), in its title
 * above all. Never all-or-nothing: `公租房咋样了` finds 公租房 as `公租房` does.
 */
import type { Db } from '../ledger/db.ts';
import { type SearchRow, ledgerSearch } from '../ledger/search.ts';
import { domainWords, genericWords } from '../lexicon/domain.ts';
import { fillerWords } from '../lexicon/questions.ts';
import { synonymWords, synonymsOf } from '../lexicon/synonyms.ts';
import { cut, cutForSearch, learnWords } from './segment.ts';
import { ledgerWords } from '../ledger/words.ts';
import type { LedgerWord } from '../ledger/types.ts';
import { correctTypos } from './typos.ts';

export interface Found {
  id: number;
  /** Every word of the message (or one of its synonyms) is in the item. */
  exact: boolean;
  /** Weighted share of the message's words found in the item, 0..1. */
  coverage: number;
  /** The same share, in the item's title only. */
  titleCoverage: number;
}

interface Term {
  word: string;
  /** The word and its synonyms: any of them found counts. */
  alternatives: string[];
  /** A compound's parts (`规划`, `修编` of `规划修编`): all of them found, apart, count for half. */
  parts: string[];
  weight: number;
}

/** How many items the index's rank hands over to be scored: enough to find the best, few enough to read fast. */
const candidates = 20;
const fillers = new Set(fillerWords);
const generic = new Set(genericWords);
const known = new Set([...domainWords, ...synonymWords()]);
const content = /[\p{Script=Han}a-z0-9]/u;

function weightOf(word: string): number {
  if (generic.has(word)) return 0.2;
  if (/^[\d.%]+$/.test(word)) return 0.5;
  const length = [...word].length;
  return length >= 4 ? 2 : length === 3 ? 1.5 : 1;
}

/** A long word as the fewest shorter words that make it up (`规划` + `修编`), when it is made of such words. */
function partsOf(word: string): string[] {
  if ([...word].length < 4) return [];
  const pieces = new Set(cutForSearch(word).filter((part) => part !== word && [...part].length >= 2 && !fillers.has(part)));
  const cover = (rest: string): string[] | undefined => {
    if (!rest) return [];
    const ways = [...pieces].filter((piece) => rest.startsWith(piece)).map((piece) => {
      const after = cover(rest.slice(piece.length));
      return after && [piece, ...after];
    });
    return ways.filter((way) => way !== undefined).sort((a, b) => a.length - b.length)[0];
  };
  return cover(word) ?? [];
}

/**
 * The words of a message worth looking for, with their synonyms and weights; `own`, the words of the ledger asked
 * about, are looked for whole.
 */
export function queryTerms(text: string, own: ReadonlySet<string> = new Set()): Term[] {
  const terms = new Map<string, Term>();
  for (const token of cut(text.toLowerCase())) {
    const word = token.trim();
    if (([...word].length < 2 && !known.has(word)) || fillers.has(word) || !content.test(word)) continue;
    // `服务平台`, a word the report never writes whole: its parts (`服务`, `平台`) are looked for instead.
    const parts = [...word].length >= 4 && !known.has(word) && !own.has(word) ? cutForSearch(word).filter((part) => part !== word && [...part].length >= 2) : [];
    for (const one of parts.length ? parts : [word]) {
      if (!fillers.has(one) && !terms.has(one)) terms.set(one, { word: one, alternatives: synonymsOf(one), parts: partsOf(one), weight: weightOf(one) });
    }
  }
  return [...terms.values()];
}

/** The words of the ledger, learnt by the segmenter; the same set until the ledger changes. */
const ownSets = new WeakMap<LedgerWord[], Set<string>>();
function ownWords(db: Db, ledgerId: number): Set<string> {
  const words = ledgerWords(db, ledgerId);
  let set = ownSets.get(words);
  if (!set) {
    learnWords(words);
    ownSets.set(words, (set = new Set(words.map(({ word }) => word))));
  }
  return set;
}

/** The items the message's words find, best first, at most `limit`. */
export function findItems(db: Db, ledgerId: number, text: string, limit = 10): Found[] {
  const terms = queryTerms(correctTypos(db, ledgerId, text), ownWords(db, ledgerId));
  if (terms.length === 0) return [];
  const specific = terms.filter((term) => !generic.has(term.word));
  const alternatives = (specific.length ? specific : terms).flatMap((term) => term.alternatives);
  const search = ledgerSearch(db, ledgerId);
  const long = search.indexedWords(alternatives.filter((word) => [...word].length >= 3));
  // An item holding `污水管网` holds `污水管`: asking the index for both finds the same items twice over.
  const grams = long.filter((word) => !long.some((other) => other !== word && word.includes(other)));
  const parts = (specific.length ? specific : terms).flatMap((term) => term.parts);
  const words = [...new Set([...alternatives.filter((word) => [...word].length <= 2), ...parts])];
  const indexed = search.rows(grams, [], candidates);
  // Two-character words are a scan of the ledger: only while the index has not found enough items. They still count
  // when the items found are scored.
  const scanned = indexed.length < candidates && words.length ? search.rows([], words, candidates) : [];
  const seen = new Set<number>();
  const rows = [...indexed, ...scanned].filter((row) => !seen.has(row.id) && seen.add(row.id));
  const holding = (within: string, term: Term) =>
    term.alternatives.some((word) => within.includes(word)) ? 1 : term.parts.length && term.parts.every((part) => within.includes(part)) ? 0.5 : 0;
  const holds = (within: string, term: Term) => holding(within, term) > 0;
  // A word no item holds (`修好`, `不亮`) tells the items apart no better than a filler: it is not counted.
  const present = terms.filter((term) => rows.some((row) => holds(row.text, term)));
  // As in BM25, a word many items hold (`不能`) weighs less than one few hold (`店小二`).
  const items = Math.max(search.size(), rows.length);
  const weight = new Map(
    present.map((term) => {
      const holding = rows.filter((row) => holds(row.text, term)).length;
      return [term, term.weight * Math.log(1 + (items - holding + 0.5) / (holding + 0.5))];
    }),
  );
  const total = present.reduce((sum, term) => sum + weight.get(term)!, 0);
  if (total === 0) return [];
  const share = (within: string) => present.reduce((sum, term) => sum + holding(within, term) * weight.get(term)!, 0) / total;
  const scored = rows.map((row: SearchRow, order) => {
    const coverage = share(row.text);
    return { found: { id: row.id, exact: coverage === 1, coverage, titleCoverage: share(row.title) }, rank: row.rank, order };
  });
  const score = (found: Found) => found.coverage + 0.5 * found.titleCoverage;
  return scored
    .sort((a, b) => score(b.found) - score(a.found) || a.rank - b.rank || a.order - b.order)
    .slice(0, limit)
    .map(({ found }) => found);
}
