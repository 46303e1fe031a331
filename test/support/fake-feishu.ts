/**
 * A fake Feishu open platform on 127.0.0.1 for the official `@larksuiteoapi/node-sdk`, as its `domain`: the
 * long-connection endpoint call (`POST /callback/ws/endpoint`, which also dictates ping and reconnect intervals), the
 * long connection itself (protobuf `pbbp2.Frame`s: the client's `ping` control frames answered with `pong` and the
 * client config, `event` data frames carrying `im.message.receive_v1` and `card.action.trigger`, each answered by the
 * client with the same frame and a `{code}` payload), the tenant token, the bot's own info, chats and their members,
 * messages created and replied to (text with `<at user_id>`, interactive cards), message resources, and the 5
 * messages a second a group takes (error 230020 beyond). Every request and frame is recorded; `sent` is what the bot
 * made people see.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import protobuf from 'protobufjs';
import type { WebSocket } from 'ws';
import { FakePlatform, type RecordedRequest, pathParams } from './fake-platform.ts';

const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Frame: {
          fields: {
            SeqID: { type: 'uint64', id: 1 },
            LogID: { type: 'uint64', id: 2 },
            service: { type: 'int32', id: 3 },
            method: { type: 'int32', id: 4 },
            headers: { rule: 'repeated', type: 'Header', id: 5 },
            payloadEncoding: { type: 'string', id: 6 },
            payloadType: { type: 'string', id: 7 },
            payload: { type: 'bytes', id: 8 },
            LogIDNew: { type: 'string', id: 9 },
          },
        },
      },
    },
  },
});
const FrameType = root.lookupType('pbbp2.Frame');

export interface WsFrame {
  method: number;
  service: number;
  headers: Record<string, string>;
  /** The payload as JSON, when it is. */
  payload: any;
}

export interface FeishuUser {
  openId: string;
  name: string;
}

export interface FeishuChat {
  chatId: string;
  name: string;
  members: FeishuUser[];
}

export interface FeishuSent {
  chatId: string;
  messageId: string;
  /** The message replied to, when it is a reply. */
  replyTo?: string;
  msgType: string;
  /** The text as people read it, `<at>` tags shown as `@name`. */
  text: string;
  /** open_ids mentioned for real (`<at user_id>` in text, `<at id>` in a card). */
  atOpenIds: string[];
  /** A card's buttons: their text and value. */
  buttons?: { text: string; value: Record<string, unknown> }[];
}

export interface Resource {
  name: string;
  data: Buffer;
}

