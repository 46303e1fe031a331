/**
 * The channels as `serve` runs them together: one Runtime started from the settings (`DUBAN_CHANNELS`), each
 * platform's real SDK against its fake on 127.0.0.1 (WeCom, DingTalk, Feishu; WeChat through wechaty-puppet-mock), each group answered on its
 * own channel; the daily notice once a day across restarts with real @ by platform user id; the outbox's rate per
 * channel; and `duban serve` itself stopping on bad credentials with the setting named.
 */
import { join } from 'node:path';
import { WechatyBuilder } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { importSamples, samples } from '../../src/ingest/samples.ts';
import { bindRoom } from '../../src/ledger/bindings.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { findItemByCode } from '../../src/ledger/items.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { assignResponsible } from '../../src/ledger/record.ts';
import { silentLogger } from '../../src/log.ts';
import { Runtime } from '../../src/runtime/serve.ts';
import { runCli, runExecutable } from '../support/cli.ts';
import { FakeDingTalk } from '../support/fake-dingtalk.ts';
import { FakeFeishu } from '../support/fake-feishu.ts';
import { FakeWecom } from '../support/fake-wecom.ts';
import { tempDir } from '../support/files.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dingGroup = { conversationId: 'cidDING+work==', title: '钉钉整改群' };
const feishuChat = { chatId: 'oc_feishu_work', name: '飞书整改群', members: [{ openId: 'ou_zhangsan', name: '张三' }, { openId: 'ou_wangzr', name: '王主任' }] };
const zhangDing = { staffId: 'zhangsan01', nick: '张三' };
const zhangFeishu = feishuChat.members[0]!;

let clock: ManualClock;
let dingtalk: FakeDingTalk;
let feishu: FakeFeishu;
let stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const stop of stops.reverse()) await stop();
  stops = [];
});

async function fakes() {
  clock = new ManualClock('2021-07-01T08:50:00+08:00');
  dingtalk = await FakeDingTalk.start({ now: () => clock.now().getTime() });
  feishu = await FakeFeishu.start({ chats: [feishuChat], now: () => clock.now().getTime() });
  stops.push(() => dingtalk.close(), () => feishu.close());
}

function settings(dir: string, extra: Record<string, string> = {}) {
  return {
    DUBAN_DB: join(dir, 'duban.db'),
    DUBAN_DATA_DIR: dir,
    DUBAN_ADMINS: '王主任,dingtalk:wangzr03,feishu:ou_wangzr',
    DUBAN_OUTBOX_GAP_MS: '0',
    DUBAN_OUTBOX_JITTER_MS: '0',
    // serve's web console, on a port of its own.
    DUBAN_WEB_PORT: '0',
    DINGTALK_CLIENT_ID: dingtalk.clientId,
    DINGTALK_CLIENT_SECRET: dingtalk.clientSecret,
    DINGTALK_API_BASE: dingtalk.url,
    FEISHU_APP_ID: feishu.appId,
    FEISHU_APP_SECRET: feishu.appSecret,
    FEISHU_DOMAIN: feishu.url,
    ...extra,
  };
}

/** A database with the samples, the DingTalk and Feishu groups bound to 003 and 一/3 assigned to 张三. */
function prepare(env: Record<string, string>, alsoBind: (db: ReturnType<typeof openDatabase>, ledgerId: number) => void = () => undefined) {
  const config = loadConfig(env);
  const db = openDatabase(config.db);
  const start = new Date('2021-04-01T09:00:00+08:00');
  importSamples(db, start, config.timeZone);
  const ledger = findLedger(db, samples['003'].ledger)!;
  bindRoom(db, { roomTopic: `dingtalk:${dingGroup.conversationId}`, channel: 'dingtalk', roomName: dingGroup.title, ledgerId: ledger.id, by: 'test' }, start);
  bindRoom(db, { roomTopic: `feishu:${feishuChat.chatId}`, channel: 'feishu', roomName: feishuChat.name, ledgerId: ledger.id, by: 'test' }, start);
  assignResponsible(db, findItemByCode(db, ledger.id, '一/3')!.id, '张三', { author: '王主任', room: null, messageId: null, text: null, at: start });
  alsoBind(db, ledger.id);
  db.close();
  return config;
}

