/**
 * duban on Feishu, end to end: the real `@larksuiteoapi/node-sdk` (WSClient long connection, Client for the IM API)
 * against the fake Feishu, the real bot, outbox and SQLite file. What people see is what the fake recorded the bot
 * sending: text with `<at user_id>` mentions, interactive cards with buttons.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bindRoom, findBinding } from '../../src/ledger/bindings.ts';
import { findItemByCode } from '../../src/ledger/items.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { type Update, updateColumns } from '../../src/ledger/updates.ts';
import { silentLogger } from '../../src/log.ts';
import { feishuTransport } from '../../src/runtime/platforms.ts';
import { type ChannelWorld, type Running, channelWorld } from '../support/channel-world.ts';
import { FakeFeishu } from '../support/fake-feishu.ts';
import { ledgers } from '../support/world.ts';

const zhang = { openId: 'ou_zhangsan', name: '张三' };
const li = { openId: 'ou_lisi', name: '李四' };
const wang = { openId: 'ou_wangzr', name: '王主任' };
const work = { chatId: 'oc_work', name: '整改工作群', members: [zhang, li, wang] };
const idle = { chatId: 'oc_idle', name: '闲聊群', members: [zhang, li, wang] };

let fake: FakeFeishu;
let world: ChannelWorld;
let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  await fake?.close();
});

async function setUp(chats = [work, idle]) {
  fake = await FakeFeishu.start({ chats, now: () => world.clock.now().getTime() });
  world = channelWorld({
    now: '2021-07-01T08:00:00+08:00',
    env: { DUBAN_CHANNELS: 'feishu', FEISHU_APP_ID: fake.appId, FEISHU_APP_SECRET: fake.appSecret, FEISHU_DOMAIN: fake.url },
  });
  const db = world.db();
  bindRoom(db, { roomTopic: `feishu:${work.chatId}`, channel: 'feishu', roomName: work.name, ledgerId: findLedger(db, ledgers['003'])!.id, by: 'test' }, world.clock.now());
  db.close();
}

async function start() {
  const opened = fake.connections.length;
  running = await world.start((config, clock, db) => [feishuTransport(config, db, clock, silentLogger)]);
  await fake.connectionOpen(opened + 1);
}

/** Someone says something, a second after the last thing said (Feishu counts its 5 a second by its clock). */
async function say(options: Parameters<FakeFeishu['say']>[0]) {
  world.clock.advance(1000);
  const before = fake.sent.length;
  const said = fake.say(options);
  expect(await fake.answered(said.frameId)).toMatchObject({ code: 200 });
  await running!.settled();
  return { ...said, sent: fake.sent.slice(before) };
}

const trail = (code: string) => {
  const item = findItemByCode(running!.db, findLedger(running!.db, ledgers['003'])!.id, code)!;
  return running!.db.prepare(`SELECT ${updateColumns} FROM updates u WHERE u.item_id = ? ORDER BY u.id`).all(item.id) as Update[];
};

