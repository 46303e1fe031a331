/** Reading items, with their measures, deadlines and responsible people, in report order. */
import type { Db } from './db.ts';
import type { Item, Measure, MeasureStatus, Section, Status } from './types.ts';

interface ItemRow {
  id: number;
  ledger_id: number;
  code: string;
  seq: number;
  sections: string;
  title: string;
  problem: string;
  rectification: string;
  status: Status;
  reported_status: Status;
  long_term: number;
  progress: number | null;
  planned_measures: string;
  leader: string;
  unit: string;
  remark: string;
}

interface MeasureRow {
  item_id: number;
  marker: string | null;
  text: string;
  status: MeasureStatus | null;
  deadline: string | null;
}

const itemColumns =
  'id, ledger_id, code, seq, sections, title, problem, rectification, status, reported_status, long_term, progress, planned_measures, leader, unit, remark';

function groupBy<T extends { item_id: number }>(rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.item_id);
    if (group) group.push(row);
    else groups.set(row.item_id, [row]);
  }
  return groups;
}

/** Items in report order; `ids` narrows to those items (a search result), keeping report order. */
export function listItems(db: Db, ledgerId: number, ids?: number[]): Item[] {
  // `+ledger_id`: with ids, look them up by primary key instead of walking the whole ledger's (ledger_id, seq) index.
  const rows = (
    ids
      ? db.prepare(`SELECT ${itemColumns} FROM items WHERE +ledger_id = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY seq`).all(ledgerId, JSON.stringify(ids))
      : db.prepare(`SELECT ${itemColumns} FROM items WHERE ledger_id = ? ORDER BY seq`).all(ledgerId)
  ) as ItemRow[];
  if (rows.length === 0) return [];
  const scope = ids
    ? `item_id IN (SELECT value FROM json_each(?))`
    : `item_id IN (SELECT id FROM items WHERE ledger_id = ?)`;
  const scopeArg = ids ? JSON.stringify(ids) : ledgerId;
  const measures = groupBy(
    db.prepare(`SELECT item_id, marker, text, status, deadline FROM measures WHERE ${scope} ORDER BY item_id, seq`).all(scopeArg) as MeasureRow[],
  );
  const deadlines = groupBy(
    db.prepare(`SELECT DISTINCT item_id, due_date FROM deadlines WHERE superseded_by IS NULL AND ${scope} ORDER BY item_id, due_date`).all(scopeArg) as {
      item_id: number;
      due_date: string;
    }[],
  );
  const responsible = groupBy(
    db.prepare(`SELECT item_id, name FROM responsibles WHERE ${scope} ORDER BY item_id, assigned_at, name`).all(scopeArg) as {
      item_id: number;
      name: string;
    }[],
  );
  return rows.map((row) => ({
    id: row.id,
    ledgerId: row.ledger_id,
    code: row.code,
    seq: row.seq,
    sections: JSON.parse(row.sections) as Section[],
    title: row.title,
    problem: row.problem,
    rectification: row.rectification,
    status: row.status,
    reportedStatus: row.reported_status,
    longTerm: row.long_term === 1,
    progress: row.progress,
    measures: (measures.get(row.id) ?? []).map(
      (m): Measure => ({ marker: m.marker, text: m.text, status: m.status, deadline: m.deadline }),
    ),
    deadlines: (deadlines.get(row.id) ?? []).map((d) => d.due_date),
    responsible: (responsible.get(row.id) ?? []).map((r) => r.name),
    plannedMeasures: row.planned_measures,
    leader: row.leader,
    unit: row.unit,
    remark: row.remark,
  }));
}

/** What a line of a list shows of an item. */
export type ItemSummary = Pick<Item, 'id' | 'code' | 'title' | 'status' | 'longTerm' | 'deadlines'>;

/** Of these items of a ledger, what a list's lines show, in no particular order: none of the long texts. */
export function itemSummaries(db: Db, ledgerId: number, ids: number[]): ItemSummary[] {
  const rows = db
    .prepare(`SELECT i.id, i.code, i.title, i.status, i.long_term,
        (SELECT json_group_array(DISTINCT d.due_date) FROM deadlines d WHERE d.item_id = i.id AND d.superseded_by IS NULL) AS deadlines
      FROM items i WHERE +i.ledger_id = ? AND i.id IN (SELECT value FROM json_each(?))`)
    .all(ledgerId, JSON.stringify(ids)) as { id: number; code: string; title: string; status: Status; long_term: number; deadlines: string }[];
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    title: row.title,
    status: row.status,
    longTerm: row.long_term === 1,
    deadlines: (JSON.parse(row.deadlines) as string[]).sort(),
  }));
}

export function findItemByCode(db: Db, ledgerId: number, code: string): Item | undefined {
  const id = db.prepare('SELECT id FROM items WHERE ledger_id = ? AND code = ?').pluck().get(ledgerId, code) as
    | number
    | undefined;
  return id === undefined ? undefined : listItems(db, ledgerId, [id])[0];
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
    .prepare("SELECT code FROM items WHERE ledger_id = ? AND code LIKE ? ESCAPE '\\' ORDER BY seq LIMIT ?")
    .pluck()
    .all(ledgerId, `${code.replace(/[%_\\]/g, (c) => `\\${c}`)}/%`, limit) as string[];
}

export function codeOf(db: Db, itemId: number): string | undefined {
  return db.prepare('SELECT code FROM items WHERE id = ?').pluck().get(itemId) as string | undefined;
}
