/**
 * duban logged in to WeChat for real (`duban serve`): a Wechaty on the configured puppet, with a memory card under
 * the data folder so a login survives restarts, and the login QR code shown to whoever must scan it. When the WeChat
 * servers cannot be reached, the attempt is dropped and a fresh one made after a back-off that doubles up to a
 * ceiling, with one plain log line per attempt instead of a stream of stack traces.
 */
import { join } from 'node:path';
import { type Wechaty, WechatyBuilder, types } from 'wechaty';
import { ErrorThrottle } from '../../chat/error-throttle.ts';
import type { Capabilities, Sending, Transport, TransportEvents } from '../../chat/transport.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { UserError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { PeopleBook } from '../../ledger/people.ts';
import type { Target } from '../../message.ts';
import { WechatyAdapter, wechatyCapabilities } from './adapter.ts';
import { LoginQr } from './login-qr.ts';

export interface WechatyOptions {
  config: Config;
  clock: Clock;
  log: Logger;
  /** Where the login QR code is drawn: the terminal. */
  print: (text: string) => void;
  /** Builds the Wechaty for one attempt (a fresh one after every failed attempt); by default from the settings. */
  createWechaty?: () => Wechaty;
  retry?: { firstMs: number; maxMs: number };
  /** Contact ids and names heard of, kept where the puppet keeps ids (see `WechatyAdapter`). */
  people?: PeopleBook;
}

const networkError = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up|network|timed? ?out/i;

/** The first line of an error, without the stack: what a person reading the log needs. */
const summary = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0]!.slice(0, 200);

export function buildWechaty(config: Config): Wechaty {
  const { name, token, endpoint } = config.puppet;
  if (name === 'wechaty-puppet-service' && !token) {
    throw new UserError(
      '使用 wechaty-puppet-service 需要设置 WECHATY_PUPPET_SERVICE_TOKEN（向协议服务商获取）',
      'wechaty-puppet-service needs WECHATY_PUPPET_SERVICE_TOKEN (from your puppet service provider)',
    );
  }
  // The service finds its server by the token's prefix (its TLS name); without one it fails on every attempt.
  if (name === 'wechaty-puppet-service' && !token!.includes('_') && !process.env.WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME) {
    throw new UserError(
      'WECHATY_PUPPET_SERVICE_TOKEN 应带服务商前缀，形如 puppet_服务商_编号（或 insecure_编号），请按服务商给的原样填写',
      'WECHATY_PUPPET_SERVICE_TOKEN needs the provider prefix, like puppet_provider_id (or insecure_id): use it as the provider gives it',
    );
  }
  const puppetOptions = name === 'wechaty-puppet-service' ? { token, ...(endpoint ? { endpoint } : {}) } : {};
  return WechatyBuilder.build({ name: join(config.dataDir, 'duban'), puppet: name as never, puppetOptions });
}

export class WechatyTransport implements Transport {
  readonly channel = 'wechaty';
  readonly capabilities: Capabilities;
  readonly qr: LoginQr;
  #events: TransportEvents | undefined;
  #adapter: WechatyAdapter | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #retryMs: number;
  #attempt = 0;
  #stopped = false;
  /** The current attempt has failed and is being taken down: its further errors are its death throes. */
  #failing = false;
  readonly #throttle: ErrorThrottle;
  readonly #retry: { firstMs: number; maxMs: number };
  readonly #createWechaty: () => Wechaty;

  constructor(private readonly options: WechatyOptions) {
    const { config, clock } = options;
    this.capabilities = wechatyCapabilities(config.puppet.name, config.outbox.maxBytes, config.outbox.perMinute);
    this.qr = new LoginQr(config.dataDir, options.print);
    this.#throttle = new ErrorThrottle(clock);
    this.#retry = options.retry ?? { firstMs: 5_000, maxMs: 5 * 60_000 };
    this.#retryMs = this.#retry.firstMs;
    this.#createWechaty = options.createWechaty ?? (() => buildWechaty(config));
  }

  /** The Wechaty of the current attempt. */
  get wechaty(): Wechaty | undefined {
    return this.#adapter?.wechaty;
  }

