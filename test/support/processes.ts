/** Other processes on the same database, driven by a test: the bot as `serve` runs it, and whatever else a support script does. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach } from 'vitest';
import { root } from './files.ts';

const running = new Set<ChildProcessWithoutNullStreams>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/** Runs `test/support/SCRIPT` through tsx in its own process; its stdout lines are handed to `onLine`. */
export function startScript(script: string, args: string[], onLine: (line: string) => void): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support', script), ...args], { cwd: root });
  running.add(child);
  child.on('exit', () => running.delete(child));
  createInterface({ input: child.stdout }).on('line', onLine);
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += String(chunk)));
  child.on('exit', (code, signal) => {
    if (code && signal === null) process.stderr.write(`${script} exited with ${code}:\n${errors}\n`);
  });
  return child;
}

export interface BotProcess {
  /** Sends a message in 整改工作群 and resolves with the texts of the replies; with `at` (`Date.now()` time), it is handled then. */
  say(from: string, text: string, at?: number): Promise<string[]>;
  /** Resolves once the process has opened the database and is listening. */
  ready: Promise<void>;
}

let counter = 0;

/** `test/support/bot-process.ts` on this database: a bot answering in its own process, as `serve` does. */
export function startBot(db: string): BotProcess {
  const waiting = new Map<string, (replies: string[]) => void>();
  const child = startScript('bot-process.ts', [db], (line) => {
    const { id, replies } = JSON.parse(line) as { id: string; replies: string[] };
    waiting.get(id)?.(replies);
    waiting.delete(id);
  });
  const say = (from: string, text: string, at?: number) =>
    new Promise<string[]>((resolve) => {
      const id = `m${++counter}-${child.pid}`;
      waiting.set(id, resolve);
      child.stdin.write(JSON.stringify({ id, from, text, at }) + '\n');
    });
  // Answered once the bot is up: a greeting writes nothing the tests look at.
  const ready = say('王主任', '你好').then(() => undefined);
  return { say, ready };
}
