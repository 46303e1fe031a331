/**
 * duban at work (`duban serve`): the bot, the outbox and the daily notices, with the configured channels started
 * and connected to them. Only this and the sandbox know which channels there are.
 */
import { mkdirSync } from 'node:fs';
import type { Wechaty } from 'wechaty';
import { NoticeScheduler } from '../broadcast/scheduler.ts';
import { Bot } from '../bot.ts';
import { WechatyTransport } from '../channels/wechaty/transport.ts';
import { WecomTransport } from '../channels/wecom/transport.ts';
import { UserError } from '../errors.ts';
import { findBinding } from '../ledger/bindings.ts';
import { peopleBook } from '../ledger/people.ts';
import { Outbox } from '../chat/outbox.ts';
import type { Transport } from '../chat/transport.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { type Db, optimize } from '../ledger/db.ts';
import type { Logger } from '../log.ts';
import { type Connection, connect } from './connect.ts';
import { dingtalkTransport, feishuTransport } from './platforms.ts';

export interface RuntimeOptions {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  /** Where a login QR code is drawn: the terminal. */
  print: (text: string) => void;
  /** The Wechaty channel: builds the Wechaty for one attempt (a fresh one after every failed attempt). */
  createWechaty?: () => Wechaty;
  /** The back-off between connection attempts. */
  retry?: { firstMs: number; maxMs: number };
}

const maintainEveryMs = 10 * 60_000;
/** The planner's statistics are refreshed this often while serving (and after every import). */
const optimizeEveryMs = 6 * 3_600_000;

export class Runtime {
  readonly bot: Bot;
  readonly outbox: Outbox;
  readonly notices: NoticeScheduler;
  readonly transports: Transport[];
  #connection: Connection | undefined;
  #maintainTimer: NodeJS.Timeout | undefined;
  #maintained = 0;

  constructor(private readonly options: RuntimeOptions) {
    const { config, db, clock, log } = options;
    this.bot = new Bot(db, clock, config, log);
    this.outbox = new Outbox(db, clock, config.outbox, log);
    this.transports = config.channels.map((channel) => this.#transport(channel));
    // A channel that can send pictures follows each notice with its chart.
    const images = (channel: string) => this.transports.some((transport) => transport.channel === channel && transport.capabilities.images);
    this.notices = new NoticeScheduler(db, clock, config, (ledgerId) => this.bot.roles.admins(ledgerId), (messages) => this.outbox.enqueue(messages), log, { images });
  }

  #transport(channel: Config['channels'][number]): Transport {
    const { config, clock, log, db } = this.options;
    switch (channel) {
      case 'wechaty':
        return new WechatyTransport({
          config,
          clock,
          log,
          print: this.options.print,
          createWechaty: this.options.createWechaty,
          retry: this.options.retry,
          people: peopleBook(db, 'wechaty', () => clock.now()),
        });
      case 'wecom': {
        const { botId, secret, wsUrl, webhookUrl } = config.wecom;
        for (const [name, value] of [['WECOM_BOT_ID', botId], ['WECOM_BOT_SECRET', secret]] as const) {
          if (!value) {
            throw new UserError(
              `DUBAN_CHANNELS 含 wecom，需要设置 ${name}（企业微信管理后台 → 智能机器人 → API 模式 → 长连接）`,
              `DUBAN_CHANNELS includes wecom: set ${name} (WeCom admin console → AI bot → API mode → long connection)`,
            );
          }
        }
        return new WecomTransport({
          settings: { botId: botId!, secret: secret!, wsUrl, webhookUrl },
          clock,
          log,
          botName: config.prefix,
          webhookKeyOf: (room) => findBinding(db, room)?.webhookKey,
          maxBytes: config.outbox.maxBytes,
          retry: this.options.retry,
        });
      }
      case 'dingtalk':
        return dingtalkTransport(config, db, clock, log, this.options.retry);
      case 'feishu':
        return feishuTransport(config, db, clock, log);
    }
  }

  /** The current Wechaty of the Wechaty channel. */
  get wechaty(): Wechaty | undefined {
    return this.transports.find((transport): transport is WechatyTransport => transport instanceof WechatyTransport)?.wechaty;
  }

  get connection(): Connection | undefined {
    return this.#connection;
  }

  /** Starts every channel; each then keeps itself connected until `stop()`. */
  async start(): Promise<void> {
    const { log, config } = this.options;
    log.info({ channels: config.channels, db: config.db }, '督办启动 / starting');
    mkdirSync(config.dataDir, { recursive: true });
    this.#maintainTimer = setInterval(() => this.#maintain(), maintainEveryMs);
    this.#maintainTimer.unref();
    try {
      this.#connection = await connect(this.transports, this.bot, this.outbox, log, { online: () => this.notices.start() });
    } catch (error) {
      // A channel refused to start (bad credentials): the ones already started must not keep the process alive.
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#maintainTimer);
    this.notices.stop();
    this.outbox.stop();
    for (const transport of this.transports) await transport.stop();
    this.options.log.info('督办已停止 / stopped');
  }

  /** Every ten minutes the waiting proposals are tidied; the first time and every six hours after, the planner's statistics refreshed too. */
  #maintain(): void {
    this.bot.tidy();
    if (this.#maintained++ % (optimizeEveryMs / maintainEveryMs) !== 0) return;
    try {
      optimize(this.options.db);
    } catch (error) {
      this.options.log.warn({ error: (error as Error).message }, '数据库统计信息更新失败 / could not optimize the database');
    }
  }
}
