/**
 * The items whose title holds a question's words, best first, found in memory: every ledger's titles are kept with a
 * trigram index of them until that ledger changes, and the items found and their ranks are those the full-text index
 * gives for `{title} : (…)` (FTS5's bm25 with the weights 8, 2, 1, computed as it computes it, over the whole table),
 * without a query of it, whose cost grows with the number of items holding the words.
 */
import type { Db } from './db.ts';
import { keptUntilChange } from './generation.ts';

interface LedgerTitles {
  /** The indexed items' ids, ascending; at the same place, the title as the index folds it and the item's size. */
  ids: number[];
  titles: string[];
  /** Trigrams in all three columns of the item (the index's own count, its `docsize`). */
  sizes: number[];
  /** All the sizes added up. */
  tokens: number;
  /** For each trigram's key (see `keyOf`), the places of the titles holding it, ascending. */
  postings: Map<number, number[]>;
  /** The first trigram seen under each key; a key under which another was seen too is `shared`. */
  grams: Map<number, string>;
  shared: Set<number>;
  /** Every title folds as the index folds it: no letter but an ASCII one changes case. */
  plain: boolean;
}

/** A letter outside ASCII that has a lower case: the index may fold it otherwise than JavaScript does. */
const unsureFolding = /(?=\P{ASCII})\p{Changes_When_Lowercased}/u;

/**
 * The key of the three UTF-16 units at `at`: a small integer, which a Map finds fastest; two trigrams may share one,
 * so the titles under a shared key are checked.
 */
const keyOf = (text: string, at: number) =>
  (Math.imul(text.charCodeAt(at), 0x01000193) ^ Math.imul(text.charCodeAt(at + 1), 0x5bd1e995) ^ Math.imul(text.charCodeAt(at + 2), 0x1b873593)) &
  0x3fffffff;

/** The numbers of a `docsize` blob (SQLite varints), added up. */
function sizeOf(blob: Uint8Array): number {
  let total = 0;
  let value = 0;
  for (const byte of blob) {
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) {
      total += value;
      value = 0;
    }
  }
  return total;
}

function build(db: Db, ledgerId: number): LedgerTitles {
  // Joined to the index's sizes: an item the index does not hold (its ledger being imported) is not found either.
  const rows = db
    .prepare('SELECT i.id, i.title, d.sz FROM items i JOIN items_fts_docsize d ON d.id = i.id WHERE i.ledger_id = ? ORDER BY i.id')
    .raw()
    .all(ledgerId) as [number, string, Uint8Array][];
  const ledger: LedgerTitles = { ids: [], titles: [], sizes: [], tokens: 0, postings: new Map(), grams: new Map(), shared: new Set(), plain: true };
  const { postings, grams, shared } = ledger;
  for (const [id, title, size] of rows) {
    const place = ledger.ids.length;
    const folded = title.toLowerCase();
    if (unsureFolding.test(title)) ledger.plain = false;
    ledger.ids.push(id);
    ledger.titles.push(folded);
    ledger.sizes.push(sizeOf(size));
    ledger.tokens += ledger.sizes[place]!;
    for (let at = 0; at + 3 <= folded.length; at++) {
      const key = keyOf(folded, at);
      const places = postings.get(key);
      if (!places) {
        postings.set(key, [place]);
        grams.set(key, folded.slice(at, at + 3));
        continue;
      }
      if (places[places.length - 1] !== place) places.push(place);
      if (!shared.has(key) && !folded.startsWith(grams.get(key)!, at)) shared.add(key);
    }
  }
  return ledger;
}

/** The places of the titles holding `phrase`, ascending: those under its rarest trigram that hold it whole. */
function holding(ledger: LedgerTitles, phrase: string): number[] {
  let rarest: number[] | undefined;
  let rarestKey = 0;
  for (let at = 0; at + 3 <= phrase.length; at++) {
    const key = keyOf(phrase, at);
    const places = ledger.postings.get(key);
    if (!places) return [];
    if (!rarest || places.length < rarest.length) [rarest, rarestKey] = [places, key];
  }
  if (!rarest) return [];
  const whole = phrase.length === 3 && ledger.grams.get(rarestKey) === phrase && !ledger.shared.has(rarestKey);
  return whole ? rarest : rarest.filter((place) => ledger.titles[place]!.includes(phrase));
}

