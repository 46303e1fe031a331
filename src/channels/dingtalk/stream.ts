/**
 * DingTalk's Stream mode through the official `dingtalk-stream` SDK: robot messages and card button presses arrive
 * over a long connection the bot opens itself, so no public address is needed. The SDK's own reconnect retries every
 * second for ever; duban drives the attempts instead, with a back-off that doubles up to a ceiling and starts over
 * once connected. The SDK asks the gateway at a fixed address; a private deployment or proxy (and a test's fake
 * server) is reached by pointing that one request elsewhere on the SDK's own axios, keyed by the client id it sends.
 */
import axios from 'axios';
import { DWClient, type DWClientDownStream, GATEWAY_URL, TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import type { Logger } from '../../log.ts';

export const defaultApiBase = 'https://api.dingtalk.com';

const gateways = new Map<string, string>();
let routing = false;

/** Sends the SDK's gateway request for this client id to `apiBase` instead of api.dingtalk.com. */
function routeGateway(clientId: string, apiBase: string): void {
  if (apiBase.replace(/\/$/, '') === defaultApiBase) {
    gateways.delete(clientId);
    return;
  }
  gateways.set(clientId, apiBase.replace(/\/$/, ''));
  if (routing) return;
  routing = true;
  axios.interceptors.request.use((request) => {
    const base = request.url === GATEWAY_URL ? gateways.get((request.data as { clientId?: string } | undefined)?.clientId ?? '') : undefined;
    if (base) request.url = `${base}${new URL(GATEWAY_URL).pathname}`;
    return request;
  });
}

/** The SDK's socket and heartbeat timer: it reports neither a dropped connection nor stops the timer on one. */
interface SdkInternals {
  socket?: { on(event: 'close', listener: () => void): void; readyState: number };
  heartbeatIntervallId?: NodeJS.Timeout;
}

export interface StreamOptions {
  clientId: string;
  clientSecret: string;
  apiBase: string;
  log: Logger;
  /** A robot message; the frame is acknowledged once this resolves, so an unhandled one is delivered again. */
  onMessage(frame: DWClientDownStream): Promise<unknown>;
  /** A card button press; resolves with what the card callback answers. */
  onCard(frame: DWClientDownStream): Promise<unknown>;
  /** The first connection is up, or again after a drop. */
  onConnected?(): void;
  onDropped?(): void;
  retry?: { firstMs: number; maxMs: number };
}

export class DingTalkStream {
  readonly #client: DWClient;
  readonly #retry: { firstMs: number; maxMs: number };
  #waitMs: number;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #attempt = 0;

  constructor(private readonly options: StreamOptions) {
    this.#client = new DWClient({ clientId: options.clientId, clientSecret: options.clientSecret, keepAlive: true });
    this.#client.config.autoReconnect = false;
    this.#retry = options.retry ?? { firstMs: 2_000, maxMs: 5 * 60_000 };
    this.#waitMs = this.#retry.firstMs;
    routeGateway(options.clientId, options.apiBase);
    this.#client.registerCallbackListener(TOPIC_ROBOT, (frame) => this.#answer(frame, options.onMessage));
    this.#client.registerCallbackListener(TOPIC_CARD, (frame) => this.#answer(frame, options.onCard));
  }

  get connected(): boolean {
    return this.#client.connected;
  }

  #answer(frame: DWClientDownStream, handle: (frame: DWClientDownStream) => Promise<unknown>): void {
    handle(frame)
      .then((result) => this.#client.socketCallBackResponse(frame.headers.messageId, result ?? {}))
      .catch((error) => this.options.log.error({ messageId: frame.headers.messageId, error: (error as Error).message }, '钉钉消息处理失败，等待平台重发 / DingTalk message failed, left for redelivery'));
  }

  /** Makes the first attempt; later ones follow on their own until `stop()`. Resolves whether or not it connected. */
  async start(): Promise<void> {
    await this.#connect();
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    this.#attempt++;
    await this.#client.connect();
    const internals = this.#client as unknown as SdkInternals;
    if (this.#stopped) return this.#client.disconnect();
    if (!this.#client.connected || !internals.socket) {
      this.#later('钉钉 Stream 连接失败 / DingTalk stream connection failed');
      return;
    }
    this.#waitMs = this.#retry.firstMs;
    this.options.log.info({ attempt: this.#attempt }, '已连接钉钉 Stream / DingTalk stream connected');
    internals.socket.on('close', () => {
      clearInterval(internals.heartbeatIntervallId);
      if (this.#stopped) return;
      this.options.onDropped?.();
      this.#later('钉钉 Stream 连接断开 / DingTalk stream dropped');
    });
    this.options.onConnected?.();
  }

  #later(why: string): void {
    const wait = this.#waitMs;
    this.#waitMs = Math.min(this.#retry.maxMs, this.#waitMs * 2);
    this.options.log.warn({ attempt: this.#attempt, retryInMs: wait }, `${why}，${Math.max(1, Math.round(wait / 1000))} 秒后重连`);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#connect(), wait);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#client.disconnect();
  }
}
