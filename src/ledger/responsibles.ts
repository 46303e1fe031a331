/**
 * Who answers for an item: the facts `Roles` decides a status change by. Items name their responsible people; on a
 * channel with stable user ids a name is bound to one user id (`name_bindings`), so that it follows the person, not
 * whoever types it.
 */
import type { Db } from './db.ts';

export function isResponsibleFor(db: Db, itemId: number, names: string[]): boolean {
  if (names.length === 0) return false;
  return db.prepare(`SELECT 1 FROM responsibles WHERE item_id = ? AND name IN (${names.map(() => '?').join(',')})`).get(itemId, ...names) !== undefined;
}

/**
 * The names a user answers for items by on a channel: those bound to them, and the name they go by now while it is
 * bound to nobody and no one else duban has heard of goes by it.
 */
export function namesOfUser(db: Db, channel: string, userId: string, ownName: string): string[] {
  return db
    .prepare(
      `SELECT name FROM name_bindings WHERE channel = @channel AND user_id = @userId
       UNION
       SELECT @ownName WHERE NOT EXISTS (SELECT 1 FROM name_bindings WHERE channel = @channel AND name = @ownName)
         AND NOT EXISTS (SELECT 1 FROM people WHERE channel = @channel AND name = @ownName AND user_id <> @userId)`,
    )
    .pluck()
    .all({ channel, userId, ownName }) as string[];
}

/** The name is this user's from now on, unless it is bound already: its first use. */
export function claimName(db: Db, channel: string, name: string, userId: string, at: Date): void {
  db.prepare('INSERT OR IGNORE INTO name_bindings (channel, name, user_id, bound_by, bound_at) VALUES (?, ?, ?, NULL, ?)').run(channel, name, userId, at.toISOString());
}

/** An admin's 指派 says who the name is: bound to this user, whoever it was bound to before. */
export function bindName(db: Db, binding: { channel: string; name: string; userId: string; by: string; at: Date }): void {
  db.prepare(
    `INSERT INTO name_bindings (channel, name, user_id, bound_by, bound_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (channel, name) DO UPDATE SET user_id = excluded.user_id, bound_by = excluded.bound_by, bound_at = excluded.bound_at`,
  ).run(binding.channel, binding.name, binding.userId, binding.by, binding.at.toISOString());
}