function occurrences(text: string, phrase: string): number {
  let count = 0;
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) count++;
  return count;
}

/** The first `count` of places in ascending lists, ascending, each once. */
function firstOf(lists: number[][], count: number): number[] {
  if (lists.length === 1) return lists[0]!.slice(0, count);
  return [...new Set(lists.flatMap((list) => list.slice(0, count)))].sort((x, y) => x - y).slice(0, count);
}

/** `ln`, as SQLite's own math computes it (FTS5's IDF calls the same C function), remembered per value. */
const logs = new Map<number, number>();
const logsKept = 10_000;
function ln(db: Db, value: number): number {
  let known = logs.get(value);
  if (known === undefined) {
    known = db.prepare('SELECT ln(?)').pluck().get(value) as number;
    if (logs.size >= logsKept) logs.clear();
    logs.set(value, known);
  }
  return known;
}

// FTS5's bm25 constants and the column weights the search ranks with (`bm25(items_fts, 8.0, 2.0, 1.0)`).
const k1 = 1.2;
const b = 0.75;
const titleWeight = 8.0;

/**
 * The first `ranked` items of the ledger (in the order of their ids) whose title holds any of `phrases` (three
 * characters or more, lower case), the best `limit` of them by the index's rank, then by id: as
 * `bm25(items_fts, 8.0, 2.0, 1.0)` ranks them for `{title} : ("…" OR "…")`. Undefined when a title or a phrase has a
 * letter the index may fold otherwise: the caller asks the index.
 */
export function titleMatches(db: Db, ledgerId: number, phrases: string[], ranked: number, limit: number): { id: number; rank: number }[] | undefined {
  if (phrases.some((phrase) => unsureFolding.test(phrase) || phrase.length < 3)) return undefined;
  // The rank weighs each phrase by how rare it is in the whole index, every ledger's items included.
  const ledgers = (db.prepare('SELECT id, generation FROM ledgers').raw().all() as [number, number][]).map(([id, generation]) => ({
    id,
    titles: keptUntilChange(db, id, 'titles', () => build(db, id), generation),
  }));
  const asked = ledgers.find((ledger) => ledger.id === ledgerId)?.titles;
  if (!asked || ledgers.some(({ titles }) => !titles.plain)) return undefined;
  const rows = ledgers.reduce((sum, { titles }) => sum + titles.ids.length, 0);
  const tokens = ledgers.reduce((sum, { titles }) => sum + titles.tokens, 0);
  if (rows === 0) return [];
  const averageSize = tokens / rows;
  const found = phrases.map((phrase) => holding(asked, phrase));
  const idfs = phrases.map((phrase, i) => {
    const hits = ledgers.reduce((sum, { titles }) => sum + (titles === asked ? found[i]! : holding(titles, phrase)).length, 0);
    const idf = ln(db, (rows - hits + 0.5) / (hits + 0.5));
    return idf <= 0.0 ? 1e-6 : idf;
  });
  const places = firstOf(found, ranked);
  const ranks = new Float64Array(places.length);
  places.forEach((place, at) => {
    const title = asked.titles[place]!;
    const size = asked.sizes[place]!;
    let score = 0.0;
    for (let i = 0; i < phrases.length; i++) {
      const frequency = titleWeight * occurrences(title, phrases[i]!);
      score += idfs[i]! * ((frequency * (k1 + 1.0)) / (frequency + k1 * (1 - b + (b * size) / averageSize)));
    }
    ranks[at] = -1.0 * score;
  });
  // Places ascend as ids do: a tie in rank is broken by the place.
  return [...places.keys()]
    .sort((x, y) => ranks[x]! - ranks[y]! || x - y)
    .slice(0, limit)
    .map((at) => ({ id: asked.ids[places[at]!]!, rank: ranks[at]! }));
}
