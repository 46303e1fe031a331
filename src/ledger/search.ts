/**
 * Finding items by words from their text. Three characters or more go through the trigram index, so `公租房` and
 * `污水管网` find their items among ten thousand at once; the trigram index cannot see two characters (`租房`), so
 * those are a LIKE scan of the ledger. A phrase that no item holds whole is matched by its trigrams, and each hit
 * says how much of the phrase it covers, so `上次说的污水管网` still finds the item about `纬七路西段污水管网`.
 */
import type { Db } from './db.ts';
import { keptUntilChange } from './generation.ts';
import { titleMatches } from './titles.ts';

export interface Hit {
  id: number;
  /** The whole phrase stands somewhere in the item's text. */
  exact: boolean;
  /** Share of the phrase's trigrams found in the item's text, 0..1. */
  coverage: number;
  /** Share of the phrase's trigrams found in the item's title: `标准化厂房租金` is mostly in `标准化厂房租赁费…`. */
  titleCoverage: number;
}

/**
 * Takes a ledger's items out of the search index and leaves it alone while `write` inserts and changes many of them,
 * then indexes the ledger's items again in one statement: row by row, the trigram index slows with every row. Runs
 * inside the caller's transaction, so no other connection ever sees the ledger unindexed.
 */
export function withSearchDeferred<T>(db: Db, ledgerId: number, write: () => T): T {
  if (!db.inTransaction) throw new Error('withSearchDeferred needs the caller\'s transaction');
  const indexed = `SELECT id, title, problem, rectification FROM items WHERE ledger_id = ?`;
  db.prepare(`INSERT INTO items_fts (items_fts, rowid, title, problem, rectification) SELECT 'delete', * FROM (${indexed})`).run(ledgerId);
  db.prepare('INSERT INTO search_deferred (ledger_id) VALUES (?)').run(ledgerId);
  const result = write();
  db.prepare('DELETE FROM search_deferred WHERE ledger_id = ?').run(ledgerId);
  // Merging the index's segments as they are written would redo the same work many times over; FTS5 merges them
  // anyway when too many pile up, and the setting is put back for what comes after.
  setAutomerge(db, 0);
  db.prepare(`INSERT INTO items_fts (rowid, title, problem, rectification) ${indexed}`).run(ledgerId);
  setAutomerge(db, defaultAutomerge);
  return result;
}

const defaultAutomerge = 4;
// FTS5 takes its settings as literals: a bound number is a floating-point value, which it refuses.
const setAutomerge = (db: Db, segments: number) =>
  db.exec(`INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', ${Math.trunc(segments)})`);

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;

function trigrams(phrase: string): string[] {
  const chars = [...phrase];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  return [...grams];
}

interface Candidate {
  id: number;
  title: string;
  text: string;
}

/**
 * A word many items hold would have every match ranked (bm25 reads each one's sizes): only the first this many in the
 * ledger's order are, or as many as asked for, so that a search costs about the same on a ledger of any size.
 */
const rankedAtMost = 100;

/**
 * The best of the first `@ranked` matches of `@match` in the ledger `@ledgerId`, at most `@limit`: ranked inside the
 * word index as it reads them in the ledger's order (one pass, which stops at the last one ranked), each match's
 * ledger read from the narrow `items_id_ledger` index (the planner would read every matching item's whole row
 * instead), so that only the few rows kept are read whole from the items.
 */
const rankedMatches = `SELECT id, rank FROM (
    SELECT f.rowid AS id, bm25(items_fts, 8.0, 2.0, 1.0) AS rank
    FROM items_fts f JOIN items l INDEXED BY items_id_ledger ON l.id = f.rowid
    WHERE f.items_fts MATCH @match AND l.ledger_id = @ledgerId ORDER BY f.rowid LIMIT @ranked)
  ORDER BY rank, id LIMIT @limit`;

const rankedParameters = (ledgerId: number, match: string, limit: number) => ({ ledgerId, match, limit, ranked: Math.max(limit, rankedAtMost) });

