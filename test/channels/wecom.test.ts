/**
 * duban on WeCom: the real `@wecom/aibot-node-sdk` client, started by `serve`'s runtime, against a fake WeCom long
 * connection (and 消息推送 webhook) on 127.0.0.1, over a real SQLite file with seed 003.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { importSamples, samples } from '../../src/ingest/samples.ts';
import { bindRoom, findBinding } from '../../src/ledger/bindings.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { findItemByCode } from '../../src/ledger/items.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { assignResponsible } from '../../src/ledger/record.ts';
import { listUpdates } from '../../src/ledger/updates.ts';
import { silentLogger } from '../../src/log.ts';
import { Runtime } from '../../src/runtime/serve.ts';
import { runCli } from '../support/cli.ts';
import { FakeWecom } from '../support/fake-wecom.ts';
import { tempDir } from '../support/files.ts';

const bot = { botId: 'duban-bot', secret: 'duban-secret' };
const chat = 'wrkSFfCgAAduban';
const ledgerName = samples['003'].ledger;

let fake: FakeWecom | undefined;
let running: Runtime | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  await fake?.close();
  fake = undefined;
});

async function setUp(options: { now?: string; bound?: boolean; webhook?: string } = {}) {
  fake = await new FakeWecom(bot).listen();
  const dir = tempDir();
  const env = {
    DUBAN_DB: join(dir, 'duban.db'),
    DUBAN_DATA_DIR: dir,
    DUBAN_ADMINS: 'wecom:wangzhuren',
    DUBAN_CHANNELS: 'wecom',
    WECOM_BOT_ID: bot.botId,
    WECOM_BOT_SECRET: bot.secret,
    WECOM_WS_URL: fake.wsUrl,
    WECOM_WEBHOOK_URL: fake.webhookUrl,
    DUBAN_OUTBOX_GAP_MS: '0',
    DUBAN_OUTBOX_JITTER_MS: '0',
    DUBAN_WEB_PORT: '0',
  };
  const config = loadConfig(env);
  const clock = new ManualClock(options.now ?? '2021-07-01T08:00:00+08:00');
  const db = openDatabase(config.db);
  importSamples(db, clock.now(), config.timeZone);
  const ledger = findLedger(db, ledgerName)!;
  if (options.bound !== false) {
    bindRoom(db, { roomTopic: `wecom:${chat}`, channel: 'wecom', ledgerId: ledger.id, webhookKey: options.webhook, by: 'test' }, clock.now());
  }
  const start = async (db2: Db = db) => {
    const runtime = new Runtime({ config, db: db2, clock, log: silentLogger, print: () => undefined });
    running = runtime;
    await runtime.start();
    return runtime;
  };
  return { fake, config, env, clock, db, ledger, start };
}

/** Waits until the fake has recorded `count` messages sent, and a moment more to see that no other follows. */
async function sentCount(count: number) {
  await fake!.until(() => fake!.sent.length >= count, 10_000, `${count} messages sent`);
  await new Promise((resolve) => setTimeout(resolve, 150));
  return fake!.sent;
}

