/**
 * The lists people ask for, as SQL over the whole ledger (so ten thousand items cost one query, not ten thousand
 * objects): open items, overdue ones, those due soon, those of one person. An item is overdue when it is still open
 * after its last deadline; it is due soon when any of its deadlines falls in the window. A list shown in a group is
 * its count (kept until the ledger changes) and one page at a time, each page starting where the last one ended.
 */
import { daysBetween } from '../clock.ts';
import { type Db, sqlLimit } from './db.ts';
import { keptUntilChange } from './generation.ts';
import { type ItemSummary, summaryColumns, summaryFrom } from './items.ts';
import { type Update, updatesById } from './updates.ts';
import type { Status } from './types.ts';

export const openStatuses: Status[] = ['not_started', 'in_progress'];
const open = `i.status IN ('not_started', 'in_progress')`;

export interface Due {
  id: number;
  /** The deadline that makes the item overdue or due. */
  due: string;
  /** Days past the deadline (overdue) or left until it (due soon). */
  days: number;
}

export function openItemIds(db: Db, ledgerId: number): number[] {
  return db.prepare(`SELECT i.id FROM items i WHERE i.ledger_id = ? AND ${open} ORDER BY i.seq`).pluck().all(ledgerId) as number[];
}

/** Through the index on open items' last deadline (migration 0016): a page reads only the rows it shows. */
const overdue = `SELECT i.id, i.seq, i.last_due AS due FROM items i WHERE i.ledger_id = @ledgerId AND ${open} AND i.last_due < @today`;
const due = `SELECT i.id, i.seq, min(d.due_date) AS due FROM items i JOIN deadlines d ON d.item_id = i.id AND d.superseded_by IS NULL
  WHERE i.ledger_id = @ledgerId AND ${open} AND d.due_date >= @today AND d.due_date <= @until GROUP BY i.id`;
const count = (query: string) => `SELECT count(*) FROM (${query})`;

export function overdueItems(db: Db, ledgerId: number, today: string): Due[] {
  const rows = db.prepare(`${overdue} ORDER BY due, i.seq`).all({ ledgerId, today }) as { id: number; due: string }[];
  return rows.map((row) => ({ id: row.id, due: row.due, days: daysBetween(row.due, today) }));
}

export function dueWithin(db: Db, ledgerId: number, today: string, until: string): Due[] {
  const rows = db.prepare(`${due} ORDER BY due, i.seq`).all({ ledgerId, today, until }) as { id: number; due: string }[];
  return rows.map((row) => ({ id: row.id, due: row.due, days: daysBetween(today, row.due) }));
}

/** Codes of open items nothing was recorded on (nor, with nothing recorded, imported) since `before`, an ISO instant. */
export const staleCodes = (db: Db, ledgerId: number, before: string): string[] =>
  db
    .prepare(`SELECT i.code FROM items i WHERE i.ledger_id = ? AND ${open}
      AND coalesce((SELECT max(at) FROM updates u WHERE u.item_id = i.id), i.created_at) < ? ORDER BY i.seq`)
    .pluck()
    .all(ledgerId, before) as string[];

export function itemIdsOf(db: Db, ledgerId: number, person: string): number[] {
  return db
    .prepare(`SELECT i.id FROM items i JOIN responsibles r ON r.item_id = i.id WHERE i.ledger_id = ? AND r.name = ? ORDER BY i.seq`)
    .pluck()
    .all(ledgerId, person) as number[];
}

/** The 责任单位 cells of a ledger's items, as written. */
export const unitsOf = (db: Db, ledgerId: number): string[] =>
  keptUntilChange(db, ledgerId, 'units', () =>
    db.prepare("SELECT DISTINCT unit FROM items WHERE ledger_id = ? AND unit != '' ORDER BY unit").pluck().all(ledgerId) as string[],
  );

export interface Overview {
  total: number;
  byStatus: Record<Status, number>;
  longTerm: number;
  /** (done + closed) / total, 0..1 */
  completion: number;
}

export function overview(db: Db, ledgerId: number): Overview {
  return keptUntilChange(db, ledgerId, 'overview', () => countByStatus(db, ledgerId));
}

