/**
 * The DingTalk OpenAPI calls duban makes as the robot: the app's access token (kept until shortly before it expires),
 * a reply through the message's `sessionWebhook` (which can @ people by userid), proactive group messages by
 * `openConversationId`, the standard interactive card (which can @ people proactively), a card with buttons whose
 * presses come back over the stream, single-chat messages and the download of a message's picture or file.
 */
import { UserError } from '../../errors.ts';

export interface DingTalkCredentials {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  apiBase: string;
}

export class DingTalkApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`DingTalk ${status} ${code}: ${message}`);
  }
}

export interface Button {
  id: string;
  label: string;
}

export class DingTalkApi {
  #token: { value: string; until: number } | undefined;

  constructor(
    private readonly credentials: DingTalkCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  /** The access token; bad credentials are the admin's to fix, named by the setting. */
  async token(): Promise<string> {
    if (this.#token && this.#token.until > this.now()) return this.#token.value;
    const { clientId, clientSecret, apiBase } = this.credentials;
    const response = await fetch(`${apiBase}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: clientId, appSecret: clientSecret }),
    });
    const body = (await response.json().catch(() => ({}))) as { accessToken?: string; expireIn?: number; code?: string; message?: string };
    if (response.status >= 400 && response.status < 500) {
      throw new UserError(
        `钉钉拒绝了应用凭证（${body.code ?? response.status}：${body.message ?? ''}），请检查 DINGTALK_CLIENT_ID 和 DINGTALK_CLIENT_SECRET（开发者后台 → 应用 → 凭证与基础信息）`,
        `DingTalk refused the app credentials (${body.code ?? response.status}): check DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET`,
      );
    }
    if (!response.ok || !body.accessToken) throw new DingTalkApiError(response.status, body.code ?? '', body.message ?? 'no accessToken');
    this.#token = { value: body.accessToken, until: this.now() + Math.max(60, (body.expireIn ?? 7200) - 300) * 1000 };
    return body.accessToken;
  }

  async #post(path: string, body: object): Promise<any> {
    const response = await fetch(`${this.credentials.apiBase}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': await this.token() },
      body: JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    if (response.status === 401) this.#token = undefined;
    if (!response.ok) throw new DingTalkApiError(response.status, answer.code ?? '', answer.message ?? '');
    return answer;
  }

  /** Replies through a message's session webhook: the one way to @ people in a plain message. */
  async replyBySession(webhook: string, markdown: { title: string; text: string }, atUserIds: string[]): Promise<void> {
    const response = await fetch(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'markdown', markdown, at: { atUserIds, isAtAll: false } }),
    });
    const answer = (await response.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
    if (!response.ok || answer.errcode !== 0) throw new DingTalkApiError(response.status, String(answer.errcode ?? ''), answer.errmsg ?? '');
  }

  async sendToGroup(openConversationId: string, markdown: { title: string; text: string }): Promise<void> {
    await this.#post('/v1.0/robot/groupMessages/send', {
      robotCode: this.credentials.robotCode,
      openConversationId,
      msgKey: 'sampleMarkdown',
      msgParam: JSON.stringify(markdown),
    });
  }

  /** The standard interactive card: a proactive group message that @-mentions people for real. */
  async sendCardToGroup(openConversationId: string, cardBizId: string, title: string, text: string, at: { userId: string; nickName: string }[]): Promise<void> {
    await this.#post('/v1.0/im/v1.0/robot/interactiveCards/send', {
      cardTemplateId: 'StandardCard',
      openConversationId,
      cardBizId,
      robotCode: this.credentials.robotCode,
      cardData: JSON.stringify({ config: { autoLayout: true }, header: { title: { type: 'text', text: title } }, contents: [{ type: 'markdown', text, id: 'content' }] }),
      sendOptions: { atUserListJson: JSON.stringify(at) },
    });
  }

  /**
   * A card from the admin's template (`DINGTALK_CARD_TEMPLATE_ID`) with buttons; their presses arrive on the stream
   * with this `outTrackId`.
   */
  async sendButtonCard(openConversationId: string, templateId: string, outTrackId: string, text: string, buttons: Button[], atUserIds: Record<string, string>): Promise<void> {
    await this.#post('/v1.0/card/instances/createAndDeliver', {
      cardTemplateId: templateId,
      outTrackId,
      callbackType: 'STREAM',
      cardData: { cardParamMap: { content: text, buttons: JSON.stringify(buttons) } },
      openSpaceId: `dtv1.card//IM_GROUP.${openConversationId}`,
      imGroupOpenSpaceModel: { supportForward: false },
      imGroupOpenDeliverModel: { robotCode: this.credentials.robotCode, atUserIds },
    });
  }

  async sendToPerson(userId: string, markdown: { title: string; text: string }): Promise<void> {
    await this.#post('/v1.0/robot/oToMessages/batchSend', {
      robotCode: this.credentials.robotCode,
      userIds: [userId],
      msgKey: 'sampleMarkdown',
      msgParam: JSON.stringify(markdown),
    });
  }

  /** A picture's or file's bytes, by the message's download code. */
  async download(downloadCode: string): Promise<Buffer> {
    const { downloadUrl } = (await this.#post('/v1.0/robot/messageFiles/download', { downloadCode, robotCode: this.credentials.robotCode })) as { downloadUrl?: string };
    if (!downloadUrl) throw new DingTalkApiError(200, '', 'no downloadUrl');
    const response = await fetch(downloadUrl);
    if (!response.ok) throw new DingTalkApiError(response.status, '', 'download failed');
    return Buffer.from(await response.arrayBuffer());
  }
}
