/**
 * A fake DingTalk on 127.0.0.1 for the official `dingtalk-stream` SDK and duban's OpenAPI calls, speaking the
 * platform's protocol as documented: the gateway that hands out a stream endpoint and ticket
 * (`POST /v1.0/gateway/connections/open`), the stream itself (JSON frames: `SYSTEM` ping/disconnect, `CALLBACK` robot
 * messages and card callbacks, each acknowledged by the client with `code: 200` and the same `messageId`), the
 * OpenAPI token (`POST /v1.0/oauth2/accessToken`), group and single-chat robot messages, the standard interactive
 * card with its `atUserListJson`, the card-with-buttons delivery, the message's `sessionWebhook` (with `at.atUserIds`)
 * and message-file download. Tests script it: people say things in groups, press card buttons, the connection drops;
 * every request and frame is recorded, and `sent` is what the bot made people see.
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { FakePlatform, type RecordedRequest } from './fake-platform.ts';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';
export const TOPIC_CARD = '/v1.0/card/instances/callback';

export interface DingTalkUser {
  staffId: string;
  nick: string;
}

export interface DingTalkGroup {
  conversationId: string;
  title: string;
}

/** Something the bot made people see, whichever API carried it. */
export interface DingTalkSent {
  via: 'webhook' | 'group' | 'card' | 'button-card' | 'single';
  /** The group (absent for a single chat). */
  conversationId?: string;
  /** For a single chat: who gets it. */
  userIds?: string[];
  text: string;
  /** Real mentions: `at.atUserIds`, or the card's `atUserListJson` / `atUserIds`. */
  atUserIds: string[];
  /** Button ids of a card with buttons. */
  buttons?: string[];
  /** The card's own id, which its button callbacks carry back. */
  outTrackId?: string;
}

export interface Frame {
  direction: 'down' | 'up';
  frame: any;
}

export interface Attachment {
  name: string;
  data: Buffer;
}

export class FakeDingTalk {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly robotCode: string;
  readonly platform: FakePlatform;
  readonly frames: Frame[] = [];
  readonly sent: DingTalkSent[] = [];
  /** Stream connections opened, ticket by ticket. */
  readonly connections: string[] = [];
  readonly #tickets = new Set<string>();
  readonly #tokens = new Set<string>();
  readonly #sessions = new Map<string, { conversationId?: string; userId: string; expiresAt: number }>();
  readonly #files = new Map<string, Attachment>();
  #socket: WebSocket | undefined;
  #seq = 0;
  /** A robot message's frame, kept to be delivered again. */
  readonly #deliveries = new Map<string, any>();

