/**
 * A fake WeCom on 127.0.0.1: the AI bot's long connection speaking the frames the official SDK speaks, and the
 * 消息推送 robot's webhook. The client subscribes (`aibot_subscribe` with bot_id and secret) and is acked, or
 * refused with an errcode; it pings (`ping`) and is acked; the test pushes message and event callbacks
 * (`aibot_msg_callback`, `aibot_event_callback`); what the bot sends on its own (`aibot_send_msg`) is recorded and acked.
 */
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { FakePlatform } from './fake-platform.ts';

export interface Frame {
  cmd?: string;
  headers: { req_id: string };
  body?: any;
  errcode?: number;
  errmsg?: string;
}

export interface Sent {
  /** The bot that sent it. */
  bot: string;
  chatid: string;
  msgtype: string;
  /** The markdown's content, or the card's title and text. */
  text: string;
  card?: { task_id: string; buttons: { text: string; key: string }[] };
}

interface SayOptions {
  chatid?: string;
  msgid?: string;
  at?: Date;
  bot?: string;
}

export class FakeWecom {
  readonly platform: FakePlatform;
  /** Every frame a client sent, in order. */
  readonly frames: Frame[] = [];
  readonly sent: Sent[] = [];
  /** What the 消息推送 webhook was given: its key, the text and whom it @-mentions. */
  readonly pushed: { key: string; content: string; mentioned: string[] }[] = [];
  /** The subscribed connection of each bot, by bot id. */
  readonly #sockets = new Map<string, WebSocket>();
  readonly #bots: { botId: string; secret: string }[];
  subscriptions = 0;

  /** The bots it knows (their ids and secrets); messages go to the first unless said. */
  constructor(...bots: { botId: string; secret: string }[]) {
    this.#bots = bots;
    this.platform = new FakePlatform((socket) => this.#accept(socket));
    this.platform.route('POST', '/cgi-bin/webhook/send', (request) => {
      const { text } = request.body as { text: { content: string; mentioned_list?: string[] } };
      this.pushed.push({ key: request.query.key ?? '', content: text.content, mentioned: text.mentioned_list ?? [] });
      return { json: { errcode: 0, errmsg: 'ok' } };
    });
  }

  async listen(): Promise<this> {
    await this.platform.listen();
    return this;
  }

  get wsUrl(): string {
    return this.platform.wsUrl;
  }

  get webhookUrl(): string {
    return `${this.platform.url}/cgi-bin/webhook/send`;
  }

  #accept(socket: WebSocket): void {
    let bot = '';
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      this.frames.push(frame);
      if (frame.cmd === 'aibot_subscribe') bot = (frame.body as { bot_id: string }).bot_id;
      this.#answer(socket, bot, frame);
      this.platform.changed();
    });
    socket.on('close', () => {
      if (this.#sockets.get(bot) === socket) this.#sockets.delete(bot);
      this.platform.changed();
    });
  }

  #answer(socket: WebSocket, bot: string, frame: Frame): void {
    const ack = (errcode = 0, errmsg = 'ok') => socket.send(JSON.stringify({ headers: frame.headers, errcode, errmsg }));
    switch (frame.cmd) {
      case 'aibot_subscribe': {
        const { bot_id, secret } = frame.body as { bot_id: string; secret: string };
        if (!this.#bots.some((known) => known.botId === bot_id && known.secret === secret)) return ack(40058, 'invalid bot_id or secret');
        this.subscriptions++;
        this.#sockets.set(bot_id, socket);
        return ack();
      }
      case 'ping':
        return ack();
      case 'aibot_send_msg': {
        const body = frame.body as { chatid: string; msgtype: string; markdown?: { content: string }; template_card?: any };
        const card = body.template_card;
        this.sent.push({
          bot,
          chatid: body.chatid,
          msgtype: body.msgtype,
          text: card ? [card.main_title?.title, card.main_title?.desc, card.sub_title_text].filter(Boolean).join('') : (body.markdown?.content ?? ''),
          ...(card ? { card: { task_id: card.task_id, buttons: card.button_list.map((b: any) => ({ text: b.text, key: b.key })) } } : {}),
        });
        return ack();
      }
      default:
        return ack();
    }
  }

  #push(cmd: string, body: object, bot = this.#bots[0]!.botId): void {
    const socket = this.#sockets.get(bot);
    if (!socket) throw new Error(`WeCom bot ${bot} is not subscribed`);
    socket.send(JSON.stringify({ cmd, headers: { req_id: randomUUID() }, body }));
  }

  /** A person says `text` in a group (by chatid; @ the bot first, as WeCom delivers only those) or, without one, to the bot. */
  say(userid: string, text: string, options: SayOptions & { quote?: string } = {}): string {
    const quote = options.quote === undefined ? {} : { quote: { msgtype: 'text', text: { content: options.quote } } };
    return this.#say(userid, { msgtype: 'text', text: { content: text }, ...quote }, options);
  }

  /** A voice message, which WeCom delivers already transcribed. */
  speak(userid: string, words: string, options: SayOptions = {}): string {
    return this.#say(userid, { msgtype: 'voice', voice: { content: words } }, options);
  }

  /**
   * A picture or file: WeCom keeps it encrypted (AES-256-CBC, IV the key's first 16 bytes, PKCS#7 padded to 32
   * bytes) behind a download URL and gives the bot the URL and the key in the message.
   */
  send(userid: string, kind: 'image' | 'file', file: { name: string; data: Buffer }, options: SayOptions = {}): string {
    const key = randomBytes(32);
    const pad = 32 - (file.data.length % 32);
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const encrypted = Buffer.concat([cipher.update(Buffer.concat([file.data, Buffer.alloc(pad, pad)])), cipher.final()]);
    const path = `/media/${randomUUID()}`;
    this.platform.route('GET', path, () => ({
      bytes: encrypted,
      headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}` },
    }));
    return this.#say(userid, { msgtype: kind, [kind]: { url: `${this.platform.url}${path}`, aeskey: key.toString('base64') } }, options);
  }

  #say(userid: string, content: object, options: SayOptions): string {
    const msgid = options.msgid ?? randomUUID();
    this.#push('aibot_msg_callback', {
      msgid,
      aibotid: `aib-${options.bot ?? this.#bots[0]!.botId}`,
      ...(options.chatid ? { chatid: options.chatid, chattype: 'group' } : { chattype: 'single' }),
      from: { userid },
      create_time: Math.floor((options.at ?? new Date()).getTime() / 1000),
      ...content,
    }, options.bot);
    return msgid;
  }

  /** A person presses a card's button. */
  press(userid: string, chatid: string, taskId: string, key: string, at = new Date()): string {
    const msgid = randomUUID();
    this.#push('aibot_event_callback', {
      msgid,
      aibotid: `aib-${this.#bots[0]!.botId}`,
      chatid,
      chattype: 'group',
      from: { userid },
      create_time: Math.floor(at.getTime() / 1000),
      msgtype: 'event',
      event: { eventtype: 'template_card_event', event_key: key, task_id: taskId },
    });
    return msgid;
  }

  /** The server drops the connection, as WeCom does now and then. */
  drop(): void {
    for (const socket of this.#sockets.values()) socket.terminate();
    this.#sockets.clear();
  }

  until<T>(check: () => T | undefined | false, ms = 10_000, what = 'the fake WeCom'): Promise<T> {
    return this.platform.until(check, ms, what);
  }

  close(): Promise<void> {
    return this.platform.close();
  }
}
