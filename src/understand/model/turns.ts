/**
 * A person's last messages to duban in a group and what duban answered, so that the model can tell what
 * "上次说的那个" refers to. Only the latest `kept` per person and group are kept, each cut short.
 */
import type { Clock } from '../../clock.ts';
import { type Db, write } from '../../ledger/db.ts';
import { type PastTurn, addTurn } from '../../ledger/model-turns.ts';

export { type PastTurn, recentTurns } from '../../ledger/model-turns.ts';

const kept = 8;
const maxChars = 300;
const cut = (text: string) => [...text].slice(0, maxChars).join('');

export function rememberTurn(db: Db, clock: Clock, turn: PastTurn & { room: string; person: string }): void {
  write(db, () => addTurn(db, { room: turn.room, person: turn.person, said: cut(turn.said), reply: cut(turn.reply), at: clock.now().toISOString() }, kept));
}