  private constructor(options: { clientId?: string; clientSecret?: string; robotCode?: string; now?: () => number }) {
    this.clientId = options.clientId ?? 'dingfakeclientid';
    this.clientSecret = options.clientSecret ?? 'fake-dingtalk-secret';
    this.robotCode = options.robotCode ?? this.clientId;
    this.now = options.now ?? Date.now;
    this.platform = new FakePlatform((ws, request) => this.#connected(ws, request));
    this.#routes();
  }

  /** The platform's time: message `createAt`, webhook expiry. */
  readonly now: () => number;

  static async start(options: { clientId?: string; clientSecret?: string; robotCode?: string; now?: () => number } = {}): Promise<FakeDingTalk> {
    const fake = new FakeDingTalk(options);
    await fake.platform.listen();
    return fake;
  }

  /** What `api.dingtalk.com` (and `oapi.dingtalk.com`) is in a test. */
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
    p.route('POST', '/v1.0/gateway/connections/open', ({ body }) => {
      if (body?.clientId !== this.clientId || body?.clientSecret !== this.clientSecret) {
        return { status: 401, json: { code: 'InvalidAuthentication', requestid: randomUUID(), message: '鉴权失败' } };
      }
      const ticket = randomUUID();
      this.#tickets.add(ticket);
      return { json: { endpoint: `${p.wsUrl}/connect`, ticket } };
    });
    p.route('POST', '/v1.0/oauth2/accessToken', ({ body }) => {
      if (body?.appKey !== this.clientId) return { status: 400, json: { code: 'invalidClientId', requestid: randomUUID(), message: '无效的appKey' } };
      if (body?.appSecret !== this.clientSecret) return { status: 400, json: { code: 'invalidClientSecret', requestid: randomUUID(), message: '无效的appSecret' } };
      const token = `dt-${randomUUID()}`;
      this.#tokens.add(token);
      return { json: { accessToken: token, expireIn: 7200 } };
    });
    const authorized = (request: RecordedRequest) => this.#tokens.has(String(request.headers['x-acs-dingtalk-access-token'] ?? ''));
    const denied = { status: 401, json: { code: 'InvalidAuthentication', requestid: randomUUID(), message: '不合法的access_token' } };
    const wrongRobot = { status: 400, json: { code: 'invalidParameter.robotCode', message: 'robotCode 不存在' } };

    p.route('POST', '/v1.0/robot/groupMessages/send', (request) => {
      if (!authorized(request)) return denied;
      const { msgKey, msgParam, openConversationId, robotCode } = request.body;
      if (robotCode !== this.robotCode) return wrongRobot;
      this.#push({ via: 'group', conversationId: openConversationId, text: textOf(msgKey, JSON.parse(msgParam)), atUserIds: [] });
      return { json: { processQueryKey: randomUUID() } };
    });
    p.route('POST', '/v1.0/robot/oToMessages/batchSend', (request) => {
      if (!authorized(request)) return denied;
      const { msgKey, msgParam, userIds, robotCode } = request.body;
      if (robotCode !== this.robotCode) return wrongRobot;
      this.#push({ via: 'single', userIds, text: textOf(msgKey, JSON.parse(msgParam)), atUserIds: [] });
      return { json: { processQueryKey: randomUUID(), invalidStaffIdList: [], flowControlledStaffIdList: [] } };
    });
    p.route('POST', '/v1.0/im/v1.0/robot/interactiveCards/send', (request) => {
      if (!authorized(request)) return denied;
      const { cardTemplateId, openConversationId, cardBizId, robotCode, cardData, sendOptions } = request.body;
      if (robotCode !== this.robotCode) return wrongRobot;
      if (cardTemplateId !== 'StandardCard') return { status: 400, json: { code: 'invalidParameter.cardTemplateId', message: '模板不存在' } };
      const card = JSON.parse(cardData);
      const at = sendOptions?.atUserListJson ? (JSON.parse(sendOptions.atUserListJson) as { userId: string }[]) : [];
      const text = (card.contents as { text?: string }[]).map((part) => part.text ?? '').join('\n');
      this.#push({ via: 'card', conversationId: openConversationId, text, atUserIds: at.map((person) => person.userId), outTrackId: cardBizId });
      return { json: { processQueryKey: randomUUID() } };
    });
    p.route('POST', '/v1.0/card/instances/createAndDeliver', (request) => {
      if (!authorized(request)) return denied;
      const { cardTemplateId, outTrackId, callbackType, cardData, openSpaceId, imGroupOpenDeliverModel } = request.body;
      if (!cardTemplateId) return { status: 400, json: { code: 'invalidParameter.cardTemplateId', message: 'cardTemplateId 不能为空' } };
      if (callbackType !== 'STREAM') return { status: 400, json: { code: 'invalidParameter.callbackType', message: 'Stream 模式需 callbackType=STREAM' } };
      const conversationId = /^dtv1\.card\/\/IM_GROUP\.(.+)$/.exec(openSpaceId ?? '')?.[1];
      if (!conversationId) return { status: 400, json: { code: 'invalidParameter.openSpaceId', message: 'openSpaceId 格式错误' } };
      if (imGroupOpenDeliverModel?.robotCode !== this.robotCode) return wrongRobot;
      const params = cardData?.cardParamMap ?? {};
      this.#push({
        via: 'button-card',
        conversationId,
        text: String(params.content ?? ''),
        atUserIds: Object.keys(imGroupOpenDeliverModel.atUserIds ?? {}),
        buttons: JSON.parse(String(params.buttons ?? '[]')).map((button: { id: string }) => button.id),
        outTrackId,
      });
      return { json: { success: true, result: { outTrackId, deliverResults: [{ spaceType: 'IM_GROUP', spaceId: conversationId, success: true }] } } };
    });
    p.route('POST', '/robot/sendBySession', (request) => {
      const session = this.#sessions.get(request.query.session ?? '');
      if (!session) return { json: { errcode: 300001, errmsg: 'session 不存在' } };
      if (session.expiresAt < this.now()) return { json: { errcode: 300002, errmsg: 'session 已过期' } };
      const { msgtype, at } = request.body;
      const text = msgtype === 'markdown' ? request.body.markdown.text : msgtype === 'text' ? request.body.text.content : JSON.stringify(request.body[msgtype]);
      this.#push({
        via: 'webhook',
        ...(session.conversationId ? { conversationId: session.conversationId } : { userIds: [session.userId] }),
        text,
        atUserIds: at?.atUserIds ?? [],
      });
      return { json: { errcode: 0, errmsg: 'ok' } };
    });
    p.route('POST', '/v1.0/robot/messageFiles/download', (request) => {
      if (!authorized(request)) return denied;
      const { downloadCode, robotCode } = request.body;
      if (robotCode !== this.robotCode) return wrongRobot;
      if (!this.#files.has(downloadCode)) return { status: 400, json: { code: 'invalidParameter.downloadCode', message: 'downloadCode 无效' } };
      return { json: { downloadUrl: `${this.url}/files/${encodeURIComponent(downloadCode)}` } };
    });
    p.route('GET', '/files/:code', (request) => {
      const file = this.#files.get(decodeURIComponent(request.path.split('/').pop()!));
      return file ? { bytes: file.data } : { status: 404, json: {} };
    });
  }

  #push(sent: DingTalkSent): void {
    this.sent.push(sent);
    this.platform.changed();
  }

  #connected(ws: WebSocket, request: RecordedRequest): void {
    const ticket = request.query.ticket ?? '';
    if (!this.#tickets.delete(ticket)) {
      ws.close(4001, 'invalid ticket');
      return;
    }
    this.connections.push(ticket);
    this.#socket = ws;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      this.frames.push({ direction: 'up', frame });
      this.platform.changed();
    });
    ws.on('close', () => {
      if (this.#socket === ws) this.#socket = undefined;
      this.platform.changed();
    });
    this.platform.changed();
  }

  #send(frame: object): void {
    if (!this.connected) throw new Error('no DingTalk stream connection');
    this.frames.push({ direction: 'down', frame });
    this.#socket!.send(JSON.stringify(frame));
  }

  /** Resolves when the client acknowledged the frame with this `messageId`; with its `data`. */
  acked(messageId: string, ms = 10_000): Promise<any> {
    return this.platform.until(
      () => this.frames.find((f) => f.direction === 'up' && f.frame.headers?.messageId === messageId && f.frame.code === 200)?.frame ?? false,
      ms,
      `the ack of ${messageId}`,
    );
  }

  /** Waits for the SDK to connect (again): the `n`-th stream connection. */
  async streamOpen(n = 1): Promise<void> {
    await this.platform.until(() => this.connections.length >= n && this.connected, 15_000, `stream connection ${n}`);
  }

  #callback(topic: string, data: object, messageId = `stream-${++this.#seq}`): string {
    const frame = {
      specVersion: '1.0',
      type: 'CALLBACK',
      headers: {
        appId: this.clientId,
        connectionId: this.connections.at(-1),
        contentType: 'application/json',
        messageId,
        time: String(this.now()),
        topic,
      },
      data: JSON.stringify(data),
    };
    this.#send(frame);
    return messageId;
  }

  /**
   * Someone says something to the robot: in a group (an @ of the robot: DingTalk delivers nothing else there) or in
   * a single chat. Returns the platform's message id and the stream frame's id; the frame is kept for `redeliver`.
   */
  say(options: {
    from: DingTalkUser;
    group?: DingTalkGroup;
    text?: string;
    picture?: Attachment;
    file?: Attachment;
    msgId?: string;
    isAdmin?: boolean;
    /** People @-mentioned besides the robot: written `@nick` at the end of the text, as DingTalk shows them. */
    mentions?: DingTalkUser[];
  }): { msgId: string; streamId: string } {
    const msgId = options.msgId ?? `msg${randomUUID().replaceAll('-', '')}`;
    const session = randomUUID();
    const createAt = this.now();
    this.#sessions.set(session, { conversationId: options.group?.conversationId, userId: options.from.staffId, expiresAt: createAt + 90 * 60_000 });
    const code = (attachment: Attachment) => {
      const downloadCode = `dl-${randomUUID()}`;
      this.#files.set(downloadCode, attachment);
      return downloadCode;
    };
    const content = options.picture
      ? options.text !== undefined
        ? { msgtype: 'richText', content: { richText: [{ text: options.text }, { type: 'picture', downloadCode: code(options.picture), pictureDownloadCode: 'pic' }] } }
        : { msgtype: 'picture', content: { downloadCode: code(options.picture), pictureDownloadCode: 'pic' } }
      : options.file
        ? { msgtype: 'file', content: { downloadCode: code(options.file), fileName: options.file.name, fileId: randomUUID(), spaceId: 'space' } }
        : { msgtype: 'text', text: { content: ` ${options.text ?? ''}${(options.mentions ?? []).map((person) => ` @${person.nick}`).join('')}` } };
    const atUsers = [{ dingtalkId: '$:LWCP_v1:$robot' }, ...(options.mentions ?? []).map((person) => ({ dingtalkId: `$:LWCP_v1:$${person.staffId}`, staffId: person.staffId }))];
    const data = {
      conversationId: options.group?.conversationId ?? `cid-single-${options.from.staffId}`,
      ...(options.group ? { conversationTitle: options.group.title, isInAtList: true, atUsers } : {}),
      conversationType: options.group ? '2' : '1',
      chatbotCorpId: 'dingcorp',
      chatbotUserId: '$:LWCP_v1:$robot',
      msgId,
      senderNick: options.from.nick,
      isAdmin: options.isAdmin ?? false,
      senderStaffId: options.from.staffId,
      senderId: `$:LWCP_v1:$${options.from.staffId}`,
      senderCorpId: 'dingcorp',
      sessionWebhook: `${this.url}/robot/sendBySession?session=${session}`,
      sessionWebhookExpiredTime: createAt + 90 * 60_000,
      createAt,
      robotCode: this.robotCode,
      ...content,
    };
    const streamId = this.#callback(TOPIC_ROBOT, data);
    this.#deliveries.set(streamId, data);
    return { msgId, streamId };
  }

  /** The platform delivers a robot message again (as it does when unacknowledged, or after a reconnect). */
  redeliver(streamId: string): string {
    const data = this.#deliveries.get(streamId);
    if (!data) throw new Error(`no delivery ${streamId}`);
    return this.#callback(TOPIC_ROBOT, data, `${streamId}-again-${++this.#seq}`);
  }

  /** Someone presses a button of a card delivered with callbackType STREAM. */
  press(options: { outTrackId: string; button: string; from: DingTalkUser }): string {
    return this.#callback(TOPIC_CARD, {
      outTrackId: options.outTrackId,
      corpId: 'dingcorp',
      userId: options.from.staffId,
      type: 'actionCallback',
      content: JSON.stringify({ cardPrivateData: { actionIds: [options.button], params: {} } }),
    });
  }

  /** The stream drops without a goodbye (a network cut). */
  drop(): void {
    this.#socket?.terminate();
    this.#socket = undefined;
  }

  /** The platform asks the client to reconnect, as it does before maintenance. */
  disconnect(): void {
    this.#send({ specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'disconnect', messageId: `sys-${++this.#seq}`, time: String(this.now()) }, data: '{"reason":"maintenance"}' });
    this.#socket?.close();
  }

  ping(): string {
    const messageId = `ping-${++this.#seq}`;
    this.#send({ specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'ping', messageId, contentType: 'application/json', time: String(this.now()) }, data: '{"opaque":"x"}' });
    return messageId;
  }

  /** Waits until the bot has made people see `n` messages in all; returns them. */
  async waitSent(n: number, ms = 10_000): Promise<DingTalkSent[]> {
    return this.platform.until(() => (this.sent.length >= n ? this.sent : false), ms, `${n} DingTalk messages`);
  }

  close(): Promise<void> {
    return this.platform.close();
  }
}

/** The text of a robot OpenAPI message by its template (`msgKey`). */
function textOf(msgKey: string, param: Record<string, string>): string {
  switch (msgKey) {
    case 'sampleText':
      return param.content ?? '';
    case 'sampleMarkdown':
    case 'sampleActionCard':
      return param.text ?? '';
    default:
      return JSON.stringify(param);
  }
}
