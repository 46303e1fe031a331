/**
 * duban on DingTalk, end to end: the real dingtalk-stream SDK and OpenAPI calls against the fake DingTalk, the real
 * bot, outbox and SQLite file. People @ the robot in groups (the only messages DingTalk hands a robot there); what
 * they see is what the fake recorded the robot sending.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bindRoom, findBinding } from '../../src/ledger/bindings.ts';
import { findItemByCode } from '../../src/ledger/items.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { assignResponsible } from '../../src/ledger/record.ts';
import { updateColumns, type Update } from '../../src/ledger/updates.ts';
import { silentLogger } from '../../src/log.ts';
import { dingtalkTransport } from '../../src/runtime/platforms.ts';
import { type ChannelWorld, type Running, channelWorld } from '../support/channel-world.ts';
import { FakeDingTalk } from '../support/fake-dingtalk.ts';
import { ledgers } from '../support/world.ts';

const work = { conversationId: 'cidWORK+group==', title: '整改工作群' };
const chat = { conversationId: 'cidIDLE+group==', title: '闲聊群' };
const zhang = { staffId: 'zhangsan01', nick: '张三' };
const li = { staffId: 'lisi02', nick: '李四' };
const wang = { staffId: 'wangzr03', nick: '王主任' };

let fake: FakeDingTalk;
let world: ChannelWorld;
let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  await fake?.close();
});

async function setUp(env: Record<string, string> = {}) {
  fake = await FakeDingTalk.start({ now: () => world.clock.now().getTime() });
  world = channelWorld({
    now: '2021-07-01T08:00:00+08:00',
    env: { DUBAN_CHANNELS: 'dingtalk', DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret, DINGTALK_API_BASE: fake.url, ...env },
  });
  const db = world.db();
  bindRoom(db, { roomTopic: `dingtalk:${work.conversationId}`, channel: 'dingtalk', roomName: work.title, ledgerId: findLedger(db, ledgers['003'])!.id, by: 'test' }, world.clock.now());
  db.close();
}

async function start() {
  const opened = fake.connections.length;
  running = await world.start((config, clock, db) => [dingtalkTransport(config, db, clock, silentLogger, { firstMs: 50, maxMs: 200 })]);
  await fake.streamOpen(opened + 1);
}

/** Says it, waits until it is acknowledged and everything duban queued is sent; returns what duban sent. */
async function say(options: Parameters<FakeDingTalk['say']>[0]) {
  const before = fake.sent.length;
  const said = fake.say(options);
  await fake.acked(said.streamId);
  await running!.settled();
  return { ...said, sent: fake.sent.slice(before) };
}

