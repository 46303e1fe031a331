/**
 * What an admin does in the console goes through the same code as an admin's message in a group (dialog's
 * Reporting): the same checks, the same audit rows, now with the account's name and `via: web`; what the reporter is
 * told goes through the outbox to their group exactly as after a 销号 said there.
 */
import { mentioning } from '../bot.ts';
import type { Account } from '../ledger/accounts.ts';
import { findBinding } from '../ledger/bindings.ts';
import { asChannel } from '../message.ts';
import type { Ledger } from '../ledger/types.ts';
import { Conversations } from '../dialog/conversation.ts';
import { Reporting } from '../dialog/reporting.ts';
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
  // An admin account acts as an admin whether or not its name is in DUBAN_ADMINS.
  const roles = new Roles(db, [...config.admins, account.name]);
  const reporting = new Reporting(db, clock, roles, new Conversations(db, clock), { proposalMinutes: config.confirmMinutes, undoHours: 24 });
  const turn: Turn = { person: { id: `web:${account.name}`, name: account.name }, isAdmin: true, text: words(action), via: 'web' };
  const said: Said[] =
    action.kind === 'approve'
      ? reporting.approve(ledger, turn, action.code, action.what)
      : action.kind === 'return'
        ? reporting.returnUpdate(ledger, turn, action.code, action.reason)
        : reporting.assign(ledger, turn, action.code, action.names);
  const others = said.filter((one) => typeof one !== 'string' && 'person' in one);
  // Told on the channel of the group the report came from (a direct message on the default channel, Wechaty).
  const channelOf = (room: string | null) => asChannel((room !== null && findBinding(db, room)?.channel) || 'wechaty');
  deps.enqueue(others.map((one) => mentioning(channelOf(one.room), one.person, one.text, one.room === null ? undefined : { room: one.room })));
  return { replies: said.filter((one) => typeof one === 'string'), queued: others.length };
}
