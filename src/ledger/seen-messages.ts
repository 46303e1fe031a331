/** The ids of the messages duban has answered, kept for a while: one delivered again is answered once. */
import type { Db } from './db.ts';

/** Records the message as answered; false when it already was. */
export const markSeen = (db: Db, messageId: string, at: string): boolean =>
  db.prepare('INSERT OR IGNORE INTO seen_messages (message_id, seen_at) VALUES (?, ?)').run(messageId, at).changes === 1;

export const isSeen = (db: Db, messageId: string): boolean =>
  db.prepare('SELECT 1 FROM seen_messages WHERE message_id = ?').get(messageId) !== undefined;

export function forgetSeenBefore(db: Db, before: string): void {
  db.prepare('DELETE FROM seen_messages WHERE seen_at < ?').run(before);
}
