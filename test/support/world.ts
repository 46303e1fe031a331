/**
 * duban running for real in a mock WeChat world: a SQLite file with the seed ledgers, the bot, the outbox and a
 * Wechaty on wechaty-puppet-mock. Tests talk as group members and read what the bot says back.
 */
import { join } from 'node:path';
import { Bot } from '../../src/bot.ts';
import { connect, type Connection } from '../../src/chat/connect.ts';
import { type BotMessage, MockWorld } from '../../src/chat/mock-world.ts';
import { Outbox } from '../../src/chat/outbox.ts';
import { ManualClock } from '../../src/clock.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { readReportFile } from '../../src/ingest/import-file.ts';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { bindRoom } from '../../src/ledger/bindings.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { silentLogger } from '../../src/log.ts';
import { seeds, tempDir } from './files.ts';

export interface TestWorld {
  world: MockWorld;
  bot: Bot;
  outbox: Outbox;
  db: Db;
  clock: ManualClock;
  config: Config;
  connection: Connection;
  said: BotMessage[];
  /** Says something and waits until duban's replies to it have been sent (or it has decided to stay silent). */
  ask(name: string, text: string, options?: Parameters<MockWorld['say']>[2]): Promise<BotMessage[]>;
  /** Waits until every message so far is handled and the outbox is empty. */
  quiet(): Promise<void>;
  close(): Promise<void>;
}

export const ledgers = { '000': '产业集聚区党工委', '003': '伊川县产业集聚区' } as const;

export async function startWorld(options: {
  now?: string;
  env?: Record<string, string>;
  people?: string[];
  rooms?: { topic: string; members: string[]; ledger?: keyof typeof ledgers }[];
} = {}): Promise<TestWorld> {
  const dir = tempDir();
  const config = loadConfig({
    DUBAN_DB: join(dir, 'duban.db'),
    DUBAN_DATA_DIR: dir,
    DUBAN_ADMINS: '王主任',
    DUBAN_OUTBOX_GAP_MS: '0',
    DUBAN_OUTBOX_JITTER_MS: '0',
    DUBAN_OUTBOX_PER_MINUTE: '1000',
    ...options.env,
  });
  const clock = new ManualClock(options.now ?? '2021-07-01T09:00:00+08:00');
  const db = openDatabase(config.db);
  for (const seed of ['000', '003'] as const) {
    const { draft, source } = readReportFile(seeds[seed], { today: '2021-07-01' });
    applyReport(db, ledgers[seed], draft, source, clock.now());
  }
  const people = options.people ?? ['张三', '李四', '王主任'];
  const rooms = options.rooms ?? [
    { topic: '整改工作群', members: people, ledger: '003' as const },
    { topic: '闲聊群', members: people },
  ];
  for (const room of rooms) {
    if (room.ledger) bindRoom(db, { roomTopic: room.topic, ledgerId: findLedger(db, ledgers[room.ledger])!.id, by: 'test' }, clock.now());
  }
  const world = new MockWorld({ clock, botName: '督办', people, rooms });
  const bot = new Bot(db, clock, config, silentLogger);
  const outbox = new Outbox(db, clock, config.outbox, silentLogger);
  const connection = connect(world.wechaty, bot, outbox, silentLogger);
  const said: BotMessage[] = [];
  world.onBotMessage((message) => said.push(message));
  await world.start();

  const quiet = async () => {
    for (let i = 0; i < 400; i++) {
      await connection.settled();
      await outbox.idle();
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (outbox.pending().length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return;
      }
    }
    throw new Error('the outbox did not drain');
  };

  return {
    world,
    bot,
    outbox,
    db,
    clock,
    config,
    connection,
    said,
    quiet,
    async ask(name, text, sayOptions = { room: '整改工作群' }) {
      const before = said.length;
      world.say(name, text, sayOptions);
      await quiet();
      return said.slice(before);
    },
    async close() {
      outbox.stop();
      await world.stop();
      db.close();
    },
  };
}
