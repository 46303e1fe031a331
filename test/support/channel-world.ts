/**
 * duban as `serve` runs it on platform channels (bot, outbox, daily notices, the channels' real SDKs) over a SQLite
 * file with the sample ledgers, against fake platforms on 127.0.0.1. A "process" is one `start()`: `stop()` and
 * `start()` again over the same file and fakes is a restart.
 */
import { Bot } from '../../src/bot.ts';
import { NoticeScheduler } from '../../src/broadcast/scheduler.ts';
import { Outbox } from '../../src/chat/outbox.ts';
import type { Transport } from '../../src/chat/transport.ts';
import { ManualClock } from '../../src/clock.ts';
import type { Config } from '../../src/config.ts';
import { importSamples } from '../../src/ingest/samples.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { silentLogger } from '../../src/log.ts';
import { type Connection, connect } from '../../src/runtime/connect.ts';
import { worldConfig } from './world.ts';

export interface Running {
  db: Db;
  bot: Bot;
  outbox: Outbox;
  notices: NoticeScheduler;
  connection: Connection;
  transports: Transport[];
  /** Every message handled so far, and everything queued sent. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export interface ChannelWorld {
  clock: ManualClock;
  config: Config;
  /** Opens the database: for setting up before a start, and for looking at it after. */
  db(): Db;
  start(transports: (config: Config, clock: ManualClock, db: Db) => Transport[]): Promise<Running>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function channelWorld(options: { now?: string; env?: Record<string, string> } = {}): ChannelWorld {
  const config = worldConfig(options.env);
  const clock = new ManualClock(options.now ?? '2021-07-01T09:00:00+08:00');
  const setup = openDatabase(config.db);
  importSamples(setup, clock.now(), config.timeZone);
  setup.close();

  return {
    clock,
    config,
    db: () => openDatabase(config.db),
    async start(makeTransports) {
      const db = openDatabase(config.db);
      const log = silentLogger;
      const bot = new Bot(db, clock, config, log);
      const outbox = new Outbox(db, clock, config.outbox, log);
      const notices = new NoticeScheduler(db, clock, config, () => bot.roles.admins(), (messages) => outbox.enqueue(messages), log);
      const transports = makeTransports(config, clock, db);
      const connection = await connect(transports, bot, outbox, log, { online: () => notices.start() });
      return {
        db,
        bot,
        outbox,
        notices,
        connection,
        transports,
        async settled() {
          for (let round = 0; round < 500; round++) {
            await connection.settled();
            await outbox.idle();
            await pause(10);
            if (outbox.pending().length === 0) return;
          }
          throw new Error('the outbox did not drain');
        },
        async stop() {
          notices.stop();
          outbox.stop();
          for (const transport of transports) await transport.stop();
          db.close();
        },
      };
    },
  };
}
