import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samples } from '../../src/ingest/samples.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';

const ledger = samples['003'].ledger;

async function ledgerDb(): Promise<string> {
  const db = join(tempDir(), 'duban.db');
  const imported = await runCli(['import', samples['003'].file, '--db', db, '--ledger', ledger]);
  expect(imported.code).toBe(0);
  return db;
}

describe('duban bind / chat', () => {
  it('binds a group by its topic and answers a message in it as the group would see it', async () => {
    const db = await ledgerDb();
    const bound = await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--at', '08:30', '--db', db]);
    expect(bound.stdout).toContain(`已将群「整改工作群」绑定到台账「${ledger}」（25 项），每周一至周五 08:30 推送整改进展日报。`);
    const listed = await runCli(['bind', '--db', db]);
    expect(listed.stdout).toBe(`「整改工作群」→ 台账「${ledger}」，每周一至周五 08:30 推送日报\n`);

    const env = { DUBAN_NOW: '2021-07-01T09:00' };
    const answer = await runCli(['chat', '--room', '整改工作群', '--from', '张三', '--db', db, '公租房到哪一步了'], env);
    expect(answer.code).toBe(0);
    expect(answer.stdout).toMatch(/^@张三 【一\/3】公租房闲置问题整改不力\n状态：正在整改\n时限：2021-06-30（已逾期 1 天）/);

    const overview = await runCli(['chat', '--room', '整改工作群', '--from', '张三', '--db', db, '进度'], env);
    expect(overview.stdout).toContain('共 25 项');
  });

  it('keeps the conversation between invocations, so "更多" pages on', async () => {
    const db = await ledgerDb();
    await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--db', db]);
    const env = { DUBAN_NOW: '2021-07-01T09:00', DUBAN_PAGE_SIZE: '2' };
    const first = await runCli(['chat', '--room', '整改工作群', '--from', '张三', '--db', db, '未完成'], env);
    expect(first.stdout).toContain('还有3项，回复"更多"');
    const more = await runCli(['chat', '--room', '整改工作群', '--from', '张三', '--db', db, '更多'], env);
    expect(more.stdout).toContain('3. ');
  });

  it('says why there is no reply: an unbound group, or a direct message from someone who is not an admin', async () => {
    const db = await ledgerDb();
    const unbound = await runCli(['chat', '--room', '闲聊群', '--from', '张三', '--db', db, '进度']);
    expect(unbound.code).toBe(1);
    expect(unbound.stderr).toContain('群「闲聊群」还没有绑定台账');
    expect(unbound.stdout).toBe('');
    const direct = await runCli(['chat', '--from', '张三', '--db', db, '进度']);
    expect(direct.code).toBe(1);
    expect(direct.stderr).toContain('私聊只接受管理员');
    const admin = await runCli(['chat', '--from', '王主任', '--db', db, '进度'], { DUBAN_ADMINS: '王主任' });
    expect(admin.stdout).toContain('共 25 项');
  });

  it('refuses a bad time, an unknown ledger and a missing speaker, changing nothing', async () => {
    const db = await ledgerDb();
    const badTime = await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--at', '25:00', '--db', db]);
    expect(badTime.code).toBe(1);
    expect(badTime.stderr).toContain('--at 应为 HH:MM 格式的时间');
    const unknown = await runCli(['bind', '--room', '整改工作群', '--ledger', '不存在', '--db', db]);
    expect(unknown.stderr).toContain(`没有名为"不存在"的台账（现有台账：${ledger}）`);
    expect((await runCli(['bind', '--db', db])).stdout).toContain('还没有绑定任何群');
    const noSpeaker = await runCli(['chat', '--room', '整改工作群', '--db', db, '进度']);
    expect(noSpeaker.code).toBe(1);
    expect(noSpeaker.stderr).toContain('请用 --from 指定说话人');
  });

  it('takes global options before the command too', async () => {
    const db = await ledgerDb();
    const result = await runCli(['--db', db, '--json', 'bind', '--room', '整改工作群', '--ledger', ledger]);
    expect(JSON.parse(result.stdout)).toMatchObject({ roomTopic: '整改工作群', ledgerName: ledger, broadcastAt: '09:00' });
  });

  it('refuses an --as-of date that does not exist', async () => {
    const db = join(tempDir(), 'duban.db');
    const result = await runCli(['import', samples['003'].file, '--db', db, '--as-of', '2021-02-30']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--as-of 应为 YYYY-MM-DD 格式的日期，而不是"2021-02-30"');
  });

  it('stops at a bad setting, naming the variable', async () => {
    const result = await runCli(['bind'], { DUBAN_OUTBOX_GAP_MS: 'soon', DUBAN_DB: join(tempDir(), 'x.db') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('配置项 DUBAN_OUTBOX_GAP_MS 的值无效');
    const zone = await runCli(['bind'], { DUBAN_TZ: 'Mars/Olympus', DUBAN_DB: join(tempDir(), 'x.db') });
    expect(zone.stderr).toContain('配置项 DUBAN_TZ 的值无效');
  });
});

describe('duban demo', () => {
  it('runs a simulated group offline: members ask, switch speaker and group, and an admin binds a group', async () => {
    const typed = ['@督办 公租房', '你好', '/as 王主任', '/room 项目推进群', '@督办 绑定 产业集聚区党工委', '督办 进度', '/as 老刘', '/quit'];
    const result = await runCli(['demo'], {}, typed.join('\n') + '\n');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain(`群「整改工作群」已绑定台账「${ledger}」（25 项）`);
    expect(out).toContain('现在是 2021-07-01 09:00');
    expect(out).toContain('[整改工作群] 张三> @督办 公租房\n督办> @张三 【一/3】公租房闲置问题整改不力');
    expect(out).toContain('[整改工作群] 张三> 你好\n  （督办没有回应：消息要 @督办');
    expect(out).toContain('[项目推进群] 王主任> @督办 绑定 产业集聚区党工委\n督办> @王主任 已将本群「项目推进群」绑定到台账「产业集聚区党工委」（20 项）');
    expect(out).toContain('[项目推进群] 王主任> 督办 进度\n督办> @王主任 「产业集聚区党工委」整改总体情况');
    expect(out).toContain('群里没有"老刘"');
    expect(out.trimEnd().endsWith('再见。')).toBe(true);
  });

  it('posts the group\'s daily notice and reminders on /notice, once a day', async () => {
    const typed = ['/notice', '/notice', '/room 项目推进群', '/notice', '/quit'];
    const result = await runCli(['demo', '--now', '2021-07-06T09:00'], {}, typed.join('\n') + '\n');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain('[整改工作群] 张三> /notice\n督办> 【整改进展日报】2021-07-06（星期二）\n');
    expect(out).toContain('🔴 逾期 1 项：\n       一/3 公租房闲置问题整改不力｜逾期 6 天（2021-06-30）｜@张三 ');
    expect(out).toContain('督办 → 王主任（私信）> 【逾期督办】「伊川县产业集聚区」新增 1 项逾期超过 3 天，请督促：');
    expect(out).toContain('[整改工作群] 张三> /notice\n  群「整改工作群」今天的日报已经发过了，每个群每天只发一次。');
    expect(out).toContain('[项目推进群] 张三> /notice\n  群「项目推进群」还没有绑定台账，没有日报。');
  });
});
