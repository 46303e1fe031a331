/**
 * The items whose title holds a question's words, best first, found in memory: every ledger's titles are kept with a
 * trigram index of them until that ledger changes, and the items found and their ranks are those the full-text index
 * gives for `{title} : (…)` (FTS5's bm25 with the weights 8, 2, 1, computed as it computes it, over the whole table),
 * without a query of it, whose cost grows with the number of items holding the words. The typos' words are read from
 * the same titles.
 */
import type { Db } from './db.ts';
import { keptUntilChange } from './generation.ts';

interface LedgerTitles {
  /** Every item's title as written, in the ledger's order. */
  inOrder: readonly string[];
  /** The indexed items' ids, ascending; at the same place, the title as the index folds it and the item's size. */
  ids: number[];
  titles: string[];
  /** Trigrams in all three columns of the item (the index's own count, its `docsize`). */
  sizes: number[];
  /** All the sizes added up. */
  tokens: number;
  trigrams: Trigrams;
  /** Every title folds as the index folds it: no letter but an ASCII one changes case. */
  plain: boolean;
}

/** A letter outside ASCII that has a lower case: the index may fold it otherwise than JavaScript does. */
const unsureFolding = /(?=\P{ASCII})\p{Changes_When_Lowercased}/u;

/**
 * The trigrams (three UTF-16 units) of a ledger's titles, each numbered as first seen: a table that finds a trigram
 * by its units, in typed arrays (a Map of arrays took most of a second for 100,000 titles).
 */
class TrigramNumbers {
  count = 0;
  private slots = 1 << 12;
  private firsts = new Int32Array(this.slots).fill(-1);
  private rests = new Int32Array(this.slots);
  private numbers = new Int32Array(this.slots);

  /** The number of the trigram at `at` of `text`; -1 for one never seen, unless `add`. */
  numberOf(text: string, at: number, add: boolean): number {
    const first = text.charCodeAt(at);
    const rest = (text.charCodeAt(at + 1) << 16) | text.charCodeAt(at + 2);
    const slot = this.slotOf(first, rest);
    if (this.firsts[slot] !== -1) return this.numbers[slot]!;
    if (!add) return -1;
    if (2 * (this.count + 1) > this.slots) {
      this.grow();
      return this.numberOf(text, at, add);
    }
    this.firsts[slot] = first;
    this.rests[slot] = rest;
    this.numbers[slot] = this.count;
    return this.count++;
  }

  private slotOf(first: number, rest: number): number {
    const mask = this.slots - 1;
    const mixed = (Math.imul(first, 0x9e3779b1) ^ Math.imul(rest, 0x85ebca6b)) >>> 0;
    let slot = (mixed ^ (mixed >>> 15)) & mask;
    while (this.firsts[slot] !== -1 && (this.firsts[slot] !== first || this.rests[slot] !== rest)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { firsts, rests, numbers } = this;
    this.slots *= 2;
    this.firsts = new Int32Array(this.slots).fill(-1);
    this.rests = new Int32Array(this.slots);
    this.numbers = new Int32Array(this.slots);
    for (let old = 0; old < firsts.length; old++) {
      if (firsts[old] === -1) continue;
      const slot = this.slotOf(firsts[old]!, rests[old]!);
      this.firsts[slot] = firsts[old]!;
      this.rests[slot] = rests[old]!;
      this.numbers[slot] = numbers[old]!;
    }
  }
}

/** For each trigram of the titles, the places of the titles holding it, ascending, laid out one trigram after another. */
class Trigrams {
  private readonly numbers = new TrigramNumbers();
  private readonly starts: Int32Array;
  private readonly places: Int32Array;

  constructor(titles: string[]) {
    // One pass numbers the trigrams and notes each title holding one (once), the next lays the places out.
    const occurrences = titles.reduce((sum, title) => sum + Math.max(0, title.length - 2), 0);
    const noted = new Int32Array(occurrences);
    const notedPlaces = new Int32Array(occurrences);
    let notes = 0;
    let counts = new Int32Array(1 << 12);
    let lastPlace = new Int32Array(1 << 12).fill(-1);
    for (let place = 0; place < titles.length; place++) {
      const title = titles[place]!;
      for (let at = 0; at + 3 <= title.length; at++) {
        const number = this.numbers.numberOf(title, at, true);
        if (number >= counts.length) {
          counts = grown(counts, 0);
          lastPlace = grown(lastPlace, -1);
        }
        if (lastPlace[number] === place) continue;
        lastPlace[number] = place;
        counts[number]!++;
        noted[notes] = number;
        notedPlaces[notes++] = place;
      }
    }
    const distinct = this.numbers.count;
    this.starts = new Int32Array(distinct + 1);
    for (let number = 0; number < distinct; number++) this.starts[number + 1] = this.starts[number]! + counts[number]!;
    this.places = new Int32Array(notes);
    const next = this.starts.slice(0, distinct);
    for (let note = 0; note < notes; note++) this.places[next[noted[note]!]!++] = notedPlaces[note]!;
  }

