import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { WechatyBuilder, types } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWechaty } from '../../src/channels/wechaty/transport.ts';
import { Runtime } from '../../src/runtime/serve.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { UserError } from '../../src/errors.ts';
import { importSamples, samples } from '../../src/ingest/samples.ts';
import { bindRoom } from '../../src/ledger/bindings.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { createLogger } from '../../src/log.ts';
import { tempDir } from '../support/files.ts';

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A runtime whose every attempt gets a fresh mock puppet, as a real one gets a fresh puppet after a failure. */
function startRuntime(env: Record<string, string> = {}) {
  const dir = tempDir();
  const config = loadConfig({ DUBAN_DB: join(dir, 'duban.db'), DUBAN_DATA_DIR: dir, DUBAN_OUTBOX_GAP_MS: '0', DUBAN_OUTBOX_JITTER_MS: '0', ...env });
  const clock = new ManualClock('2021-07-01T09:00:00+08:00');
  const db = openDatabase(config.db);
  const logs: LogLine[] = [];
  const printed: string[] = [];
  const log = createLogger('debug', new Writable({ write: (chunk, _encoding, done) => (logs.push(JSON.parse(String(chunk))), done()) }));
  const attempts: { mocker: mock.Mocker; puppet: PuppetMock }[] = [];
  const runtime = new Runtime({
    config,
    db,
    clock,
    log,
    print: (text) => printed.push(text),
    retry: { firstMs: 20, maxMs: 80 },
    createWechaty: () => {
      const mocker = new mock.Mocker();
      const puppet = new PuppetMock({ mocker });
      attempts.push({ mocker, puppet });
      return WechatyBuilder.build({ puppet });
    },
  });
  return { runtime, config, clock, db, logs, printed, attempts, dir };
}

const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 300; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('duban serve (the WeChat runtime, on wechaty-puppet-mock)', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('shows the login QR code in the terminal and as a PNG, and removes the PNG after the login', async () => {
    const t = startRuntime();
    stop = () => t.runtime.stop();
    await t.runtime.start();
    const { mocker } = t.attempts[0]!;
    mocker.scan('https://login.weixin.qq.com/l/duban-test', types.ScanStatus.Waiting);
    const png = join(t.dir, 'login-qr.png');
    await until(() => t.logs.some((l) => l.msg.includes('扫码登录')), 'the QR code');
    expect(existsSync(png)).toBe(true);
    expect(t.printed[0]).toMatch(/[▄▀█]/);
    expect(t.logs.find((l) => l.msg.includes('扫码登录'))).toMatchObject({ png });

    mocker.login(mocker.createContact({ name: '督办' }));
    await until(() => t.logs.some((l) => l.msg.includes('已登录微信')), 'the login');
    expect(existsSync(png)).toBe(false);
  });

  it('answers in a bound group once logged in', async () => {
    const t = startRuntime();
    stop = () => t.runtime.stop();
    importSamples(t.db, t.clock.now(), t.config.timeZone);
    bindRoom(t.db, { roomTopic: '整改工作群', ledgerId: findLedger(t.db, samples['003'].ledger)!.id, by: 'test' }, t.clock.now());
    await t.runtime.start();
    const { mocker } = t.attempts[0]!;
    const bot = mocker.createContact({ name: '督办' });
    const asker = mocker.createContact({ name: '张三' });
    const room = mocker.createRoom({ topic: '整改工作群', memberIdList: [bot.id, asker.id] });
    mocker.login(bot);
    await until(() => t.runtime.wechaty!.isLoggedIn, 'the login');

    const replies: string[] = [];
    t.runtime.wechaty!.on('message', (message) => {
      if (message.self()) replies.push(message.text());
    });
    asker.say('@督办 公租房', [bot]).to(room);
    await until(() => replies.some((text) => text.startsWith('@张三')), 'the answer');
    expect(replies.find((text) => text.startsWith('@张三'))).toMatch(/^@张三\s【一\/3】公租房闲置问题整改不力\n状态：正在整改/);
    // Logged in at 09:00 on a Thursday: the group's daily notice is queued too.
    await until(() => replies.some((text) => text.startsWith('【整改进展日报】2021-07-01')), 'the daily notice');
  });

  it('says plainly that WeChat cannot be reached, and retries with a growing back-off instead of flooding the log', async () => {
    const t = startRuntime();
    stop = () => t.runtime.stop();
    await t.runtime.start();
    const failAttempt = async (n: number) => {
      await until(() => t.attempts.length >= n && t.attempts[n - 1]!.puppet.isLoggedIn === false, `attempt ${n}`);
      for (let i = 0; i < 20; i++) t.attempts[n - 1]!.puppet.emit('error', { data: 'getaddrinfo ENOTFOUND login.wx.qq.com' });
    };
    await failAttempt(1);
    await failAttempt(2);
    await until(() => t.attempts.length === 3, 'the third attempt');

    const warnings = t.logs.filter((l) => l.msg.includes('无法连接微信服务器'));
    expect(warnings.length).toBe(2);
    expect(warnings[0]).toMatchObject({ attempt: 1, error: expect.stringContaining('ENOTFOUND') });
    expect(warnings.map((w) => w.retryInMs)).toEqual([20, 40]);
  });

  it('logs a repeated error once, then how many repeats it left out', async () => {
    const t = startRuntime();
    stop = () => t.runtime.stop();
    await t.runtime.start();
    const { mocker, puppet } = t.attempts[0]!;
    mocker.login(mocker.createContact({ name: '督办' }));
    await until(() => t.runtime.wechaty!.isLoggedIn, 'the login');
    for (let i = 0; i < 10; i++) puppet.emit('error', { data: 'sync check failed' });
    await until(() => t.logs.some((l) => l.msg.includes('微信连接出错')), 'the error log');
    t.clock.advance(61_000);
    puppet.emit('error', { data: 'sync check failed' });
    await until(() => t.logs.filter((l) => l.msg.includes('微信连接出错')).length === 2, 'the second error log');

    const errors = t.logs.filter((l) => l.msg.includes('微信连接出错'));
    expect(errors[0]).toMatchObject({ error: 'sync check failed' });
    expect(errors[1]).toMatchObject({ error: 'sync check failed', repeated: 9 });
    expect(t.attempts.length).toBe(1);
  });

  it('refuses an unknown puppet or a service puppet without its token, naming the setting', async () => {
    const t = startRuntime({ WECHATY_PUPPET: 'wechaty-puppet-nonexistent' });
    const runtime = new Runtime({ config: t.config, db: t.db, clock: t.clock, log: createLogger('silent'), print: () => undefined });
    await expect(runtime.start()).rejects.toThrow(/WECHATY_PUPPET/);
    await runtime.stop();

    const service = loadConfig({ ...{ DUBAN_DATA_DIR: t.dir }, WECHATY_PUPPET: 'wechaty-puppet-service' });
    expect(() => buildWechaty(service)).toThrow(UserError);
    expect(() => buildWechaty(service)).toThrow(/WECHATY_PUPPET_SERVICE_TOKEN/);
    const unprefixed = loadConfig({ DUBAN_DATA_DIR: t.dir, WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 'abc' });
    expect(() => buildWechaty(unprefixed)).toThrow(/needs the provider prefix/);
  });

  it('keeps its login in a memory card under the data folder', () => {
    const t = startRuntime();
    const wechaty = buildWechaty(t.config);
    expect(wechaty.name()).toBe(join(t.dir, 'duban'));
  });
});
