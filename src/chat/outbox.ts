/**
 * Every message duban sends goes through this one queue, kept in SQLite: sending too fast gets WeChat accounts
 * banned, and a restart must lose nothing. Per conversation, messages go out in order with a least gap (plus jitter)
 * between them; all conversations together stay under a rate per minute; a long message is split at line boundaries
 * into parts that go out in order. A failed send is retried with growing back-off and keeps its place, so nothing
 * overtakes it; after too many failures it is given up, logged, and the queue moves on.
 */
import type { Clock } from '../clock.ts';
import type { OutboxSettings } from '../config.ts';
import { type Db, write } from '../ledger/db.ts';
import { type OutboxRow, headRows, limitingSend, paceOf, pendingRows, queueParts, recordFailure, recordSent } from '../ledger/outbox.ts';
import type { Logger } from '../log.ts';
import { type Button, type ChannelName, type Outgoing, type Target, mention } from '../message.ts';
import { splitMessage } from './split.ts';

export interface QueuedMessage {
  id: number;
  target: Target;
  text: string;
  mentions: string[];
  buttons?: Button[];
  attempts: number;
  image?: Buffer;
}

export type Send = (message: QueuedMessage) => Promise<void>;
/** Whether a channel can send now (is logged in): messages for one that cannot wait, without counting an attempt. */
export type Ready = (channel: ChannelName) => boolean;

/** A row of the outbox, of a channel duban knows: only duban queues them. */
type Row = OutboxRow & { channel: ChannelName };

const conversationOf = (target: Target) => ('room' in target ? `room:${target.room}` : `contact:${target.contact}`);

function targetOf(row: Row): Target {
  const name = row.conversation.slice(row.conversation.indexOf(':') + 1);
  const channel = row.channel;
  if (row.conversation.startsWith('contact:')) return { channel, contact: name };
  return row.room_id ? { channel, room: name, roomId: row.room_id } : { channel, room: name };
}

const maxAttempts = 8;
const idleLookMs = 30_000;
const backoffMs = (attempts: number) => Math.min(5 * 60_000, 2_000 * 2 ** (attempts - 1));

