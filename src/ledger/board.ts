/**
 * What the web console shows of a ledger, as SQL over the whole ledger: totals with overdue and due-soon counts, the
 * same by unit (责任单位) and by person, the completions the audit trail records, and a page of a filtered, sorted
 * list. Overdue and due soon mean what the groups' lists mean (see listings.ts): open after its last deadline, or
 * with a deadline inside the window.
 */
import type { Db } from './db.ts';
import type { Status } from './types.ts';

/** Counts of a group of items: a ledger, a unit, a person. */
export interface Tally {
  total: number;
  done: number;
  overdue: number;
  soon: number;
}

export interface Window {
  today: string;
  /** The last day of "due soon". */
  until: string;
}

const perItem = `SELECT i.id, i.unit, i.status, i.last_due,
    EXISTS (SELECT 1 FROM deadlines d WHERE d.item_id = i.id AND d.superseded_by IS NULL AND d.due_date BETWEEN @today AND @until) AS soon
  FROM items i WHERE i.ledger_id = @ledgerId`;
const open = `status IN ('not_started', 'in_progress')`;
const tally = `count(*) AS total, coalesce(sum(status IN ('done', 'closed')), 0) AS done,
  coalesce(sum(${open} AND last_due < @today), 0) AS overdue, coalesce(sum(${open} AND soon), 0) AS soon`;

export const boardQueries = {
  ledger: `SELECT ${tally} FROM (${perItem})`,
  units: `SELECT unit AS name, ${tally} FROM (${perItem}) GROUP BY unit ORDER BY overdue DESC, total - done DESC, unit`,
  people: `SELECT r.name AS name, ${tally} FROM (${perItem}) x JOIN responsibles r ON r.item_id = x.id GROUP BY r.name ORDER BY overdue DESC, total - done DESC, r.name`,
  statusChanges: `SELECT u.at, u.old_status AS oldStatus, u.new_status AS newStatus FROM updates u CROSS JOIN items i ON i.id = u.item_id
    WHERE i.ledger_id = @ledgerId AND u.new_status IS NOT NULL AND u.awaiting IS NULL ORDER BY u.id`,
};

export function ledgerTally(db: Db, ledgerId: number, window: Window): Tally {
  return db.prepare(boardQueries.ledger).get({ ledgerId, ...window }) as Tally;
}

export function unitTallies(db: Db, ledgerId: number, window: Window): (Tally & { name: string })[] {
  return db.prepare(boardQueries.units).all({ ledgerId, ...window }) as (Tally & { name: string })[];
}

export function personTallies(db: Db, ledgerId: number, window: Window): (Tally & { name: string })[] {
  return db.prepare(boardQueries.people).all({ ledgerId, ...window }) as (Tally & { name: string })[];
}

/** Every status change that took effect, oldest first (one waiting for an admin takes effect with its approval's row). */
export function statusChanges(db: Db, ledgerId: number): { at: string; oldStatus: Status | null; newStatus: Status }[] {
  return db.prepare(boardQueries.statusChanges).all({ ledgerId }) as { at: string; oldStatus: Status | null; newStatus: Status }[];
}

export interface ItemQuery extends Window {
  status?: Status;
  /** overdue: open past its last deadline; soon: open with a deadline in the window. */
  due?: 'overdue' | 'soon';
  unit?: string;
  person?: string;
  /** Only these items (a search's hits). */
  ids?: number[];
  sort: 'code' | 'deadline' | 'status' | 'updated';
  limit: number;
  offset: number;
}

const orders: Record<ItemQuery['sort'], string> = {
  code: 'i.seq',
  deadline: 'i.last_due IS NULL, i.last_due, i.seq',
  status: "CASE i.status WHEN 'not_started' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'done' THEN 2 ELSE 3 END, i.seq",
  updated: 'i.updated_at DESC, i.seq',
};

function itemFilter(query: ItemQuery): string {
  return `FROM items i WHERE i.ledger_id = @ledgerId
    AND (@status IS NULL OR i.status = @status)
    AND (@unit IS NULL OR i.unit = @unit)
    AND (@person IS NULL OR EXISTS (SELECT 1 FROM responsibles r WHERE r.item_id = i.id AND r.name = @person))
    AND (@ids IS NULL OR i.id IN (SELECT value FROM json_each(@ids)))
    ${query.due === 'overdue' ? `AND i.${open} AND i.last_due < @today` : ''}
    ${query.due === 'soon' ? `AND i.${open} AND EXISTS (SELECT 1 FROM deadlines d WHERE d.item_id = i.id AND d.superseded_by IS NULL AND d.due_date BETWEEN @today AND @until)` : ''}`;
}

export function itemListQueries(query: ItemQuery): { count: string; page: string } {
  const from = itemFilter(query);
  return {
    count: `SELECT count(*) ${from}`,
    page: `SELECT i.id, i.last_due ${from}
      ORDER BY ${orders[query.sort]} LIMIT @limit OFFSET @offset`,
  };
}

/** One page of a ledger's items, filtered and sorted, and how many match in all. */
export function queryItems(db: Db, ledgerId: number, query: ItemQuery): { ids: number[]; total: number } {
  const sql = itemListQueries(query);
  const params = {
    ledgerId,
    today: query.today,
    until: query.until,
    status: query.status ?? null,
    unit: query.unit ?? null,
    person: query.person ?? null,
    ids: query.ids ? JSON.stringify(query.ids) : null,
    limit: query.limit,
    offset: query.offset,
  };
  const total = db.prepare(sql.count).pluck().get(params) as number;
  const ids = (db.prepare(sql.page).all(params) as { id: number }[]).map((row) => row.id);
  return { ids, total };
}

/** The units and people a ledger's items name, for the list's filters. */
export function filterChoices(db: Db, ledgerId: number): { units: string[]; people: string[] } {
  const units = db.prepare("SELECT DISTINCT unit FROM items WHERE ledger_id = ? AND unit != '' ORDER BY unit").pluck().all(ledgerId) as string[];
  const people = db
    .prepare('SELECT DISTINCT r.name FROM responsibles r JOIN items i ON i.id = r.item_id WHERE i.ledger_id = ? ORDER BY r.name')
    .pluck()
    .all(ledgerId) as string[];
  return { units, people };
}
