/** What the console's 群组 page shows of each bound group: its last notice and the messages still waiting to go out. */
import type { Db } from './db.ts';

export interface LastNotice {
  day: string;
  postedAt: string;
  late: boolean;
  parts: number;
  /** Parts the outbox has sent so far. */
  sent: number;
}

export function lastNotice(db: Db, roomTopic: string): LastNotice | undefined {
  const row = db
    .prepare(`SELECT n.day, n.posted_at AS postedAt, n.late, n.outbox_ids AS ids,
        (SELECT count(*) FROM outbox o WHERE o.id IN (SELECT value FROM json_each(n.outbox_ids)) AND o.sent_at IS NOT NULL) AS sent
      FROM notices n WHERE n.room_topic = ? ORDER BY n.day DESC LIMIT 1`)
    .get(roomTopic) as { day: string; postedAt: string; late: number; ids: string; sent: number } | undefined;
  if (!row) return undefined;
  return { day: row.day, postedAt: row.postedAt, late: row.late === 1, parts: (JSON.parse(row.ids) as number[]).length, sent: row.sent };
}

export interface Waiting {
  id: number;
  text: string;
  createdAt: string;
  attempts: number;
  lastError: string | null;
}

/** Messages to a group not yet sent nor given up, oldest first, and how many in all. */
export function waitingMessages(db: Db, roomTopic: string, limit: number): { count: number; first: Waiting[] } {
  const where = 'conversation = ? AND sent_at IS NULL AND failed_at IS NULL';
  const conversation = `room:${roomTopic}`;
  const count = db.prepare(`SELECT count(*) FROM outbox WHERE ${where}`).pluck().get(conversation) as number;
  const first = db
    .prepare(`SELECT id, text, created_at AS createdAt, attempts, last_error AS lastError FROM outbox WHERE ${where} ORDER BY id LIMIT ?`)
    .all(conversation, limit) as Waiting[];
  return { count, first };
}