describe('duban on Feishu', () => {
  it('answers an @ question in a bound group from the ledger, with a real <at> of the asker', async () => {
    await setUp();
    await start();
    const { sent } = await say({ chat: work, from: zhang, text: '公租房整改到哪一步了？' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ chatId: 'oc_work', msgType: 'text', atOpenIds: ['ou_zhangsan'] });
    expect(sent[0]!.text).toMatch(/^@张三 /);
    expect(sent[0]!.text).toContain('公租房');
  });

  it('stays silent in an unbound group except for an admin, whose 绑定 binds it by chat_id', async () => {
    await setUp();
    await start();
    expect((await say({ chat: idle, from: li, text: '进度' })).sent).toEqual([]);
    const bound = await say({ chat: idle, from: wang, text: `绑定 ${ledgers['000']}` });
    expect(bound.sent[0]!.text).toContain('已将本群「闲聊群」绑定到台账');
    expect(findBinding(running!.db, 'feishu:oc_idle')).toMatchObject({ channel: 'feishu', roomName: '闲聊群', ledgerName: ledgers['000'] });
  });

  it('answers a message delivered twice once, also after a restart', async () => {
    await setUp();
    await start();
    const first = await say({ chat: work, from: zhang, text: '进度' });
    expect(first.sent).toHaveLength(1);
    await fake.answered(fake.redeliver(first.frameId));
    await running!.settled();
    await running!.stop();
    await start();
    await fake.answered(fake.redeliver(first.frameId));
    await running!.settled();
    expect(fake.sent).toHaveLength(1);
  });

  it("records a responsible person's report, typed 确认 or by the card's button, with Feishu's message id", async () => {
    await setUp();
    await start();
    await say({ chat: work, from: wang, text: '指派 一/4/三是 张三' });
    const typed = await say({ chat: work, from: zhang, text: '纬七路西段污水管网已经完工了' });
    expect(typed.sent[0]!.text).toContain('请确认要记录的更新');
    // Without an @: the bot asked, so the answer is heard (with the group-message permission).
    expect((await say({ chat: work, from: zhang, text: '确认', mentionBot: false })).sent[0]!.text).toContain('已记录');
    expect(trail('一/4/三是').at(-1)).toMatchObject({ kind: 'progress', author: '张三', confirmedBy: '张三', messageId: typed.messageId });

    await say({ chat: work, from: wang, text: '指派 二/3 张三' });
    const proposal = await say({ chat: work, from: zhang, text: '二/3 标准厂房租金已全部收缴到位' });
    const card = proposal.sent.find((sent) => sent.msgType === 'interactive');
    expect(card?.buttons?.map((button) => button.text)).toEqual(['确认', '取消']);
    expect(card?.atOpenIds).toEqual(['ou_zhangsan']);
    const before = fake.sent.length;
    const press = fake.press({ sent: card!, button: '确认', from: zhang });
    expect((await fake.answered(press)).data).toMatchObject({ toast: { type: 'info' } });
    await running!.settled();
    expect(fake.sent.slice(before)[0]!.text).toContain('已报管理员销号审核');
    expect(trail('二/3').at(-1)).toMatchObject({ author: '张三', confirmedBy: '张三', messageId: proposal.messageId });
  });

  it('downloads an image and a file sent for a waiting report and keeps them as evidence', async () => {
    await setUp();
    await start();
    await say({ chat: work, from: wang, text: '二/3 已完成' });
    const image = await say({ chat: work, from: wang, image: { name: 'x.png', data: Buffer.from('receipt-picture') } });
    expect(image.sent[0]!.text).toContain('已收到佐证材料（图片），确认后随更新一起保存到【二/3】');
    await say({ chat: work, from: wang, text: '确认' });
    const file = await say({ chat: work, from: wang, file: { name: '缴费清单.pdf', data: Buffer.from('%PDF-1.4 list') } });
    expect(file.sent[0]!.text).toMatch(/已收到佐证材料（文件「缴费清单.pdf」），附在【二\/3】的更新 #\d+。/);
    const kept = running!.db.prepare('SELECT path, kind FROM evidence ORDER BY id').all() as { path: string; kind: string }[];
    expect(kept.map((one) => one.kind)).toEqual(['image', 'file']);
    expect(readFileSync(join(world.config.dataDir, kept[0]!.path), 'utf8')).toBe('receipt-picture');
    expect(readFileSync(join(world.config.dataDir, kept[1]!.path), 'utf8')).toBe('%PDF-1.4 list');
  });

  it('after a dropped connection comes back by itself and answers what is said then', async () => {
    await setUp();
    await start();
    fake.drop();
    await fake.connectionOpen(2);
    const after = await say({ chat: work, from: li, text: '还有哪些没完成' });
    expect(after.sent).toHaveLength(1);
  });
});

describe('on Feishu, rights rest on the open_id, never on the name', () => {
  const impostor = { openId: 'ou_impostor', name: '王主任' };
  const crowded = { ...work, members: [zhang, li, wang, impostor] };
  const renamed = { ...idle, members: [zhang, { ...li, name: '小李' }, { ...wang, name: '王老师' }] };

  it("a member named as the admin gets no admin rights; the admin under another name keeps them", async () => {
    await setUp([crowded, renamed]);
    await start();
    expect((await say({ chat: crowded, from: impostor, text: '销号 一/1' })).sent[0]!.text).toContain('只有管理员可以销号和批准。');
    expect((await say({ chat: renamed, from: wang, text: `绑定 ${ledgers['000']}` })).sent[0]!.text).toContain('已将本群「闲聊群」绑定到台账');
  });

  it("a grant goes to the open_id an @ of the name showed, and holds whatever name its holder takes", async () => {
    await setUp([crowded, renamed]);
    await start();
    await say({ chat: crowded, from: wang, text: '请看一下', mentions: [li] });
    expect((await say({ chat: crowded, from: wang, text: '授权 李四' })).sent[0]!.text).toContain('已授权 李四 为台账');
    expect(running!.db.prepare('SELECT person FROM role_changes').pluck().all()).toEqual(['feishu:ou_lisi']);
    expect((await say({ chat: crowded, from: li, text: '指派 二/3 张三' })).sent[0]!.text).toContain('已指派 张三 为【二/3】');
    expect((await say({ chat: renamed, from: li, text: `绑定 ${ledgers['003']}` })).sent[0]!.text).toContain('已将本群「闲聊群」绑定到台账');
    expect((await say({ chat: crowded, from: impostor, text: '指派 二/4 张三' })).sent[0]!.text).toContain('只有管理员可以指派责任人。');
  });
});

describe('on Feishu, responsibility follows the open_id', () => {
  it("an admin's 指派 binds the name to the one person heard of by it; the name taken by another then gets nothing", async () => {
    const bound = { ...work, members: [{ ...zhang, name: '老张' }, { ...li, name: '张三' }, wang] };
    await setUp([bound, idle]);
    await start();
    // 张三 has spoken where the bot is, under that name, before the admin assigns him.
    await say({ chat: idle, from: zhang, text: '你好' });
    expect((await say({ chat: bound, from: wang, text: '指派 一/4/三是 张三' })).sent[0]!.text).toContain('已指派 张三');
    const report = '纬七路西段污水管网已经完工了';
    expect((await say({ chat: bound, from: li, text: report })).sent[0]!.text).toContain('只有【一/4/三是】的责任人');
    expect((await say({ chat: bound, from: zhang, text: report })).sent[0]!.text).toContain('请确认要记录的更新');
  });
});

describe('on Feishu, a card answers its own proposal', () => {
  it("another's press, and a press of an old card, record nothing; the author's press of the card now waiting records it", async () => {
    await setUp();
    await start();
    await say({ chat: work, from: wang, text: '指派 二/3 张三' });
    const card = async (text: string) => (await say({ chat: work, from: zhang, text })).sent.find((sent) => sent.msgType === 'interactive')!;
    const press = async (sent: Awaited<ReturnType<typeof card>>, from: typeof zhang) => {
      const before = fake.sent.length;
      expect(await fake.answered(fake.press({ sent, button: '确认', from }))).toMatchObject({ code: 200 });
      await running!.settled();
      return fake.sent.slice(before)[0]!.text;
    };
    const old = await card('二/3 标准厂房租金已收缴一半');
    await say({ chat: work, from: zhang, text: '取消' });
    const fresh = await card('二/3 标准厂房租金已全部收缴到位');
    expect(await press(fresh, li)).toContain('只有 张三 本人可以确认');
    expect(await press(old, zhang)).toContain('这张卡片上的更新已经确认、取消或过期了');
    expect(trail('二/3').map((update) => update.kind)).toEqual(['assign']);
    expect(await press(fresh, zhang)).toContain('已记录');
  });
});

describe("on Feishu, one who takes a person's name cannot answer for them", () => {
  const namesake = { openId: 'ou_namesake', name: '张三' };
  const crowded = { ...work, members: [zhang, li, wang, namesake] };
  const notYours = '待确认的更新是另一位同名的「张三」提出的，只有提出的本人可以确认、取消或选择；你的回复没有记录任何内容。';

  it("cannot press their card's 确认, nor reply 确认 without an @, nor 撤销 their update; the proposer can", async () => {
    await setUp([crowded, idle]);
    await start();
    await say({ chat: idle, from: zhang, text: '你好' });
    await say({ chat: crowded, from: wang, text: '指派 二/3 张三' });
    const proposed = await say({ chat: crowded, from: zhang, text: '二/3 标准厂房租金已全部收缴到位' });
    const card = proposed.sent.find((sent) => sent.msgType === 'interactive')!;
    const before = fake.sent.length;
    expect(await fake.answered(fake.press({ sent: card, button: '确认', from: namesake }))).toMatchObject({ code: 200 });
    await running!.settled();
    expect(fake.sent.slice(before)[0]!.text).toContain('这是给 张三 的确认按钮，只有 张三 本人可以确认');
    expect((await say({ chat: crowded, from: namesake, text: '确认', mentionBot: false })).sent[0]!.text).toContain(notYours);
    expect(trail('二/3').map((update) => update.kind)).toEqual(['assign']);
    expect((await say({ chat: crowded, from: zhang, text: '确认', mentionBot: false })).sent[0]!.text).toContain('已记录');
    expect((await say({ chat: crowded, from: namesake, text: '撤销' })).sent[0]!.text).toContain('最近的更新是另一位同名的「张三」记录的');
    expect(trail('二/3').map((update) => update.kind)).toEqual(['assign', 'status']);
    expect((await say({ chat: crowded, from: zhang, text: '撤销' })).sent[0]!.text).toContain('已撤销');
  });
});
