/**
 * WeCom (企业微信 / 政务微信) through its 智能机器人 (AI bot) on the official SDK's WebSocket long connection: no
 * public address needed. The bot hears what @-mentions it in a group and what is said to it in a single chat; it
 * sends on its own to a group by `chatid` (markdown, or a template card whose buttons come back as events). It cannot
 * @ anyone: where a group has a 消息推送 robot's key, a message that mentions people goes through that webhook with
 * their user ids in `mentioned_list`. Groups and people are known by their stable ids (`chatid`, `userid`).
 */
import { WSClient } from '@wecom/aibot-node-sdk';
import type { Capabilities, Sending, Transport, TransportEvents } from '../../chat/transport.ts';
import type { Clock } from '../../clock.ts';
import { UserError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { type Button, type Incoming, mentionSeparator, personKey, userIdIn } from '../../message.ts';

export interface WecomSettings {
  botId: string;
  secret: string;
  /** The long connection's address: WeCom's by default, a private deployment's (政务微信), or a fake in tests. */
  wsUrl?: string;
  /** The 消息推送 webhook's address, `key` appended: WeCom's by default. */
  webhookUrl: string;
}

export interface WecomOptions {
  settings: WecomSettings;
  clock: Clock;
  log: Logger;
  /** The bot's name people @ (`@督办`), to recognise it in the text. */
  botName: string;
  /** The 消息推送 robot key bound to a group (by room key), if any. */
  webhookKeyOf: (room: string) => string | undefined;
  maxBytes: number;
  /** The back-off between connection attempts: doubles from `firstMs` (WeCom's SDK caps it at 30 s). */
  retry?: { firstMs: number };
}

/** A button's key carries what it stands for, the proposal it answers and whom it is for: `确认|42|zhangsan`. */
const buttonKey = (button: Button) => `${button.text}|${button.proposal ?? ''}|${button.for ?? ''}`;

/** A pressed key as the press it was (a card from before keys named their proposal: `确认|zhangsan`). */
function readKey(key: string): { text: string; press: NonNullable<Incoming['press']> } {
  const [text = '', ...rest] = key.split('|');
  const forName = rest.at(-1) || undefined;
  const proposal = rest.length === 2 && rest[0] ? Number(rest[0]) : undefined;
  return { text, press: { ...(forName ? { for: forName } : {}), ...(proposal ? { proposal } : {}) } };
}

const defaultWebhook = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send';
export const wecomWebhookUrl = defaultWebhook;

interface Body {
  msgid: string;
  chatid?: string;
  chattype?: 'single' | 'group';
  from?: { userid: string };
  create_time?: number;
  msgtype: string;
  text?: { content: string };
  voice?: { content: string };
  image?: { url: string; aeskey?: string };
  file?: { url: string; aeskey?: string };
  mixed?: { msg_item: { msgtype: string; text?: { content: string } }[] };
  quote?: { msgtype: string; text?: { content: string }; voice?: { content: string } };
  event?: { eventtype: string; event_key?: string; task_id?: string };
}

export class WecomTransport implements Transport {
  readonly channel = 'wecom';
  readonly capabilities: Capabilities;
  readonly #client: WSClient;
  #events: TransportEvents | undefined;
  #online = false;
  #stopped = false;

  constructor(private readonly options: WecomOptions) {
    this.capabilities = {
      // Only through a group's 消息推送 robot; the AI bot itself cannot @.
      realMentions: true,
      markdown: true,
      images: false,
      cards: true,
      // WeCom takes 4096 bytes of markdown; the outbox's own limit is kept under that.
      maxBytes: Math.min(options.maxBytes, 4096),
      // The 消息推送 robot's limit, the strictest of WeCom's.
      perMinute: 20,
      groupsBy: 'id',
      peopleBy: 'id',
    };
    const { settings } = options;
    this.#client = new WSClient({
      botId: settings.botId,
      secret: settings.secret,
      ...(settings.wsUrl ? { wsUrl: settings.wsUrl } : {}),
      reconnectInterval: options.retry?.firstMs ?? 1_000,
      maxReconnectAttempts: -1,
      // A rejected secret is not retried: `serve` stops and says which setting to fix.
      maxAuthFailureAttempts: 0,
      logger: quietLogger(options.log),
    });
  }

  /** Resolves once authenticated; rejects, naming WECOM_BOT_SECRET, when WeCom refuses the bot's id and secret. */
  start(events: TransportEvents): Promise<void> {
    this.#events = events;
    const { log } = this.options;
    const client = this.#client;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      client.on('authenticated', () => {
        this.#online = true;
        log.info('已连接企业微信 / connected to WeCom');
        events.online();
        if (!settled) (settled = true), resolve();
      });
      client.on('disconnected', (reason) => {
        if (this.#online) log.warn({ reason }, '企业微信连接断开 / WeCom connection lost');
        this.#online = false;
        events.offline();
      });
      client.on('reconnecting', (attempt) => {
        const wait = Math.min((this.options.retry?.firstMs ?? 1_000) * 2 ** (attempt - 1), 30_000);
        log.warn({ attempt, retryInMs: wait }, `无法连接企业微信，${Math.max(1, Math.round(wait / 1000))} 秒后重试 / cannot reach WeCom, retrying`);
      });
      client.on('error', (error) => {
        const message = String(error?.message ?? error);
        if (/Authentication failed|auth failure/i.test(message)) {
          const refused = new UserError(
            `企业微信拒绝了机器人的 Bot ID 或 Secret，请检查 WECOM_BOT_ID 和 WECOM_BOT_SECRET（${message}）`,
            `WeCom refused the bot's id or secret: check WECOM_BOT_ID and WECOM_BOT_SECRET (${message})`,
          );
          log.fatal({ error: message }, '企业微信认证失败 / WeCom authentication failed: check WECOM_BOT_SECRET');
          this.#client.disconnect();
          if (!settled) (settled = true), reject(refused);
          return;
        }
        log.debug({ error: message }, 'WeCom connection error');
      });
      client.on('message', (frame) => {
        const incoming = this.#toIncoming(frame.body as Body);
        if (incoming) events.deliver(incoming);
      });
      client.on('event.template_card_event', (frame) => {
        const incoming = this.#press(frame.body as Body);
        if (incoming) events.deliver(incoming);
      });
      client.connect();
    });
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#online = false;
    this.#client.removeAllListeners();
    this.#client.disconnect();
  }

  #base(body: Body): Omit<Incoming, 'text' | 'kind'> | undefined {
    const userId = body.from?.userid;
    if (!userId) return undefined;
    const group = body.chattype === 'group' && body.chatid ? body.chatid : undefined;
    return {
      id: body.msgid,
      channel: 'wecom',
      room: group ? { channel: 'wecom', id: group, name: group } : undefined,
      // The callbacks carry the user id only: it is the name duban knows a WeCom person by.
      from: { id: userId, userId, key: personKey('wecom', userId), name: userId },
      at: body.create_time ? new Date(body.create_time * 1000) : this.options.clock.now(),
      self: false,
      // The bot hears a group message only when it is @-mentioned.
      mentionsBot: group !== undefined,
      botNames: [this.options.botName],
    };
  }

  #toIncoming(body: Body): Incoming | undefined {
    const base = this.#base(body);
    if (!base) return undefined;
    const quoted = body.quote?.text?.content ?? body.quote?.voice?.content;
    const quote = quoted ? { quote: { author: '', text: quoted } } : {};
    switch (body.msgtype) {
      case 'text':
        return { ...base, ...quote, kind: 'text', text: body.text?.content ?? '' };
      case 'voice':
        // WeCom transcribes voice itself: the words are read as if typed.
        return { ...base, ...quote, kind: 'text', text: body.voice?.content ?? '' };
      case 'mixed': {
        const text = (body.mixed?.msg_item ?? []).flatMap((item) => (item.text ? [item.text.content] : [])).join('\n');
        return { ...base, ...quote, kind: 'text', text };
      }
      case 'image':
      case 'file': {
        const media = body.msgtype === 'image' ? body.image : body.file;
        if (!media) return undefined;
        return {
          ...base,
          kind: body.msgtype,
          text: '',
          file: async () => {
            const { buffer, filename } = await this.#client.downloadFile(media.url, media.aeskey);
            return { name: filename ?? (body.msgtype === 'image' ? `${body.msgid}.jpg` : body.msgid), data: buffer };
          },
        };
      }
      default:
        return { ...base, kind: 'other', text: '' };
    }
  }

  /** A card's button pressed: a message from the presser saying what the button says. */
  #press(body: Body): Incoming | undefined {
    const base = this.#base(body);
    const key = body.event?.event_key;
    if (!base || !key) return undefined;
    const { text, press } = readKey(key);
    return { ...base, mentionsBot: true, kind: 'text', text, press };
  }

  #chatOf(message: Sending): string {
    const { target } = message;
    if ('contact' in target) return userIdIn('wecom', target.contact) ?? target.contact;
    return target.roomId ?? target.room.replace(/^wecom:/, '');
  }

  readonly sendText = async (message: Sending): Promise<void> => {
    const key = 'room' in message.target ? this.options.webhookKeyOf(message.target.room) : undefined;
    const userIds = message.mentions.map((one) => one.userId ?? one.name);
    if (key && userIds.length) return this.#webhook(key, plain(message.text), userIds);
    await this.#send(this.#chatOf(message), { msgtype: 'markdown', markdown: { content: plain(message.text) } });
  };

  readonly sendMarkdown = this.sendText;

  readonly sendCard = async (message: Sending & { buttons: Button[] }): Promise<void> => {
    const [title = '', ...rest] = plain(message.text).split('\n');
    await this.#send(this.#chatOf(message), {
      msgtype: 'template_card',
      template_card: {
        card_type: 'button_interaction',
        main_title: { title: title.slice(0, 26), desc: title.slice(26) || undefined },
        sub_title_text: rest.join('\n'),
        button_list: message.buttons.map((button, index) => ({ text: button.text, style: index === 0 ? 1 : 2, key: buttonKey(button) })),
        // Unique per bot, the same on a retry of the same message.
        task_id: `duban_${message.id}`,
      },
    });
  };

  async #send(chatid: string, body: Parameters<WSClient['sendMessage']>[1]): Promise<void> {
    if (!this.#online) throw new Error('not connected to WeCom');
    const ack = await this.#client.sendMessage(chatid, body).catch((error: unknown) => {
      const frame = error as { errcode?: number; errmsg?: string; message?: string };
      throw new Error(frame.message ?? `WeCom refused the message: ${frame.errcode} ${frame.errmsg}`);
    });
    if (ack.errcode) throw new Error(`WeCom refused the message: ${ack.errcode} ${ack.errmsg}`);
  }

  async #webhook(key: string, content: string, userIds: string[]): Promise<void> {
    const url = `${this.options.settings.webhookUrl}?key=${encodeURIComponent(key)}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'text', text: { content, mentioned_list: userIds } }),
    });
    const result = (await response.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
    if (!response.ok || result.errcode !== 0) throw new Error(`消息推送 webhook refused the message: ${response.status} ${result.errcode} ${result.errmsg}`);
  }
}

/** WeCom shows `@name` followed by U+2005 as it is: a plain space reads better. */
const plain = (text: string) => text.replaceAll(mentionSeparator, ' ');

/** The SDK logs every frame at info: kept at debug in duban's log, its errors as warnings. */
function quietLogger(log: Logger) {
  const line = (level: 'debug' | 'warn') => (message: string, ...args: unknown[]) => log[level]({ sdk: 'wecom', args: args.map(String) }, message);
  return { debug: line('debug'), info: line('debug'), warn: line('debug'), error: line('debug') };
}
