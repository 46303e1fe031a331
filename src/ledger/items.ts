/**
 * Reading items, with their measures, deadlines and responsible people, in report order. The rows a question reads
 * come as arrays (`raw()`) made into objects here: better-sqlite3 building them into objects costs several times more.
 */
import { type Db, sqlLimit } from './db.ts';
import type { Item, Measure, MeasureStatus, Section, Status } from './types.ts';

interface MeasureRow {
  item_id: number;
  marker: string | null;
  text: string;
  status: MeasureStatus | null;
  deadline: string | null;
}

/** In the order `itemFrom` reads them. */
const itemColumns = (alias: string) =>
  ['id', 'ledger_id', 'code', 'seq', 'sections', 'title', 'problem', 'rectification', 'status', 'reported_status', 'long_term', 'progress']
    .concat(['planned_measures', 'leader', 'unit', 'remark'])
    .map((column) => `${alias}.${column}`)
    .join(', ');

/** An item from its row of `itemColumns`, with its parts. */
const itemFrom = (row: unknown[], measures: Measure[], deadlines: string[], responsible: string[]): Item => ({
  id: row[0] as number,
  ledgerId: row[1] as number,
  code: row[2] as string,
  seq: row[3] as number,
  sections: JSON.parse(row[4] as string) as Section[],
  title: row[5] as string,
  problem: row[6] as string,
  rectification: row[7] as string,
  status: row[8] as Status,
  reportedStatus: row[9] as Status,
  longTerm: row[10] === 1,
  progress: row[11] as number | null,
  measures,
  deadlines,
  responsible,
  plannedMeasures: row[12] as string,
  leader: row[13] as string,
  unit: row[14] as string,
  remark: row[15] as string,
});

/** The due dates of the item `itemId` names (an SQL expression) still in force, comma-separated with repeats, or NULL. */
const dueDates = (itemId: string) =>
  `(SELECT group_concat(d.due_date) FROM deadlines d WHERE d.item_id = ${itemId} AND d.superseded_by IS NULL)`;

/** `dueDates`' dates each once, in order: sorted here, an aggregate's DISTINCT costing a temporary table. */
function distinctDates(dates: string | null): string[] {
  if (dates === null) return [];
  const sorted = dates.split(',').sort();
  return sorted.length < 2 ? sorted : sorted.filter((date, i) => date !== sorted[i - 1]);
}

/**
 * An item's row with its measures and responsible people as JSON arrays, each element carrying what it is ordered by
 * (sorted here, an aggregate's own ORDER BY costing a temporary table for each), and its due dates.
 */
const withParts = `SELECT ${itemColumns('i')},
  (SELECT json_group_array(json_array(m.seq, m.marker, m.text, m.status, m.deadline)) FROM measures m WHERE m.item_id = i.id),
  ${dueDates('i.id')},
  (SELECT json_group_array(json_array(r.assigned_at, r.name)) FROM responsibles r WHERE r.item_id = i.id)
  FROM items i`;

/** SQLite's BINARY order, by UTF-8 bytes (so by code point): JavaScript's `<` differs from it past U+FFFF. */
const binaryOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function itemWithParts(row: unknown[]): Item {
  const measures = (JSON.parse(row[16] as string) as [number, string | null, string, MeasureStatus | null, string | null][]).sort(
    (a, b) => a[0] - b[0],
  );
  const responsible = (JSON.parse(row[18] as string) as [string, string][]).sort(
    (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : binaryOrder(a[1], b[1])),
  );
  return itemFrom(
    row,
    measures.map(([, marker, text, status, deadline]) => ({ marker, text, status, deadline })),
    distinctDates(row[17] as string | null),
    responsible.map(([, name]) => name),
  );
}

function groupBy<T extends { item_id: number }>(rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.item_id);
    if (group) group.push(row);
    else groups.set(row.item_id, [row]);
  }
  return groups;
}

/** The statements a question runs, built once: a statement's text is looked up by value at every use. */
const itemByIdSql = `${withParts} WHERE i.id = ? AND i.ledger_id = ?`;
const itemsByIdsSql = `${withParts} WHERE +i.ledger_id = ? AND i.id IN (SELECT value FROM json_each(?)) ORDER BY i.seq`;
const itemByCodeSql = `${withParts} WHERE i.ledger_id = ? AND i.code = ?`;

