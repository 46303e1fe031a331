import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';

describe('duban user: accounts of the web console', () => {
  it('adds, lists and removes accounts, refuses a short password or a second account of a name, and never stores a password', async () => {
    const env = { DUBAN_DB: join(tempDir(), 'duban.db') };
    expect(await runCli(['user', 'add', '王主任', '--role', 'admin'], env, 'a-long-secret\n')).toMatchObject({ code: 0, stdout: '已添加账号"王主任"（管理员）。\n' });
    expect((await runCli(['user', 'add', '李书记', '--role', 'viewer'], env, 'another-secret\n')).code).toBe(0);
    const listed = JSON.parse((await runCli(['user', 'list', '--json'], env)).stdout);
    expect(listed.map((a: { name: string; role: string }) => [a.name, a.role])).toEqual([['李书记', 'viewer'], ['王主任', 'admin']]);

    const again = await runCli(['user', 'add', '王主任', '--role', 'viewer'], env, 'whatever-1\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('账号"王主任"已经存在');
    const short = await runCli(['user', 'passwd', '王主任'], env, 'short\n');
    expect(short).toMatchObject({ code: 1 });
    expect(short.stderr).toContain('密码至少 8 个字符，没有保存');
    expect((await runCli(['user', 'remove', '李书记'], env)).stdout).toContain('已删除账号"李书记"');

    const Database = (await import('better-sqlite3')).default;
    const db = new Database(env.DUBAN_DB, { readonly: true });
    const stored = db.prepare('SELECT password_hash FROM accounts').pluck().all() as string[];
    db.close();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored[0]).not.toContain('a-long-secret');
  }, 180_000);
});
