/**
 * Feishu behind duban's `Transport`: messages and card button presses come over the long connection (no public
 * address), everything goes out through the IM API. Groups are their `chat_id`, people their `open_id`; the event
 * carries ids only, so names come from the chat's member list. Mentions are real: `<at user_id>` in text, `<at id>`
 * in a card; 确认/取消 are an interactive card's buttons, a press coming back as the words typed by the presser.
 */
import type { Capabilities, Sending, Transport, TransportEvents } from '../../chat/transport.ts';
import type { Clock } from '../../clock.ts';
import { UserError } from '../../errors.ts';
import type { PeopleBook } from '../../ledger/people.ts';
import type { Logger } from '../../log.ts';
import { type Incoming, type Target, mention, personKey, userIdIn } from '../../message.ts';
import { type FeishuCredentials, FeishuApi, cardContent, textContent } from './api.ts';
import { type FeishuCardAction, FeishuConnection, type FeishuMessageEvent, sdkLogger } from './connection.ts';

export interface FeishuSettings extends FeishuCredentials {
  perMinute: number;
  maxBytes: number;
}

export interface FeishuOptions {
  settings: FeishuSettings;
  clock: Clock;
  log: Logger;
  /** open_ids and names, learned from messages and kept: a notice names people, a direct message needs the id. */
  people: PeopleBook;
}

/** How long `start` waits for the first connection before going on while the SDK keeps trying. */
const firstConnectWaitMs = 15_000;

const kinds: Record<string, Incoming['kind']> = { text: 'text', post: 'text', image: 'image', file: 'file' };

export class FeishuTransport implements Transport {
  readonly channel = 'feishu';
  readonly capabilities: Capabilities;
  readonly #api: FeishuApi;
  #connection: FeishuConnection | undefined;
  #events: TransportEvents | undefined;
  #botOpenId = '';
  readonly #chatNames = new Map<string, string>();

  constructor(private readonly options: FeishuOptions) {
    this.#api = new FeishuApi(options.settings, sdkLogger(options.log));
    this.capabilities = {
      realMentions: true,
      markdown: false,
      images: false,
      cards: true,
      maxBytes: options.settings.maxBytes,
      perMinute: options.settings.perMinute,
      groupsBy: 'id',
      peopleBy: 'id',
    };
  }

  get connected(): boolean {
    return this.#connection?.connected ?? false;
  }

