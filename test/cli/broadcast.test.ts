import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samples } from '../../src/ingest/samples.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';

const ledger = samples['003'].ledger;

async function boundDb(): Promise<string> {
  const db = join(tempDir(), 'duban.db');
  await runCli(['import', samples['003'].file, '--db', db, '--ledger', ledger, '--as-of', '2021-04-01']);
  await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--db', db]);
  return db;
}

describe('duban broadcast', () => {
  it('prints the notice for --now with --dry-run, and queues nothing', async () => {
    const db = await boundDb();
    const result = await runCli(['broadcast', '--room', '整改工作群', '--dry-run', '--db', db, '--now', '2021-07-01T09:00']);
    expect(result.stdout).toContain('【整改进展日报】2021-07-01（星期四）');
    expect(result.stdout).toContain('🔴 逾期 1 项：\n一/3 公租房闲置问题整改不力｜逾期 1 天（2021-06-30）');
    expect(result.stdout).toContain('【到期提醒】「伊川县产业集聚区」\n❗ 已过整改时限 1 项：\n一/3 公租房闲置问题整改不力｜时限 2021-06-30，已逾期 1 天');
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    expect(check.prepare('SELECT count(*) FROM reminders').pluck().get()).toBe(0);
    check.close();
  });

  it('shows what the admins will be sent about items overdue for more than DUBAN_ESCALATE_DAYS', async () => {
    const db = await boundDb();
    const saturday = await runCli(['broadcast', '--room', '整改工作群', '--dry-run', '--db', db, '--now', '2021-07-03T09:00']);
    expect(saturday.stdout.split('\n')[0]).toBe('（2021-07-03 不是本群的日报日：每周一至周五，节假日除外。以下照常生成。）');
    const env = { DUBAN_ADMINS: '王主任,赵书记', DUBAN_ESCALATE_DAYS: '5' };
    const fifth = await runCli(['broadcast', '--room', '整改工作群', '--dry-run', '--db', db, '--now', '2021-07-05T09:00'], env);
    expect(fifth.stdout).not.toContain('【逾期督办】');
    const sixth = await runCli(['broadcast', '--room', '整改工作群', '--dry-run', '--db', db, '--now', '2021-07-06T09:00'], env);
    expect(sixth.stdout).toContain('（私信管理员 王主任、赵书记）\n【逾期督办】「伊川县产业集聚区」新增 1 项逾期超过 5 天，请督促：\n一/3 公租房闲置问题整改不力｜逾期 6 天（2021-06-30）｜责任人：未指定');
  });

  it('sets the days of a group\'s notice with bind --days, and refuses days it cannot read', async () => {
    const db = await boundDb();
    const saturday = await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--days', '1-6', '--db', db], { DUBAN_HOLIDAYS: '2021-10-01' });
    expect(saturday.stdout).toContain('每周一至周六 09:00 推送整改进展日报（DUBAN_HOLIDAYS 所列节假日除外）。');
    expect((await runCli(['bind', '--db', db])).stdout).toBe(`「整改工作群」→ 台账「${ledger}」，每周一至周六 09:00 推送日报\n`);
    // A second ledger: changing only the time must not ask which ledger the group is bound to.
    await runCli(['import', samples['000'].file, '--db', db, '--ledger', samples['000'].ledger, '--as-of', '2021-04-01']);
    expect((await runCli(['bind', '--room', '整改工作群', '--at', '08:30', '--db', db])).code).toBe(0);
    expect((await runCli(['bind', '--db', db])).stdout).toBe(`「整改工作群」→ 台账「${ledger}」，每周一至周六 08:30 推送日报\n`);
    await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--days', '1,3,5', '--db', db]);
    expect((await runCli(['bind', '--db', db])).stdout).toContain('每周一、周三、周五 08:30');

    const late = await runCli(['bind', '--room', '整改工作群', '--at', '18:30', '--db', db]);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('--at 须早于 18:00');
    const bad = await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--days', '周一到周五', '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--days 应为星期几的数字：1-5 为周一至周五');
    expect((await runCli(['bind', '--db', db])).stdout).toContain('每周一、周三、周五 08:30');
  });

  it('queues the notice and logs it for the day in one go, once a day however often it is asked', async () => {
    const db = await boundDb();
    const first = await runCli(['broadcast', '--room', '整改工作群', '--db', db, '--now', '2021-06-25T09:00']);
    expect(first.stdout).toContain('🟡 7 天内到期 1 项');
    expect(first.stdout).toContain('已加入发送队列（1 条消息）');
    const again = await runCli(['broadcast', '--room', '整改工作群', '--db', db, '--now', '2021-06-25T11:00']);
    expect(again.stdout).toBe('群「整改工作群」2021-06-25 的日报已于 09:00 加入发送队列，不再重复。\n');
    await runCli(['broadcast', '--room', '整改工作群', '--db', db, '--now', '2021-06-26T09:00']);
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT day FROM notices ORDER BY day').pluck().all()).toEqual(['2021-06-25', '2021-06-26']);
    expect(check.prepare("SELECT count(*) FROM outbox WHERE ref LIKE 'notice:%'").pluck().get()).toBe(2);
    check.close();
  });

  it('refuses a group that is not bound', async () => {
    const db = await boundDb();
    const result = await runCli(['broadcast', '--room', '闲聊群', '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('群「闲聊群」没有绑定台账（已绑定：整改工作群）');
  });
});
