/**
 * The round trip of a status question on a 10,000-item ledger through WeCom: a group member's @ question pushed by
 * the fake WeCom long connection (127.0.0.1) to duban on the official SDK (bot, outbox and SQLite as in `serve`),
 * until duban's answer reaches the fake server. Beside it, in the same run, interleaved in batches, on the same fake
 * server: a bare echo bot on the same SDK that sends the question back. Aim: p50 within 1.5x of the echo bot's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WSClient } from '@wecom/aibot-node-sdk';
import { Bot } from '../src/bot.ts';
import { WecomTransport } from '../src/channels/wecom/transport.ts';
import { Outbox } from '../src/chat/outbox.ts';
import { ManualClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { readTextReport } from '../src/ingest/text-report.ts';
import { applyReport } from '../src/ledger/apply-report.ts';
import { bindRoom } from '../src/ledger/bindings.ts';
import { openDatabase } from '../src/ledger/db.ts';
import { findLedger } from '../src/ledger/ledgers.ts';
import { silentLogger } from '../src/log.ts';
import { connect } from '../src/runtime/connect.ts';
import { FakeWecom } from '../test/support/fake-wecom.ts';
import { syntheticReport } from './synthetic.ts';
import { median, percentile, reportBeside, round } from './support.ts';

const itemCount = 10_000;
const chat = 'wrkBench';
const questions = ['@督办 二/3', '@督办 公租房', '@督办 进度', '@督办 还有哪些没完成'];
const warmup = 20;
const batch = 25;
const batches = 8;
const duban = { botId: 'duban-bot', secret: 'duban-secret' };
const echo = { botId: 'echo-bot', secret: 'echo-secret' };
const askEveryMs = 4000;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export async function run(): Promise<void> {
  const clock = new ManualClock(new Date());
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-wecom-'));
  const fake = await new FakeWecom(duban, echo).listen();
  const config = loadConfig({
    DUBAN_DB: join(dir, 'duban.db'),
    DUBAN_DATA_DIR: dir,
    DUBAN_OUTBOX_GAP_MS: '0',
    DUBAN_OUTBOX_JITTER_MS: '0',
    DUBAN_OUTBOX_PER_MINUTE: '1000000',
  });
  const db = openDatabase(config.db);
  const outbox = new Outbox(db, clock, config.outbox, silentLogger);
  const transport = new WecomTransport({
    settings: { ...duban, wsUrl: fake.wsUrl, webhookUrl: fake.webhookUrl },
    clock,
    log: silentLogger,
    botName: '督办',
    webhookKeyOf: () => undefined,
    maxBytes: config.outbox.maxBytes,
  });
  const echoClient = new WSClient({ ...echo, wsUrl: fake.wsUrl, logger: quiet });
  echoClient.on('message.text', (frame) => {
    const body = frame.body as { chatid?: string; text: { content: string } };
    void echoClient.sendMessage(body.chatid!, { msgtype: 'markdown', markdown: { content: body.text.content } });
  });

  /** Milliseconds from the question pushed until the bot's answer reached the server. */
  const ask = async (bot: string, question: string): Promise<{ ms: number; text: string }> => {
    // As if the group asked every few seconds: within WeCom's 20 messages a minute, which the outbox keeps to.
    clock.advance(askEveryMs);
    const before = fake.sent.length;
    const start = performance.now();
    fake.say('zhangsan', question, { chatid: chat, bot });
    const answer = await fake.until(() => fake.sent.slice(before).find((sent) => sent.bot === bot), 30_000, `${bot}'s answer`);
    return { ms: performance.now() - start, text: answer.text };
  };

  try {
    const draft = readTextReport(syntheticReport(itemCount), { today: '2021-01-01' });
    applyReport(db, 'bench', draft, { fileName: 'bench.txt', sha256: '-', format: 'text', encoding: 'utf-8' }, clock.now());
    bindRoom(db, { roomTopic: `wecom:${chat}`, channel: 'wecom', ledgerId: findLedger(db, 'bench')!.id, by: 'bench' }, clock.now());
    await connect([transport], new Bot(db, clock, config, silentLogger), outbox, silentLogger);
    echoClient.connect();
    await fake.until(() => fake.subscriptions === 2, 10_000, 'both bots subscribed');

    const first = await ask(duban.botId, questions[0]!);
    if (!first.text.includes('二/3')) throw new Error(`duban did not answer the question by code: ${first.text}`);
    for (let n = 0; n < warmup; n++) {
      await ask(duban.botId, questions[n % questions.length]!);
      await ask(echo.botId, questions[n % questions.length]!);
    }
    const times: Record<string, number[]> = { [duban.botId]: [], [echo.botId]: [] };
    for (let b = 0; b < batches; b++) {
      for (const bot of b % 2 ? [echo.botId, duban.botId] : [duban.botId, echo.botId]) {
        for (let n = 0; n < batch; n++) times[bot]!.push((await ask(bot, questions[n % questions.length]!)).ms);
      }
    }
    const dubanTimes = times[duban.botId]!;
    const echoTimes = times[echo.botId]!;
    reportBeside(
      { bench: 'roundtrip.wecom', unit: 'ms', baseline: 'echo bot on the same SDK and fake WeCom server, p50', aim: 'p50 ≤ 1.5x echo' },
      median(dubanTimes),
      median(echoTimes),
      { p99: round(percentile(dubanTimes, 99)), echoP99: round(percentile(echoTimes, 99)), items: itemCount, samples: dubanTimes.length },
    );
  } finally {
    outbox.stop();
    await transport.stop();
    echoClient.removeAllListeners();
    echoClient.disconnect();
    await fake.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
