/**
 * The lists people ask for, as SQL over the whole ledger (so ten thousand items cost one query, not ten thousand
 * objects): open items, overdue ones, those due soon, those of one person. An item is overdue when it is still open
 * after its last deadline; it is due soon when any of its deadlines falls in the window.
 */
import { daysBetween } from '../clock.ts';
import type { Db } from './db.ts';
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

const overdue = `SELECT i.id, i.seq, max(d.due_date) AS due FROM items i JOIN deadlines d ON d.item_id = i.id AND d.superseded_by IS NULL
  WHERE i.ledger_id = @ledgerId AND ${open} GROUP BY i.id HAVING due < @today`;
const due = `SELECT i.id, i.seq, min(d.due_date) AS due FROM items i JOIN deadlines d ON d.item_id = i.id AND d.superseded_by IS NULL
  WHERE i.ledger_id = @ledgerId AND ${open} AND d.due_date >= @today AND d.due_date <= @until GROUP BY i.id`;
const count = (query: string) => `SELECT count(*) FROM (${query})`;

export function overdueItems(db: Db, ledgerId: number, today: string): Due[] {
  const rows = db.prepare(`${overdue} ORDER BY due, i.seq`).all({ ledgerId, today }) as { id: number; due: string }[];
  return rows.map((row) => ({ id: row.id, due: row.due, days: daysBetween(row.due, today) }));
}

export function countOverdue(db: Db, ledgerId: number, today: string): number {
  return db.prepare(count(overdue)).pluck().get({ ledgerId, today }) as number;
}

export function dueWithin(db: Db, ledgerId: number, today: string, until: string): Due[] {
  const rows = db.prepare(`${due} ORDER BY due, i.seq`).all({ ledgerId, today, until }) as { id: number; due: string }[];
  return rows.map((row) => ({ id: row.id, due: row.due, days: daysBetween(today, row.due) }));
}

export function countDueWithin(db: Db, ledgerId: number, today: string, until: string): number {
  return db.prepare(count(due)).pluck().get({ ledgerId, today, until }) as number;
}

export function itemIdsOf(db: Db, ledgerId: number, person: string): number[] {
  return db
    .prepare(`SELECT i.id FROM items i JOIN responsibles r ON r.item_id = i.id WHERE i.ledger_id = ? AND r.name = ? ORDER BY i.seq`)
    .pluck()
    .all(ledgerId, person) as number[];
}

export interface Overview {
  total: number;
  byStatus: Record<Status, number>;
  longTerm: number;
  /** (done + closed) / total, 0..1 */
  completion: number;
}

export function overview(db: Db, ledgerId: number): Overview {
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

/** Items in one of `statuses`, in report order; `longTerm` narrows to those kept up for good. */
export function itemIdsByStatus(db: Db, ledgerId: number, statuses: Status[], longTerm = false): number[] {
  return db
    .prepare(`SELECT id FROM items WHERE ledger_id = ? AND status IN (${statuses.map(() => '?').join(',')}) ${longTerm ? 'AND long_term = 1' : ''} ORDER BY seq`)
    .pluck()
    .all(ledgerId, ...statuses) as number[];
}

export function allItemIds(db: Db, ledgerId: number): number[] {
  return db.prepare('SELECT id FROM items WHERE ledger_id = ? ORDER BY seq').pluck().all(ledgerId) as number[];
}

/** Open items with a deadline on or before `until` (`年底前`), soonest first. */
export function dueBy(db: Db, ledgerId: number, until: string): number[] {
  return db
    .prepare(`SELECT i.id FROM items i JOIN deadlines d ON d.item_id = i.id AND d.superseded_by IS NULL
      WHERE i.ledger_id = ? AND ${open} AND d.due_date <= ? GROUP BY i.id ORDER BY min(d.due_date), i.seq`)
    .pluck()
    .all(ledgerId, until) as number[];
}

/** Open items on which nothing has been recorded since `since` (nor were they imported since), longest quiet first. */
export function stalledItems(db: Db, ledgerId: number, since: string): number[] {
  return db
    .prepare(`SELECT i.id FROM items i LEFT JOIN updates u ON u.item_id = i.id
      WHERE i.ledger_id = ? AND ${open} GROUP BY i.id HAVING max(coalesce(u.at, i.updated_at), i.updated_at) < ? ORDER BY max(coalesce(u.at, i.updated_at), i.updated_at), i.seq`)
    .pluck()
    .all(ledgerId, since) as number[];
}