describe('duban on WeCom (official SDK, fake long connection)', () => {
  it('answers an @ question in a bound group from seed 003, in that group', async () => {
    const t = await setUp();
    await t.start();
    expect(t.fake.frames[0]).toMatchObject({ cmd: 'aibot_subscribe', body: { bot_id: bot.botId, secret: bot.secret } });
    t.fake.say('zhangsan', '@督办 公租房', { chatid: chat });
    const [answer] = await sentCount(1);
    expect(answer).toMatchObject({ chatid: chat, msgtype: 'markdown' });
    expect(answer!.text).toMatch(/^@zhangsan 【一\/3】公租房闲置问题整改不力\n状态：正在整改/);
  });

  it('in a group that is not bound hears only an admin, who binds it by 绑定', async () => {
    const t = await setUp({ bound: false });
    await t.start();
    t.fake.say('zhangsan', '@督办 公租房', { chatid: chat });
    t.fake.say('wangzhuren', '@督办 绑定 伊川', { chatid: chat });
    const sent = await sentCount(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain(`已将本群「${chat}」绑定到台账「${ledgerName}」`);
    expect(findBinding(t.db, `wecom:${chat}`)).toMatchObject({ channel: 'wecom', ledgerName });
    t.fake.say('zhangsan', '@督办 一/3', { chatid: chat });
    expect((await sentCount(2))[1]!.text).toContain('【一/3】');
  });

  it('answers the same msgid once, also after a restart', async () => {
    const t = await setUp();
    const first = await t.start();
    t.fake.say('zhangsan', '@督办 进度', { chatid: chat, msgid: 'msg-once' });
    t.fake.say('zhangsan', '@督办 进度', { chatid: chat, msgid: 'msg-once' });
    await sentCount(1);
    await first.stop();
    await t.start();
    await t.fake.until(() => t.fake.subscriptions === 2);
    t.fake.say('zhangsan', '@督办 进度', { chatid: chat, msgid: 'msg-once' });
    t.fake.say('zhangsan', '@督办 一/3', { chatid: chat, msgid: 'msg-next' });
    const sent = await sentCount(2);
    expect(sent.map((m) => m.text.split('\n')[0])).toEqual([expect.stringContaining('整改总体情况'), expect.stringContaining('【一/3】')]);
  });

  it("sends a proposal as a card; its author's 确认 press records it, someone else's records nothing and is told so", async () => {
    const t = await setUp();
    const item = findItemByCode(t.db, t.ledger.id, '二/3')!;
    assignResponsible(t.db, item.id, 'zhangsan', { author: 'wangzhuren', room: `wecom:${chat}`, messageId: null, text: null, at: t.clock.now() });
    await t.start();
    const asked = t.fake.say('zhangsan', '@督办 二/3 已完成80%', { chatid: chat });
    const [card] = await sentCount(1);
    expect(card).toMatchObject({ chatid: chat, msgtype: 'template_card', card: { buttons: [{ text: '确认' }, { text: '取消' }] } });
    expect(card!.text).toContain('请确认要记录的更新');
    const [confirm] = card!.card!.buttons;

    t.fake.press('lisi', chat, card!.card!.task_id, confirm!.key);
    const refused = (await sentCount(2))[1]!;
    expect(refused.text).toContain('只有 zhangsan 本人可以确认');
    expect(listUpdates(t.db, { itemId: item.id }).map((u) => u.kind)).toEqual(['assign']);

    t.fake.press('zhangsan', chat, card!.card!.task_id, confirm!.key);
    const recorded = (await sentCount(3))[2]!;
    expect(recorded.text).toMatch(/^@zhangsan 已记录（#\d+）：【二\/3】/);
    const json = JSON.parse((await runCli(['updates', '--json', '--item', '二/3', '--ledger', ledgerName], t.env)).stdout);
    expect(json.at(-1)).toMatchObject({ kind: 'progress', author: 'zhangsan', confirmedBy: 'zhangsan', room: `wecom:${chat}`, messageId: asked });
  });

  it('sends the 09:00 notice to the bound chat once a day across a restart, its @ through the 消息推送 webhook', async () => {
    const t = await setUp({ now: '2021-07-01T09:00:00+08:00', webhook: 'hook-key' });
    const item = findItemByCode(t.db, t.ledger.id, '一/3')!;
    assignResponsible(t.db, item.id, 'zhangsan', { author: 'wangzhuren', room: `wecom:${chat}`, messageId: null, text: null, at: t.clock.now() });
    const first = await t.start();
    // The notice, then the reminder of 一/3 gone overdue, which @-mentions its responsible person.
    await t.fake.until(() => t.fake.pushed.length + t.fake.sent.length >= 2);
    await first.stop();
    await t.start();
    await t.fake.until(() => t.fake.subscriptions === 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const notices = [...t.fake.pushed.map((m) => m.content), ...t.fake.sent.map((m) => m.text)].filter((text) => text.startsWith('【整改进展日报】'));
    expect(notices).toEqual([expect.stringMatching(/^【整改进展日报】2021-07-01/)]);
    expect(t.fake.pushed).toEqual([{ key: 'hook-key', content: expect.stringMatching(/^【到期提醒】[\s\S]*@zhangsan/), mentioned: ['zhangsan'] }]);
    expect(t.fake.sent.map((m) => m.text.split('\n')[0])).toEqual(['【整改进展日报】2021-07-01（星期四）']);
  });

  it('reads a voice message as its words, WeCom having transcribed it', async () => {
    const t = await setUp();
    await t.start();
    t.fake.speak('zhangsan', '公租房', { chatid: chat });
    const [answer] = await sentCount(1);
    expect(answer!.text).toMatch(/^@zhangsan 【一\/3】公租房闲置问题整改不力\n状态：正在整改/);
  });

  it('takes a report that quotes a line about an item as a report on that item', async () => {
    const t = await setUp();
    const assign = (code: string) =>
      assignResponsible(t.db, findItemByCode(t.db, t.ledger.id, code)!.id, 'zhangsan', { author: 'wangzhuren', room: `wecom:${chat}`, messageId: null, text: null, at: t.clock.now() });
    assign('一/3');
    assign('二/3');
    await t.start();
    t.fake.say('zhangsan', '@督办 这个已经全部完成了', { chatid: chat, quote: '【一/3】公租房闲置问题整改不力 时限 2021-06-30' });
    const [card] = await sentCount(1);
    expect(card).toMatchObject({ msgtype: 'template_card' });
    expect(card!.text).toContain('【一/3】');
    expect(card!.text).not.toContain('【二/3】');
  });

  it("keeps a picture sent for a waiting proposal as its evidence, downloaded and decrypted", async () => {
    const t = await setUp();
    const item = findItemByCode(t.db, t.ledger.id, '二/3')!;
    assignResponsible(t.db, item.id, 'zhangsan', { author: 'wangzhuren', room: `wecom:${chat}`, messageId: null, text: null, at: t.clock.now() });
    await t.start();
    t.fake.say('zhangsan', '@督办 二/3 已完成80%', { chatid: chat });
    const [card] = await sentCount(1);
    // Not a multiple of 32 bytes, so the padding is exercised.
    const photo = Buffer.from('a photo of the finished works, as WeCom would store it'.repeat(7));
    t.fake.send('zhangsan', 'image', { name: '现场照片.jpg', data: photo }, { chatid: chat });
    expect((await sentCount(2))[1]!.text).toContain('已收到佐证材料（图片），确认后随更新一起保存到【二/3】');
    t.fake.press('zhangsan', chat, card!.card!.task_id, card!.card!.buttons[0]!.key);
    await sentCount(3);
    const kept = t.db.prepare('SELECT path, file_name AS name, update_id FROM evidence').all() as { path: string; name: string; update_id: number | null }[];
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ name: '现场照片.jpg', update_id: expect.any(Number) });
    expect(readFileSync(join(t.config.dataDir, kept[0]!.path))).toEqual(photo);
  });

  it('reconnects after the server drops the connection, losing and doubling nothing', async () => {
    const t = await setUp();
    await t.start();
    t.fake.say('zhangsan', '@督办 一/3', { chatid: chat, msgid: 'before-drop' });
    await sentCount(1);
    t.fake.drop();
    await t.fake.until(() => t.fake.subscriptions === 2, 10_000, 'the reconnection');
    t.fake.say('zhangsan', '@督办 一/3', { chatid: chat, msgid: 'before-drop' });
    t.fake.say('zhangsan', '@督办 进度', { chatid: chat, msgid: 'after-drop' });
    const sent = await sentCount(2);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.text).toContain('整改总体情况');
  });

  it('bind takes the channel and the 消息推送 key; a key is refused for WeChat', async () => {
    const t = await setUp({ bound: false });
    const bound = await runCli(['bind', '--channel', 'wecom', '--room', chat, '--ledger', '伊川', '--webhook', 'hook-key-123'], t.env);
    expect(bound.stdout).toContain(`已将群「${chat}」绑定到台账「${ledgerName}」`);
    expect(findBinding(t.db, `wecom:${chat}`)).toMatchObject({ channel: 'wecom', webhookKey: 'hook-key-123' });
    expect((await runCli(['bind'], t.env)).stdout).toContain(`wecom 群 ${chat}（消息推送已设置）→ 台账「${ledgerName}」`);
    const refused = await runCli(['bind', '--room', '整改工作群', '--ledger', '伊川', '--webhook', 'hook-key-123'], t.env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--webhook（消息推送机器人的 key）只用于 --channel wecom');
  });

  it("an admin's 绑定推送 KEY in the group sets its 消息推送 key; a member's sets nothing", async () => {
    const t = await setUp();
    await t.start();
    t.fake.say('zhangsan', '@督办 绑定推送 member-key-1', { chatid: chat });
    expect((await sentCount(1))[0]!.text).toContain('管理员可以设置消息推送');
    t.fake.say('wangzhuren', '@督办 绑定推送 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=admin-key-1', { chatid: chat });
    // From now on what @-mentions someone, this answer included, goes through that robot.
    const [pushed] = await t.fake.until(() => t.fake.pushed.length === 1 && t.fake.pushed);
    expect(pushed).toMatchObject({ key: 'admin-key-1', mentioned: ['wangzhuren'], content: expect.stringContaining('已设置本群的消息推送机器人') });
    expect(findBinding(t.db, `wecom:${chat}`)).toMatchObject({ webhookKey: 'admin-key-1' });
  });

  it('serve stops naming WECOM_BOT_SECRET when WeCom refuses the secret', async () => {
    const t = await setUp();
    const result = await runCli(['serve'], { ...t.env, WECOM_BOT_SECRET: 'wrong' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('WECOM_BOT_SECRET');
    expect(t.fake.frames[0]).toMatchObject({ cmd: 'aibot_subscribe', body: { secret: 'wrong' } });
  });

  it('serve stops naming the setting when one is missing', async () => {
    const t = await setUp();
    const { WECOM_BOT_ID: _, ...withoutId } = t.env;
    const result = await runCli(['serve'], withoutId);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('WECOM_BOT_ID');
  });
});

describe('on WeCom, people are their userid', () => {
  it("an admin's 授权 of a userid grants that WeCom user, and no one of the same id elsewhere", async () => {
    const t = await setUp();
    await t.start();
    t.fake.say('lisi', '@督办 指派 二/3 zhangsan', { chatid: chat });
    expect((await sentCount(1))[0]!.text).toContain('只有管理员可以指派责任人。');
    t.fake.say('wangzhuren', '@督办 授权 lisi', { chatid: chat });
    expect((await sentCount(2))[1]!.text).toContain('已授权 lisi 为台账');
    expect(t.db.prepare('SELECT person FROM role_changes').pluck().all()).toEqual(['wecom:lisi']);
    t.fake.say('lisi', '@督办 指派 二/3 zhangsan', { chatid: chat });
    expect((await sentCount(3))[2]!.text).toContain('已指派 zhangsan 为【二/3】');
    expect(running!.bot.roles.isAdmin({ id: 'lisi', userId: 'lisi', key: 'dingtalk:lisi', name: 'lisi' })).toBe(false);
  });
});

describe('a card names the proposal it answers', () => {
  it("pressing an old card's 确认 records nothing, not even the newer proposal waiting now", async () => {
    const t = await setUp();
    const item = findItemByCode(t.db, t.ledger.id, '二/3')!;
    assignResponsible(t.db, item.id, 'zhangsan', { author: 'wangzhuren', room: `wecom:${chat}`, messageId: null, text: null, at: t.clock.now() });
    await t.start();
    t.fake.say('zhangsan', '@督办 二/3 已完成80%', { chatid: chat });
    const [old] = await sentCount(1);
    t.fake.say('zhangsan', '@督办 取消', { chatid: chat });
    await sentCount(2);
    t.fake.say('zhangsan', '@督办 二/3 已完成90%', { chatid: chat });
    const fresh = (await sentCount(3))[2]!;
    expect(fresh.msgtype).toBe('template_card');

    t.fake.press('zhangsan', chat, old!.card!.task_id, old!.card!.buttons[0]!.key);
    expect((await sentCount(4))[3]!.text).toContain('这张卡片上的更新已经确认、取消或过期了，按键没有记录任何内容');
    expect(listUpdates(t.db, { itemId: item.id }).map((u) => u.kind)).toEqual(['assign']);

    t.fake.press('zhangsan', chat, fresh.card!.task_id, fresh.card!.buttons[0]!.key);
    expect((await sentCount(5))[4]!.text).toMatch(/^@zhangsan 已记录（#\d+）：【二\/3】/);
    expect(listUpdates(t.db, { itemId: item.id }).at(-1)).toMatchObject({ kind: 'progress', newProgress: 90 });
  });
});
