/**
 * The outbox's table: every message duban sends, queued before it goes, with its attempts, and each conversation's
 * pace (when the next message to it may go). The queue's rules (order, gaps, rates, retries) are in chat/outbox.ts.
 */
import type { Db } from './db.ts';

export interface OutboxRow {
  id: number;
  channel: string;
  /** `room:KEY` or `contact:NAME`. */
  conversation: string;
  room_id: string | null;
  text: string;
  /** JSON: the names @-mentioned. */
  mentions: string;
  /** JSON: the buttons, on the last part of a message. */
  buttons: string | null;
  attempts: number;
  next_attempt_at: string | null;
  image: Buffer | null;
}

export interface QueuedPart {
  channel: string;
  conversation: string;
  roomId: string | null;
  text: string;
  mentions: string;
  buttons: string | null;
  ref: string | null;
  image: Buffer | null;
}

/** Queues the parts (the caller's transaction makes them one); returns their ids, in order. */
export function queueParts(db: Db, parts: QueuedPart[], at: string): number[] {
  const insert = db.prepare(
    'INSERT INTO outbox (channel, conversation, room_id, text, mentions, buttons, ref, created_at, image) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return parts.map((part) =>
    Number(insert.run(part.channel, part.conversation, part.roomId, part.text, part.mentions, part.buttons, part.ref, at, part.image).lastInsertRowid),
  );
}

/** Messages not yet sent nor given up, oldest first. */
export const pendingRows = (db: Db): OutboxRow[] =>
  db.prepare('SELECT * FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY id').all() as OutboxRow[];

/** Each conversation's oldest message still to send: the only one of it that may go next. */
export const headRows = (db: Db): OutboxRow[] =>
  db
    .prepare(`SELECT o.* FROM outbox o
      WHERE o.id IN (SELECT min(id) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL GROUP BY conversation)
      ORDER BY o.id`)
    .all() as OutboxRow[];

/** When the next message to this conversation may go, if one has gone. */
export const paceOf = (db: Db, conversation: string): string | undefined =>
  db.prepare('SELECT next_at FROM outbox_pace WHERE conversation = ?').pluck().get(conversation) as string | undefined;

/**
 * The time of the `skip + 1`-th most recent send after `since` (on `channel`, or on all): the send that has to leave
 * the one-minute window before another may go.
 */
export function limitingSend(db: Db, since: string, skip: number, channel?: string): string | undefined {
  if (channel === undefined) {
    return db.prepare('SELECT sent_at FROM outbox WHERE sent_at > ? ORDER BY sent_at DESC LIMIT 1 OFFSET ?').pluck().get(since, skip) as string | undefined;
  }
  return db
    .prepare('SELECT sent_at FROM outbox WHERE channel = ? AND sent_at > ? ORDER BY sent_at DESC LIMIT 1 OFFSET ?')
    .pluck()
    .get(channel, since, skip) as string | undefined;
}

/** A failed attempt: given up on (`failedAt`), or to be tried again at `retryAt`. */
export function recordFailure(db: Db, id: number, failure: { attempts: number; error: string } & ({ failedAt: string } | { retryAt: string })): void {
  if ('failedAt' in failure) {
    db.prepare('UPDATE outbox SET attempts = ?, last_error = ?, failed_at = ? WHERE id = ?').run(failure.attempts, failure.error, failure.failedAt, id);
  } else {
    db.prepare('UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?').run(failure.attempts, failure.error, failure.retryAt, id);
  }
}

/** A message sent at `at`; its conversation's next one may go at `nextAt`. The caller makes both one transaction. */
export function recordSent(db: Db, row: Pick<OutboxRow, 'id' | 'conversation'>, at: string, nextAt: string): void {
  db.prepare('UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ?').run(at, row.id);
  db.prepare('INSERT INTO outbox_pace (conversation, next_at) VALUES (?, ?) ON CONFLICT (conversation) DO UPDATE SET next_at = excluded.next_at').run(
    row.conversation,
    nextAt,
  );
}