/** A ledger on a day: its overview, how many items are overdue, how many fall due by `until`; kept until it changes. */
export interface Standing {
  overview: Overview;
  overdue: number;
  dueSoon: number;
}

export function standing(db: Db, ledgerId: number, today: string, until: string): Standing {
  return keptUntilChange(db, ledgerId, `standing ${today} ${until}`, () => ({
    overview: countByStatus(db, ledgerId),
    overdue: db.prepare(count(overdue)).pluck().get({ ledgerId, today }) as number,
    dueSoon: db.prepare(count(due)).pluck().get({ ledgerId, today, until }) as number,
  }));
}

function countByStatus(db: Db, ledgerId: number): Overview {
  const rows = db
    .prepare('SELECT status, count(*) AS n, sum(long_term) AS lt FROM items WHERE ledger_id = ? GROUP BY status')
    .all(ledgerId) as { status: Status; n: number; lt: number }[];
  const byStatus: Record<Status, number> = { not_started: 0, in_progress: 0, done: 0, closed: 0 };
  let total = 0;
  let longTerm = 0;
  for (const row of rows) {
    byStatus[row.status] = row.n;
    total += row.n;
    longTerm += row.lt;
  }
  return { total, byStatus, longTerm, completion: total ? (byStatus.done + byStatus.closed) / total : 0 };
}

/** A list as asked at one moment: its dates are fixed then, so that `更多` a day later goes on with the same list. */
export type List =
  | { kind: 'open' }
  | { kind: 'inProgress' }
  | { kind: 'notStarted' }
  /** Done or closed. */
  | { kind: 'done' }
  /** Done or closed, and kept up for good. */
  | { kind: 'longTerm' }
  | { kind: 'all' }
  | { kind: 'overdue'; today: string }
  | { kind: 'dueWithin'; today: string; until: string }
  /** Open, with a deadline on or before `until` (`年底前`). */
  | { kind: 'dueBefore'; until: string }
  /** Open, and nothing recorded on it (nor imported) since `since`, an ISO instant. */
  | { kind: 'stalled'; since: string }
  | { kind: 'responsible'; name: string }
  /** Items any of these names answer for: a person's own, by every name bound to them. */
  | { kind: 'responsibleAny'; names: string[] }
  /** Items whose 责任单位 holds `unit` (a cell may name several units: `县住建局、县财政局`). */
  | { kind: 'unit'; unit: string };

/** The last item a page showed, by the list's order: the next page starts after it. */
export interface Position {
  seq: number;
  /** For the lists ordered by deadline first. */
  due?: string;
}

export interface Page {
  /** What the page's lines show of its items, in the list's order. */
  items: ItemSummary[];
  /** The latest update of each item shown that has one. */
  updates: Map<number, Update>;
  /** Absent when the page is empty. */
  last?: Position;
  /** Whether items follow this page. */
  more: boolean;
}

const byStatus = (condition: string) => `SELECT i.id, i.seq FROM items i WHERE i.ledger_id = @ledgerId AND ${condition}`;

