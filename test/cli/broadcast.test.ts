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
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    check.close();
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