async function serve(env: Record<string, string>, now: string, createWechaty?: () => ReturnType<typeof WechatyBuilder.build>) {
  clock.set(`${now}+08:00`);
  const config = loadConfig(env);
  const db = openDatabase(config.db);
  const runtime = new Runtime({ config, db, clock, log: silentLogger, print: () => undefined, retry: { firstMs: 50, maxMs: 200 }, ...(createWechaty ? { createWechaty } : {}) });
  const opened = { dingtalk: dingtalk.connections.length, feishu: feishu.connections.length };
  await runtime.start();
  await dingtalk.streamOpen(opened.dingtalk + 1);
  await feishu.connectionOpen(opened.feishu + 1);
  const stop = async () => {
    await runtime.stop();
    db.close();
  };
  stops.push(stop);
  const drained = async () => {
    for (let i = 0; i < 300 && (runtime.outbox.pending().length > 0 || i < 5); i++) {
      await runtime.connection?.settled();
      await runtime.outbox.idle();
      await pause(10);
    }
  };
  return { runtime, drained, stop };
}

describe('channels together', () => {
  it('one serve with wecom,dingtalk,feishu (and wechaty) answers each group on its own channel', async () => {
    await fakes();
    const wecom = await new FakeWecom({ botId: 'aibot-duban', secret: 'wecom-secret' }).listen();
    stops.push(() => wecom.close());
    const dir = tempDir();
    const env = settings(dir, {
      DUBAN_CHANNELS: 'wecom,dingtalk,feishu,wechaty',
      WECOM_BOT_ID: 'aibot-duban',
      WECOM_BOT_SECRET: 'wecom-secret',
      WECOM_WS_URL: wecom.wsUrl,
      WECOM_WEBHOOK_URL: wecom.webhookUrl,
    });
    prepare(env, (db, ledgerId) => {
      const at = new Date('2021-04-01T09:00:00+08:00');
      bindRoom(db, { roomTopic: '微信整改群', ledgerId, by: 'test' }, at);
      bindRoom(db, { roomTopic: 'wecom:wrWECOMwork', channel: 'wecom', ledgerId, by: 'test' }, at);
    });
    const mocker = new mock.Mocker();
    const puppet = new PuppetMock({ mocker });
    const { runtime, drained } = await serve(env, '2021-07-01T08:30', () => WechatyBuilder.build({ puppet }));
    const bot = mocker.createContact({ name: '督办' });
    const zhang = mocker.createContact({ name: '张三' });
    const room = mocker.createRoom({ topic: '微信整改群', memberIdList: [bot.id, zhang.id] });
    const wechat: string[] = [];
    runtime.wechaty!.on('message', (message) => {
      if (message.self()) wechat.push(message.text());
    });
    mocker.login(bot);
    while (!runtime.wechaty!.isLoggedIn) await pause(5);

    await wecom.until(() => wecom.subscriptions === 1);
    await dingtalk.acked(dingtalk.say({ group: dingGroup, from: zhangDing, text: '一/3' }).streamId);
    await feishu.answered(feishu.say({ chat: feishuChat, from: zhangFeishu, text: '一/3' }).frameId);
    wecom.say('zhangsan', '@督办 一/3', { chatid: 'wrWECOMwork' });
    zhang.say('@督办 一/3', [bot]).to(room);
    await wecom.until(() => wecom.sent.length >= 1);
    await drained();
    await pause(100);

    expect(dingtalk.sent).toMatchObject([{ via: 'webhook', conversationId: dingGroup.conversationId, atUserIds: ['zhangsan01'] }]);
    expect(feishu.sent).toMatchObject([{ chatId: feishuChat.chatId, atOpenIds: ['ou_zhangsan'] }]);
    expect(wecom.sent).toMatchObject([{ chatid: 'wrWECOMwork' }]);
    expect(wechat).toHaveLength(1);
    for (const text of [dingtalk.sent[0]!.text, feishu.sent[0]!.text, wecom.sent[0]!.text, wechat[0]!]) expect(text).toContain('【一/3】公租房闲置问题整改不力');
  });

  it('sends the daily notice once a day across restarts, the reminder with a real @ of the learned user ids', async () => {
    await fakes();
    const env = settings(tempDir(), { DUBAN_CHANNELS: 'dingtalk,feishu' });
    prepare(env);
    // 08:50: 张三 asks something on each platform, which is how duban learns his user id there.
    let run = await serve(env, '2021-07-01T08:50');
    await dingtalk.acked(dingtalk.say({ group: dingGroup, from: zhangDing, text: '进度' }).streamId);
    await feishu.answered(feishu.say({ chat: feishuChat, from: zhangFeishu, text: '进度' }).frameId);
    await run.drained();
    await run.stop();
    const asked = { dingtalk: dingtalk.sent.length, feishu: feishu.sent.length };

    for (const now of ['2021-07-01T09:00', '2021-07-01T09:30', '2021-07-01T11:00']) {
      run = await serve(env, now);
      await run.drained();
      await run.stop();
    }
    const dingNotices = dingtalk.sent.slice(asked.dingtalk);
    const feishuNotices = feishu.sent.slice(asked.feishu);
    for (const sent of [dingNotices, feishuNotices]) {
      expect(sent.filter((m) => m.text.startsWith('【整改进展日报】')).map((m) => m.text.split('\n')[0])).toEqual(['【整改进展日报】2021-07-01（星期四）']);
    }
    expect(dingNotices.filter((m) => m.text.startsWith('【到期提醒】')).map((m) => m.atUserIds)).toEqual([['zhangsan01']]);
    expect(feishuNotices.filter((m) => m.text.startsWith('【到期提醒】')).map((m) => m.atOpenIds)).toEqual([['ou_zhangsan']]);
  });

  it("keeps each channel to its own rate: DingTalk's limit holds DingTalk back, not Feishu", async () => {
    await fakes();
    const env = settings(tempDir(), { DUBAN_CHANNELS: 'dingtalk,feishu', DINGTALK_PER_MINUTE: '2', DUBAN_OUTBOX_PER_MINUTE: '1000' });
    prepare(env);
    const { runtime } = await serve(env, '2021-07-01T08:30');
    for (const text of ['一/1', '一/2', '一/3']) {
      await dingtalk.acked(dingtalk.say({ group: dingGroup, from: zhangDing, text }).streamId);
      await feishu.answered(feishu.say({ chat: feishuChat, from: zhangFeishu, text }).frameId);
    }
    await pause(300);
    expect(dingtalk.sent).toHaveLength(2);
    expect(feishu.sent).toHaveLength(3);
    // A minute later the third may go: the outbox is woken as its timer would wake it.
    clock.advance(61_000);
    runtime.outbox.kick();
    await dingtalk.waitSent(3);
  });
});