function ftsCandidates(db: Db, ledgerId: number, match: string, limit: number): Candidate[] {
  return db
    .prepare(`SELECT i.id, i.title, i.title || i.problem || i.rectification AS text
      FROM (${rankedMatches}) ranked JOIN items i ON i.id = ranked.id
      ORDER BY ranked.rank, ranked.id`)
    .all(rankedParameters(ledgerId, match, limit)) as Candidate[];
}

function likeCandidates(db: Db, ledgerId: number, phrase: string, limit: number): Candidate[] {
  const like = `%${phrase.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return db
    .prepare(`SELECT id, title, title || problem || rectification AS text FROM items
      WHERE ledger_id = @ledgerId AND (title LIKE @like ESCAPE '\\' OR problem LIKE @like ESCAPE '\\' OR rectification LIKE @like ESCAPE '\\')
      ORDER BY CASE WHEN title LIKE @like ESCAPE '\\' THEN 0 ELSE 1 END, seq LIMIT @limit`)
    .all({ ledgerId, like, limit }) as Candidate[];
}

/** Best first: the phrase (or most of it) in the title, then the whole phrase anywhere, then by coverage; ties keep the index's rank. */
export function searchItems(db: Db, ledgerId: number, phrase: string, limit = 10): Hit[] {
  const text = phrase.trim();
  if (!text) return [];
  const grams = trigrams(text);
  const candidates =
    grams.length === 0
      ? likeCandidates(db, ledgerId, text, limit)
      : [
          ...ftsCandidates(db, ledgerId, quote(text), limit),
          // A three-character phrase is its own only trigram: the first query already asked everything.
          ...(grams.length > 1 ? ftsCandidates(db, ledgerId, grams.map(quote).join(' OR '), limit * 3) : []),
        ];
  const seen = new Set<number>();
  const hits: Hit[] = [];
  for (const candidate of candidates) {
    if (seen.has(candidate.id)) continue;
    seen.add(candidate.id);
    const exact = candidate.text.includes(text);
    const inTitle = candidate.title.includes(text);
    const share = (within: string) => grams.filter((g) => within.includes(g)).length / grams.length;
    const coverage = exact || grams.length === 0 ? 1 : share(candidate.text);
    const titleCoverage = inTitle ? 1 : grams.length === 0 ? 0 : share(candidate.title);
    hits.push({ id: candidate.id, exact, coverage, titleCoverage });
  }
  const rank = (h: Hit) => 2 * h.titleCoverage + (h.exact ? 1 : 0) + h.coverage;
  return hits
    .map((hit, order) => ({ hit, order }))
    .sort((a, b) => rank(b.hit) - rank(a.hit) || a.order - b.order)
    .slice(0, limit)
    .map(({ hit }) => hit);
}

/**
 * An item as the scoring of a question sees it, in lower case as the question's words are: its title, and everything
 * else it says, responsible people included.
 */
export interface SearchRow {
  id: number;
  title: string;
  text: string;
  /** The trigram index's rank (bm25, lower is better); 0 for an item found by a scan. */
  rank: number;
}

const rowText = `i.title || ' ' || i.problem || ' ' || i.rectification || ' ' || i.unit || ' ' || i.leader || ' ' || i.planned_measures
  || ' ' || coalesce((SELECT group_concat(r.name, ' ') FROM responsibles r WHERE r.item_id = i.id), '')`;

type RowText = Pick<SearchRow, 'title' | 'text'>;

/**
 * The texts of these items as the scoring reads them, each read once until the ledger changes: the same items come
 * up question after question, and reading their rows whole is most of what a search costs.
 */
function rowTexts(db: Db, kept: Map<number, RowText>, ids: number[]): Map<number, RowText> {
  const missing = ids.filter((id) => !kept.has(id));
  if (missing.length) {
    const rows = db
      .prepare(`SELECT i.id, i.title, ${rowText} AS text FROM items i WHERE i.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(missing)) as (RowText & { id: number })[];
    for (const { id, title, text } of rows) kept.set(id, { title: title.toLowerCase(), text: text.toLowerCase() });
  }
  return kept;
}

