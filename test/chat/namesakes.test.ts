/**
 * Someone who takes a person's WeChat name is not that person: on a puppet that keeps contact ids (the mock's, as the
 * pad and WeCom protocols) a proposal, a numbered choice, an update and its evidence are the contact's who made them.
 * A stranger the bot account never remarked renames themselves 张三 while 张三's report waits for his 确认.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findItemByCode } from '../../src/ledger/items.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { type Update, updateColumns } from '../../src/ledger/updates.ts';
import { ledgers, startWorld, type TestWorld } from '../support/world.ts';

let t: TestWorld;
afterEach(async () => t?.close());

const people = ['王主任', '张三', '李四', { name: '路人甲' }];
const text = async (name: string, said: string) => (await t.ask(name, said)).map((m) => m.text).join('\n');
const item = (code: string) => findItemByCode(t.db, findLedger(t.db, ledgers['003'])!.id, code)!;
const trail = (code: string) => t.db.prepare(`SELECT ${updateColumns} FROM updates u WHERE u.item_id = ? ORDER BY u.id`).all(item(code).id) as Update[];
const openProposals = () => t.db.prepare("SELECT person FROM proposals WHERE state = 'open'").pluck().all();
async function send(name: string, file: { name: string; data: Buffer }): Promise<string> {
  const before = t.said.length;
  t.world.send(name, file, '整改工作群');
  await t.quiet();
  return t.said.slice(before).map((reply) => reply.text).join('\n');
}

const notYours = '@张三\u2005待确认的更新是另一位同名的「张三」提出的，只有提出的本人可以确认、取消或选择；你的回复没有记录任何内容。';

async function reportWaiting(): Promise<void> {
  t = await startWorld({ people });
  await text('王主任', '@督办 指派 二/3 张三');
  expect(await text('张三', '@督办 二/3 已全部收缴到位')).toContain('请确认要记录的更新');
  await t.world.rename('路人甲', '张三');
}

describe("on WeChat, one who takes a person's name", () => {
  it("cannot 确认 their proposal, bare or with @, and is told it is another's; the proposer's 确认 records it", async () => {
    await reportWaiting();
    expect(await text('路人甲', '确认')).toBe(notYours);
    expect(await text('路人甲', '@督办 确认')).toBe(notYours);
    expect(trail('二/3').map((u) => u.kind)).toEqual(['assign']);
    expect(openProposals()).toEqual(['张三']);
    expect(await text('张三', '确认')).toMatch(/^@张三\u2005已记录（#\d+）/);
    expect(trail('二/3').map((u) => u.kind)).toEqual(['assign', 'status']);
  });

  it("cannot 取消 it either; the proposer still can", async () => {
    await reportWaiting();
    expect(await text('路人甲', '取消')).toBe(notYours);
    expect(openProposals()).toEqual(['张三']);
    expect(await text('张三', '取消')).toBe('@张三\u2005已取消，没有记录。');
    expect(openProposals()).toEqual([]);
  });

  it("cannot answer their numbered choice with a bare number; the proposer's number picks the item", async () => {
    t = await startWorld({ people });
    await text('王主任', '@督办 指派 一/3 张三');
    await text('王主任', '@督办 指派 二/3 张三');
    expect(await text('张三', '@督办 已经完成了')).toMatch(/说的是哪一项？请回复序号：\n1\. 一\/3 .*\n2\. 二\/3 /);
    await t.world.rename('路人甲', '张三');
    expect(await text('路人甲', '2')).toBe(notYours);
    expect(await text('张三', '2')).toMatch(/^@张三\u2005请确认要记录的更新：\n【二\/3】/);
  });

  it("cannot 撤销 their update, bare or with @, and is told whose it is; the author still can", async () => {
    await reportWaiting();
    await text('张三', '确认');
    const refused = '@张三\u2005最近的更新是另一位同名的「张三」记录的，只有本人或管理员可以撤销；没有撤销任何内容。';
    expect(await text('路人甲', '撤销')).toBe(refused);
    expect(await text('路人甲', '@督办 撤销')).toBe(refused);
    expect(trail('二/3').map((u) => u.kind)).toEqual(['assign', 'status']);
    expect(await text('张三', '撤销')).toMatch(/^@张三\u2005已撤销 #\d+/);
    expect(trail('二/3').map((u) => u.kind)).toEqual(['assign', 'status', 'revert']);
  });

  it("cannot attach evidence to their proposal or update, and is told so; the author's picture is kept", async () => {
    await reportWaiting();
    const picture = { name: '收据.jpg', data: Buffer.from('impostor picture') };
    const refused = '@张三\u2005这个图片没有保存：等待佐证材料的是另一位同名的「张三」的更新，只有本人发的才算。';
    expect(await send('路人甲', picture)).toBe(refused);
    expect(await send('张三', { name: '收据.jpg', data: Buffer.from('receipt') })).toContain('已收到佐证材料（图片），确认后随更新一起保存到【二/3】');
    await text('张三', '确认');
    expect(await send('路人甲', picture)).toBe(refused);
    const kept = t.db.prepare('SELECT author, author_key AS key, update_id AS updateId FROM evidence').all() as { author: string; key: string; updateId: number }[];
    expect(kept).toEqual([{ author: '张三', key: `wechaty:${t.world.person('张三').id}`, updateId: trail('二/3').at(-1)!.id }]);
  });

  it("cannot take the items of a person whose contact id duban learned from an admin's @ of them", async () => {
    t = await startWorld({ people });
    await t.ask('王主任', '@督办 指派 一/4/三是 @张三\u2005', { room: '整改工作群', mentions: ['张三'] });
    const ids = t.db.prepare("SELECT user_id AS userId, name FROM people WHERE channel = 'wechaty' ORDER BY name").all();
    expect(ids).toEqual([
      { userId: t.world.person('张三').id, name: '张三' },
      { userId: t.world.person('王主任').id, name: '王主任' },
    ]);
    await t.world.rename('路人甲', '张三');
    expect(await text('路人甲', '@督办 纬七路西段污水管网已经完工了')).toContain('只有【一/4/三是】的责任人');
    expect(await text('路人甲', '@督办 我负责的')).toBe('@张三\u2005台账里没有 张三 负责的问题（责任人由管理员指派）。');
  });
});

describe("on WeChat's web protocol, where contact ids change at every login", () => {
  const web = { people: ['王主任', '张三', { name: '李四' }, { name: '路人甲' }], puppet: 'wechaty-puppet-wechat4u' };

  it("a proposal is its author's by the bot account's remark for them: one who takes their name cannot confirm it", async () => {
    t = await startWorld(web);
    await text('王主任', '@督办 指派 二/3 张三');
    expect(await text('张三', '@督办 二/3 已全部收缴到位')).toContain('请确认要记录的更新');
    await t.world.rename('路人甲', '张三');
    expect(await text('路人甲', '确认')).toBe(notYours);
    expect(await text('张三', '确认')).toMatch(/^@张三\u2005已记录（#\d+）/);
    expect(t.db.prepare('SELECT count(*) FROM people').pluck().get()).toBe(0);
  });

  it('without a remark, a proposal is known by the name alone: one who takes it is taken for its author', async () => {
    t = await startWorld(web);
    expect(await text('李四', '@督办 二/3 已召开协调会')).toContain('请确认要记录的更新');
    await t.world.rename('路人甲', '李四');
    expect(await text('路人甲', '确认')).toMatch(/^@李四\u2005已记录（#\d+）/);
  });
});