export class Outbox {
  #pumping: Promise<number | undefined> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #send: Send | undefined;
  #ready: Ready = () => true;
  /** A channel's own limits where stricter than the settings': its messages a minute and its longest message. */
  readonly #limits = new Map<ChannelName, { perMinute: number; maxBytes: number }>();
  #running = false;
  /** Something was queued while the queue was being worked: look again before sleeping. */
  #dirty = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: OutboxSettings,
    private readonly log: Logger,
    private readonly random: () => number = Math.random,
  ) {}

  /** Keeps a channel's messages to its own rate and size too (WeCom's 消息推送 robot: 20 a minute). */
  limit(channel: ChannelName, limits: { perMinute: number; maxBytes: number }): void {
    this.#limits.set(channel, limits);
  }

  #maxBytes(channel: ChannelName): number {
    return Math.min(this.settings.maxBytes, this.#limits.get(channel)?.maxBytes ?? Infinity);
  }

  /** Queues messages, split to size, in one transaction; returns the ids of the queued parts. */
  enqueue(messages: Outgoing[]): number[] {
    const parts = messages.flatMap((message) =>
      // A picture is one message, never split.
      (message.image ? [message.text] : splitMessage(message.text, this.#maxBytes(message.target.channel))).map((text, index, texts) => ({
        channel: message.target.channel,
        conversation: conversationOf(message.target),
        roomId: 'roomId' in message.target ? (message.target.roomId ?? null) : null,
        text,
        // A long message's parts each mention the people named in them.
        mentions: JSON.stringify((message.mentions ?? []).filter((name) => text.includes(mention(name)))),
        // A long message's buttons go with its last part, after everything they answer.
        buttons: message.buttons?.length && index === texts.length - 1 ? JSON.stringify(message.buttons) : null,
        ref: message.ref ?? null,
        image: message.image ?? null,
      })),
    );
    const at = this.clock.now().toISOString();
    const ids = write(this.db, () => queueParts(this.db, parts, at));
    this.kick();
    return ids;
  }

  /** Messages not yet sent nor given up, oldest first. */
  pending(): QueuedMessage[] {
    return (pendingRows(this.db) as Row[]).map((row) => this.#toMessage(row));
  }

  #toMessage(row: Row): QueuedMessage {
    return {
      id: row.id,
      target: targetOf(row),
      text: row.text,
      mentions: JSON.parse(row.mentions),
      ...(row.buttons ? { buttons: JSON.parse(row.buttons) as Button[] } : {}),
      ...(row.image ? { image: row.image } : {}),
      attempts: row.attempts,
    };
  }

  /**
   * Sends every message that is due now by the clock, one at a time; returns how long until the next one is due
   * (undefined when the queue is empty).
   */
  pump(send: Send, ready: Ready = () => true): Promise<number | undefined> {
    this.#pumping ??= this.#pump(send, ready).finally(() => (this.#pumping = undefined));
    return this.#pumping;
  }

  async #pump(send: Send, ready: Ready): Promise<number | undefined> {
    for (;;) {
      const now = this.clock.now();
      const windowStart = new Date(now.getTime() - 60_000).toISOString();
      const freeAt = (oldest: string | undefined) => (oldest ? new Date(oldest).getTime() + 60_000 : 0);
      // The send that has to leave the one-minute window before another may go: the perMinute-th most recent.
      const rateFreeAt = freeAt(limitingSend(this.db, windowStart, this.settings.perMinute - 1));
      // A channel allowing as many as all of them together never holds a message back: its sends are not counted.
      const channelFreeAt = new Map(
        [...this.#limits]
          .filter(([, { perMinute }]) => perMinute < this.settings.perMinute)
          .map(([channel, { perMinute }]) => [channel, freeAt(limitingSend(this.db, windowStart, perMinute - 1, channel))]),
      );
      let next: number | undefined;
      let due: Row | undefined;
      for (const row of headRows(this.db) as Row[]) {
        if (!ready(row.channel)) continue;
        const pace = paceOf(this.db, row.conversation);
        const at = Math.max(
          pace ? new Date(pace).getTime() : 0,
          row.next_attempt_at ? new Date(row.next_attempt_at).getTime() : 0,
          rateFreeAt,
          channelFreeAt.get(row.channel) ?? 0,
        );
        if (at <= now.getTime()) {
          due = row;
          break;
        }
        next = Math.min(next ?? at, at);
      }
      if (!due) return next === undefined ? undefined : next - now.getTime();
      await this.#sendOne(due, send);
    }
  }

  async #sendOne(row: Row, send: Send): Promise<void> {
    try {
      await send(this.#toMessage(row));
    } catch (error) {
      const attempts = row.attempts + 1;
      const now = this.clock.now();
      const message = (error as Error).message ?? String(error);
      if (attempts >= maxAttempts) {
        recordFailure(this.db, row.id, { attempts, error: message, failedAt: now.toISOString() });
        this.log.error({ outboxId: row.id, conversation: row.conversation, attempts, error: message }, '消息多次发送失败，已放弃 / giving up on a message after repeated send failures');
        return;
      }
      const retryAt = new Date(now.getTime() + backoffMs(attempts)).toISOString();
      recordFailure(this.db, row.id, { attempts, error: message, retryAt });
      this.log.warn({ outboxId: row.id, conversation: row.conversation, attempts, retryAt, error: message }, '消息发送失败，稍后重试 / send failed, will retry');
      return;
    }
    const now = this.clock.now();
    const gap = this.settings.gapMs + Math.floor(this.random() * this.settings.jitterMs);
    write(this.db, () => recordSent(this.db, row, now.toISOString(), new Date(now.getTime() + gap).toISOString()));
    this.log.debug({ outboxId: row.id, conversation: row.conversation }, 'sent');
  }

  /** Runs the queue on real timers until `stop()`: what `serve` and the demo do. */
  start(send: Send, ready: Ready = () => true): void {
    this.#send = send;
    this.#ready = ready;
    this.kick();
  }

  /** Looks at the queue now instead of at the next planned time: after an enqueue. */
  kick(): void {
    const send = this.#send;
    if (!send) return;
    this.#dirty = true;
    if (this.#running) return;
    this.#running = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    void (async () => {
      try {
        let wait: number | undefined;
        do {
          this.#dirty = false;
          wait = await this.pump(send, this.#ready);
        } while (this.#dirty && this.#send);
        // With nothing due, look again after a while: another process (`duban web`) may have queued something.
        if (this.#send) this.#timer = setTimeout(() => this.kick(), Math.max(wait ?? idleLookMs, 50));
      } catch (error) {
        this.log.error({ error: (error as Error).message }, '发件队列出错 / outbox failure');
      } finally {
        this.#running = false;
      }
    })();
  }

  stop(): void {
    this.#send = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Resolves when the pump in progress, if any, has finished. */
  async idle(): Promise<void> {
    await this.#pumping;
  }
}
