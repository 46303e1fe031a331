/**
 * A person's last messages to duban in a group and what duban answered, so that the model can tell what
 * "上次说的那个" refers to. Only the latest `kept` per person and group are kept, each cut short.
 */
import type { Clock } from '../../clock.ts';
import { type Db, write } from '../../ledger/db.ts';

export interface PastTurn {
  said: string;
  reply: string;
}

const kept = 8;
const maxChars = 300;
const cut = (text: string) => [...text].slice(0, maxChars).join('');

export function rememberTurn(db: Db, clock: Clock, turn: PastTurn & { room: string; person: string }): void {
  write(db, () => {
    db.prepare('INSERT INTO model_turns (room, person, said, reply, at) VALUES (?, ?, ?, ?, ?)').run(
      turn.room,
      turn.person,
      cut(turn.said),
      cut(turn.reply),
      clock.now().toISOString(),
    );
    db.prepare(`DELETE FROM model_turns WHERE room = @room AND person = @person AND id NOT IN
      (SELECT id FROM model_turns WHERE room = @room AND person = @person ORDER BY id DESC LIMIT @kept)`).run({ room: turn.room, person: turn.person, kept });
  });
}

/** The last `count` turns, oldest first. */
export function recentTurns(db: Db, room: string, person: string, count: number): PastTurn[] {
  const rows = db.prepare('SELECT said, reply FROM model_turns WHERE room = ? AND person = ? ORDER BY id DESC LIMIT ?').all(room, person, count) as PastTurn[];
  return rows.reverse();
}