/**
 * The items that may answer a question: those holding any of `grams` (three characters or more, through the trigram
 * index, best ranked first) and those holding any of `words` (two characters, which the index cannot see: a scan of
 * the ledger, so the caller asks for it only when there are no grams).
 */
function searchRows(db: Db, ledgerId: number, kept: Kept, grams: string[], words: string[], limit: number): SearchRow[] {
  const found: { id: number; rank: number }[] = [];
  if (grams.length) {
    const ranked = (match: string) => db.prepare(rankedMatches).all(rankedParameters(ledgerId, match, limit)) as { id: number; rank: number }[];
    // The items with the words in their title first, ranked among themselves, then those that only mention them: a
    // later item about 污水管网 is not lost behind the first hundred that mention it in passing.
    const match = grams.map(quote).join(' OR ');
    const titled = titleMatches(db, ledgerId, grams, Math.max(limit, rankedAtMost), limit) ?? ranked(`{title} : (${match})`);
    const ids = new Set(titled.map((row) => row.id));
    found.push(...titled, ...(titled.length < limit ? ranked(match).filter((row) => !ids.has(row.id)) : []));
  }
  if (words.length) {
    const likes = words.map((word) => `%${word.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
    const scanned = `l.title || l.problem || l.rectification || l.unit || l.leader || l.planned_measures`;
    const ids = db
      .prepare(`SELECT l.id FROM items l WHERE l.ledger_id = ? AND (${likes.map(() => `${scanned} LIKE ? ESCAPE '\\'`).join(' OR ')})
        ORDER BY l.seq LIMIT ?`)
      .pluck()
      .all(ledgerId, ...likes, limit) as number[];
    found.push(...ids.map((id) => ({ id, rank: 0 })));
  }
  const texts = rowTexts(db, kept.texts, found.map((row) => row.id));
  return found.filter(({ id }) => texts.has(id)).map(({ id, rank }) => ({ id, rank, ...texts.get(id)! }));
}

/** Words whose presence is kept per ledger; beyond this (a long-running process asked many different words) all are dropped. */
const wordsKept = 10_000;

/**
 * Those of `words` (three characters or more) that some item of the ledger holds where the index sees, so that a
 * question does not ask the index for synonyms the ledger never uses: each costs as much to look up as one it holds.
 */
function indexedWords(db: Db, ledgerId: number, held: Map<string, boolean>, words: string[]): string[] {
  return words.filter((word) => {
    let holds = held.get(word);
    if (holds === undefined) {
      holds = db
        .prepare(`SELECT EXISTS (SELECT 1 FROM items_fts f JOIN items l INDEXED BY items_id_ledger ON l.id = f.rowid
          WHERE f.items_fts MATCH ? AND l.ledger_id = ?)`)
        .pluck()
        .get(quote(word), ledgerId) === 1;
      if (held.size >= wordsKept) held.clear();
      held.set(word, holds);
    }
    return holds;
  });
}

/** What a ledger's searches keep until it changes. */
interface Kept {
  /** Whether the index sees each word asked about anywhere in the ledger. */
  held: Map<string, boolean>;
  texts: Map<number, RowText>;
  size?: number;
}

/** A ledger's search, for one question: what it keeps is looked up, with the ledger's generation, once. */
export interface LedgerSearch {
  indexedWords(words: string[]): string[];
  rows(grams: string[], words: string[], limit: number): SearchRow[];
  /** How many items the ledger has. */
  size(): number;
}

export function ledgerSearch(db: Db, ledgerId: number): LedgerSearch {
  const kept = keptUntilChange(db, ledgerId, 'search', (): Kept => ({ held: new Map(), texts: new Map() }));
  return {
    indexedWords: (words) => indexedWords(db, ledgerId, kept.held, words),
    rows: (grams, words, limit) => searchRows(db, ledgerId, kept, grams, words, limit),
    size: () => (kept.size ??= db.prepare('SELECT count(*) FROM items WHERE ledger_id = ?').pluck().get(ledgerId) as number),
  };
}
