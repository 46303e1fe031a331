/** The log of daily notices posted: one per group and day, so that a notice is never posted twice. */
import type { Db } from './db.ts';

/** When the group's notice of `day` was posted, if it was. */
export const noticePostedAt = (db: Db, roomTopic: string, day: string): string | undefined =>
  db.prepare('SELECT posted_at FROM notices WHERE room_topic = ? AND day = ?').pluck().get(roomTopic, day) as string | undefined;

/** The group's last notice before `day`: when it was posted and for which day. */
export const lastNoticeBefore = (db: Db, roomTopic: string, day: string): { at: string | null; day: string | null } =>
  db.prepare('SELECT max(posted_at) AS at, max(day) AS day FROM notices WHERE room_topic = ? AND day < ?').get(roomTopic, day) as {
    at: string | null;
    day: string | null;
  };

/** The groups whose notice of `day` is posted. */
export const roomsNoticedOn = (db: Db, day: string): Set<string> =>
  new Set(db.prepare('SELECT room_topic FROM notices WHERE day = ?').pluck().all(day) as string[]);

export function recordNotice(db: Db, notice: { roomTopic: string; day: string; ledgerId: number; postedAt: string; late: boolean; outboxIds: number[] }): void {
  db.prepare('INSERT INTO notices (room_topic, day, ledger_id, posted_at, late, outbox_ids) VALUES (?, ?, ?, ?, ?, ?)').run(
    notice.roomTopic,
    notice.day,
    notice.ledgerId,
    notice.postedAt,
    notice.late ? 1 : 0,
    JSON.stringify(notice.outboxIds),
  );
}
