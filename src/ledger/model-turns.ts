/** A person's last messages to duban in a group and what duban answered, for the model; only the latest few kept. */
import type { Db } from './db.ts';

export interface PastTurn {
  said: string;
  reply: string;
}

/** Adds a turn and drops all but the person's latest `kept` in the group; the caller makes it one transaction. */
export function addTurn(db: Db, turn: PastTurn & { room: string; person: string; at: string }, kept: number): void {
  db.prepare('INSERT INTO model_turns (room, person, said, reply, at) VALUES (?, ?, ?, ?, ?)').run(turn.room, turn.person, turn.said, turn.reply, turn.at);
  db.prepare(`DELETE FROM model_turns WHERE room = @room AND person = @person AND id NOT IN
    (SELECT id FROM model_turns WHERE room = @room AND person = @person ORDER BY id DESC LIMIT @kept)`).run({ room: turn.room, person: turn.person, kept });
}

/** The last `count` turns, oldest first. */
export function recentTurns(db: Db, room: string, person: string, count: number): PastTurn[] {
  const rows = db.prepare('SELECT said, reply FROM model_turns WHERE room = ? AND person = ? ORDER BY id DESC LIMIT ?').all(room, person, count) as PastTurn[];
  return rows.reverse();
}