/** Each list's rows as `id, seq[, due]`, in its order, with `@ledgerId` and the list's own parameters. */
function rowsOf(list: List): { sql: string; order: string; byDue: boolean } {
  switch (list.kind) {
    case 'open':
      return { sql: `SELECT i.id, i.seq FROM items i WHERE i.ledger_id = @ledgerId AND ${open}`, order: 'seq', byDue: false };
    case 'inProgress':
      return { sql: byStatus(`i.status = 'in_progress'`), order: 'seq', byDue: false };
    case 'notStarted':
      return { sql: byStatus(`i.status = 'not_started'`), order: 'seq', byDue: false };
    case 'done':
      return { sql: byStatus(`i.status IN ('done', 'closed')`), order: 'seq', byDue: false };
    case 'longTerm':
      return { sql: byStatus(`i.status IN ('done', 'closed') AND i.long_term = 1`), order: 'seq', byDue: false };
    case 'all':
      return { sql: byStatus('1'), order: 'seq', byDue: false };
    case 'dueBefore':
      return {
        sql: `SELECT i.id, i.seq, min(d.due_date) AS due FROM items i JOIN deadlines d ON d.item_id = i.id AND d.superseded_by IS NULL
          WHERE i.ledger_id = @ledgerId AND ${open} AND d.due_date <= @until GROUP BY i.id`,
        order: 'due, seq',
        byDue: true,
      };
    case 'stalled':
      return {
        sql: `SELECT i.id, i.seq FROM items i WHERE i.ledger_id = @ledgerId AND ${open} AND i.updated_at < @since
          AND NOT EXISTS (SELECT 1 FROM updates u WHERE u.item_id = i.id AND u.at >= @since)`,
        order: 'seq',
        byDue: false,
      };
    case 'overdue':
      return { sql: overdue, order: 'due, seq', byDue: true };
    case 'dueWithin':
      return { sql: due, order: 'due, seq', byDue: true };
    case 'responsible':
      return {
        sql: 'SELECT i.id, i.seq FROM items i JOIN responsibles r ON r.item_id = i.id WHERE i.ledger_id = @ledgerId AND r.name = @name',
        order: 'seq',
        byDue: false,
      };
    case 'responsibleAny':
      return {
        sql: `SELECT DISTINCT i.id, i.seq FROM items i JOIN responsibles r ON r.item_id = i.id
          WHERE i.ledger_id = @ledgerId AND r.name IN (SELECT value FROM json_each(@names))`,
        order: 'seq',
        byDue: false,
      };
    case 'unit':
      return { sql: byStatus('instr(i.unit, @unit) > 0'), order: 'seq', byDue: false };
  }
}

const parametersOf = (ledgerId: number, list: List) => {
  const { kind: _kind, ...parameters } = list;
  // A list of names is bound as JSON, read back with json_each.
  return { ledgerId, ...parameters, ...('names' in list ? { names: JSON.stringify(list.names) } : {}) };
};

/** How many items the list holds now. */
export function countList(db: Db, ledgerId: number, list: List): number {
  const key = `list ${JSON.stringify(list)}`;
  return keptUntilChange(db, ledgerId, key, () => db.prepare(count(rowsOf(list).sql)).pluck().get(parametersOf(ledgerId, list)) as number);
}

/**
 * Up to `limit` items of the list after `after` (from the start without it), through the index, not the whole list,
 * with what their lines show: read beside the page's rows, for those rows only.
 */
export function listPage(db: Db, ledgerId: number, list: List, after: Position | undefined, limit: number): Page {
  const { sql, byDue } = pageSql(list, after !== undefined, limit);
  const rows = db
    .prepare(sql)
    .raw()
    .all({ ...parametersOf(ledgerId, list), afterSeq: after?.seq, afterDue: after?.due }) as unknown[][];
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  const updateIds = shown.flatMap((row) => (row[6] === null ? [] : [row[6] as number]));
  return {
    items: shown.map(summaryFrom),
    updates: new Map(updateIds.length ? updatesById(db, updateIds).map((update) => [update.itemId, update]) : []),
    last: last && (byDue ? { seq: last[7] as number, due: last[8] as string } : { seq: last[7] as number }),
    more: rows.length > limit,
  };
}

/** A page's statement for each kind of list, from its start or after a position, built once. */
const pageSqls = new Map<string, { sql: string; byDue: boolean }>();

function pageSql(list: List, resumed: boolean, limit: number): { sql: string; byDue: boolean } {
  const key = `${list.kind} ${resumed} ${limit}`;
  let page = pageSqls.get(key);
  if (!page) {
    const { sql: rows, order, byDue } = rowsOf(list);
    const start = !resumed ? '' : byDue ? 'WHERE (due, seq) > (@afterDue, @afterSeq)' : 'WHERE seq > @afterSeq';
    // One more than the page, to know whether more follow.
    const sql = `SELECT ${summaryColumns('i')}, (SELECT max(u.id) FROM updates u WHERE u.item_id = i.id), p.seq${byDue ? ', p.due' : ''}
      FROM (SELECT id, seq${byDue ? ', due' : ''} FROM (${rows}) ${start} ORDER BY ${order} ${sqlLimit(limit + 1)}) p
      CROSS JOIN items i ON i.id = p.id ORDER BY ${order.replace(/\w+/g, (column) => `p.${column}`)}`;
    pageSqls.set(key, (page = { sql, byDue }));
  }
  return page;
}
