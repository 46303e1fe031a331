/**
 * DingTalk behind duban's `Transport`: the robot's messages come over the Stream (no public address), replies and
 * notices go out through the OpenAPI. A message answering someone who just spoke goes through their message's
 * `sessionWebhook`, which @-mentions by userid; a proactive one that mentions people is a standard interactive card
 * (its `atUserListJson` is a real @); one without mentions a plain robot group message. With a card template set
 * (`DINGTALK_CARD_TEMPLATE_ID`), 确认/取消 come as buttons whose presses return over the Stream as if typed.
 */
import type { Capabilities, Sending, Transport, TransportEvents } from '../../chat/transport.ts';
import type { Clock } from '../../clock.ts';
import type { PeopleBook } from '../../ledger/people.ts';
import type { Logger } from '../../log.ts';
import { type Target, mention, userIdIn } from '../../message.ts';
import { DingTalkApi } from './api.ts';
import { type CardPress, type RobotMessage, buttonIds, cardTrackId, mentionedPeople, pressToIncoming, toIncoming } from './incoming.ts';
import { DingTalkStream } from './stream.ts';

export interface DingTalkSettings {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  apiBase: string;
  /** A card template with 确认/取消 buttons (action ids `confirm`, `cancel`) and a `content` text variable. */
  cardTemplateId?: string;
  perMinute: number;
  maxBytes: number;
}

export interface DingTalkOptions {
  settings: DingTalkSettings;
  clock: Clock;
  log: Logger;
  /** Userids and names, learned from messages and kept: a card press carries only the userid, a notice only names. */
  people: PeopleBook;
  retry?: { firstMs: number; maxMs: number };
}

/** A session webhook is good for about 90 minutes; one about to expire is not used. */
const webhookMarginMs = 5 * 60_000;

export class DingTalkTransport implements Transport {
  readonly channel = 'dingtalk';
  readonly capabilities: Capabilities;
  readonly #api: DingTalkApi;
  #stream: DingTalkStream | undefined;
  #events: TransportEvents | undefined;
  /** The latest session webhook of each conversation, and until when it holds. */
  readonly #webhooks = new Map<string, { url: string; until: number }>();

  constructor(private readonly options: DingTalkOptions) {
    const { settings, clock } = options;
    this.#api = new DingTalkApi(settings, () => clock.now().getTime());
    this.capabilities = {
      realMentions: true,
      markdown: false,
      images: false,
      cards: Boolean(settings.cardTemplateId),
      maxBytes: settings.maxBytes,
      perMinute: settings.perMinute,
      groupsBy: 'id',
      peopleBy: 'id',
    };
  }

  get connected(): boolean {
    return this.#stream?.connected ?? false;
  }

  /** Checks the credentials (a refusal names the settings), then opens the stream and keeps it open. */
  async start(events: TransportEvents): Promise<void> {
    this.#events = events;
    const { settings, log, retry } = this.options;
    await this.#api.token();
    let online = false;
    this.#stream = new DingTalkStream({
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      apiBase: settings.apiBase,
      log,
      ...(retry ? { retry } : {}),
      onMessage: async (frame) => this.#message(JSON.parse(frame.data) as RobotMessage),
      onCard: async (frame) => this.#press(JSON.parse(frame.data) as CardPress),
      onConnected: () => {
        online = true;
        events.online();
      },
      onDropped: () => events.offline(),
    });
    await this.#stream.start();
    if (!online) events.offline();
  }

  async stop(): Promise<void> {
    this.#stream?.stop();
    this.#events?.offline();
  }

  async #message(message: RobotMessage): Promise<unknown> {
    const incoming = toIncoming(message, (code) => this.#api.download(code));
    const key = message.conversationType === '2' ? message.conversationId : `user:${incoming.from.userId}`;
    const known = this.#webhooks.get(key);
    if (!known || known.until < message.sessionWebhookExpiredTime) this.#webhooks.set(key, { url: message.sessionWebhook, until: message.sessionWebhookExpiredTime });
    for (const person of [{ userId: incoming.from.userId!, name: incoming.from.name }, ...mentionedPeople(message)]) this.options.people.remember(person);
    this.#events?.deliver(incoming);
    return {};
  }

  async #press(press: CardPress): Promise<unknown> {
    const incoming = pressToIncoming(press, this.options.clock.now(), (userId) => this.options.people.nameOf(userId));
    if (incoming) this.#events?.deliver(incoming);
    return {};
  }

  #webhook(key: string): string | undefined {
    const known = this.#webhooks.get(key);
    return known && known.until - webhookMarginMs > this.options.clock.now().getTime() ? known.url : undefined;
  }

  /** The text with each mentioned person's `@name` written as `@userid`, which DingTalk shows as the real @. */
  #withUserIds(message: Sending): { text: string; at: { userId: string; nickName: string }[] } {
    let text = message.text;
    const at: { userId: string; nickName: string }[] = [];
    for (const { name, userId } of message.mentions) {
      const id = userId ?? this.options.people.userIdOf(name);
      if (!id) continue;
      text = text.split(mention(name)).join(`@${id} `);
      at.push({ userId: id, nickName: name });
    }
    return { text, at };
  }

  readonly sendText = async (message: Sending): Promise<void> => {
    const { target } = message;
    const { text, at } = this.#withUserIds(message);
    const markdown = { title: '督办', text };
    if ('contact' in target) {
      const userId = userIdIn('dingtalk', target.contact) ?? this.options.people.userIdOf(target.contact);
      if (!userId) throw new Error(`DingTalk userid of ${target.contact} not known yet: they have not spoken to the robot`);
      const webhook = this.#webhook(`user:${userId}`);
      if (webhook) return this.#api.replyBySession(webhook, markdown, []);
      return this.#api.sendToPerson(userId, markdown);
    }
    const conversationId = conversationOf(target);
    const webhook = this.#webhook(conversationId);
    if (webhook) return this.#api.replyBySession(webhook, markdown, at.map((person) => person.userId));
    if (at.length) return this.#api.sendCardToGroup(conversationId, `duban.${message.id}`, '督办', text, at);
    return this.#api.sendToGroup(conversationId, markdown);
  };

  readonly sendCard = async (message: Sending & { buttons: { text: string }[] }): Promise<void> => {
    const templateId = this.options.settings.cardTemplateId;
    const buttons = message.buttons.filter((button) => buttonIds[button.text]);
    if (!templateId || !buttons.length || 'contact' in message.target) return this.sendText(message);
    const conversationId = conversationOf(message.target);
    const { text, at } = this.#withUserIds(message);
    await this.#api.sendButtonCard(
      conversationId,
      templateId,
      cardTrackId(message.id, conversationId, buttons[0]!.proposal),
      text,
      buttons.map((button) => ({ id: buttonIds[button.text]!, label: button.text })),
      Object.fromEntries(at.map((person) => [person.userId, person.nickName])),
    );
  };
}

/** A group's conversationId: the target's own, or from its room key `dingtalk:<conversationId>`. */
function conversationOf(target: Extract<Target, { room: string }>): string {
  return target.roomId ?? target.room.replace(/^dingtalk:/, '');
}
