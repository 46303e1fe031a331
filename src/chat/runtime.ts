/**
 * duban logged in to WeChat for real (`duban serve`): a Wechaty on the configured puppet, with a memory card under
 * the data folder so a login survives restarts, the login QR code shown to whoever must scan it, and the bot and the
 * outbox connected. When the WeChat servers cannot be reached, the attempt is dropped and a fresh one made after a
 * back-off that doubles up to a ceiling, with one plain log line per attempt instead of a stream of stack traces.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Wechaty, WechatyBuilder, types } from 'wechaty';
import { Bot } from '../bot.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';
import { type Db, optimize } from '../ledger/db.ts';
import type { Logger } from '../log.ts';
import { type Connection, connect } from './connect.ts';
import { NoticeScheduler } from '../broadcast/scheduler.ts';
import { ErrorThrottle } from './error-throttle.ts';
import { LoginQr } from './login-qr.ts';
import { Outbox } from './outbox.ts';

export interface RuntimeOptions {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  /** Where the login QR code is drawn: the terminal. */
  print: (text: string) => void;
  /** Builds the Wechaty for one attempt (a fresh one after every failed attempt); by default from the settings. */
  createWechaty?: () => Wechaty;
  retry?: { firstMs: number; maxMs: number };
}

const maintainEveryMs = 10 * 60_000;
/** The planner's statistics are refreshed this often while serving (and after every import). */
const optimizeEveryMs = 6 * 3_600_000;

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

export class Runtime {
  readonly bot: Bot;
  readonly outbox: Outbox;
  readonly notices: NoticeScheduler;
  readonly qr: LoginQr;
  #wechaty: Wechaty | undefined;
  #connection: Connection | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #maintainTimer: NodeJS.Timeout | undefined;
  #maintained = 0;
  #retryMs: number;
  #attempt = 0;
  #stopped = false;
  /** The current attempt has failed and is being taken down: its further errors are its death throes. */
  #failing = false;
  readonly #throttle: ErrorThrottle;
  readonly #retry: { firstMs: number; maxMs: number };
  readonly #createWechaty: () => Wechaty;

  constructor(private readonly options: RuntimeOptions) {
    const { config, db, clock, log } = options;
    this.bot = new Bot(db, clock, config, log);
    this.outbox = new Outbox(db, clock, config.outbox, log);
    // Wechaty can send pictures: each notice is followed by its chart.
    this.notices = new NoticeScheduler(db, clock, config, () => this.bot.roles.admins(), (messages) => this.outbox.enqueue(messages), log, { images: true });
    this.qr = new LoginQr(config.dataDir, options.print);
    this.#throttle = new ErrorThrottle(clock);
    this.#retry = options.retry ?? { firstMs: 5_000, maxMs: 5 * 60_000 };
    this.#retryMs = this.#retry.firstMs;
    this.#createWechaty = options.createWechaty ?? (() => buildWechaty(config));
  }

  get wechaty(): Wechaty | undefined {
    return this.#wechaty;
  }

  get connection(): Connection | undefined {
    return this.#connection;
  }

  /** Makes the first attempt; later ones follow on their own until `stop()`. */
  async start(): Promise<void> {
    const { log, config } = this.options;
    log.info({ puppet: config.puppet.name, db: config.db }, '督办启动 / starting');
    mkdirSync(config.dataDir, { recursive: true });
    this.#maintainTimer = setInterval(() => this.#maintain(), maintainEveryMs);
    this.#maintainTimer.unref();
    await this.#connectOnce();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#maintainTimer);
    this.notices.stop();
    this.outbox.stop();
    // A failed attempt is already stopped; stopping it again only makes Wechaty complain.
    if (this.#wechaty && !this.#failing) await stopQuietly(this.#wechaty);
    this.options.log.info('督办已停止 / stopped');
  }

  /** Every ten minutes the waiting proposals are tidied; the first time and every six hours after, the planner's statistics refreshed too. */
  #maintain(): void {
    this.bot.tidy();
    if (this.#maintained++ % (optimizeEveryMs / maintainEveryMs) !== 0) return;
    try {
      optimize(this.options.db);
    } catch (error) {
      this.options.log.warn({ error: summary(error) }, '数据库统计信息更新失败 / could not optimize the database');
    }
  }

  async #connectOnce(): Promise<void> {
    if (this.#stopped) return;
    this.#attempt++;
    this.#failing = false;
    const wechaty = this.#createWechaty();
    this.#wechaty = wechaty;
    this.#connection = connect(wechaty, this.bot, this.outbox, this.options.log);
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
      this.notices.start();
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
    this.outbox.stop();
    if (this.#wechaty) await stopQuietly(this.#wechaty);
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
