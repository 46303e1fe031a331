/**
 * Starting `duban` as a user does, from process start to exit: `duban --help`, `duban items --json` on seed 003 and
 * `duban chat` for one question, each beside `node -e 0` in the same run, interleaved, medians of the wall and CPU
 * time (the child's user + system time, from /proc). The compiled JavaScript is built first, so the figures are the
 * sources' as they are now. Aim: at most 4x `node -e 0` for `--help` and `items`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, reportBeside, round } from './support.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const executable = join(root, 'bin/duban.js');
const runs = 15;
/** The kernel counts a process's time in ticks of this many milliseconds (USER_HZ, 100 on Linux). */
const tickMs = 10;

/** User + system milliseconds of this process's waited-for children so far (Linux: fields 16 and 17 of /proc/self/stat). */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) * tickMs;
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function timeProcess(args: string[], env: NodeJS.ProcessEnv): Timing {
  const cpu = childrenCpuMs();
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const wallMs = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { wallMs, cpuMs: childrenCpuMs() - cpu };
}

export function run(): void {
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  const db = join(dir, 'duban.db');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DUBAN_DB: db, DUBAN_NOW: '2021-07-01T09:00' };
  try {
    const ledger = '伊川县产业集聚区';
    timeProcess([executable, 'import', join(root, 'data/samples/003_cf95e3e12b08fb36.txt'), '--ledger', ledger], env);
    timeProcess([executable, 'bind', '--room', '整改工作群', '--ledger', ledger], env);
    const commands = {
      baseline: ['-e', '0'],
      help: [executable, '--help'],
      items: [executable, 'items', '--json'],
      chat: [executable, 'chat', '--room', '整改工作群', '--from', '张三', '公租房'],
    };
    const times = Object.fromEntries(Object.keys(commands).map((name) => [name, [] as Timing[]])) as Record<keyof typeof commands, Timing[]>;
    for (let n = 0; n < runs + 1; n++) {
      for (const [name, args] of Object.entries(commands) as [keyof typeof commands, string[]][]) {
        const timing = timeProcess(args, env);
        if (n > 0) times[name].push(timing); // the first round warms the disk cache
      }
    }
    const wall = (name: keyof typeof commands) => median(times[name].map((t) => t.wallMs));
    const cpu = (name: keyof typeof commands) => median(times[name].map((t) => t.cpuMs));
    for (const name of ['help', 'items', 'chat'] as const) {
      reportBeside(
        { bench: `startup.${name}`, unit: 'ms', baseline: 'node -e 0, same run, wall median', aim: name === 'chat' ? undefined : 'ratio <= 4', digits: 1 },
        wall(name),
        wall('baseline'),
        { command: `duban ${commands[name].slice(1).join(' ')}`, cpuMs: cpu(name), baselineCpuMs: cpu('baseline'), cpuRatio: round(cpu(name) / cpu('baseline'), 2), runs },
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
