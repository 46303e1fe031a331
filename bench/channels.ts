/**
 * The round trip of a status question through each platform channel: a member @-mentions duban in a group on the fake
 * DingTalk (dingtalk-stream SDK, OpenAPI) and on the fake Feishu (WSClient, IM API), with bot, outbox and SQLite as in
 * `serve` over a 10,000-item ledger, until the platform has duban's answer. Beside each, in the same run and
 * interleaved in batches, the floor: a bare echo bot through the same SDK on an identical fake platform in the same
 * process, answering with the question's text. Aim: p50 within 1.5x of the echo bot's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Bot } from '../src/bot.ts';
import { DingTalkApi } from '../src/channels/dingtalk/api.ts';
import { DingTalkStream } from '../src/channels/dingtalk/stream.ts';
import { DingTalkTransport } from '../src/channels/dingtalk/transport.ts';
import { FeishuApi, textContent } from '../src/channels/feishu/api.ts';
import { FeishuConnection, sdkLogger } from '../src/channels/feishu/connection.ts';
import { FeishuTransport } from '../src/channels/feishu/transport.ts';
import { Outbox } from '../src/chat/outbox.ts';
import type { Transport } from '../src/chat/transport.ts';
import { ManualClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { readTextReport } from '../src/ingest/text-report.ts';
import { applyReport } from '../src/ledger/apply-report.ts';
import { bindRoom } from '../src/ledger/bindings.ts';
import { openDatabase } from '../src/ledger/db.ts';
import { findLedger } from '../src/ledger/ledgers.ts';
import { peopleBook } from '../src/ledger/people.ts';
import { silentLogger } from '../src/log.ts';
import { connect } from '../src/runtime/connect.ts';
import { FakeDingTalk } from '../test/support/fake-dingtalk.ts';
import { FakeFeishu } from '../test/support/fake-feishu.ts';
import { syntheticReport } from './synthetic.ts';
import { median, percentile, reportBeside, round } from './support.ts';

const itemCount = 10_000;
const questions = ['二/3', '公租房', '进度', '还有哪些没完成'];
const warmup = 20;
const batch = 25;
const batches = 8;
const askEveryMs = 3000;

/** One side of the comparison: asks one question, resolves when the platform has the answer. */
type Ask = (text: string) => Promise<void>;

async function measure(duban: Ask, echo: Ask): Promise<{ duban: number[]; echo: number[] }> {
  const time = async (ask: Ask, text: string) => {
    const start = performance.now();
    await ask(text);
    return performance.now() - start;
  };
  for (let n = 0; n < warmup; n++) {
    await time(duban, questions[n % questions.length]!);
    await time(echo, questions[n % questions.length]!);
  }
  const times = { duban: [] as number[], echo: [] as number[] };
  for (let b = 0; b < batches; b++) {
    for (const side of b % 2 ? (['echo', 'duban'] as const) : (['duban', 'echo'] as const)) {
      for (let n = 0; n < batch; n++) times[side].push(await time(side === 'duban' ? duban : echo, questions[n % questions.length]!));
    }
  }
  return times;
}

export async function run(): Promise<void> {
  // dingtalk-stream writes connection news to the console: stdout stays JSON lines.
  const { info, warn } = console;
  console.info = () => undefined;
  console.warn = () => undefined;
  try {
    await measureChannels();
  } finally {
    Object.assign(console, { info, warn });
  }
}

