/**
 * A fake WeCom on 127.0.0.1: the AI bot's long connection speaking the frames the official SDK speaks, and the
 * 消息推送 robot's webhook. The client subscribes (`aibot_subscribe` with bot_id and secret) and is acked, or
 * refused with an errcode; it pings (`ping`) and is acked; the test pushes message and event callbacks
 * (`aibot_msg_callback`, `aibot_event_callback`); what the bot sends on its own (`aibot_send_msg`) is recorded and acked.
 */
import { randomUUID } from 'node:crypto';
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
  chatid: string;
  msgtype: string;
  /** The markdown's content, or the card's title and text. */
  text: string;
  card?: { task_id: string; buttons: { text: string; key: string }[] };
}

export class FakeWecom {
  readonly platform: FakePlatform;
  /** Every frame a client sent, in order. */
  readonly frames: Frame[] = [];
  readonly sent: Sent[] = [];
  /** What the 消息推送 webhook was given: its key, the text and whom it @-mentions. */
  readonly pushed: { key: string; content: string; mentioned: string[] }[] = [];
  #socket: WebSocket | undefined;
  subscriptions = 0;

  constructor(
    readonly bot: { botId: string; secret: string },
    readonly aibotId = 'aib-duban',
  ) {
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

  get connected(): boolean {
    return this.#socket !== undefined;
  }

  #accept(socket: WebSocket): void {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      this.frames.push(frame);
      this.#answer(socket, frame);
      this.platform.changed();
    });
    socket.on('close', () => {
      if (this.#socket === socket) this.#socket = undefined;
      this.platform.changed();
    });
  }

  #answer(socket: WebSocket, frame: Frame): void {
    const ack = (errcode = 0, errmsg = 'ok') => socket.send(JSON.stringify({ headers: frame.headers, errcode, errmsg }));
    switch (frame.cmd) {
      case 'aibot_subscribe': {
        const { bot_id, secret } = frame.body as { bot_id: string; secret: string };
        if (bot_id !== this.bot.botId || secret !== this.bot.secret) return ack(40058, 'invalid bot_id or secret');
        this.subscriptions++;
        this.#socket = socket;
        return ack();
      }
      case 'ping':
        return ack();
      case 'aibot_send_msg': {
        const body = frame.body as { chatid: string; msgtype: string; markdown?: { content: string }; template_card?: any };
        const card = body.template_card;
        this.sent.push({
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

  #push(cmd: string, body: object): void {
    if (!this.#socket) throw new Error('no WeCom client is subscribed');
    this.#socket.send(JSON.stringify({ cmd, headers: { req_id: randomUUID() }, body }));
  }

  /** A person says `text` in a group (by chatid; @ the bot first, as WeCom delivers only those) or, without one, to the bot. */
  say(userid: string, text: string, options: { chatid?: string; msgid?: string; at?: Date } = {}): string {
    const msgid = options.msgid ?? randomUUID();
    this.#push('aibot_msg_callback', {
      msgid,
      aibotid: this.aibotId,
      ...(options.chatid ? { chatid: options.chatid, chattype: 'group' } : { chattype: 'single' }),
      from: { userid },
      create_time: Math.floor((options.at ?? new Date()).getTime() / 1000),
      msgtype: 'text',
      text: { content: text },
    });
    return msgid;
  }

  /** A person presses a card's button. */
  press(userid: string, chatid: string, taskId: string, key: string, at = new Date()): string {
    const msgid = randomUUID();
    this.#push('aibot_event_callback', {
      msgid,
      aibotid: this.aibotId,
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
    this.#socket?.terminate();
    this.#socket = undefined;
  }

  until<T>(check: () => T | undefined | false, ms = 10_000, what = 'the fake WeCom'): Promise<T> {
    return this.platform.until(check, ms, what);
  }

  close(): Promise<void> {
    return this.platform.close();
  }
}
