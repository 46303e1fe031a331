/**
 * The real `duban` executable in its own process, for what only a process shows: its exit codes, its settings taken
 * from the environment, a pipe closed early, a stop by signal, and a bug's stack trace naming the TypeScript lines
 * although it runs the compiled JavaScript. What the commands say is tested in-process (`runCli`) beside each one.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executable, runExecutable } from '../support/cli.ts';
import { root, seeds, tempDir } from '../support/files.ts';

/** A run of the executable that ends however it ends: its exit code or signal and what it wrote on stderr. */
interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function ended(child: ReturnType<typeof spawn>): Promise<Ended> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('the duban executable', () => {
  it('exits 0 when done, 2 for a usage mistake and 1 for bad input, saying what to fix', async () => {
    const help = await runExecutable(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('用法 / usage: duban <command> [options]');
    for (const command of ['import', 'items', 'updates', 'bind', 'broadcast', 'chat', 'serve', 'demo', 'export', 'report']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b.*\\n      \\S`, 'm'));
    }
    // Each summary stands under its usage, not padded out to the longest usage on the line beside it.
    expect(help.stdout).toMatch(/^  items \[--ledger NAME\] \[--json\]\n      列出台账中的问题/m);

    const unknown = await runExecutable(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知命令"frobnicate"');

    const missing = await runExecutable(['import', join(tempDir(), 'nowhere.txt'), '--db', join(tempDir(), 'duban.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('找不到文件');
    expect(missing.stdout).toBe('');
  });

  it('takes its settings from the environment', async () => {
    const env = { DUBAN_DB: join(tempDir(), 'duban.db') };
    const imported = await runExecutable(['import', seeds['003']], env);
    expect(imported.code).toBe(0);
    const listed = await runExecutable(['items'], env);
    expect(listed.stdout).toContain('共 25 项');
    const bad = await runExecutable(['items'], { ...env, DUBAN_PAGE_SIZE: 'many' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('配置项 DUBAN_PAGE_SIZE 的值无效');
  });

  it('exits 70 on a bug, with a stack trace that names the TypeScript files and lines', async () => {
    // A database that claims every migration but has no tables: the query for the ledger fails where no user erred.
    const db = join(tempDir(), 'duban.db');
    const sqlite = new Database(db);
    sqlite.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    for (const file of readdirSync(join(root, 'src/ledger/migrations')).filter((name) => name.endsWith('.sql'))) {
      sqlite.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(Number(file.slice(0, 4)), file.slice(5, -4));
    }
    sqlite.close();

    const result = await runExecutable(['items', '--db', db]);
    expect(result.code).toBe(70);
    expect(result.stderr).toContain('内部错误，请把以下信息告诉维护者 / internal error, please report');
    expect(result.stderr).toMatch(/no such table/);
    expect(result.stderr).toMatch(new RegExp(`at .*\\(${root}src/[\\w/-]+\\.ts:\\d+:\\d+\\)`));
    expect(result.stderr).not.toContain(`${root}dist/`);
  });

  it('stops quietly when the reader closes the pipe before it has written', async () => {
    const db = join(tempDir(), 'duban.db');
    expect((await runExecutable(['import', seeds['003'], '--db', db])).code).toBe(0);
    const child = spawn(process.execPath, [executable, 'items', '--db', db], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.destroy(); // as `duban items | head -0` does
    expect(await ended(child)).toEqual({ code: 0, signal: null, stderr: '' });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('serve stops cleanly on %s', async (signal) => {
    const dir = tempDir();
    // Port 0: the web console serve starts beside the bot listens wherever it can, never on one in use.
    const env = { PATH: process.env.PATH!, DUBAN_DB: join(dir, 'duban.db'), DUBAN_DATA_DIR: dir, WECHATY_PUPPET: 'wechaty-puppet-mock', DUBAN_WEB_PORT: '0' };
    const child = spawn(process.execPath, [executable, 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.on('data', (chunk) => {
      if (String(chunk).includes('督办启动 / starting')) child.kill(signal);
    });
    const result = await ended(child);
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.stderr).toContain('督办已停止 / stopped');
  });
});
