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

/** The newest update of each item, for answers that say who changed it last. */
export function latestUpdates(db: Db, itemIds: number[]): Map<number, Update> {
  const rows = db
    .prepare(`SELECT ${updateColumns} FROM updates u
      WHERE u.id IN (SELECT max(id) FROM updates WHERE item_id IN (SELECT value FROM json_each(?)) GROUP BY item_id)`)
    .all(JSON.stringify(itemIds)) as Update[];
  return new Map(rows.map((row) => [row.itemId, row]));
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
