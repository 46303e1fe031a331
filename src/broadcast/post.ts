/**
 * Posting a group's daily notice: queued in the outbox and logged for (group, day) in one transaction, so a notice
 * is never posted twice, whatever stops the process and wherever.
 */
import { dateIn } from '../clock.ts';
import type { Binding } from '../ledger/bindings.ts';
import type { Db } from '../ledger/db.ts';
import { findLedger } from '../ledger/ledgers.ts';
import { type Notice, composeNotice } from './notice.ts';

/** The outbox's enqueue: messages in, ids of the queued parts out (the chat stage sends them). */
export type Enqueue = (messages: { target: { room: string }; text: string; mentions: string[]; ref: string }[]) => number[];

export type Posted = { posted: true; notice: Notice; parts: number } | { posted: false; postedAt: string };

export function postNotice(db: Db, enqueue: Enqueue, binding: Binding, options: { now: Date; timeZone: string; late?: boolean }): Posted {
  const day = dateIn(options.now, options.timeZone);
  return db.transaction((): Posted => {
    const done = db.prepare('SELECT posted_at FROM notices WHERE room_topic = ? AND day = ?').pluck().get(binding.roomTopic, day) as string | undefined;
    if (done) return { posted: false, postedAt: done };
    const last = db.prepare('SELECT max(posted_at) FROM notices WHERE room_topic = ?').pluck().get(binding.roomTopic) as string | null;
    const ledger = findLedger(db, binding.ledgerName)!;
    const notice = composeNotice(db, ledger, { today: day, timeZone: options.timeZone, since: last ? new Date(last) : undefined, late: options.late });
    const ids = enqueue([{ target: { room: binding.roomTopic }, text: notice.text, mentions: notice.mentions, ref: `notice:${binding.roomTopic}:${day}` }]);
    db.prepare('INSERT INTO notices (room_topic, day, ledger_id, posted_at, late, outbox_ids) VALUES (?, ?, ?, ?, ?, ?)').run(
      binding.roomTopic,
      day,
      binding.ledgerId,
      options.now.toISOString(),
      options.late ? 1 : 0,
      JSON.stringify(ids),
    );
    return { posted: true, notice, parts: ids.length };
  })();
}
