/**
 * Feishu's long connection through the official SDK's `WSClient`: `im.message.receive_v1` (messages that @ the bot in
 * groups, or every group message with the group-message permission) and `card.action.trigger` (a card's button
 * pressed) arrive without a public address. The SDK reconnects on its own, at the interval and jitter the platform
 * dictates in its client config; duban hears of each drop and return, and of a refusal that ends the attempts.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../log.ts';
import { type FeishuCredentials, sdkDomain } from './api.ts';

export interface FeishuMessageEvent {
  event_id?: string;
  sender: { sender_id?: { open_id?: string }; sender_type: string };
  message: {
    message_id: string;
    parent_id?: string;
    create_time: string;
    chat_id: string;
    chat_type: string;
    message_type: string;
    content: string;
    mentions?: { key: string; id: { open_id?: string }; name: string }[];
  };
}

export interface FeishuCardAction {
  operator: { open_id: string };
  action: { value: Record<string, string>; tag: string };
  context: { open_message_id: string; open_chat_id: string };
}

/** What the SDK logs, as one line: an error by its message and the platform's answer, never the request it made. */
function describe(part: unknown): string {
  if (typeof part === 'string') return part;
  if (Array.isArray(part)) return part.map(describe).join(' ');
  const error = part as { message?: string; response?: { data?: { code?: number; msg?: string } } } | null;
  if (error?.message) return [error.message, error.response?.data ? `${error.response.data.code ?? ''} ${error.response.data.msg ?? ''}`.trim() : ''].filter(Boolean).join(': ');
  return String(part);
}

/**
 * The SDK's log lines into duban's log, at the SDK's own levels. Its errors carry the whole request, the app secret
 * in its body included: only their message and the platform's answer are kept.
 */
export function sdkLogger(log: Logger): lark.Logger {
  const line = (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') => (...parts: unknown[]) =>
    log[level]({ sdk: 'feishu' }, parts.map(describe).join(' '));
  return { error: line('error'), warn: line('warn'), info: line('debug'), debug: line('debug'), trace: line('trace') };
}

export interface ConnectionOptions {
  credentials: FeishuCredentials;
  log: Logger;
  onMessage(event: FeishuMessageEvent): Promise<void>;
  /** Resolves with what the card callback answers (a toast). */
  onCardAction(event: FeishuCardAction): Promise<object>;
  onReady?(): void;
  /** The platform refused the connection for good (credentials, or the retries it allows ran out). */
  onFatal?(error: Error): void;
}

export class FeishuConnection {
  readonly #ws: lark.WSClient;

  constructor(private readonly options: ConnectionOptions) {
    const { credentials, log } = options;
    this.#ws = new lark.WSClient({
      appId: credentials.appId,
      appSecret: credentials.appSecret,
      domain: sdkDomain(credentials.domain),
      logger: sdkLogger(log),
      loggerLevel: lark.LoggerLevel.info,
      onReady: () => {
        log.info('已连接飞书长连接 / Feishu long connection up');
        options.onReady?.();
      },
      onReconnecting: () => log.warn('飞书长连接断开，正在重连 / Feishu long connection dropped, reconnecting'),
      onReconnected: () => {
        log.info('飞书长连接已恢复 / Feishu long connection back');
        options.onReady?.();
      },
      onError: (error: Error) => {
        log.error({ error: error.message }, '飞书长连接失败 / Feishu long connection failed');
        options.onFatal?.(error);
      },
    });
  }

  get connected(): boolean {
    return this.#ws.getConnectionStatus().state === 'connected';
  }

  async start(): Promise<void> {
    const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.warn, logger: sdkLogger(this.options.log) }).register({
      'im.message.receive_v1': async (event: FeishuMessageEvent) => {
        await this.options.onMessage(event);
      },
      'card.action.trigger': async (event: FeishuCardAction) => this.options.onCardAction(event),
    } as Record<string, (data: any) => Promise<any>>);
    await this.#ws.start({ eventDispatcher: dispatcher });
  }

  stop(): void {
    this.#ws.close({ force: true });
  }
}