  /** The places of the titles holding the trigram at `at` of `text`. */
  holding(text: string, at: number): Int32Array {
    const number = this.numbers.numberOf(text, at, false);
    return number === -1 ? none : this.places.subarray(this.starts[number], this.starts[number + 1]);
  }
}

const none = new Int32Array(0);

/** `values` in an array twice as long, the rest `fill`. */
function grown(values: Int32Array, fill: number): Int32Array<ArrayBuffer> {
  const longer = new Int32Array(values.length * 2).fill(fill);
  longer.set(values);
  return longer;
}

/** The numbers of a `docsize` blob (SQLite varints), written in hexadecimal, added up. */
function sizeOf(hex: string): number {
  let total = 0;
  let value = 0;
  for (let at = 0; at < hex.length; at += 2) {
    const byte = parseInt(hex.slice(at, at + 2), 16);
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) {
      total += value;
      value = 0;
    }
  }
  return total;
}

function build(db: Db, ledgerId: number): LedgerTitles {
  // In the ledger's order, which its index gives; joined to the index's sizes: an item the index does not hold (its
  // ledger being imported) is not found either.
  const rows = db
    .prepare('SELECT i.id, i.title, d.id IS NOT NULL, hex(d.sz) FROM items i LEFT JOIN items_fts_docsize d ON d.id = i.id WHERE i.ledger_id = ? ORDER BY i.seq')
    .raw()
    .all(ledgerId) as [number, string, number, string][];
  const inOrder = Object.freeze(rows.map(([, title]) => title));
  const indexed = rows.filter(([, , held]) => held === 1);
  if (indexed.some((row, at) => at > 0 && row[0] < indexed[at - 1]![0])) indexed.sort((x, y) => x[0] - y[0]);
  const titles = indexed.map(([, title]) => title.toLowerCase());
  const sizes = indexed.map(([, , , size]) => sizeOf(size));
  return {
    inOrder,
    ids: indexed.map(([id]) => id),
    titles,
    sizes,
    tokens: sizes.reduce((sum, size) => sum + size, 0),
    trigrams: new Trigrams(titles),
    plain: !indexed.some(([, title]) => unsureFolding.test(title)),
  };
}

const titlesOf = (db: Db, ledgerId: number, generation?: number) => keptUntilChange(db, ledgerId, 'titles', () => build(db, ledgerId), generation);

/** Every item's title, in the ledger's order (for the words of a ledger). */
export const ledgerTitles = (db: Db, ledgerId: number): readonly string[] => titlesOf(db, ledgerId).inOrder;

/** The places of the titles holding `phrase`, ascending: those holding its rarest trigram that hold it whole. */
function holding(ledger: LedgerTitles, phrase: string): Int32Array {
  let rarest: Int32Array | undefined;
  for (let at = 0; at + 3 <= phrase.length; at++) {
    const places = ledger.trigrams.holding(phrase, at);
    if (!rarest || places.length < rarest.length) rarest = places;
  }
  if (!rarest) return none;
  return phrase.length === 3 ? rarest : rarest.filter((place) => ledger.titles[place]!.includes(phrase));
}

function occurrences(text: string, phrase: string): number {
  let count = 0;
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) count++;
  return count;
}

/** The first `count` of places in ascending lists, ascending, each once. */
function firstOf(lists: Int32Array[], count: number): Int32Array {
  if (lists.length === 1) return lists[0]!.subarray(0, count);
  const all = new Set<number>();
  for (const list of lists) for (const place of list.subarray(0, count)) all.add(place);
  return Int32Array.from(all)
    .sort()
    .subarray(0, count);
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
  // The titles are kept in lower case: a phrase that is not is left to the index.
  if (phrases.some((phrase) => unsureFolding.test(phrase) || phrase !== phrase.toLowerCase() || phrase.length < 3)) return undefined;
  // The rank weighs each phrase by how rare it is in the whole index, every ledger's items included.
  const ledgers = (db.prepare('SELECT id, generation FROM ledgers').raw().all() as [number, number][]).map(([id, generation]) => ({
    id,
    titles: titlesOf(db, id, generation),
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
  for (let at = 0; at < places.length; at++) {
    const title = asked.titles[places[at]!]!;
    const size = asked.sizes[places[at]!]!;
    let score = 0.0;
    for (let i = 0; i < phrases.length; i++) {
      const frequency = titleWeight * occurrences(title, phrases[i]!);
      score += idfs[i]! * ((frequency * (k1 + 1.0)) / (frequency + k1 * (1 - b + (b * size) / averageSize)));
    }
    ranks[at] = -1.0 * score;
  }
  // Places ascend as ids do: a tie in rank is broken by the place.
  return firstBy(places.length, limit, (x, y) => ranks[x]! < ranks[y]! || (ranks[x] === ranks[y] && x < y)).map((at) => ({
    id: asked.ids[places[at]!]!,
    rank: ranks[at]!,
  }));
}

/** The first `count` of 0 … `n` - 1 in the order `before` gives, in that order: sorting all of them costs more. */
function firstBy(n: number, count: number, before: (x: number, y: number) => boolean): number[] {
  const kept: number[] = [];
  for (let next = 0; next < n; next++) {
    const full = kept.length === count;
    if (count === 0 || (full && !before(next, kept[count - 1]!))) continue;
    let at = full ? count - 1 : kept.length;
    for (; at > 0 && before(next, kept[at - 1]!); at--) kept[at] = kept[at - 1]!;
    kept[at] = next;
  }
  return kept;
}