export class FakeFeishu {
  readonly appId: string;
  readonly appSecret: string;
  readonly botOpenId = 'ou_bot_duban';
  readonly platform: FakePlatform;
  readonly frames: { direction: 'down' | 'up'; frame: WsFrame }[] = [];
  readonly sent: FeishuSent[] = [];
  readonly connections: string[] = [];
  readonly chats = new Map<string, FeishuChat>();
  /** What the endpoint call dictates to the client, in seconds. */
  clientConfig = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 };
  readonly #tokens = new Set<string>();
  readonly #resources = new Map<string, Resource>();
  readonly #events = new Map<string, object>();
  readonly #serviceId = '7777';
  readonly #sentAt = new Map<string, number[]>();
  #socket: WebSocket | undefined;
  /** The current connection's client has pinged: it listens (the SDK pings on open, then starts listening). */
  #pinged = false;
  #seq = 0;

  private constructor(
    options: { appId?: string; appSecret?: string },
    readonly now: () => number,
  ) {
    this.appId = options.appId ?? `cli_${randomBytes(8).toString('hex')}`;
    this.appSecret = options.appSecret ?? 'fake-feishu-secret';
    this.platform = new FakePlatform((ws, request) => this.#connected(ws, request));
    this.#routes();
  }

  static async start(options: { appId?: string; appSecret?: string; now?: () => number; chats?: FeishuChat[] } = {}): Promise<FakeFeishu> {
    const fake = new FakeFeishu(options, options.now ?? Date.now);
    for (const chat of options.chats ?? []) fake.chats.set(chat.chatId, chat);
    await fake.platform.listen();
    return fake;
  }

  /** The SDK's `domain` in a test. */
  get url(): string {
    return this.platform.url;
  }

  get requests(): RecordedRequest[] {
    return this.platform.requests;
  }

  get connected(): boolean {
    return this.#socket !== undefined && this.#socket.readyState === this.#socket.OPEN;
  }

  #routes(): void {
    const p = this.platform;
    const fail = (code: number, msg: string, status = 400) => ({ status, json: { code, msg } });
    p.route('POST', '/callback/ws/endpoint', ({ body }) => {
      if (body?.AppID !== this.appId || body?.AppSecret !== this.appSecret) return { json: { code: 514, msg: 'auth failed: invalid app_id or app_secret', data: {} } };
      return {
        json: {
          code: 0,
          msg: 'ok',
          data: { URL: `${p.wsUrl}/ws/v2?fpid=493&aid=552564&device_id=${randomUUID()}&access_key=${randomUUID()}&service_id=${this.#serviceId}&ticket=${randomUUID()}`, ClientConfig: this.clientConfig },
        },
      };
    });
    p.route('POST', '/open-apis/auth/v3/tenant_access_token/internal', ({ body }) => {
      if (body?.app_id !== this.appId) return fail(10003, 'invalid param: app_id');
      if (body?.app_secret !== this.appSecret) return fail(10014, 'app secret invalid');
      const token = `t-${randomUUID()}`;
      this.#tokens.add(token);
      return { json: { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 } };
    });
    const authorized = (request: RecordedRequest) => this.#tokens.has(String(request.headers.authorization ?? '').replace(/^Bearer /, ''));
    const denied = fail(99991663, 'Invalid access token for authorization. Please make a request with token attached.', 400);

    p.route('GET', '/open-apis/bot/v3/info', (request) => {
      if (!authorized(request)) return denied;
      return { json: { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: '督办', open_id: this.botOpenId, ip_white_list: [] } } };
    });
    p.route('GET', '/open-apis/im/v1/chats/:chat_id', (request) => {
      if (!authorized(request)) return denied;
      const chat = this.chats.get(pathParams('/open-apis/im/v1/chats/:chat_id', request.path).chat_id!);
      if (!chat) return fail(232011, 'The operator or invited bots does NOT have the authority to manage external chats without the permission.');
      return { json: { code: 0, msg: 'success', data: { name: chat.name, chat_mode: 'group', chat_type: 'private' } } };
    });
    p.route('GET', '/open-apis/im/v1/chats/:chat_id/members', (request) => {
      if (!authorized(request)) return denied;
      const chat = this.chats.get(pathParams('/open-apis/im/v1/chats/:chat_id/members', request.path).chat_id!);
      if (!chat) return fail(232011, 'no such chat');
      const items = chat.members.map((member) => ({ member_id_type: 'open_id', member_id: member.openId, name: member.name, tenant_key: 'tenant' }));
      return { json: { code: 0, msg: 'success', data: { items, has_more: false, page_token: '', member_total: items.length } } };
    });
    p.route('POST', '/open-apis/im/v1/messages', (request) => {
      if (!authorized(request)) return denied;
      if (request.query.receive_id_type !== 'chat_id' && request.query.receive_id_type !== 'open_id') return fail(230001, 'invalid receive_id_type');
      const { receive_id, msg_type, content } = request.body;
      return this.#deliver(request.query.receive_id_type === 'chat_id' ? receive_id : `p2p:${receive_id}`, msg_type, content);
    });
    p.route('POST', '/open-apis/im/v1/messages/:message_id/reply', (request) => {
      if (!authorized(request)) return denied;
      const messageId = pathParams('/open-apis/im/v1/messages/:message_id/reply', request.path).message_id!;
      const original = [...this.#events.values()].find((event: any) => event.event?.message?.message_id === messageId) as any;
      const chatId = original?.event.message.chat_id ?? this.sent.find((sent) => sent.messageId === messageId)?.chatId;
      if (!chatId) return fail(230011, 'The message was withdrawn or does not exist.');
      return this.#deliver(chatId, request.body.msg_type, request.body.content, messageId);
    });
    p.route('GET', '/open-apis/im/v1/messages/:message_id/resources/:file_key', (request) => {
      if (!authorized(request)) return denied;
      const { file_key } = pathParams('/open-apis/im/v1/messages/:message_id/resources/:file_key', request.path);
      const resource = this.#resources.get(file_key!);
      if (!resource || !['image', 'file'].includes(request.query.type ?? '')) return fail(234003, 'File not in msg.');
      return { bytes: resource.data };
    });
  }

  #deliver(chatId: string, msgType: string, content: string, replyTo?: string) {
    const now = this.now();
    const recent = (this.#sentAt.get(chatId) ?? []).filter((at) => at > now - 1000);
    if (recent.length >= 5) return { status: 400, json: { code: 230020, msg: 'This chat is under frequency control.' } };
    this.#sentAt.set(chatId, [...recent, now]);
    const body = JSON.parse(content);
    const messageId = `om_${randomUUID().replaceAll('-', '')}`;
    const sent: FeishuSent = { chatId, messageId, ...(replyTo ? { replyTo } : {}), msgType, text: '', atOpenIds: [] };
    if (msgType === 'text') {
      sent.text = String(body.text).replace(/<at user_id="([^"]+)">([^<]*)<\/at>/g, (_, id: string, name: string) => {
        sent.atOpenIds.push(id);
        return `@${name}`;
      });
    } else if (msgType === 'interactive') {
      const elements = (body.elements ?? body.body?.elements ?? []) as any[];
      const texts: string[] = [];
      const buttons: FeishuSent['buttons'] = [];
      for (const element of elements) {
        if (element.tag === 'div' || element.tag === 'markdown') texts.push(String(element.text?.content ?? element.content ?? ''));
        for (const action of element.tag === 'action' ? element.actions : element.tag === 'button' ? [element] : []) {
          buttons.push({ text: action.text.content, value: action.value ?? action.behaviors?.[0]?.value ?? {} });
        }
      }
      sent.text = texts.join('\n').replace(/<at id=([^>]+)><\/at>/g, (_, id: string) => {
        sent.atOpenIds.push(id);
        return `@${this.#nameOf(chatId, id)}`;
      });
      sent.buttons = buttons;
    } else {
      return { status: 400, json: { code: 230001, msg: `unsupported msg_type ${msgType}` } };
    }
    this.sent.push(sent);
    this.platform.changed();
    return { json: { code: 0, msg: 'success', data: { message_id: messageId, chat_id: chatId, msg_type: msgType, create_time: String(now) } } };
  }

  #nameOf(chatId: string, openId: string): string {
    return this.chats.get(chatId)?.members.find((member) => member.openId === openId)?.name ?? openId;
  }

  #connected(ws: WebSocket, request: RecordedRequest): void {
    if (request.query.service_id !== this.#serviceId || !request.query.ticket) {
      ws.close(4001, 'bad connect url');
      return;
    }
    this.connections.push(request.query.ticket);
    this.#socket = ws;
    this.#pinged = false;
    ws.on('message', (data) => {
      const decoded = FrameType.toObject(FrameType.decode(data as Buffer), { longs: Number, bytes: Buffer }) as any;
      const frame = readFrame(decoded);
      this.frames.push({ direction: 'up', frame });
      if (frame.method === 0 && frame.headers.type === 'ping') {
        if (this.#socket === ws) this.#pinged = true;
        this.#send({ method: 0, service: frame.service, headers: { type: 'pong' }, payload: this.clientConfig });
      }
      this.platform.changed();
    });
    ws.on('close', () => {
      if (this.#socket === ws) this.#socket = undefined;
      this.platform.changed();
    });
    this.platform.changed();
  }

  #send(frame: WsFrame): void {
    if (!this.connected) throw new Error('no Feishu long connection');
    this.frames.push({ direction: 'down', frame });
    const message = FrameType.fromObject({
      SeqID: ++this.#seq,
      LogID: this.#seq,
      service: frame.service,
      method: frame.method,
      headers: Object.entries(frame.headers).map(([key, value]) => ({ key, value })),
      payload: Buffer.from(JSON.stringify(frame.payload)),
    });
    this.#socket!.send(FrameType.encode(message).finish());
  }

  /** Waits for the `n`-th long connection, until its client listens. */
  async connectionOpen(n = 1): Promise<void> {
    await this.platform.until(() => this.connections.length >= n && this.connected && this.#pinged, 15_000, `long connection ${n}`);
  }

  /** Resolves with the client's answer to the event frame with this message_id (its payload: `{code, data?}`). */
  answered(frameId: string, ms = 10_000): Promise<{ code: number; data?: unknown }> {
    return this.platform.until(() => {
      const found = this.frames.find((f) => f.direction === 'up' && f.frame.method === 1 && f.frame.headers.message_id === frameId);
      if (!found) return false;
      const { code, data } = found.frame.payload as { code: number; data?: string };
      return { code, ...(data ? { data: JSON.parse(Buffer.from(data, 'base64').toString('utf8')) } : {}) };
    }, ms, `the answer to ${frameId}`);
  }

  #event(eventType: string, event: object, eventId = `ev_${randomUUID().replaceAll('-', '')}`): string {
    const body = { schema: '2.0', header: { event_id: eventId, token: '', create_time: String(this.now()), event_type: eventType, tenant_key: 'tenant', app_id: this.appId }, event };
    const frameId = `frame_${++this.#seq}_${eventId}`;
    this.#events.set(frameId, body);
    this.#send({ method: 1, service: Number(this.#serviceId), headers: { type: 'event', message_id: frameId, sum: '1', seq: '0', trace_id: randomUUID() }, payload: body });
    return frameId;
  }

  /**
   * A member says something in a chat. `mentions` are @ of people (or of the bot, `botOpenId`) written in the text
   * as `@name`; an image or file is a message of its own. Returns the message id and the frame's id.
   */
  say(options: { chat: FeishuChat; from: FeishuUser; text?: string; mentionBot?: boolean; mentions?: FeishuUser[]; image?: Resource; file?: Resource; messageId?: string; parentId?: string }): { messageId: string; frameId: string } {
    const messageId = options.messageId ?? `om_${randomUUID().replaceAll('-', '')}`;
    const people = [...(options.mentionBot ?? true ? [{ openId: this.botOpenId, name: '督办' }] : []), ...(options.mentions ?? [])];
    const mentions = people.map((person, i) => ({ key: `@_user_${i + 1}`, id: { open_id: person.openId, union_id: `on_${person.openId}`, user_id: '' }, name: person.name, tenant_key: 'tenant' }));
    const resourceKey = (resource: Resource, prefix: string) => {
      const key = `${prefix}_${randomUUID()}`;
      this.#resources.set(key, resource);
      return key;
    };
    const [messageType, content] = options.image
      ? ['image', { image_key: resourceKey(options.image, 'img_v3') }]
      : options.file
        ? ['file', { file_key: resourceKey(options.file, 'file_v3'), file_name: options.file.name }]
        : ['text', { text: `${mentions.map((m) => `${m.key} `).join('')}${options.text ?? ''}` }];
    const frameId = this.#event('im.message.receive_v1', {
      sender: { sender_id: { open_id: options.from.openId, union_id: `on_${options.from.openId}`, user_id: '' }, sender_type: 'user', tenant_key: 'tenant' },
      message: {
        message_id: messageId,
        ...(options.parentId ? { root_id: options.parentId, parent_id: options.parentId } : {}),
        create_time: String(this.now()),
        update_time: String(this.now()),
        chat_id: options.chat.chatId,
        chat_type: 'group',
        message_type: messageType,
        content: JSON.stringify(content),
        ...(messageType === 'text' ? { mentions } : {}),
      },
    });
    return { messageId, frameId };
  }

  /** The platform delivers an event frame again, under a new frame id (as after a reconnect). */
  redeliver(frameId: string): string {
    const body = this.#events.get(frameId) as { header: { event_type: string; event_id: string }; event: object } | undefined;
    if (!body) throw new Error(`no event ${frameId}`);
    return this.#event(body.header.event_type, body.event, body.header.event_id);
  }

  /** Someone presses a card button (`card.action.trigger`, through the long connection). */
  press(options: { sent: FeishuSent; button: string; from: FeishuUser }): string {
    const button = options.sent.buttons?.find((b) => b.text === options.button);
    if (!button) throw new Error(`no button ${options.button} on ${options.sent.messageId}`);
    return this.#event('card.action.trigger', {
      operator: { tenant_key: 'tenant', open_id: options.from.openId, union_id: `on_${options.from.openId}`, user_id: '' },
      token: `c-${randomUUID()}`,
      action: { value: button.value, tag: 'button' },
      host: 'im_message',
      context: { open_message_id: options.sent.messageId, open_chat_id: options.sent.chatId },
    });
  }

  drop(): void {
    this.#socket?.terminate();
    this.#socket = undefined;
  }

  async waitSent(n: number, ms = 10_000): Promise<FeishuSent[]> {
    return this.platform.until(() => (this.sent.length >= n ? this.sent : false), ms, `${n} Feishu messages`);
  }

  close(): Promise<void> {
    return this.platform.close();
  }
}

function readFrame(decoded: { method: number; service: number; headers?: { key: string; value: string }[]; payload?: Buffer }): WsFrame {
  const text = decoded.payload ? Buffer.from(decoded.payload).toString('utf8') : '';
  let payload: unknown = text;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    // Kept as text.
  }
  return { method: decoded.method ?? 0, service: decoded.service ?? 0, headers: Object.fromEntries((decoded.headers ?? []).map((h) => [h.key, h.value])), payload };
}
