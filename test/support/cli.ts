import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli.ts';
import { root } from './files.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `duban ARGS` as a user would run it, in this process: what it prints on stdout and stderr and its exit code. The
 * settings are `env` alone (not this process's environment, nor a `.env` file); `input` is what the user types.
 */
export async function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => (stdout += text + '\n'),
    stderr: (text) => (stderr += text + '\n'),
    stdin: Readable.from([input ?? '']),
    env: { ...env },
  });
  return { code, stdout, stderr };
}

export const executable = join(root, 'bin/duban.js');

/** The real `duban` executable in its own process: for what only a process shows (exit codes, pipes, signals). */
export function runExecutable(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [executable, ...args],
      { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
    child.stdin!.end(input ?? '');
  });
}
