/**
 * duban in a mock WeChat world over a fresh SQLite file with the sample ledgers. Tests talk as group members and read
 * what the bot says back.
 */
import { join } from 'node:path';
import type { BotMessage, MockPerson, MockWorld } from '../../src/channels/wechaty/mock-world.ts';
import { type Sandbox, startSandbox } from '../../src/runtime/sandbox.ts';
import { ManualClock } from '../../src/clock.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { type SampleId, importSamples, samples } from '../../src/ingest/samples.ts';
import { bindRoom } from '../../src/ledger/bindings.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { type Logger, silentLogger } from '../../src/log.ts';
import { tempDir } from './files.ts';

export interface TestWorld extends Omit<Sandbox, 'stop' | 'settle'> {
  db: Db;
  clock: ManualClock;
  config: Config;
  said: BotMessage[];
  /** Says something and waits until duban's replies to it have been sent (or it has decided to stay silent). */
  ask(name: string, text: string, options?: Parameters<MockWorld['say']>[2]): Promise<BotMessage[]>;
  /** Waits until every message so far is handled and the outbox is empty. */
  quiet(): Promise<void>;
  close(): Promise<void>;
}

export const ledgers = { '000': samples['000'].ledger, '003': samples['003'].ledger };

/**
 * Settings for a test world: a fresh data folder, 王主任 as admin (by the remark the bot's WeChat gave him, by his
 * user id on DingTalk and Feishu), an outbox that sends at once.
 */
export function worldConfig(env: Record<string, string> = {}): Config {
  const dir = tempDir();
  return loadConfig({
    DUBAN_DB: join(dir, 'duban.db'),
    DUBAN_DATA_DIR: dir,
    DUBAN_ADMINS: '王主任,dingtalk:wangzr03,feishu:ou_wangzr',
    DUBAN_OUTBOX_GAP_MS: '0',
    DUBAN_OUTBOX_JITTER_MS: '0',
    DUBAN_OUTBOX_PER_MINUTE: '1000',
    ...env,
  });
}

export async function startWorld(options: {
  now?: string;
  env?: Record<string, string>;
  people?: MockPerson[];
  rooms?: { topic: string; members: string[]; ledger?: SampleId }[];
  log?: Logger;
  /** The puppet the mock stands in for: `wechaty-puppet-wechat4u` for the web protocol, whose contact ids change. */
  puppet?: string;
} = {}): Promise<TestWorld> {
  const config = worldConfig(options.env);
  const clock = new ManualClock(options.now ?? '2021-07-01T09:00:00+08:00');
  const db = openDatabase(config.db);
  importSamples(db, clock.now(), config.timeZone);
  const people = options.people ?? ['张三', '李四', '王主任'];
  const names = people.map((person) => (typeof person === 'string' ? person : person.name));
  const rooms = options.rooms ?? [
    { topic: '整改工作群', members: names, ledger: '003' as const },
    { topic: '闲聊群', members: names },
  ];
  for (const room of rooms) {
    if (room.ledger) bindRoom(db, { roomTopic: room.topic, ledgerId: findLedger(db, ledgers[room.ledger])!.id, by: 'test' }, clock.now());
  }
  // Which messages the bot has handled: an answer that waits for a model comes later than the outbox's first lull.
  const handled = new Set<string>();
  const waiting = new Map<string, () => void>();
  const observe = ({ id }: { id: string }) => {
    handled.add(id);
    waiting.get(id)?.();
  };
  const handledSoon = (id: string) =>
    new Promise<void>((resolve) => {
      if (handled.has(id)) return resolve();
      const timer = setTimeout(resolve, 10_000);
      waiting.set(id, () => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve();
      });
    });
  const sandbox = await startSandbox({ db, clock, config, log: options.log ?? silentLogger, people, rooms, observe, puppet: options.puppet });
  const said: BotMessage[] = [];
  sandbox.world.onBotMessage((message) => said.push(message));
  const quiet = () => sandbox.settle();

  return {
    ...sandbox,
    db,
    clock,
    config,
    said,
    quiet,
    async ask(name, text, sayOptions = { room: '整改工作群' }) {
      const before = said.length;
      await handledSoon(sandbox.world.say(name, text, sayOptions));
      await quiet();
      return said.slice(before);
    },
    async close() {
      await sandbox.stop();
      db.close();
    },
  };
}
