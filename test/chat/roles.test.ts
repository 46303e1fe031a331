/**
 * Admin rights granted in a group: over that group's ledger only, each grant and revocation a row of the trail that
 * stays (who, by whom, when, where, for which ledger).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { roleChanges } from '../../src/ledger/role-changes.ts';
import { ledgers, startWorld, type TestWorld } from '../support/world.ts';

let t: TestWorld;
afterEach(async () => t?.close());

const ledgerId = (name: string) => t.db.prepare('SELECT id FROM ledgers WHERE name = ?').pluck().get(name) as number;
const text = async (name: string, said: string, room = '整改工作群') => (await t.ask(name, said, { room })).map((m) => m.text).join('\n');
const rooms = [
  { topic: '整改工作群', members: ['张三', '李四', '王主任'], ledger: '003' as const },
  { topic: '党工委群', members: ['张三', '李四', '王主任'], ledger: '000' as const },
];

describe('a grant', () => {
  it('is for the ledger of the group it was given in, and a revocation is a row of its own', async () => {
    t = await startWorld({ rooms });
    expect(await text('王主任', `@督办 授权 张三`)).toBe(`@王主任\u2005已授权 张三 为台账「${ledgers['003']}」的管理员。督办按机器人微信给联系人设的备注名认管理员（昵称谁都能改）：请确认已给对方设好备注名「张三」。`);
    expect(await text('张三', '@督办 指派 二/3 李四')).toContain('已指派 李四 为【二/3】');
    expect(await text('张三', '@督办 指派 一/1 李四', '党工委群')).toBe('@张三\u2005只有管理员可以指派责任人。');
    expect(await text('张三', `@督办 绑定 ${ledgers['000']}`)).toBe(`@张三\u2005只有台账「${ledgers['000']}」的管理员可以把群绑定到它。`);
    expect(await text('王主任', '@督办 授权 张三')).toContain(`张三 已经是台账「${ledgers['003']}」的管理员。`);

    // Withdrawn where it is said, as it was granted: in another ledger's group there is nothing to withdraw.
    expect(await text('王主任', '@督办 取消授权 张三', '党工委群')).toBe(`@王主任\u2005张三 没有在群里被授权为台账「${ledgers['000']}」的管理员。`);
    expect(await text('张三', '@督办 指派 二/3 李四')).toContain('李四 已经是【二/3】的责任人');
    expect(await text('王主任', '@督办 取消授权 张三')).toBe(`@王主任\u2005已取消 张三 对台账「${ledgers['003']}」的管理员授权。`);
    expect(await text('张三', '@督办 指派 二/3 张三')).toBe('@张三\u2005只有管理员可以指派责任人。');
    expect(await text('王主任', '@督办 取消授权 张三')).toContain('张三 没有在群里被授权');

    const ledger003 = t.db.prepare('SELECT id FROM ledgers WHERE name = ?').pluck().get(ledgers['003']);
    expect(roleChanges(t.db)).toEqual([
      { action: 'grant', person: '张三', ledgerId: ledger003, room: '整改工作群', by: '王主任', at: '2021-07-01T01:00:00.000Z' },
      { action: 'revoke', person: '张三', ledgerId: ledger003, room: '整改工作群', by: '王主任', at: '2021-07-01T01:00:00.000Z' },
    ]);
  });

  it('withdrawn in one ledger\'s group, leaves a grant over another ledger in force', async () => {
    t = await startWorld({ rooms });
    await text('王主任', '@督办 授权 张三');
    await text('王主任', '@督办 授权 张三', '党工委群');
    expect(await text('王主任', '@督办 取消授权 张三', '党工委群')).toBe(`@王主任\u2005已取消 张三 对台账「${ledgers['000']}」的管理员授权。`);
    expect(await text('张三', '@督办 指派 一/1 李四', '党工委群')).toBe('@张三\u2005只有管理员可以指派责任人。');
    expect(await text('张三', '@督办 指派 二/3 李四')).toContain('已指派 李四 为【二/3】');
    expect(roleChanges(t.db).map(({ action, ledgerId }) => [action, ledgerId])).toEqual([
      ['grant', ledgerId(ledgers['003'])],
      ['grant', ledgerId(ledgers['000'])],
      ['revoke', ledgerId(ledgers['000'])],
    ]);
  });

  it('withdrawn in one ledger\'s group, an old grant over every ledger ends there only, and stays a row of the trail', async () => {
    t = await startWorld({ rooms });
    // As migration 0063 kept a grant from before grants had a ledger.
    t.db.prepare("INSERT INTO role_changes (action, person, ledger_id, room, by_person, at) VALUES ('grant', '张三', NULL, NULL, '王主任', '2021-06-01')").run();
    expect(await text('王主任', '@督办 取消授权 张三', '党工委群')).toBe(`@王主任\u2005已取消 张三 对台账「${ledgers['000']}」的管理员授权。`);
    expect(await text('张三', '@督办 指派 一/1 李四', '党工委群')).toBe('@张三\u2005只有管理员可以指派责任人。');
    expect(await text('张三', '@督办 指派 二/3 李四')).toContain('已指派 李四 为【二/3】');
    expect(t.bot.roles.admins(ledgerId(ledgers['003']))).toContain('张三');
    expect(t.bot.roles.admins(ledgerId(ledgers['000']))).not.toContain('张三');
    expect(roleChanges(t.db).map(({ action, ledgerId }) => [action, ledgerId])).toEqual([
      ['grant', null],
      ['revoke', ledgerId(ledgers['000'])],
    ]);
  });

  it("gives no admin's say over another ledger's items: there a report is refused as from a member", async () => {
    t = await startWorld({ rooms });
    await text('王主任', '@督办 授权 张三');
    expect(await text('张三', '@督办 三/1/(3) 已完成', '党工委群')).toContain('只有【三/1/(3)】的责任人');
    expect(await text('张三', '@督办 二/3 已完成')).toContain('请确认要记录的更新');
  });

  it('makes its holder one of the admins its ledger\'s long-overdue items go to, not another ledger\'s', async () => {
    t = await startWorld({ rooms });
    await text('王主任', '@督办 授权 张三');
    const id = (name: string) => t.db.prepare('SELECT id FROM ledgers WHERE name = ?').pluck().get(name) as number;
    const configured = ['王主任', 'dingtalk:wangzr03', 'feishu:ou_wangzr'];
    expect(t.bot.roles.admins(id(ledgers['003']))).toEqual([...configured, '张三']);
    expect(t.bot.roles.admins(id(ledgers['000']))).toEqual(configured);
  });

  it('and its revocation cannot be edited, deleted or replaced', async () => {
    t = await startWorld();
    await text('王主任', '@督办 授权 张三');
    await text('王主任', '@督办 取消授权 张三');
    const rewrites = [
      "UPDATE role_changes SET action = 'grant'",
      'DELETE FROM role_changes',
      "REPLACE INTO role_changes (id, action, person, by_person, at) VALUES (2, 'grant', '张三', '张三', '2021-07-01')",
      "INSERT INTO role_changes (id, action, person, by_person, at) VALUES (2, 'grant', '张三', '张三', '2021-07-01') ON CONFLICT (id) DO UPDATE SET action = 'grant'",
      "INSERT OR IGNORE INTO role_changes (id, action, person, by_person, at) VALUES (2, 'grant', '张三', '张三', '2021-07-01')",
    ];
    for (const sql of rewrites) expect(() => t.db.prepare(sql).run(), sql).toThrow(/append-only/);
    expect(roleChanges(t.db).map((change) => change.action)).toEqual(['grant', 'revoke']);
  });
});

describe('on WeChat, admin rights rest on the bot account\'s remark (备注名)', () => {
  const people = ['王主任', '李四', { name: '路人甲' }];
  const close = '@督办 销号 一/1';

  it('a member without a remark who renames themselves to the admin\'s name gets none', async () => {
    t = await startWorld({ people });
    await t.world.rename('路人甲', '王主任');
    expect(await text('路人甲', close)).toBe('@王主任\u2005只有管理员可以销号和批准。');
    expect(await text('路人甲', '@督办 授权 路人甲')).toBe('@王主任\u2005只有管理员可以授权。');
    expect(roleChanges(t.db)).toEqual([]);
  });

  it('nor does a member the bot remarked by another name', async () => {
    t = await startWorld({ people });
    await t.world.rename('李四', '王主任');
    expect(await text('李四', close)).toBe('@王主任\u2005只有管理员可以销号和批准。');
  });

  it('the admin under a new WeChat name keeps them, by the remark the bot account gave them', async () => {
    t = await startWorld({ people });
    await t.world.rename('王主任', '老王');
    expect(await text('王主任', '@督办 授权 李四')).toContain('已授权 李四 为台账');
    expect(roleChanges(t.db)).toMatchObject([{ action: 'grant', person: '李四', by: '王主任' }]);
  });

  it('a grant to a name is a grant to the contact remarked so, not to whoever takes that name', async () => {
    t = await startWorld({ people });
    await text('王主任', '@督办 授权 李四');
    await t.world.rename('路人甲', '李四');
    expect(await text('路人甲', '@督办 指派 二/3 路人甲')).toBe('@李四\u2005只有管理员可以指派责任人。');
    await t.world.rename('李四', '小李');
    expect(await text('李四', '@督办 指派 二/3 李四')).toContain('已指派 李四 为【二/3】');
  });

  it('on a puppet that keeps contact ids, a responsible name once acted on is that contact\'s, not a stranger\'s who takes it', async () => {
    t = await startWorld({ people: ['王主任', '张三', { name: '路人甲' }] });
    await text('王主任', '@督办 指派 一/4/三是 张三');
    expect(await text('张三', '@督办 纬七路西段污水管网已经完工了')).toContain('请确认要记录的更新');
    await text('张三', '@督办 取消');
    await t.world.rename('路人甲', '张三');
    expect(await text('路人甲', '@督办 纬七路西段污水管网已经完工了')).toContain('只有【一/4/三是】的责任人');
  });
});