describe('duban on DingTalk', () => {
  it('answers an @ question in a bound group from the ledger, to the asker with a real @', async () => {
    await setUp();
    await start();
    const { sent } = await say({ group: work, from: zhang, text: '公租房整改到哪一步了？' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ via: 'webhook', conversationId: work.conversationId, atUserIds: ['zhangsan01'] });
    expect(sent[0]!.text).toMatch(/^@zhangsan01 /);
    expect(sent[0]!.text).toContain('公租房');
  });

  it('stays silent in an unbound group except for an admin, whose 绑定 binds it by conversationId', async () => {
    await setUp();
    await start();
    expect((await say({ group: chat, from: li, text: '进度' })).sent).toEqual([]);
    const bound = await say({ group: chat, from: wang, text: `绑定 ${ledgers['000']}` });
    expect(bound.sent).toHaveLength(1);
    expect(bound.sent[0]!.text).toContain('已将本群「闲聊群」绑定到台账');
    const binding = findBinding(running!.db, `dingtalk:${chat.conversationId}`);
    expect(binding).toMatchObject({ channel: 'dingtalk', roomName: '闲聊群', ledgerName: ledgers['000'] });
    expect((await say({ group: chat, from: li, text: '进度' })).sent[0]!.text).toContain('完成');
  });

  it('answers a message delivered twice once, also after a restart', async () => {
    await setUp();
    await start();
    const first = await say({ group: work, from: zhang, text: '进度' });
    expect(first.sent).toHaveLength(1);
    const again = fake.redeliver(first.streamId);
    await fake.acked(again);
    await running!.settled();
    expect(fake.sent).toHaveLength(1);

    await running!.stop();
    await start();
    const afterRestart = fake.redeliver(first.streamId);
    await fake.acked(afterRestart);
    await running!.settled();
    expect(fake.sent).toHaveLength(1);
  });

  it("records a responsible person's report on their typed 确认, with DingTalk's message id", async () => {
    await setUp();
    await start();
    await say({ group: work, from: wang, text: '指派 一/4/三是 张三' });
    const proposal = await say({ group: work, from: zhang, text: '纬七路西段污水管网已经完工了' });
    expect(proposal.sent[0]!.text).toContain('请确认要记录的更新');
    const confirmed = await say({ group: work, from: zhang, text: '确认' });
    expect(confirmed.sent[0]!.text).toContain('已记录');
    const item = findItemByCode(running!.db, findLedger(running!.db, ledgers['003'])!.id, '一/4/三是')!;
    const recorded = (running!.db.prepare(`SELECT ${updateColumns} FROM updates u WHERE u.item_id = ? ORDER BY u.id`).all(item.id) as Update[]).at(-1)!;
    expect(recorded).toMatchObject({ kind: 'progress', author: '张三', confirmedBy: '张三', messageId: proposal.msgId });
  });

  it("learns a person's userid from an admin's 指派 @ of them, and the day's reminder @-mentions them for real", async () => {
    await setUp();
    await start();
    // 张三 has never written to the robot: the @ in 王主任's message is all DingTalk tells about him.
    await say({ group: work, from: wang, text: '指派 一/3', mentions: [zhang] });
    world.clock.set('2021-07-01T09:00:00+08:00');
    running!.notices.tick();
    await running!.settled();
    const reminder = fake.sent.find((sent) => sent.text.startsWith('【到期提醒】'));
    expect(reminder).toMatchObject({ conversationId: work.conversationId, atUserIds: ['zhangsan01'] });
    expect(reminder!.text).toContain('@zhangsan01');
  });

  it('downloads a picture and a file sent for a waiting report and keeps them as evidence', async () => {
    await setUp();
    await start();
    await say({ group: work, from: wang, text: '二/3 已完成' });
    const picture = await say({ group: work, from: wang, picture: { name: 'ignored.jpg', data: Buffer.from('receipt-picture') } });
    expect(picture.sent[0]!.text).toContain('已收到佐证材料（图片），确认后随更新一起保存到【二/3】');
    await say({ group: work, from: wang, text: '确认' });
    const file = await say({ group: work, from: wang, file: { name: '缴费清单.pdf', data: Buffer.from('%PDF-1.4 list') } });
    expect(file.sent[0]!.text).toMatch(/已收到佐证材料（文件「缴费清单.pdf」），附在【二\/3】的更新 #\d+。/);
    const kept = running!.db.prepare('SELECT path, file_name AS name, kind FROM evidence ORDER BY id').all() as { path: string; name: string; kind: string }[];
    expect(kept.map((one) => one.kind)).toEqual(['image', 'file']);
    expect(readFileSync(join(world.config.dataDir, kept[0]!.path), 'utf8')).toBe('receipt-picture');
    expect(readFileSync(join(world.config.dataDir, kept[1]!.path), 'utf8')).toBe('%PDF-1.4 list');
    expect(fake.platform.calls('POST', '/v1.0/robot/messageFiles/download')).toHaveLength(2);
  });

  it('with a card template, asks for 确认 with buttons, and a press records the report', async () => {
    await setUp({ DINGTALK_CARD_TEMPLATE_ID: 'tpl-duban-confirm.schema' });
    await start();
    await say({ group: work, from: wang, text: '指派 一/4/三是 张三' });
    const proposal = await say({ group: work, from: zhang, text: '纬七路西段污水管网已经完工了' });
    const card = proposal.sent.find((sent) => sent.via === 'button-card');
    expect(card).toMatchObject({ conversationId: work.conversationId, buttons: ['confirm', 'cancel'], atUserIds: ['zhangsan01'] });
    const before = fake.sent.length;
    await fake.acked(fake.press({ outTrackId: card!.outTrackId!, button: 'confirm', from: zhang }));
    await running!.settled();
    expect(fake.sent.slice(before)[0]!.text).toContain('已记录');
  });

  it('after a dropped connection comes back and answers what was said meanwhile, nothing lost or doubled', async () => {
    await setUp();
    await start();
    const asked = fake.say({ group: work, from: zhang, text: '进度' });
    await fake.acked(asked.streamId);
    fake.drop();
    await fake.streamOpen(2);
    // The platform delivers again what it is not sure arrived.
    await fake.acked(fake.redeliver(asked.streamId));
    const meanwhile = await say({ group: work, from: li, text: '还有哪些没完成' });
    expect(meanwhile.sent).toHaveLength(1);
    expect(fake.sent.filter((sent) => sent.atUserIds.includes('zhangsan01'))).toHaveLength(1);
  });
});

describe('on DingTalk, rights rest on the staffId, never on the nick', () => {
  const impostor = { staffId: 'lisi02', nick: '王主任' };

  it('a member whose nick is the admin\'s gets no admin rights; the admin under another nick keeps them', async () => {
    await setUp();
    await start();
    expect((await say({ group: work, from: impostor, text: '销号 一/1' })).sent[0]!.text).toContain('只有管理员可以销号和批准。');
    expect((await say({ group: chat, from: impostor, text: `绑定 ${ledgers['000']}` })).sent).toEqual([]);
    const renamed = { ...wang, nick: '王老师' };
    expect((await say({ group: work, from: renamed, text: '指派 二/3 张三' })).sent[0]!.text).toContain('已指派 张三 为【二/3】');
  });

  it('a grant by @ goes to that staffId: the grantee under a new nick keeps it, another taking their nick gets none', async () => {
    await setUp();
    await start();
    expect((await say({ group: work, from: wang, text: '授权', mentions: [li] })).sent[0]!.text).toContain('已授权 李四 为台账');
    expect(running!.db.prepare('SELECT person FROM role_changes').pluck().all()).toEqual(['dingtalk:lisi02']);
    expect((await say({ group: work, from: { ...li, nick: '小李' }, text: '指派 二/3 张三' })).sent[0]!.text).toContain('已指派 张三 为【二/3】');
    expect((await say({ group: work, from: { ...zhang, nick: '李四' }, text: '指派 二/4 张三' })).sent[0]!.text).toContain('只有管理员可以指派责任人。');
  });

  it('a grant to a name two people go by is not guessed', async () => {
    await setUp();
    await start();
    await say({ group: work, from: li, text: '进度' });
    await say({ group: work, from: { ...zhang, nick: '李四' }, text: '进度' });
    expect((await say({ group: work, from: wang, text: '授权 李四' })).sent[0]!.text).toContain('督办不能确定「李四」是谁');
    expect(running!.db.prepare('SELECT count(*) FROM role_changes').pluck().get()).toBe(0);
  });

  it("a long-overdue item goes to the admin by their staffId, never to one who took the admin's nick", async () => {
    await setUp();
    await start();
    await say({ group: work, from: impostor, text: '进度' });
    world.clock.set('2021-07-05T09:00:00+08:00');
    running!.notices.tick();
    await running!.settled();
    const direct = fake.sent.filter((sent) => sent.via === 'single');
    expect(direct).toEqual([expect.objectContaining({ userIds: ['wangzr03'], text: expect.stringContaining('一/3') })]);
  });
});

describe('on DingTalk, responsibility follows the staffId', () => {
  const report = '纬七路西段污水管网已经完工了';
  const asked = '请确认要记录的更新';
  const refused = '只有【一/4/三是】的责任人';
  /** 一/4/三是 made 张三's by a report, as an import does: a name no one has acted on yet. */
  async function setUpWithImportedResponsible(): Promise<void> {
    await setUp();
    const db = world.db();
    const item = findItemByCode(db, findLedger(db, ledgers['003'])!.id, '一/4/三是')!;
    assignResponsible(db, item.id, '张三', { author: 'import', room: null, messageId: null, text: null, at: world.clock.now() });
    db.close();
  }

  it("an admin's 指派 @ binds the name to that staffId: the holder under a new nick still answers for it, another taking the name does not", async () => {
    await setUp();
    await start();
    await say({ group: work, from: wang, text: '指派 一/4/三是', mentions: [zhang] });
    expect((await say({ group: work, from: { ...li, nick: '张三' }, text: report })).sent[0]!.text).toContain(refused);
    expect((await say({ group: work, from: { ...zhang, nick: '老张' }, text: report })).sent[0]!.text).toContain(asked);
  });

  it('a name only the report gave becomes the first person\'s who acts on it under that name, while nobody else goes by it', async () => {
    await setUpWithImportedResponsible();
    await start();
    expect((await say({ group: work, from: zhang, text: report })).sent[0]!.text).toContain(asked);
    await say({ group: work, from: zhang, text: '取消' });
    expect((await say({ group: work, from: { ...li, nick: '张三' }, text: report })).sent[0]!.text).toContain(refused);
    expect((await say({ group: work, from: { ...zhang, nick: '老张' }, text: report })).sent[0]!.text).toContain(asked);
  });

  it("我负责的 lists the items of the names bound to the asker's staffId, under any nick, and none to one who took the name", async () => {
    await setUp();
    await start();
    await say({ group: work, from: wang, text: '指派 二/3', mentions: [zhang] });
    await say({ group: work, from: wang, text: '指派 一/3', mentions: [zhang] });
    const mine = async (from: typeof zhang) => (await say({ group: work, from, text: '我负责的' })).sent[0]!.text;
    expect(await mine({ ...li, nick: '张三' })).toContain('台账里没有 张三 负责的问题');
    expect(await mine({ ...zhang, nick: '老张' })).toMatch(/老张 负责的共 2 项：\n1\. 一\/3 [\s\S]*\n2\. 二\/3 /);
  });

  it('a name two people go by binds to neither: the report is refused rather than guessed', async () => {
    await setUpWithImportedResponsible();
    await start();
    await say({ group: work, from: zhang, text: '进度' });
    expect((await say({ group: work, from: { ...li, nick: '张三' }, text: report })).sent[0]!.text).toContain(refused);
    expect(running!.db.prepare('SELECT count(*) FROM name_bindings').pluck().get()).toBe(0);
  });
});

describe('on DingTalk, a card answers its own proposal', () => {
  it("a press of an old card records nothing; the card now waiting records its report", async () => {
    await setUp({ DINGTALK_CARD_TEMPLATE_ID: 'tpl-duban-confirm.schema' });
    await start();
    await say({ group: work, from: wang, text: '指派 一/4/三是 张三' });
    const card = async (text: string) => (await say({ group: work, from: zhang, text })).sent.find((sent) => sent.via === 'button-card')!;
    const press = async (sent: Awaited<ReturnType<typeof card>>) => {
      const before = fake.sent.length;
      await fake.acked(fake.press({ outTrackId: sent.outTrackId!, button: 'confirm', from: zhang }));
      await running!.settled();
      return fake.sent.slice(before)[0]!.text;
    };
    const old = await card('纬七路西段污水管网完成一半了');
    await say({ group: work, from: zhang, text: '取消' });
    const fresh = await card('纬七路西段污水管网已经完工了');
    expect(await press(old)).toContain('这张卡片上的更新已经确认、取消或过期了');
    expect(await press(fresh)).toContain('已记录');
  });
});

describe("on DingTalk, one who takes a person's nick cannot answer for them", () => {
  const namesake = { staffId: 'lisi02', nick: '张三' };
  const notYours = '待确认的更新是另一位同名的「张三」提出的，只有提出的本人可以确认、取消或选择；你的回复没有记录任何内容。';
  const text = async (from: typeof zhang, said: string) => (await say({ group: work, from, text: said })).sent.map((sent) => sent.text).join('\n');
  const trail = () => {
    const item = findItemByCode(running!.db, findLedger(running!.db, ledgers['003'])!.id, '二/3')!;
    return running!.db.prepare(`SELECT ${updateColumns} FROM updates u WHERE u.item_id = ? ORDER BY u.id`).all(item.id) as Update[];
  };
  async function reportWaiting(env: Record<string, string> = {}) {
    await setUp(env);
    await start();
    await say({ group: work, from: wang, text: '指派 二/3', mentions: [zhang] });
    expect(await text(zhang, '二/3 已全部收缴到位')).toContain('请确认要记录的更新');
  }

  it("cannot 确认 or 取消 their proposal and is told it is another's; the proposer's 确认 records it", async () => {
    await reportWaiting();
    expect(await text(namesake, '确认')).toContain(notYours);
    expect(await text(namesake, '取消')).toContain(notYours);
    expect(trail().map((u) => u.kind)).toEqual(['assign']);
    expect(await text(zhang, '确认')).toContain('已记录');
    expect(trail().at(-1)).toMatchObject({ kind: 'status', author: '张三', authorKey: 'dingtalk:zhangsan01' });
  });

  it("cannot press the buttons of their card: told only the proposer may, not that the card is out of date", async () => {
    await reportWaiting({ DINGTALK_CARD_TEMPLATE_ID: 'tpl-duban-confirm.schema' });
    const card = fake.sent.find((sent) => sent.via === 'button-card')!;
    const press = async (from: typeof zhang) => {
      const before = fake.sent.length;
      await fake.acked(fake.press({ outTrackId: card.outTrackId!, button: 'confirm', from }));
      await running!.settled();
      return fake.sent.slice(before)[0]!.text;
    };
    expect(await press(namesake)).toContain('这是给 张三 的确认按钮，只有 张三 本人可以确认');
    expect(trail().map((u) => u.kind)).toEqual(['assign']);
    expect(await press(zhang)).toContain('已记录');
  });

  it("cannot pick from their numbered choice", async () => {
    await setUp();
    await start();
    await say({ group: work, from: wang, text: '指派 一/3', mentions: [zhang] });
    await say({ group: work, from: wang, text: '指派 二/3', mentions: [zhang] });
    expect(await text(zhang, '已经完成了')).toMatch(/说的是哪一项？请回复序号：\n1\. 一\/3 .*\n2\. 二\/3 /);
    expect(await text(namesake, '2')).toContain(notYours);
    expect(await text(zhang, '2')).toMatch(/请确认要记录的更新：\n【二\/3】/);
  });

  it("cannot 撤销 their update, nor attach evidence to it; the author can", async () => {
    await reportWaiting();
    await text(zhang, '确认');
    expect(await text(namesake, '撤销')).toContain('最近的更新是另一位同名的「张三」记录的，只有本人或管理员可以撤销；没有撤销任何内容。');
    const picture = await say({ group: work, from: namesake, picture: { name: 'x.jpg', data: Buffer.from('not theirs') } });
    expect(picture.sent[0]!.text).toContain('这个图片没有保存：等待佐证材料的是另一位同名的「张三」的更新');
    expect(running!.db.prepare('SELECT count(*) FROM evidence').pluck().get()).toBe(0);
    expect(trail().map((u) => u.kind)).toEqual(['assign', 'status']);
    expect(await text(zhang, '撤销')).toContain('已撤销');
  });
});
