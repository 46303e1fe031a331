/**
 * What every handler works with: the ledger file, the clock, who may do what, the conversation so far, the settings,
 * and the turn being answered. Handlers are plain functions of it, one family per file, looked up by intent kind.
 */
import { type Clock, dateIn } from '../clock.ts';
import type { Config } from '../config.ts';
import { boundLedger } from '../ledger/bindings.ts';
import type { ConversationKey, Conversations } from '../ledger/conversations.ts';
import type { Db } from '../ledger/db.ts';
import { listLedgers } from '../ledger/ledgers.ts';
import type { Owner } from '../ledger/owners.ts';
import type { Ledger } from '../ledger/types.ts';
import { ownerOf } from '../message.ts';
import type { Intent } from '../understand/intent.ts';
import type { Facts } from './answers.ts';
import { replies } from './replies.ts';
import type { Roles } from './roles.ts';
import type { Said, Turn } from './turn.ts';

export interface DialogSettings {
  timeZone: string;
  pageSize: number;
  prefix: string;
  /** HH:MM: a daily notice not sent by then is skipped, so no group's notice may be set later. */
  noticeCutoff: string;
  /** The language model consulted where the rules are not confident, if one is configured: help says so. */
  model?: string;
  /** How long a proposal waits for its 确认. */
  proposalMinutes: number;
  /** How long after it an update may still be taken back with 撤销. */
  undoHours: number;
}

/** The dialog's settings as configured: the group bot and the web console answer by the same ones. */
export const dialogSettings = (config: Config): DialogSettings => ({
  timeZone: config.timeZone,
  pageSize: config.pageSize,
  prefix: config.prefix,
  noticeCutoff: config.notices.cutoff,
  model: config.model?.model,
  proposalMinutes: config.confirmMinutes,
  undoHours: 24,
});

export interface DialogContext {
  db: Db;
  clock: Clock;
  roles: Roles;
  conversations: Conversations;
  settings: DialogSettings;
  turn: Turn;
  /** This person in this group (or in a direct message). */
  key: ConversationKey;
}

export type IntentOf<K extends Intent['kind']> = Extract<Intent, { kind: K }>;
export type Handler<K extends Intent['kind']> = (context: DialogContext, intent: IntentOf<K>) => Said[];
/** One handler for every kind of intent: the compiler checks none is missing. */
export type Handlers = { [K in Intent['kind']]: Handler<K> };

export const facts = (context: DialogContext): Facts => ({
  today: dateIn(context.clock.now(), context.settings.timeZone),
  timeZone: context.settings.timeZone,
});

/** The turn's conversation: its group, and whose it is by what the person cannot type (`ownerOf`). */
export const keyOf = (turn: Turn): ConversationKey => ({ room: turn.room ?? '', personKey: ownerOf(turn.person) });

/** The turn's person as proposals, updates and evidence are kept by them. */
export const ownerIn = (context: DialogContext): Owner => ({ key: context.key.personKey, name: context.turn.person.name });

export const ledgerNames = (context: DialogContext) => listLedgers(context.db).map((l) => l.name).join('、') || replies.noLedgerYet;

/** The ledger a turn is about: its group's, or in a direct message the one chosen (or the only one); else why none. */
export function ledgerFor(context: DialogContext): Ledger | string {
  const { db, turn } = context;
  if (turn.room) {
    const ledger = boundLedger(db, turn.room);
    if (ledger) return ledger;
    return replies.unbound(ledgerNames(context));
  }
  const chosen = context.conversations.ledgerId(context.key);
  const ledgers = listLedgers(db);
  const ledger = ledgers.find((l) => l.id === chosen) ?? (ledgers.length === 1 ? ledgers[0] : undefined);
  if (ledger) return ledger;
  if (ledgers.length === 0) return replies.noLedgers;
  return replies.chooseLedger(ledgerNames(context));
}

/** A handler that needs the turn's ledger; without one, the person is told why. */
export const inLedger =
  <K extends Intent['kind']>(handle: (context: DialogContext, ledger: Ledger, intent: IntentOf<K>) => Said[]): Handler<K> =>
  (context, intent) => {
    const ledger = ledgerFor(context);
    return typeof ledger === 'string' ? [ledger] : handle(context, ledger, intent);
  };
