/**
 * People by their platform user id (DingTalk userid, Feishu open_id, WeCom userid), with the name duban knows them
 * by: learned from their messages and from an admin's @ of them, kept across restarts, so that a notice naming 张三
 * reaches the right person with a real @. A name two user ids share on a channel finds neither: a wrong @ is worse
 * than none.
 */
import type { Db } from './db.ts';

export interface PeopleBook {
  remember(person: { userId: string; name: string }): void;
  userIdOf(name: string): string | undefined;
  nameOf(userId: string): string | undefined;
}

/** The one user id that goes by this name on the channel; undefined for none or several. */
export function knownUserId(db: Db, channel: string, name: string): string | undefined {
  const ids = db.prepare('SELECT user_id FROM people WHERE channel = ? AND name = ? LIMIT 2').pluck().all(channel, name) as string[];
  return ids.length === 1 ? ids[0] : undefined;
}

export function peopleBook(db: Db, channel: string, now: () => Date): PeopleBook {
  const upsert = db.prepare(`INSERT INTO people (channel, user_id, name, seen_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (channel, user_id) DO UPDATE SET name = excluded.name, seen_at = excluded.seen_at`);
  const byId = db.prepare('SELECT name FROM people WHERE channel = ? AND user_id = ?').pluck();
  return {
    remember: ({ userId, name }) => void upsert.run(channel, userId, name, now().toISOString()),
    userIdOf: (name) => knownUserId(db, channel, name),
    nameOf: (userId) => byId.get(channel, userId) as string | undefined,
  };
}
