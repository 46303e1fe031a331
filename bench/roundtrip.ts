/**
 * The round trip of a question on 1,000, 10,000 and 100,000-item ledgers: a group member asks duban through Wechaty
 * on wechaty-puppet-mock (bot, outbox and SQLite as in `serve`), until duban's answer is said in the group. The
 * questions are a mix of what users ask: an item by code, a search by words, the overview and the open items. Beside
 * it, in the same run and interleaved in batches, the floor: an echo bot that keeps duban's guarantees (the persisted
 * duplicate check, the SQLite outbox) but answers without reading the ledger; and a bare echo bot that says the
 * question back. Aim: p50 within 2x of the durable echo's at every size (flat in ledger size).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Bot } from '../src/bot.ts';
import { connect, sendThrough } from '../src/runtime/connect.ts';
import { InboundFilter } from '../src/chat/filter.ts';
import { MockWorld } from '../src/channels/wechaty/mock-world.ts';
import { Outbox } from '../src/chat/outbox.ts';
import { WechatyAdapter, wechatyCapabilities } from '../src/channels/wechaty/adapter.ts';
import { ManualClock } from '../src/clock.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { readTextReport } from '../src/ingest/text-report.ts';
import { applyReport } from '../src/ledger/apply-report.ts';
import { bindRoom } from '../src/ledger/bindings.ts';
import { type Db, openDatabase } from '../src/ledger/db.ts';
import { findLedger } from '../src/ledger/ledgers.ts';
import { silentLogger } from '../src/log.ts';
import { syntheticReport } from './synthetic.ts';
import { median, percentile, reportBeside, round } from './support.ts';

/** `DUBAN_BENCH_SIZES=10000 npm run bench -- roundtrip` measures only the sizes named. */
const sizes = process.env.DUBAN_BENCH_SIZES?.split(',').map(Number) ?? [1_000, 10_000, 100_000];
const room = '整改工作群';
const questions = { code: '@督办 二/3', search: '@督办 公租房', overview: '@督办 进度', open: '@督办 还有哪些没完成' };
type Kind = keyof typeof questions;
const kinds = Object.keys(questions) as Kind[];
const warmup = 50;
const batch = 50;
const batches = 12;
/**
 * The bots' clock moves this much before each question, as if the group asked every few seconds: the outbox's
 * one-minute rate window then holds as many sends as in a real group, not every send of the run.
 */
const askEveryMs = 3000;

/** The synthetic ledger of `itemCount` items, imported as `duban import` does. */
function seed(db: Db, itemCount: number, now: Date): void {
  const draft = readTextReport(syntheticReport(itemCount), { today: '2021-01-01' });
  applyReport(db, 'bench', draft, { fileName: 'bench.txt', sha256: '-', format: 'text', encoding: 'utf-8' }, now);
}

function benchConfig(dir: string): Config {
  return loadConfig({
    DUBAN_DB: join(dir, 'duban.db'),
    DUBAN_DATA_DIR: dir,
    DUBAN_OUTBOX_GAP_MS: '0',
    DUBAN_OUTBOX_JITTER_MS: '0',
    DUBAN_OUTBOX_PER_MINUTE: '1000000',
  });
}

export async function run(): Promise<void> {
  for (const itemCount of sizes) await roundtrip(itemCount);
}

