/**
 * The daily notice across restarts, end to end: each "process" is a new duban runtime with its own database
 * connection and a fresh WeChat login (wechaty-puppet-mock) over the same SQLite file; one is the real `duban
 * broadcast` executable, which queues and logs the notice and exits before anything is sent.
 */
import { join } from 'node:path';
import { WechatyBuilder } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Runtime } from '../../src/runtime/serve.ts';
import { ManualClock } from '../../src/clock.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { importSamples, samples } from '../../src/ingest/samples.ts';
import { bindRoom } from '../../src/ledger/bindings.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { findItemByCode } from '../../src/ledger/items.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { assignResponsible } from '../../src/ledger/record.ts';
import { silentLogger } from '../../src/log.ts';
import { runExecutable } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';

interface Delivered {
  to: string;
  text: string;
  mentions: string[];
}

const env = (dir: string) => ({
  DUBAN_DB: join(dir, 'duban.db'),
  DUBAN_DATA_DIR: dir,
  DUBAN_ADMINS: '王主任',
  DUBAN_OUTBOX_GAP_MS: '0',
  DUBAN_OUTBOX_JITTER_MS: '0',
});
let config: Config;
let dir: string;
/** Everything every run delivered, in order. */
let delivered: Delivered[];
let running: Runtime | undefined;

beforeEach(() => {
  dir = tempDir();
  config = loadConfig(env(dir));
  delivered = [];
  const db = openDatabase(config.db);
  const start = new Date('2021-04-01T09:00:00+08:00');
  importSamples(db, start, config.timeZone);
  const ledger = findLedger(db, samples['003'].ledger)!;
  bindRoom(db, { roomTopic: '整改工作群', ledgerId: ledger.id, by: 'test' }, start);
  assignResponsible(db, findItemByCode(db, ledger.id, '一/3')!.id, '张三', { author: '王主任', room: null, messageId: null, text: null, at: start });
  db.close();
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Starts duban at `now` (Shanghai time), logs it in, lets it do what it does at start, and stops it. */
async function runDuban(now: string): Promise<void> {
  const db = openDatabase(config.db);
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  // The mock puppet drops the ids to @-mention; record what duban asked WeChat for, then send as before.
  const mentioned = new Map<string, string[]>();
  const sendText = puppet.messageSendText.bind(puppet);
  puppet.messageSendText = async (conversationId: string, text: string, mentionIds?: string[]) => {
    mentioned.set(text, (mentionIds ?? []).map((id) => mocker.ContactMock.load(id).payload.name));
    return sendText(conversationId, text);
  };
  const runtime = new Runtime({
    config,
    db,
    clock: new ManualClock(`${now}+08:00`),
    log: silentLogger,
    print: () => undefined,
    createWechaty: () => WechatyBuilder.build({ puppet }),
  });
  running = runtime;
  await runtime.start();
  const bot = mocker.createContact({ name: '督办' });
  const people = ['张三', '王主任'].map((name) => mocker.createContact({ name }));
  mocker.createRoom({ topic: '整改工作群', memberIdList: [bot.id, ...people.map((p) => p.id)] });
  runtime.wechaty!.on('message', async (message) => {
    if (!message.self()) return;
    const room = message.room();
    delivered.push({ to: room ? await room.topic() : message.listener()!.name(), text: message.text(), mentions: mentioned.get(message.text()) ?? [] });
  });
  mocker.login(bot);
  while (!runtime.wechaty!.isLoggedIn) await pause(5);
  // The start-up tick has queued whatever was due: wait until it is all sent and handed back by the mock.
  while (runtime.outbox.pending().length > 0) await pause(10);
  await runtime.outbox.idle();
  await pause(100);
  await runtime.stop();
  running = undefined;
  db.close();
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const notices = () => delivered.filter((m) => m.text.startsWith('【整改进展日报】')).map((m) => m.text.split('\n')[0]);
const reminders = () => delivered.filter((m) => m.text.startsWith('【到期提醒】'));

describe('one daily notice per group and day, whatever stops duban', () => {
  it('stopped before the time: nothing early, one notice at 09:00, nothing more after another restart', async () => {
    await runDuban('2021-07-01T08:50:00');
    expect(delivered).toEqual([]);
    await runDuban('2021-07-01T09:00:00');
    await runDuban('2021-07-01T09:30:00');
    expect(notices()).toEqual(['【整改进展日报】2021-07-01（星期四）']);
    // 张三's item went overdue yesterday: the reminder @-mentions him, the notice names him without a second @.
    // The notice's chart follows it: a picture, with no text of its own.
    expect(delivered.filter((m) => m.to === '整改工作群').map((m) => [m.text.slice(0, 8), m.mentions])).toEqual([
      ['【整改进展日报】', []],
      ['', []],
      ['【到期提醒】「伊', ['张三']],
    ]);
  });

  it('stopped over the time: one late notice marked 补发 at start, none after the cut-off', async () => {
    await runDuban('2021-07-01T10:15:00');
    await runDuban('2021-07-01T11:00:00');
    expect(notices()).toEqual(['【整改进展日报】2021-07-01（星期四）（补发）']);
    await runDuban('2021-07-02T18:30:00');
    expect(notices()).toHaveLength(1);
  });

  it('stopped between queuing and sending: the queued notice goes out once, and no second one is composed', async () => {
    const queued = await runExecutable(['broadcast', '--room', '整改工作群', '--now', '2021-07-01 09:00'], env(dir));
    expect(queued.code).toBe(0);
    expect(delivered).toEqual([]);
    await runDuban('2021-07-01T09:05:00');
    await runDuban('2021-07-01T09:10:00');
    expect(notices()).toEqual(['【整改进展日报】2021-07-01（星期四）']);
  });

  it('reminds 张三 in the group with a real @ and raises a long-overdue item with the admin once, across restarts', async () => {
    await runDuban('2021-06-29T09:00:00');
    await runDuban('2021-06-29T09:20:00');
    expect(reminders()).toMatchObject([{ to: '整改工作群', mentions: ['张三'] }]);
    expect(reminders()[0]!.text).toContain('明天（2021-06-30）到期｜@张三');

    await runDuban('2021-07-05T09:00:00');
    await runDuban('2021-07-06T09:00:00');
    const raised = delivered.filter((m) => m.text.startsWith('【逾期督办】'));
    expect(raised).toMatchObject([{ to: '王主任' }]);
    expect(raised[0]!.text).toContain('一/3 公租房闲置问题整改不力｜逾期 5 天（2021-06-30）｜责任人：张三');
  });
});
