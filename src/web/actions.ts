/**
 * What an admin does in the console goes through the same code as an admin's message in a group (dialog's handlers
 * for 销号, 退回 and 指派): the same checks, the same audit rows, now with the account's name and `via: web`; what the
 * reporter is told goes through the outbox to their group exactly as after a 销号 said there.
 */
import { mentioning } from '../bot.ts';
import type { Account } from '../ledger/accounts.ts';
import { write } from '../ledger/db.ts';
import { findBinding } from '../ledger/bindings.ts';
import { asChannel } from '../message.ts';
import type { Ledger } from '../ledger/types.ts';
import { Conversations } from '../ledger/conversations.ts';
import { assignIn } from '../dialog/administering.ts';
import { approveIn, returnIn } from '../dialog/approving.ts';
import { type DialogContext, dialogSettings, keyOf } from '../dialog/context.ts';
import { Roles } from '../dialog/roles.ts';
import type { Said, Turn } from '../dialog/turn.ts';
import type { ConsoleDeps } from './console.ts';

export type Action =
  | { kind: 'approve'; code: string; what: 'closure' | 'deadline' }
  | { kind: 'return'; code: string; reason: string }
  | { kind: 'assign'; code: string; names: string[] };

/** The words a group admin would have sent for the same action: kept as the update's source text. */
function words(action: Action): string {
  switch (action.kind) {
    case 'approve':
      return `${action.what === 'deadline' ? '批准' : '销号'} ${action.code}`;
    case 'return':
      return `退回 ${action.code} ${action.reason}`;
    case 'assign':
      return `指派 ${action.code} ${action.names.join('、')}`;
  }
}

export interface Outcome {
  /** What the admin is told, as a group admin would be. */
  replies: string[];
  /** How many messages to others (the reporter) were queued. */
  queued: number;
}

export function act(deps: ConsoleDeps, account: Account, ledger: Ledger, action: Action): Outcome {
  const { db, clock, config } = deps;
  // An admin account, proven by its password, acts as an admin whether or not it is named in DUBAN_ADMINS.
  const key = `web:${account.name}`;
  const roles = new Roles(db, [...config.admins, key], () => clock.now());
  const turn: Turn = { person: { id: key, key, name: account.name }, isAdmin: true, text: words(action), via: 'web' };
  const context: DialogContext = {
    db,
    clock,
    roles,
    conversations: new Conversations(db, clock),
    settings: dialogSettings(config),
    turn,
    key: keyOf(turn),
  };
  // As a group message's answer is: what decides the write is read under the write lock.
  const said: Said[] = write(db, () =>
    action.kind === 'approve'
      ? approveIn(context, ledger, action)
      : action.kind === 'return'
        ? returnIn(context, ledger, action)
        : assignIn(context, ledger, action),
  );
  const others = said.filter((one) => typeof one !== 'string' && 'person' in one);
  // Told on the channel of the group the report came from (a direct message on the default channel, Wechaty).
  const channelOf = (room: string | null) => asChannel((room !== null && findBinding(db, room)?.channel) || 'wechaty');
  deps.enqueue(others.map((one) => mentioning(channelOf(one.room), one.person, one.text, one.room === null ? undefined : { room: one.room })));
  return { replies: said.filter((one) => typeof one === 'string'), queued: others.length };
}