async function measureChannels(): Promise<void> {
  const clock = new ManualClock(new Date());
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  const config = loadConfig({
    DUBAN_DB: join(dir, 'duban.db'),
    DUBAN_DATA_DIR: dir,
    DUBAN_OUTBOX_GAP_MS: '0',
    DUBAN_OUTBOX_JITTER_MS: '0',
    DUBAN_OUTBOX_PER_MINUTE: '1000000',
  });
  const db = openDatabase(config.db);
  const now = () => clock.now().getTime();
  const [dingtalk, dingtalkEcho, feishu, feishuEcho] = await Promise.all([
    FakeDingTalk.start({ now }),
    FakeDingTalk.start({ now }),
    FakeFeishu.start({ now, chats: [{ chatId: 'oc_work', name: '整改工作群', members: [{ openId: 'ou_zhangsan', name: '张三' }] }] }),
    FakeFeishu.start({ now, chats: [{ chatId: 'oc_work', name: '整改工作群', members: [{ openId: 'ou_zhangsan', name: '张三' }] }] }),
  ]);
  const outbox = new Outbox(db, clock, config.outbox, silentLogger);
  const stops: (() => unknown)[] = [];
  try {
    const draft = readTextReport(syntheticReport(itemCount), { today: '2021-01-01' });
    applyReport(db, 'bench', draft, { fileName: 'bench.txt', sha256: '-', format: 'text', encoding: 'utf-8' }, clock.now());
    const ledgerId = findLedger(db, 'bench')!.id;
    bindRoom(db, { roomTopic: 'dingtalk:cidWORK', channel: 'dingtalk', roomName: '整改工作群', ledgerId, by: 'bench' }, clock.now());
    bindRoom(db, { roomTopic: 'feishu:oc_work', channel: 'feishu', roomName: '整改工作群', ledgerId, by: 'bench' }, clock.now());

    const transports: Transport[] = [
      new DingTalkTransport({
        settings: { clientId: dingtalk.clientId, clientSecret: dingtalk.clientSecret, robotCode: dingtalk.robotCode, apiBase: dingtalk.url, perMinute: 1_000_000, maxBytes: 4000 },
        clock,
        log: silentLogger,
        people: peopleBook(db, 'dingtalk', () => clock.now()),
      }),
      new FeishuTransport({
        settings: { appId: feishu.appId, appSecret: feishu.appSecret, domain: feishu.url, perMinute: 1_000_000, maxBytes: 4000 },
        clock,
        log: silentLogger,
        people: peopleBook(db, 'feishu', () => clock.now()),
      }),
    ];
    stops.push(...transports.map((transport) => () => transport.stop()));
    await connect(transports, new Bot(db, clock, config, silentLogger), outbox, silentLogger);
    await feishu.connectionOpen(1);

    // The echo bots: the same SDKs, answering with the question's text.
    const dingtalkEchoApi = new DingTalkApi({ clientId: dingtalkEcho.clientId, clientSecret: dingtalkEcho.clientSecret, robotCode: dingtalkEcho.robotCode, apiBase: dingtalkEcho.url });
    const echoStream = new DingTalkStream({
      clientId: dingtalkEcho.clientId,
      clientSecret: dingtalkEcho.clientSecret,
      apiBase: dingtalkEcho.url,
      log: silentLogger,
      onMessage: async (frame) => {
        const message = JSON.parse(frame.data) as { sessionWebhook: string; text: { content: string }; senderStaffId: string };
        await dingtalkEchoApi.replyBySession(message.sessionWebhook, { title: 'echo', text: message.text.content.trim() }, [message.senderStaffId]);
        return {};
      },
      onCard: async () => ({}),
    });
    stops.push(() => echoStream.stop());
    await echoStream.start();
    const feishuEchoApi = new FeishuApi({ appId: feishuEcho.appId, appSecret: feishuEcho.appSecret, domain: feishuEcho.url }, sdkLogger(silentLogger));
    const echoConnection = new FeishuConnection({
      credentials: { appId: feishuEcho.appId, appSecret: feishuEcho.appSecret, domain: feishuEcho.url },
      log: silentLogger,
      onMessage: async (event) => {
        const text = (JSON.parse(event.message.content) as { text: string }).text.replace(/@_user_\d+\s*/g, '');
        await feishuEchoApi.send(event.message.chat_id, { msgType: 'text', content: textContent(text, []) }, event.message.message_id);
      },
      onCardAction: async () => ({}),
    });
    stops.push(() => echoConnection.stop());
    await echoConnection.start();
    await feishuEcho.connectionOpen(1);

    const group = { conversationId: 'cidWORK', title: '整改工作群' };
    const zhang = { staffId: 'zhangsan01', nick: '张三' };
    const askDingTalk = (fake: FakeDingTalk): Ask => async (text) => {
      clock.advance(askEveryMs);
      const before = fake.sent.length;
      fake.say({ group, from: zhang, text });
      await fake.waitSent(before + 1);
    };
    const chat = { chatId: 'oc_work', name: '整改工作群', members: [] };
    const askFeishu = (fake: FakeFeishu): Ask => async (text) => {
      clock.advance(askEveryMs);
      const before = fake.sent.length;
      fake.say({ chat, from: { openId: 'ou_zhangsan', name: '张三' }, text });
      await fake.waitSent(before + 1);
    };
    await askDingTalk(dingtalk)('二/3');
    if (!dingtalk.sent[0]!.text.includes('二/3')) throw new Error(`duban did not answer on DingTalk: ${dingtalk.sent[0]!.text}`);

    for (const [name, times] of [
      ['dingtalk', await measure(askDingTalk(dingtalk), askDingTalk(dingtalkEcho))],
      ['feishu', await measure(askFeishu(feishu), askFeishu(feishuEcho))],
    ] as const) {
      reportBeside(
        { bench: `roundtrip.${name}`, unit: 'ms', baseline: `echo bot through the same SDK on an identical fake ${name === 'dingtalk' ? 'DingTalk' : 'Feishu'}, p50`, aim: 'p50 ≤ 1.5x echo' },
        median(times.duban),
        median(times.echo),
        { p99: round(percentile(times.duban, 99)), echoP99: round(percentile(times.echo, 99)), items: itemCount, samples: times.duban.length },
      );
    }
  } finally {
    outbox.stop();
    for (const stop of stops) await stop();
    await Promise.all([dingtalk, dingtalkEcho, feishu, feishuEcho].map((fake) => fake.close()));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
