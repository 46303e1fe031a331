/** The log of reminders sent, per target (a group, or the admins) and item: none is sent twice for one deadline. */
import type { Db } from './db.ts';

export type ReminderKind = 'due' | 'overdue' | 'escalated';

/** What a reminder is about, as logged. */
export interface Reminded {
  itemId: number;
  kind: ReminderKind;
  deadline: string;
}

/** Logs reminders as sent; the caller queues them in the same transaction. */
export function logReminders(db: Db, target: string, reminders: Reminded[], day: string, now: Date): void {
  const insert = db.prepare('INSERT OR IGNORE INTO reminders (target, item_id, kind, deadline, day, sent_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (const r of reminders) insert.run(target, r.itemId, r.kind, r.deadline, day, now.toISOString());
}

/** The reminders `target` got of these items: of `kind` for one of these deadlines, or of any kind on `day`. */
export function remindersOf(db: Db, target: string, kind: ReminderKind, day: string, itemIds: number[], deadlines: string[]): { itemId: number; deadline: string; day: string }[] {
  return db
    .prepare(`SELECT item_id AS itemId, deadline, day FROM reminders WHERE target = ? AND item_id IN (SELECT value FROM json_each(?))
      AND ((kind = ? AND deadline IN (SELECT value FROM json_each(?))) OR day = ?)`)
    .all(target, JSON.stringify(itemIds), kind, JSON.stringify(deadlines), day) as { itemId: number; deadline: string; day: string }[];
}
