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
import type { Logger } from '../log.ts';
import { splitMessage } from './split.ts';

/** WeChat's mention separator: `@张三` followed by U+2005 is a real @ in the client. */
export const mentionSeparator = '\u2005';
/** `@name` as WeChat writes a real mention. */
export const mention = (name: string) => `@${name}${mentionSeparator}`;

/** Where a message goes: a group by topic (with the room it answers, when known) or a person by name. */
export type Target = { room: string; roomId?: string } | { contact: string };

export interface Outgoing {
  target: Target;
  text: string;
  /** Names to @-mention; the text already says `mention(name)` where they belong. */
  mentions?: string[];
  /** What the message belongs to, e.g. `notice:整改工作群:2021-07-01`. */
  ref?: string;
  /** A PNG sent as the message instead of the text (the text then only says what it shows, for the log). */
  image?: Buffer;
}

export interface QueuedMessage {
  id: number;
  target: Target;
  text: string;
  mentions: string[];
  attempts: number;
  image?: Buffer;
}

export type Send = (message: QueuedMessage) => Promise<void>;

interface Row {
  id: number;
  conversation: string;
  room_id: string | null;
  text: string;
  mentions: string;
  attempts: number;
  next_attempt_at: string | null;
  image: Buffer | null;
}

const conversationOf = (target: Target) => ('room' in target ? `room:${target.room}` : `contact:${target.contact}`);

function targetOf(row: Row): Target {
  const name = row.conversation.slice(row.conversation.indexOf(':') + 1);
  if (row.conversation.startsWith('contact:')) return { contact: name };
  return row.room_id ? { room: name, roomId: row.room_id } : { room: name };
}

const maxAttempts = 8;
const idleLookMs = 30_000;
const backoffMs = (attempts: number) => Math.min(5 * 60_000, 2_000 * 2 ** (attempts - 1));

export class Outbox {
  #pumping: Promise<number | undefined> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #send: Send | undefined;
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

  /** Queues messages, split to size, in one transaction; returns the ids of the queued parts. */
  enqueue(messages: Outgoing[]): number[] {
    const insert = this.db.prepare(
      'INSERT INTO outbox (conversation, room_id, text, mentions, ref, created_at, image) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const at = this.clock.now().toISOString();
    const ids = write(this.db, () =>
      messages.flatMap((message) =>
        // A picture is one message, never split.
        (message.image ? [message.text] : splitMessage(message.text, this.settings.maxBytes)).map((part) =>
          Number(
            insert.run(
              conversationOf(message.target),
              'roomId' in message.target ? (message.target.roomId ?? null) : null,
              part,
              // A long message's parts each mention the people named in them.
              JSON.stringify((message.mentions ?? []).filter((name) => part.includes(mention(name)))),
              message.ref ?? null,
              at,
              message.image ?? null,
            ).lastInsertRowid,
          ),
        ),
      ),
    );
    this.kick();
    return ids;
  }

  /** Messages not yet sent nor given up, oldest first. */
  pending(): QueuedMessage[] {
    const rows = this.db
      .prepare('SELECT * FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY id')
      .all() as Row[];
    return rows.map((row) => this.#toMessage(row));
  }

  #toMessage(row: Row): QueuedMessage {
    const message: QueuedMessage = { id: row.id, target: targetOf(row), text: row.text, mentions: JSON.parse(row.mentions), attempts: row.attempts };
    return row.image ? { ...message, image: row.image } : message;
  }

  /**
   * Sends every message that is due now by the clock, one at a time; returns how long until the next one is due
   * (undefined when the queue is empty).
   */
  pump(send: Send): Promise<number | undefined> {
    this.#pumping ??= this.#pump(send).finally(() => (this.#pumping = undefined));
    return this.#pumping;
  }

  async #pump(send: Send): Promise<number | undefined> {
    const heads = this.db.prepare(`SELECT o.* FROM outbox o
      WHERE o.id IN (SELECT min(id) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL GROUP BY conversation)
      ORDER BY o.id`);
    const paceOf = this.db.prepare('SELECT next_at FROM outbox_pace WHERE conversation = ?').pluck();
    // The send that has to leave the one-minute window before another may go: the perMinute-th most recent.
    const limiting = this.db
      .prepare('SELECT sent_at FROM outbox WHERE sent_at > ? ORDER BY sent_at DESC LIMIT 1 OFFSET ?')
      .pluck();
    for (;;) {
      const now = this.clock.now();
      const oldest = limiting.get(new Date(now.getTime() - 60_000).toISOString(), this.settings.perMinute - 1) as string | undefined;
      const rateFreeAt = oldest ? new Date(oldest).getTime() + 60_000 : 0;
      let next: number | undefined;
      let due: Row | undefined;
      for (const row of heads.all() as Row[]) {
        const pace = paceOf.get(row.conversation) as string | undefined;
        const at = Math.max(
          pace ? new Date(pace).getTime() : 0,
          row.next_attempt_at ? new Date(row.next_attempt_at).getTime() : 0,
          rateFreeAt,
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
        this.db.prepare('UPDATE outbox SET attempts = ?, last_error = ?, failed_at = ? WHERE id = ?').run(attempts, message, now.toISOString(), row.id);
        this.log.error({ outboxId: row.id, conversation: row.conversation, attempts, error: message }, '消息多次发送失败，已放弃 / giving up on a message after repeated send failures');
        return;
      }
      const retryAt = new Date(now.getTime() + backoffMs(attempts)).toISOString();
      this.db.prepare('UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?').run(attempts, message, retryAt, row.id);
      this.log.warn({ outboxId: row.id, conversation: row.conversation, attempts, retryAt, error: message }, '消息发送失败，稍后重试 / send failed, will retry');
      return;
    }
    const now = this.clock.now();
    const gap = this.settings.gapMs + Math.floor(this.random() * this.settings.jitterMs);
    write(this.db, () => {
      this.db.prepare('UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ?').run(now.toISOString(), row.id);
      this.db
        .prepare('INSERT INTO outbox_pace (conversation, next_at) VALUES (?, ?) ON CONFLICT (conversation) DO UPDATE SET next_at = excluded.next_at')
        .run(row.conversation, new Date(now.getTime() + gap).toISOString());
    });
    this.log.debug({ outboxId: row.id, conversation: row.conversation }, 'sent');
  }

  /** Runs the queue on real timers until `stop()`: what `serve` and the demo do. */
  start(send: Send): void {
    this.#send = send;
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
          wait = await this.pump(send);
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