/** Items in report order; `ids` narrows to those items (a search result), keeping report order. */
export function listItems(db: Db, ledgerId: number, ids?: number[]): Item[] {
  if (ids) {
    // A few items: each with its parts in its own row, one statement for them all.
    const rows = (
      ids.length === 1
        ? db.prepare(itemByIdSql).raw().all(ids[0], ledgerId)
        : db.prepare(itemsByIdsSql).raw().all(ledgerId, JSON.stringify(ids))
    ) as unknown[][];
    return rows.map(itemWithParts);
  }
  const rows = db.prepare(`SELECT ${itemColumns('items')} FROM items WHERE ledger_id = ? ORDER BY seq`).raw().all(ledgerId) as unknown[][];
  if (rows.length === 0) return [];
  // The whole ledger: its measures, deadlines and people in three reads, not three for each item.
  const scope = 'item_id IN (SELECT id FROM items WHERE ledger_id = ?)';
  const measures = groupBy(
    db.prepare(`SELECT item_id, marker, text, status, deadline FROM measures WHERE ${scope} ORDER BY item_id, seq`).all(ledgerId) as MeasureRow[],
  );
  const deadlines = groupBy(
    db.prepare(`SELECT DISTINCT item_id, due_date FROM deadlines WHERE superseded_by IS NULL AND ${scope} ORDER BY item_id, due_date`).all(ledgerId) as {
      item_id: number;
      due_date: string;
    }[],
  );
  const responsible = groupBy(
    db.prepare(`SELECT item_id, name FROM responsibles WHERE ${scope} ORDER BY item_id, assigned_at, name`).all(ledgerId) as {
      item_id: number;
      name: string;
    }[],
  );
  return rows.map((row) => {
    const id = row[0] as number;
    return itemFrom(
      row,
      (measures.get(id) ?? []).map((m): Measure => ({ marker: m.marker, text: m.text, status: m.status, deadline: m.deadline })),
      (deadlines.get(id) ?? []).map((d) => d.due_date),
      (responsible.get(id) ?? []).map((r) => r.name),
    );
  });
}

/** What a line of a list shows of an item. */
export type ItemSummary = Pick<Item, 'id' | 'code' | 'title' | 'status' | 'longTerm' | 'deadlines'>;

/** What `summaryFrom` reads of the items row `alias` names, in its order. */
export const summaryColumns = (alias: string) =>
  `${alias}.id, ${alias}.code, ${alias}.title, ${alias}.status, ${alias}.long_term, ${dueDates(`${alias}.id`)}`;

export const summaryFrom = (row: unknown[]): ItemSummary => ({
  id: row[0] as number,
  code: row[1] as string,
  title: row[2] as string,
  status: row[3] as Status,
  longTerm: row[4] === 1,
  deadlines: distinctDates(row[5] as string | null),
});

const summariesSql = `SELECT ${summaryColumns('i')} FROM items i WHERE +i.ledger_id = ? AND i.id IN (SELECT value FROM json_each(?))`;

/** Of these items of a ledger, what a list's lines show, in no particular order: none of the long texts. */
export function itemSummaries(db: Db, ledgerId: number, ids: number[]): ItemSummary[] {
  const rows = db.prepare(summariesSql).raw().all(ledgerId, JSON.stringify(ids)) as unknown[][];
  return rows.map(summaryFrom);
}

export function findItemByCode(db: Db, ledgerId: number, code: string): Item | undefined {
  const row = db.prepare(itemByCodeSql).raw().get(ledgerId, code) as unknown[] | undefined;
  return row && itemWithParts(row);
}

/** Every item's code in a ledger, for matching a code typed differently from the report. */
export function itemCodes(db: Db, ledgerId: number): { id: number; code: string }[] {
  return db.prepare('SELECT id, code FROM items WHERE ledger_id = ? ORDER BY seq').all(ledgerId) as { id: number; code: string }[];
}

/** The first open item in report order, or the first of all when none is open. */
export function firstItem(db: Db, ledgerId: number): { id: number; code: string } | undefined {
  const first = (condition: string) =>
    db.prepare(`SELECT id, code FROM items WHERE ledger_id = ? AND ${condition} ORDER BY seq LIMIT 1`).get(ledgerId) as { id: number; code: string } | undefined;
  return first(`status IN ('not_started', 'in_progress')`) ?? first('1');
}

/** The codes under a code (`一/4` → `一/4/一是`, …), in report order. */
export function childCodes(db: Db, ledgerId: number, code: string, limit: number): string[] {
  return db
    .prepare(`SELECT code FROM items WHERE ledger_id = ? AND code LIKE ? ESCAPE '\\' ORDER BY seq ${sqlLimit(limit)}`)
    .pluck()
    .all(ledgerId, `${code.replace(/[%_\\]/g, (c) => `\\${c}`)}/%`) as string[];
}

export function codeOf(db: Db, itemId: number): string | undefined {
  return db.prepare('SELECT code FROM items WHERE id = ?').pluck().get(itemId) as string | undefined;
}