describe('duban serve on bad credentials', () => {
  it('stops, naming DINGTALK_CLIENT_SECRET or FEISHU_APP_SECRET, before anything is sent', async () => {
    await fakes();
    const dir = tempDir();
    prepare(settings(dir));
    // The real executable: Feishu connects first, and must be let go for the process to end.
    const ding = await runExecutable(['serve'], settings(dir, { DUBAN_CHANNELS: 'feishu,dingtalk', DINGTALK_CLIENT_SECRET: 'wrong' }));
    expect(ding.code).toBe(1);
    expect(ding.stderr).toContain('DINGTALK_CLIENT_SECRET');
    expect(feishu.connections).toHaveLength(1);
    const lark = await runCli(['serve'], settings(dir, { DUBAN_CHANNELS: 'feishu', FEISHU_APP_SECRET: 'wrong' }));
    expect(lark.code).toBe(1);
    expect(lark.stderr).toContain('FEISHU_APP_SECRET');
    const missing = await runCli(['serve'], { ...settings(dir, { DUBAN_CHANNELS: 'dingtalk' }), DINGTALK_CLIENT_ID: '' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('DINGTALK_CLIENT_ID');
    expect(dingtalk.sent).toEqual([]);
    expect(feishu.sent).toEqual([]);
  });
});
