/**
 * Which messages are for duban. Own messages (every transport hands them back), messages from before the start,
 * duplicates (by id, persisted, so a restart replays nothing) and non-text are dropped. A message is for duban when
 * it @-mentions the bot, starts with the prefix, quotes something the bot said, or answers (确认, 取消, a number) a
 * question the bot just asked that person; only in bound groups, plus direct
 * messages from admins. In a group that is not bound yet, only an admin is heard, so that an admin can bind it.
 */
import type { Clock } from '../clock.ts';
import { type Db, write } from '../ledger/db.ts';
import { forgetSeenBefore, isSeen, markSeen } from '../ledger/seen-messages.ts';
import { type Incoming, type Quote, roomKey } from '../message.ts';
import { readQuote, stripMentions, stripPrefix } from './incoming.ts';

export interface Addressed {
  incoming: Incoming;
  /** The text without the mention, prefix or quote. */
  body: string;
  via: 'mention' | 'prefix' | 'quote' | 'direct' | 'reply' | 'evidence';
  quote?: Quote;
  /** The group is bound to a ledger (always false for a direct message). */
  bound: boolean;
  isAdmin: boolean;
}

export type SkipReason = 'own' | 'old' | 'duplicate' | 'not-text' | 'not-addressed' | 'unbound' | 'not-admin';
export type Verdict = { accept: true; addressed: Addressed } | { accept: false; reason: SkipReason };

/** Groups are named by their room key (`roomKey`): what bindings and proposals are stored by. */
export interface FilterContext {
  isBound(room: string): boolean;
  isAdmin(person: Incoming['from']): boolean;
  /** The text answers a question duban asked this person in this group (确认, a numbered choice) and still waits on. */
  awaitsReply(room: string, person: Incoming['from'], text: string): boolean;
  /** A picture or file from this person here would be evidence: for their open proposal or fresh update. */
  awaitsEvidence(room: string, person: Incoming['from']): boolean;
}

/** How long handled message ids are kept: well past any replay a transport does after a reconnect. */
const keepSeenDays = 30;

export class InboundFilter {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #startedAt: number;
  #pruned = false;

  constructor(
    db: Db,
    clock: Clock,
    private readonly prefix: string,
    private readonly context: FilterContext,
  ) {
    this.#db = db;
    this.#clock = clock;
    this.#startedAt = clock.now().getTime();
  }

  /**
   * Whether the message is for duban. It reads and writes nothing of the messages answered: whether this one was is
   * `remember`'s to say, in the transaction of its answer.
   */
  check(incoming: Incoming): Verdict {
    if (incoming.self) return { accept: false, reason: 'own' };
    // A minute of grace: a message said just before the login must not be lost to clock skew.
    if (incoming.at.getTime() < this.#startedAt - 60_000) return { accept: false, reason: 'old' };
    const room = incoming.room && roomKey(incoming.room);
    const evidence =
      (incoming.kind === 'image' || incoming.kind === 'file') &&
      room !== undefined &&
      this.context.isBound(room) &&
      this.context.awaitsEvidence(room, incoming.from);
    if (incoming.kind !== 'text' && !evidence) return { accept: false, reason: 'not-text' };
    return this.#address(incoming, room, evidence);
  }

  /**
   * Records an accepted message as answered, inside the caller's transaction where there is one (the answer's, so
   * that a question or a report is answered and remembered together or not at all); false when it already was
   * (delivered again, or answered by another process): a duplicate. Only what duban answers is remembered: the
   * chatter of a group writes nothing.
   */
  remember(messageId: string): boolean {
    return write(this.#db, () => {
      // Once per process, with the first write it makes anyway: constructing a filter writes nothing.
      if (!this.#pruned) forgetSeenBefore(this.#db, new Date(this.#startedAt - keepSeenDays * 86_400_000).toISOString());
      this.#pruned = true;
      return markSeen(this.#db, messageId, this.#clock.now().toISOString());
    });
  }

  /** Answered already: a message delivered again is not worth a model's reading. */
  answered(messageId: string): boolean {
    return isSeen(this.#db, messageId);
  }

  #address(incoming: Incoming, room: string | undefined, evidence: boolean): Verdict {
    const isAdmin = this.context.isAdmin(incoming.from);
    if (evidence) return { accept: true, addressed: { incoming, body: '', via: 'evidence', bound: true, isAdmin } };
    const read = readQuote(incoming.text.trim());
    const quote = incoming.quote ?? read.quote;
    const rest = read.rest;
    const mention = stripMentions(rest, incoming.botNames);
    const prefix = stripPrefix(mention.text, this.prefix);
    const quotesBot = quote !== undefined && incoming.botNames.includes(quote.author);

    if (room === undefined) {
      if (!isAdmin) return { accept: false, reason: 'not-admin' };
      return { accept: true, addressed: { incoming, body: prefix.text, via: 'direct', quote, bound: false, isAdmin } };
    }
    const via =
      incoming.mentionsBot || mention.mentioned
        ? 'mention'
        : prefix.prefixed
          ? 'prefix'
          : quotesBot
            ? 'quote'
            : this.context.awaitsReply(room, incoming.from, rest)
              ? 'reply'
              : undefined;
    if (!via) return { accept: false, reason: 'not-addressed' };
    const bound = this.context.isBound(room);
    if (!bound && !isAdmin) return { accept: false, reason: 'unbound' };
    return { accept: true, addressed: { incoming, body: prefix.text, via, quote, bound, isAdmin } };
  }
}

/** Why duban stayed silent, for the person at the terminal (`duban chat`, the demo); people in a group never see it. */
export function explainSkip(reason: SkipReason, context: { room?: string; prefix: string }): string | undefined {
  switch (reason) {
    case 'not-addressed':
      return `督办没有回应：消息要 @督办，或以"${context.prefix}"加空格（或逗号、冒号）开头，或引用督办的消息。`;
    case 'unbound':
      return `督办没有回应：群「${context.room}」还没有绑定台账。管理员可在群里发"@督办 绑定 台账名"，或运行 duban bind --room ${context.room} --ledger 台账名。`;
    case 'not-admin':
      return '督办没有回应：私聊只接受管理员（DUBAN_ADMINS）的消息。';
    case 'duplicate':
      return '督办没有回应：这条消息已经处理过。';
    case 'old':
      return '督办没有回应：消息早于督办启动的时间。';
    case 'not-text':
      return '督办没有回应：目前只处理文字消息。';
    case 'own':
      return undefined;
  }
}
