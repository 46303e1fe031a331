/**
 * What a channel adapter (`src/channels/<name>/`) is to the rest of duban. The runtime starts each configured
 * transport with the callbacks below; the transport turns the platform's messages into `Incoming`s, and sends what
 * the outbox hands it. Everything else (filtering, understanding, pacing, splitting, retries) is duban's, the same
 * on every channel: a transport never retries a send itself, and never answers a message itself.
 */
import type { Button, ChannelName, Incoming, Target } from '../message.ts';

export interface Capabilities {
  /** A mention in a sent message notifies the person (a real @); otherwise `@name` is only text. */
  realMentions: boolean;
  /** It can send markdown (`sendMarkdown`). */
  markdown: boolean;
  /** It can send a picture (`sendImage`). */
  images: boolean;
  /** It can send a card with buttons (`sendCard`) whose press comes back as a message (`Incoming`). */
  cards: boolean;
  /** The longest text it takes in one message, in UTF-8 bytes: the outbox splits longer ones at line boundaries. */
  maxBytes: number;
  /** At most this many messages a minute on this channel, all groups together (the outbox keeps to it). */
  perMinute: number;
  /**
   * How a group is identified: `id`, the platform's stable id (WeCom `chatid`, DingTalk `conversationId`, Feishu
   * `chat_id`), or `name`, its topic, found again after every login (the web protocol's ids change).
   */
  groupsBy: 'id' | 'name';
  /**
   * How a person is identified: `id`, a user id that stays theirs (`Incoming.from.key`), or `name` (the web protocol,
   * whose contact ids change at every login), where rights rest on the bot's remark for them alone.
   */
  peopleBy: 'id' | 'name';
}

/** What the transport tells the runtime. */
export interface TransportEvents {
  /**
   * A message arrived (including the bot's own, where the platform hands them back: `self` says so); a promise where
   * the transport is still fetching its details (names, aliases). Delivered as they come, also twice: duban drops
   * duplicates by `Incoming.id`.
   */
  deliver(incoming: Incoming | Promise<Incoming>): void;
  /** Connected and logged in: messages may be sent now. */
  online(): void;
  /** Connection lost or logged out: sends wait until `online` again. */
  offline(): void;
  /** Something only the admins can fix (two groups share a bound name, say): told to them by direct message. */
  alertAdmins(text: string): void;
  /** The room keys bound on this channel: a transport that finds groups by name looks them up after a login. */
  boundRooms(): string[];
}

/** One message part the outbox sends: already split to `maxBytes`, paced and in order. */
export interface Sending {
  /** The outbox's id for this part: stable across retries, usable as an idempotency key. */
  id: number;
  target: Target;
  text: string;
  /** Names @-mentioned in `text` (as `mention(name)`), with the person's platform user id where duban knows it. */
  mentions: { name: string; userId?: string }[];
  /**
   * Buttons to show with the text (`sendCard`, where `capabilities.cards`). A press comes back as a message from the
   * presser whose text is the button's (`确认`, `取消`). Without cards the text alone says what to type.
   */
  buttons?: Button[];
}

export interface Transport {
  readonly channel: ChannelName;
  readonly capabilities: Capabilities;
  /**
   * Connects, and stays connected until `stop()`: a dropped connection is retried with back-off, one log line per
   * attempt. Rejects only for what retrying cannot fix (missing or rejected settings), with a `UserError` naming the
   * setting.
   */
  start(events: TransportEvents): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once the platform has taken the message; throws when it cannot go now (the outbox retries later). */
  sendText(message: Sending): Promise<void>;
  /** Where `capabilities.markdown`. */
  sendMarkdown?(message: Sending): Promise<void>;
  /** Where `capabilities.images`. */
  sendImage?(target: Target, image: { name: string; data: Buffer }): Promise<void>;
  /** Where `capabilities.cards`: the text with its buttons. */
  sendCard?(message: Sending & { buttons: Button[] }): Promise<void>;
}
