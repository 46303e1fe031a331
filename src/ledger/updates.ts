/** Reading the audit trail. */
import type { Db } from './db.ts';
import { ownerKeyOf } from './owners.ts';
import type { Status } from './types.ts';

export interface Update {
  id: number;
  itemId: number;
  kind: string;
  author: string;
  /** Whose it is (`Owner.key`): for a row from before there were keys, its author's name as a key. */
  authorKey: string;
  room: string | null;
  at: string;
  messageId: string | null;
  sourceText: string | null;
  oldStatus: Status | null;
  newStatus: Status | null;
  oldProgress: number | null;
  newProgress: number | null;
  oldDeadline: string | null;
  newDeadline: string | null;
  note: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  refersTo: number | null;
  /** What it waits for before it takes effect: an admin's 销号 of a closure, or approval of a deadline change. */
  awaiting: 'closure' | 'deadline' | null;
  /** 'web' when made in the console. */
  via: 'web' | null;
}

export const updateColumns = `u.id, u.item_id AS itemId, u.kind, u.author, ${ownerKeyOf('u')} AS authorKey, u.room, u.at, u.message_id AS messageId,
  u.source_text AS sourceText, u.old_status AS oldStatus, u.new_status AS newStatus, u.old_progress AS oldProgress,
  u.new_progress AS newProgress, u.old_deadline AS oldDeadline, u.new_deadline AS newDeadline, u.note,
  u.confirmed_by AS confirmedBy, u.confirmed_at AS confirmedAt, u.approved_by AS approvedBy, u.approved_at AS approvedAt,
  u.refers_to AS refersTo, u.awaiting, u.via`;

/**
 * An update from its row read as an array (`raw()`) of `updateColumns`, in their order: better-sqlite3 builds a row
 * of 23 columns into an object at several times the cost of this literal.
 */
export const updateFrom = (row: unknown[]): Update =>
  ({
    id: row[0],
    itemId: row[1],
    kind: row[2],
    author: row[3],
    authorKey: row[4],
    room: row[5],
    at: row[6],
    messageId: row[7],
    sourceText: row[8],
    oldStatus: row[9],
    newStatus: row[10],
    oldProgress: row[11],
    newProgress: row[12],
    oldDeadline: row[13],
    newDeadline: row[14],
    note: row[15],
    confirmedBy: row[16],
    confirmedAt: row[17],
    approvedBy: row[18],
    approvedAt: row[19],
    refersTo: row[20],
    awaiting: row[21],
    via: row[22],
  }) as Update;

/** Built once: a statement's text is looked up by value at every use. */
const latestOfOneSql = `SELECT ${updateColumns} FROM updates u WHERE u.item_id = ? ORDER BY u.id DESC LIMIT 1`;
const latestOfEachSql = `SELECT ${updateColumns} FROM json_each(?) j CROSS JOIN updates u ON u.id = (SELECT max(id) FROM updates WHERE item_id = j.value)`;
const byIdsSql = `SELECT ${updateColumns} FROM updates u WHERE u.id IN (SELECT value FROM json_each(?))`;

/** The newest update of each item, for answers that say who changed it last. */
export function latestUpdates(db: Db, itemIds: number[]): Map<number, Update> {
  const rows = (
    itemIds.length === 1 ? db.prepare(latestOfOneSql).raw().all(itemIds[0]) : db.prepare(latestOfEachSql).raw().all(JSON.stringify(itemIds))
  ) as unknown[][];
  return new Map(rows.map((row) => [row[1] as number, updateFrom(row)]));
}

/** These updates, by id. */
export function updatesById(db: Db, ids: number[]): Update[] {
  return (db.prepare(byIdsSql).raw().all(JSON.stringify(ids)) as unknown[][]).map(updateFrom);
}

export interface UpdateRow extends Update {
  ledger: string;
  code: string;
}

/** Updates with their item and ledger, read from the trail outwards (CROSS JOIN keeps SQLite from walking items). */
const trail = `SELECT ${updateColumns}, l.name AS ledger, i.code FROM updates u CROSS JOIN items i ON i.id = u.item_id JOIN ledgers l ON l.id = i.ledger_id`;

/** The audit trail, oldest first: of one ledger, or one item of it, or everything. */
export function listUpdates(db: Db, filter: { ledgerId?: number; itemId?: number } = {}): UpdateRow[] {
  return db
    .prepare(`${trail} WHERE (@ledgerId IS NULL OR i.ledger_id = @ledgerId) AND (@itemId IS NULL OR u.item_id = @itemId) ORDER BY u.id`)
    .all({ ledgerId: filter.ledgerId ?? null, itemId: filter.itemId ?? null }) as UpdateRow[];
}

/**
 * What was reported in a ledger after `since` (imports and assignments left out): how many, and the latest `limit`, oldest
 * first. Both read through the index on `at`; only the rows shown are built into objects.
 */
export function newsSince(db: Db, ledgerId: number, since: Date, limit: number): { count: number; latest: UpdateRow[] } {
  const news = `u.at > @since AND i.ledger_id = @ledgerId AND u.kind NOT IN ('import', 'assign')`;
  const params = { ledgerId, since: since.toISOString(), limit };
  const count = db
    .prepare(`SELECT count(*) FROM updates u CROSS JOIN items i ON i.id = u.item_id WHERE ${news}`)
    .pluck()
    .get(params) as number;
  const latest = db.prepare(`${trail} WHERE ${news} ORDER BY u.at DESC, u.id DESC LIMIT @limit`).all(params) as UpdateRow[];
  return { count, latest: latest.reverse() };
}