async function roundtrip(itemCount: number): Promise<void> {
  const clock = new ManualClock(new Date());
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  const config = benchConfig(dir);
  const db = openDatabase(config.db);
  const newWorld = () => new MockWorld({ clock, botName: '督办', people: ['张三'], rooms: [{ topic: room, members: ['张三'] }] });
  const duban = newWorld();
  const echo = newWorld();
  const durableEcho = newWorld();
  const outbox = new Outbox(db, clock, config.outbox, silentLogger);
  const echoDb = openDatabase(join(dir, 'echo.db'));
  const echoOutbox = new Outbox(echoDb, clock, config.outbox, silentLogger);

  /** Milliseconds from 张三 asking in the group until the bot says something there, and what it said. */
  const ask = async (world: MockWorld, kind: Kind): Promise<{ ms: number; reply: string }> => {
    clock.advance(askEveryMs);
    const start = performance.now();
    const reply = new Promise<string>((resolve) => {
      const off = world.onBotMessage((message) => {
        off();
        resolve(message.text);
      });
    });
    world.say('张三', questions[kind], { room });
    return { reply: await reply, ms: performance.now() - start };
  };

  try {
    seed(db, itemCount, clock.now());
    bindRoom(db, { roomTopic: room, ledgerId: findLedger(db, 'bench')!.id, by: 'bench' }, clock.now());
    const capabilities = wechatyCapabilities('wechaty-puppet-mock', config.outbox.maxBytes, config.outbox.perMinute);
    await connect([new WechatyAdapter(duban.wechaty, capabilities, silentLogger)], new Bot(db, clock, config, silentLogger), outbox, silentLogger);
    echo.wechaty.on('message', async (message) => {
      if (!message.self() && (await message.mentionSelf())) await message.room()?.say(message.text());
    });
    const adapter = new WechatyAdapter(durableEcho.wechaty, capabilities, silentLogger);
    const filter = new InboundFilter(echoDb, clock, config.prefix, { isBound: () => true, isAdmin: () => false, awaitsReply: () => false, awaitsEvidence: () => false });
    durableEcho.wechaty.on('message', async (message) => {
      const incoming = await adapter.toIncoming(message);
      const verdict = filter.check(incoming);
      if (verdict.accept && filter.remember(incoming.id)) echoOutbox.enqueue([{ target: { channel: 'wechaty', room: incoming.room!.name, roomId: incoming.room!.id }, text: verdict.addressed.body }]);
    });
    await duban.start();
    await echo.start();
    await durableEcho.start();
    echoOutbox.start(sendThrough(adapter));

    const { reply } = await ask(duban, 'code');
    if (!reply.includes('二/3')) throw new Error(`duban did not answer the question by code: ${reply}`);
    const { reply: open } = await ask(duban, 'open');
    if (!open.includes('回复"更多"')) throw new Error(`duban did not page the open items: ${open}`);
    for (let n = 0; n < warmup; n++) {
      await ask(duban, kinds[n % kinds.length]!);
      await ask(echo, kinds[n % kinds.length]!);
      await ask(durableEcho, kinds[n % kinds.length]!);
    }
    const dubanTimes: number[] = [];
    const echoTimes: number[] = [];
    const durableEchoTimes: number[] = [];
    const byKind = new Map(kinds.map((kind) => [kind, [] as number[]]));
    for (let b = 0; b < batches; b++) {
      for (const world of b % 2 ? [echo, durableEcho, duban] : [duban, durableEcho, echo]) {
        for (let n = 0; n < batch; n++) {
          const kind = kinds[n % kinds.length]!;
          const { ms } = await ask(world, kind);
          if (world === echo) echoTimes.push(ms);
          else if (world === durableEcho) durableEchoTimes.push(ms);
          else {
            dubanTimes.push(ms);
            byKind.get(kind)!.push(ms);
          }
        }
      }
    }

    reportBeside(
      {
        bench: `roundtrip.${itemCount}-items`,
        unit: 'ms',
        baseline: "echo bot with duban's duplicate check and SQLite outbox, same puppet, p50",
        aim: 'p50 <= 2x durable echo, at every size',
      },
      median(dubanTimes),
      median(durableEchoTimes),
      {
        p99: round(percentile(dubanTimes, 99)),
        baselineP99: round(percentile(durableEchoTimes, 99)),
        byKind: Object.fromEntries([...byKind].map(([kind, times]) => [kind, { p50: round(median(times)), p99: round(percentile(times, 99)) }])),
        bareEchoP50: round(median(echoTimes)),
        bareEchoP99: round(percentile(echoTimes, 99)),
        items: itemCount,
        samples: dubanTimes.length,
      },
    );
  } finally {
    outbox.stop();
    echoOutbox.stop();
    await durableEcho.stop();
    echoDb.close();
    await duban.stop();
    await echo.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
