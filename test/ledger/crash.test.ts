import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samples } from '../../src/ingest/samples.ts';
import { runCli } from '../support/cli.ts';
import { root, tempDir } from '../support/files.ts';

const ledger = samples['003'].ledger;

/** Runs the child until it says it is holding inside the write, then kills it outright. */
function killMidWrite(db: string): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/confirm-and-hold.ts'), db], { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      if (output.includes('holding')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, output }));
  });
}

describe('a crash in the middle of recording an update', () => {
  it('leaves the ledger without the update, never half of it, and the update can be confirmed again', async () => {
    const db = join(tempDir(), 'duban.db');
    const env = { DUBAN_NOW: '2021-07-01T09:00', DUBAN_ADMINS: '王主任' };
    await runCli(['import', samples['003'].file, '--db', db, '--ledger', ledger]);
    await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--db', db]);
    const proposed = await runCli(['chat', '--room', '整改工作群', '--from', '王主任', '--db', db, '二/3 已完成'], env);
    expect(proposed.stdout).toContain('请确认要记录的更新');

    const killed = await killMidWrite(db);
    expect(killed.output).toContain('holding');
    expect(killed.output).not.toContain('finished');
    expect(killed.signal).toBe('SIGKILL');

    const after = new Database(db, { readonly: true });
    const state = () => ({
      status: after.prepare("SELECT status FROM items WHERE code = '二/3'").pluck().get(),
      updates: after.prepare("SELECT count(*) FROM updates u JOIN items i ON i.id = u.item_id WHERE i.code = '二/3'").pluck().get(),
      proposal: after.prepare('SELECT state FROM proposals ORDER BY id DESC LIMIT 1').pluck().get(),
    });
    expect(state()).toEqual({ status: 'in_progress', updates: 0, proposal: 'open' });

    const confirmed = await runCli(['chat', '--room', '整改工作群', '--from', '王主任', '--db', db, '确认'], env);
    expect(confirmed.stdout).toContain('已记录');
    expect(state()).toEqual({ status: 'done', updates: 1, proposal: 'confirmed' });
    after.close();
  });
});
