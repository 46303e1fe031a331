/** A real `duban web` process over a real SQLite file, for the browser tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dateIn, parseInstant } from '../../src/clock.ts';
import { readReportFile } from '../../src/ingest/import-file.ts';
import { samples } from '../../src/ingest/samples.ts';
import { addAccount } from '../../src/ledger/accounts.ts';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { hashPassword } from '../../src/web/passwords.ts';
import { root } from './files.ts';

export const password = 'correct-horse-9';

export interface RunningConsole {
  url: string;
  dir: string;
  /** The SQLite file. */
  db: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Seed 003 imported, the accounts made with `duban user add`, then `duban web` started on a free port. */
export async function startConsoleProcess(options: { accounts: { name: string; role: 'admin' | 'viewer' }[]; now?: string }): Promise<RunningConsole> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-web-'));
  const port = await freePort();
  const env = { DUBAN_DB: join(dir, 'duban.db'), DUBAN_DATA_DIR: dir, DUBAN_NOW: options.now ?? '2021-07-01T09:00', DUBAN_WEB_PORT: String(port), DUBAN_LOG_LEVEL: 'error' };
  // Made in this process (as `duban import` and `duban user add` would), so that only the console needs a start.
  const db = openDatabase(env.DUBAN_DB);
  const now = parseInstant(env.DUBAN_NOW, 'Asia/Shanghai');
  const { draft, source } = readReportFile(samples['003'].file, { today: dateIn(now, 'Asia/Shanghai') });
  applyReport(db, samples['003'].ledger, draft, source, now);
  const passwordHash = await hashPassword(password);
  for (const account of options.accounts) addAccount(db, { ...account, passwordHash }, now);
  db.close();
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin/duban.js'), 'web'], { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`duban web did not start: ${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (found) {
        clearTimeout(timer);
        resolve(found[0]);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`duban web exited with ${code}: ${output}`)));
  });
  return {
    url,
    dir,
    db: env.DUBAN_DB,
    env,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