  /** Checks the credentials (a refusal names the setting), learns the bot's open_id, opens the long connection. */
  async start(events: TransportEvents): Promise<void> {
    this.#events = events;
    await this.#api.checkCredentials();
    this.#botOpenId = await this.#api.botOpenId();
    // The SDK connects in the background: start waits for the first outcome, or a while, not for ever.
    let settle: { ready(): void; refused(error: Error): void } | undefined;
    const outcome = new Promise<void>((resolve, reject) => {
      settle = { ready: resolve, refused: reject };
      setTimeout(resolve, firstConnectWaitMs).unref();
    });
    this.#connection = new FeishuConnection({
      credentials: this.options.settings,
      log: this.options.log,
      onMessage: (event) => this.#message(event),
      onCardAction: (event) => this.#press(event),
      onReady: () => {
        events.online();
        settle?.ready();
      },
      onFatal: (error) => {
        events.offline();
        settle?.refused(
          new UserError(
            `飞书拒绝了长连接（${error.message}），请检查 FEISHU_APP_ID、FEISHU_APP_SECRET，并在开发者后台“事件与回调”里选择“使用长连接接收事件”`,
            `Feishu refused the long connection (${error.message}): check FEISHU_APP_ID / FEISHU_APP_SECRET and choose the long connection under Events and Callbacks`,
          ),
        );
      },
    });
    await this.#connection.start();
    try {
      await outcome;
    } catch (error) {
      this.#connection.stop();
      throw error;
    } finally {
      settle = undefined;
    }
  }

  async stop(): Promise<void> {
    this.#connection?.stop();
    this.#events?.offline();
  }

  async #chatName(chatId: string): Promise<string> {
    if (!this.#chatNames.has(chatId)) this.#chatNames.set(chatId, await this.#api.chatName(chatId).catch(() => chatId));
    return this.#chatNames.get(chatId)!;
  }

  async #person(chatId: string, openId: string): Promise<Incoming['from']> {
    const name = (await this.#api.memberName(chatId, openId).catch(() => undefined)) || openId;
    this.options.people.remember({ userId: openId, name });
    return { id: openId, userId: openId, key: personKey('feishu', openId), name };
  }

  /** Delivered once its details are known; a failure here makes the platform deliver it again. */
  async #message(event: FeishuMessageEvent): Promise<void> {
    const { message, sender } = event;
    const openId = sender.sender_id?.open_id ?? '';
    const group = message.chat_type === 'group';
    const [from, name] = await Promise.all([this.#person(message.chat_id, openId), group ? this.#chatName(message.chat_id) : undefined]);
    const content = JSON.parse(message.content) as { text?: string; image_key?: string; file_key?: string; file_name?: string };
    let text = content.text ?? '';
    let mentionsBot = !group;
    for (const m of message.mentions ?? []) {
      if (m.id.open_id === this.#botOpenId) mentionsBot = true;
      // An admin's `授权 @李四` says who 李四 is: the grant goes to that open_id.
      else if (m.id.open_id) this.options.people.remember({ userId: m.id.open_id, name: m.name });
      text = text.split(m.key).join(m.id.open_id === this.#botOpenId ? '' : `@${m.name}`);
    }
    const resource = content.image_key ? { key: content.image_key, type: 'image' as const, name: `${message.message_id}.png` } : content.file_key ? { key: content.file_key, type: 'file' as const, name: content.file_name ?? message.message_id } : undefined;
    this.#events?.deliver({
      id: message.message_id,
      channel: 'feishu',
      ...(group ? { room: { channel: 'feishu', id: message.chat_id, name: name! } } : {}),
      from,
      text: text.trim(),
      kind: kinds[message.message_type] ?? 'other',
      at: new Date(Number(message.create_time)),
      self: sender.sender_type === 'app',
      mentionsBot,
      botNames: [],
      ...(resource ? { file: async () => ({ name: resource.name, data: await this.#api.resource(message.message_id, resource.key, resource.type) }) } : {}),
    });
  }

  /** A button press is the presser typing its words in the card's chat; the toast says only that it was heard. */
  async #press(event: FeishuCardAction): Promise<object> {
    const { text, for: forName, proposal } = event.action.value;
    const chatId = event.context.open_chat_id;
    if (!text) return {};
    const [from, name] = await Promise.all([this.#person(chatId, event.operator.open_id), this.#chatName(chatId)]);
    this.#events?.deliver({
      // Pressing the same button twice is one answer.
      id: `card:${event.context.open_message_id}:${event.operator.open_id}:${text}`,
      channel: 'feishu',
      room: { channel: 'feishu', id: chatId, name },
      from,
      text,
      kind: 'text',
      at: this.options.clock.now(),
      self: false,
      mentionsBot: true,
      botNames: [],
      press: { ...(forName ? { for: forName } : {}), ...(proposal ? { proposal: Number(proposal) } : {}) },
    });
    return { toast: { type: 'info', content: `已发送「${text}」，结果见群消息` } };
  }

  #mentions(message: Sending): { openId: string; name: string }[] {
    return message.mentions.flatMap(({ name, userId }) => {
      const openId = userId ?? this.options.people.userIdOf(name);
      return openId ? [{ openId, name }] : [];
    });
  }

  /** The neutral `@name` + U+2005 as `@name`, which the content builders turn into real mentions. */
  #plain(message: Sending): string {
    return message.mentions.reduce((text, { name }) => text.split(mention(name)).join(`@${name} `), message.text);
  }

  readonly sendText = async (message: Sending): Promise<void> => {
    const { target } = message;
    if ('contact' in target) {
      const openId = userIdIn('feishu', target.contact) ?? this.options.people.userIdOf(target.contact);
      if (!openId) throw new Error(`Feishu open_id of ${target.contact} not known yet: they have not spoken where the bot is`);
      return this.#api.sendToPerson(openId, message.text);
    }
    await this.#api.send(chatOf(target), { msgType: 'text', content: textContent(this.#plain(message), this.#mentions(message)) });
  };

  readonly sendCard = async (message: Sending & { buttons: { text: string }[] }): Promise<void> => {
    if ('contact' in message.target) return this.sendText(message);
    // The value comes back with a press: whom the buttons are for and the proposal they answer.
    const buttons = message.buttons.map((button, i) => ({
      text: button.text,
      value: { text: button.text, ...(button.for ? { for: button.for } : {}), ...(button.proposal ? { proposal: String(button.proposal) } : {}) },
      primary: i === 0,
    }));
    await this.#api.send(chatOf(message.target), { msgType: 'interactive', content: cardContent('督办', this.#plain(message), this.#mentions(message), buttons) });
  };
}

/** A group's chat_id: the target's own, or from its room key `feishu:<chat_id>`. */
function chatOf(target: Extract<Target, { room: string }>): string {
  return target.roomId ?? target.room.replace(/^feishu:/, '');
}
