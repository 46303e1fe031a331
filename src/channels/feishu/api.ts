/**
 * The Feishu IM API calls duban makes as the bot, through the official SDK's `Client`: the tenant token checked at
 * start (bad credentials named by their setting), the bot's own open_id (to know an @ of the bot), a chat's name and
 * members' names (the message event carries ids only), messages created in a chat or as a reply (text with real
 * `<at user_id>` mentions, or an interactive card with buttons) and a message's image or file.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import { UserError } from '../../errors.ts';

export interface FeishuCredentials {
  appId: string;
  appSecret: string;
  /** `feishu`, `lark`, or the address of a private deployment. */
  domain: string;
}

export const sdkDomain = (domain: string): lark.Domain | string =>
  domain === 'feishu' ? lark.Domain.Feishu : domain === 'lark' ? lark.Domain.Lark : domain.replace(/\/$/, '');

export class FeishuApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`Feishu ${code}: ${message}`);
  }
}

/** The platform's `{code, msg}` from an answer or from the SDK's thrown HTTP error. */
function platformError(error: unknown): FeishuApiError {
  const data = (error as { response?: { data?: { code?: number; msg?: string } } }).response?.data;
  if (data?.code !== undefined) return new FeishuApiError(data.code, data.msg ?? '');
  return new FeishuApiError(-1, (error as Error).message ?? String(error));
}

async function call<T extends { code?: number; msg?: string }>(request: Promise<T>): Promise<T> {
  let answer: T;
  try {
    answer = await request;
  } catch (error) {
    throw platformError(error);
  }
  if (answer.code) throw new FeishuApiError(answer.code, answer.msg ?? '');
  return answer;
}

export interface CardButton {
  text: string;
  value: Record<string, string>;
  primary?: boolean;
}

export class FeishuApi {
  readonly client: lark.Client;
  readonly #names = new Map<string, Map<string, string>>();

  constructor(private readonly credentials: FeishuCredentials, logger?: lark.Logger) {
    this.client = new lark.Client({
      appId: credentials.appId,
      appSecret: credentials.appSecret,
      domain: sdkDomain(credentials.domain),
      loggerLevel: lark.LoggerLevel.warn,
      ...(logger ? { logger } : {}),
    });
  }

  /** Fails with the setting to fix when the platform refuses the app's credentials. */
  async checkCredentials(): Promise<void> {
    try {
      await call(this.client.auth.tenantAccessToken.internal({ data: { app_id: this.credentials.appId, app_secret: this.credentials.appSecret } }));
    } catch (error) {
      const { code, message } = error as FeishuApiError;
      // 10003: the app id is unknown; 10014: the secret does not match it.
      if (code === 10003 || code === 10014 || code === 99991663) {
        const setting = code === 10003 ? 'FEISHU_APP_ID' : 'FEISHU_APP_SECRET';
        throw new UserError(
          `飞书拒绝了应用凭证（${message}），请检查 ${setting}（开发者后台 → 凭证与基础信息）`,
          `Feishu refused the app credentials (${message}): check ${setting}`,
        );
      }
      throw error;
    }
  }

  async botOpenId(): Promise<string> {
    const answer = await call(this.client.request<{ code?: number; msg?: string; bot?: { open_id?: string } }>({ method: 'GET', url: '/open-apis/bot/v3/info' }));
    if (!answer.bot?.open_id) throw new FeishuApiError(-1, 'bot info without open_id');
    return answer.bot.open_id;
  }

  async chatName(chatId: string): Promise<string> {
    const answer = await call(this.client.im.v1.chat.get({ path: { chat_id: chatId } }));
    return answer.data?.name ?? chatId;
  }

  /** A member's name in a chat, from the member list (looked up again when someone new speaks). */
  async memberName(chatId: string, openId: string): Promise<string | undefined> {
    if (!this.#names.get(chatId)?.has(openId)) {
      const answer = await call(this.client.im.v1.chatMembers.get({ path: { chat_id: chatId }, params: { member_id_type: 'open_id', page_size: 100 } }));
      this.#names.set(chatId, new Map((answer.data?.items ?? []).map((item) => [item.member_id ?? '', item.name ?? ''])));
    }
    return this.#names.get(chatId)?.get(openId);
  }

  /** Sends text or a card to a chat, as a reply to `replyTo` when given; returns the new message's id. */
  async send(chatId: string, message: { msgType: 'text' | 'interactive'; content: string }, replyTo?: string): Promise<string> {
    const data = { msg_type: message.msgType, content: message.content };
    const answer = replyTo
      ? await call(this.client.im.v1.message.reply({ path: { message_id: replyTo }, data }))
      : await call(this.client.im.v1.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: chatId, ...data } }));
    return answer.data?.message_id ?? '';
  }

  async sendToPerson(openId: string, text: string): Promise<void> {
    await call(this.client.im.v1.message.create({ params: { receive_id_type: 'open_id' }, data: { receive_id: openId, msg_type: 'text', content: JSON.stringify({ text }) } }));
  }

  async resource(messageId: string, key: string, type: 'image' | 'file'): Promise<Buffer> {
    let file: Awaited<ReturnType<lark.Client['im']['v1']['messageResource']['get']>>;
    try {
      file = await this.client.im.v1.messageResource.get({ path: { message_id: messageId, file_key: key }, params: { type } });
    } catch (error) {
      throw platformError(error);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of file.getReadableStream()) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
}

/** Text with real mentions: `<at user_id="open_id">name</at>` where the text says `@name`. */
export function textContent(text: string, mentions: { openId: string; name: string }[]): string {
  let out = text;
  for (const { openId, name } of mentions) out = out.split(`@${name}`).join(`<at user_id="${openId}">${name}</at>`);
  return JSON.stringify({ text: out });
}

/** An interactive card: markdown with `<at id>` mentions, and buttons whose value comes back when pressed. */
export function cardContent(title: string, text: string, mentions: { openId: string; name: string }[], buttons: CardButton[]): string {
  let markdown = text;
  for (const { openId, name } of mentions) markdown = markdown.split(`@${name}`).join(`<at id=${openId}></at>`);
  return JSON.stringify({
    config: { wide_screen_mode: true, update_multi: true },
    header: { title: { tag: 'plain_text', content: title }, template: 'blue' },
    elements: [
      { tag: 'div', text: { tag: 'lark_md', content: markdown } },
      ...(buttons.length
        ? [{ tag: 'action', actions: buttons.map((b) => ({ tag: 'button', text: { tag: 'plain_text', content: b.text }, type: b.primary ? 'primary' : 'default', value: b.value })) }]
        : []),
    ],
  });
}