  /** Makes the first attempt; later ones follow on their own until `stop()`. */
  async start(events: TransportEvents): Promise<void> {
    this.#events = events;
    await this.#connectOnce();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    // A failed attempt is already stopped; stopping it again only makes Wechaty complain.
    if (this.wechaty && !this.#failing) await stopQuietly(this.wechaty);
  }

  readonly sendText = async (message: Sending): Promise<void> => this.#current().sendText(message);

  readonly sendImage = async (target: Target, image: { name: string; data: Buffer }): Promise<void> => this.#current().sendImage(target, image);

  #current(): WechatyAdapter {
    if (!this.#adapter || this.#failing) throw new Error('not logged in to WeChat');
    return this.#adapter;
  }

  async #connectOnce(): Promise<void> {
    if (this.#stopped) return;
    this.#attempt++;
    this.#failing = false;
    const wechaty = this.#createWechaty();
    this.#adapter = new WechatyAdapter(wechaty, this.capabilities, this.options.log, this.options.people);
    await this.#adapter.start(this.#events!);
    this.#watch(wechaty);
    try {
      await wechaty.start();
    } catch (error) {
      if (isMissingPuppet(error)) {
        throw new UserError(
          `找不到微信协议包 ${this.options.config.puppet.name}，请检查 WECHATY_PUPPET，或先 npm install 它`,
          `Puppet package ${this.options.config.puppet.name} not found: check WECHATY_PUPPET or npm install it`,
        );
      }
      await this.#fail(error);
    }
  }

  #watch(wechaty: Wechaty): void {
    const { log } = this.options;
    wechaty.on('scan', (qrcode, status) => {
      if (status === types.ScanStatus.Waiting || status === types.ScanStatus.Timeout) {
        const url = `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}`;
        this.qr
          .show(qrcode)
          .then(() => log.info({ png: this.qr.path, url }, '请用机器人的微信扫码登录（二维码已显示并保存）/ scan the QR code to log in'))
          .catch((error) => log.error({ error: summary(error), url }, '无法保存登录二维码 / could not write the QR code'));
      } else if (status === types.ScanStatus.Scanned) {
        log.info('已扫码，请在手机上确认登录 / scanned, confirm on the phone');
      }
    });
    wechaty.on('login', () => {
      this.#retryMs = this.#retry.firstMs;
      this.qr.remove();
    });
    wechaty.on('error', (error) => {
      if (this.#failing || this.#stopped) return;
      if (!wechaty.isLoggedIn && networkError.test(summary(error))) {
        void this.#fail(error);
        return;
      }
      const key = summary(error);
      const { log: shouldLog, suppressed } = this.#throttle.admit(key);
      if (shouldLog) log.error({ error: key, ...(suppressed ? { repeated: suppressed } : {}) }, '微信连接出错 / WeChat error');
    });
  }

  /** Drops this attempt and schedules the next one after the back-off. */
  async #fail(error: unknown): Promise<void> {
    if (this.#failing || this.#stopped) return;
    this.#failing = true;
    const wait = this.#retryMs;
    this.#retryMs = Math.min(this.#retry.maxMs, this.#retryMs * 2);
    this.options.log.warn(
      { error: summary(error), attempt: this.#attempt, retryInMs: wait },
      `无法连接微信服务器，${Math.max(1, Math.round(wait / 1000))} 秒后重试（请检查网络）/ cannot reach WeChat, retrying`,
    );
    this.#events?.offline();
    if (this.wechaty) await stopQuietly(this.wechaty);
    if (this.#stopped) return;
    this.#retryTimer = setTimeout(() => {
      this.#connectOnce().catch((next) => this.options.log.fatal({ error: summary(next) }, '无法启动 / cannot start'));
    }, wait);
  }
}

/**
 * wechaty-puppet-wechat4u answers the `logout` its client emits while stopping by starting that client again, after
 * it has already dropped it: a TypeError that wechat4u's own process-wide handler prints to stdout on every retry.
 * The client's `logout` handlers are dropped first, since a stopping puppet has no use for them.
 */
async function stopQuietly(wechaty: Wechaty): Promise<void> {
  try {
    (wechaty.puppet as { wechat4u?: { removeAllListeners(event: string): void } }).wechat4u?.removeAllListeners('logout');
    await wechaty.stop();
  } catch {
    // A Wechaty whose puppet never loaded has nothing to stop.
  }
}

function isMissingPuppet(error: unknown): boolean {
  const text = summary(error);
  return /Cannot find (module|package)|ERR_MODULE_NOT_FOUND|not (a )?supported puppet/i.test(text);
}
