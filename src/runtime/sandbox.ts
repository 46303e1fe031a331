/**
 * duban running for real in a mock WeChat world: the bot, the outbox and a Wechaty on wechaty-puppet-mock, over a
 * ledger database. The demo is this with a keyboard; the tests are this with assertions.
 */
import { Bot } from '../bot.ts';
import { WechatyAdapter, wechatyCapabilities } from '../channels/wechaty/adapter.ts';
import { type MockPerson, MockWorld } from '../channels/wechaty/mock-world.ts';
import { Outbox } from '../chat/outbox.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../ledger/db.ts';
import { peopleBook } from '../ledger/people.ts';
import type { Logger } from '../log.ts';
import { type Connection, type Observer, connect } from './connect.ts';

export interface SandboxOptions {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  people: MockPerson[];
  rooms: { topic: string; members: string[] }[];
  observe?: Observer;
  /** The puppet the mock stands in for (its capabilities): by default one that keeps contact ids, as a pad protocol. */
  puppet?: string;
}

export interface Sandbox {
  world: MockWorld;
  bot: Bot;
  outbox: Outbox;
  connection: Connection;
  /**
   * Resolves when every message so far has been handled and everything duban queued has been sent; rejects when the
   * outbox has not drained within `limitMs`.
   */
  settle(limitMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const botName = '督办';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const { db, clock, config, log } = options;
  const world = new MockWorld({ clock, botName, people: options.people, rooms: options.rooms });
  const bot = new Bot(db, clock, config, log);
  const outbox = new Outbox(db, clock, config.outbox, log);
  // The mock puppet keeps the ids to @-mention, as a pad protocol would; as the web protocol, it keeps them from the adapter.
  const capabilities = wechatyCapabilities(options.puppet ?? 'wechaty-puppet-mock', config.outbox.maxBytes, config.outbox.perMinute);
  const transport = new WechatyAdapter(world.wechaty, capabilities, log, peopleBook(db, 'wechaty', () => clock.now()));
  const connection = await connect([transport], bot, outbox, log, { observe: options.observe });
  await world.start();

  return {
    world,
    bot,
    outbox,
    connection,
    async settle(limitMs = 10_000) {
      const until = Date.now() + limitMs;
      for (;;) {
        await connection.settled();
        await outbox.idle();
        await pause(10);
        if (outbox.pending().length > 0) {
          if (Date.now() > until) throw new Error(`the outbox did not drain within ${limitMs} ms`);
          continue;
        }
        // The mock puppet hands the bot's own sends back asynchronously: let them arrive.
        await pause(20);
        return;
      }
    },
    async stop() {
      outbox.stop();
      await world.stop();
    },
  };
}
