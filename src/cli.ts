/**
 * `duban <command>`: the command line. Global options: `--db PATH` (env DUBAN_DB), `--now ISO-8601` (env DUBAN_NOW),
 * `--json`. Exit codes: 0 done, 1 bad input (the message says what to fix), 2 bad usage, 70 a bug.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Clock, clockFrom, lazyClock, parseInstant, systemClock } from './clock.ts';
import { type Command, type CommandContext, type Options, type Values } from './cli/command.ts';
import { commands } from './cli/commands.ts';
import type { Config } from './config.ts';
import { UserError } from './errors.ts';
import type { Db } from './ledger/db.ts';

const globalOptions: Options = {
  db: { type: 'string' },
  now: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin?: NodeJS.ReadableStream;
  env?: Record<string, string>;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text + '\n'),
  stderr: (text) => process.stderr.write(text + '\n'),
};

/** A command's usage on its own line and what it does beneath it: usages are too long to share a column. */
function help(): string {
  return [
    'duban（督办）— 巡察整改台账助手 / inspection-rectification ledger assistant',
    '',
    '用法 / usage: duban <command> [options]',
    '',
    ...commands.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    '全局选项 / global options:',
    '  --db PATH        数据库文件（默认 data/duban.db，环境变量 DUBAN_DB）',
    '  --now ISO-8601   把当前时间当作这个时刻（环境变量 DUBAN_NOW）',
    '  --json           输出 JSON',
  ].join('\n');
}

class UsageError extends UserError {}

function usageError(zh: string, en: string, command?: Command): UsageError {
  const usage = command ? `\n用法 / usage: duban ${command.usage}` : '\n运行 duban --help 查看所有命令 / run duban --help for the commands';
  return new UsageError(zh + usage, en);
}

/** The command and everything else: global options may stand before the command (`duban --db x.db items`). */
function splitCommand(argv: string[]): { name?: string; rest: string[] } {
  const before: string[] = [];
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const option = argv[i]!;
    before.push(option);
    const spec = globalOptions[option.replace(/^--?/, '').replace(/=.*$/, '')];
    if (spec?.type === 'string' && !option.includes('=') && i + 1 < argv.length) before.push(argv[++i]!);
  }
  if (i === argv.length && before.some((option) => option === '--help' || option === '-h')) return { rest: [] };
  return { name: argv[i], rest: [...before, ...argv.slice(i + 1)] };
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let db: Db | undefined;
  try {
    const { name, rest } = splitCommand(argv);
    if (name === undefined || name === 'help') {
      io.stdout(help());
      return 0;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) throw usageError(`未知命令"${name}"`, `Unknown command "${name}"`);

    let parsed: { values: Values; positionals: string[] };
    try {
      parsed = parseArgs({ args: rest, options: { ...globalOptions, ...command.options }, allowPositionals: true, strict: true }) as typeof parsed;
    } catch (error) {
      throw usageError(`参数有误：${(error as Error).message}`, `Bad arguments: ${(error as Error).message}`, command);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout(`duban ${command.usage}\n${command.summary}`);
      return 0;
    }
    const [least, most] = command.positionals;
    if (positionals.length < least || positionals.length > most) {
      throw usageError('参数个数不对', `Expected ${least === most ? least : `${least} to ${most}`} arguments, got ${positionals.length}`, command);
    }

    // Loaded only now: `--help` and a mistyped command need neither the settings' schema nor SQLite.
    const [{ loadConfig, readEnvironment }, { openDatabase }] = await Promise.all([import('./config.ts'), import('./ledger/db.ts')]);
    const env = io.env ?? readEnvironment();
    // Settings a puppet reads itself (e.g. WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT) may be in `.env` too.
    if (!io.env) for (const [key, value] of Object.entries(env)) process.env[key] ??= value;
    if (typeof values.db === 'string') env.DUBAN_DB = values.db;
    if (typeof values.now === 'string') env.DUBAN_NOW = values.now;
    const config: Config = loadConfig(env);
    const now = config.now;
    const clock: Clock = now ? lazyClock(() => clockFrom(parseInstant(now, config.timeZone))) : systemClock;
    const context: CommandContext = {
      config,
      clock,
      db: () => {
        if (!db && command.readsLedger && !existsSync(config.db)) {
          throw new UserError(
            `数据库 ${config.db} 还不存在：先用 duban import 导入报告，或用 --db 指定已有的数据库`,
            `No database at ${config.db}: import a report first (duban import), or point --db at an existing one`,
          );
        }
        return (db ??= openDatabase(config.db));
      },
      json: values.json === true,
      print: io.stdout,
      note: io.stderr,
      input: io.stdin ?? process.stdin,
    };
    const { run } = await command.load();
    await run(context, values, positionals);
    return 0;
  } catch (error) {
    if (error instanceof UserError) {
      io.stderr(`错误：${error.zh}\nError: ${error.en}`);
      return error instanceof UsageError ? 2 : 1;
    }
    io.stderr(`内部错误，请把以下信息告诉维护者 / internal error, please report:\n${(error as Error).stack ?? error}`);
    return 70;
  } finally {
    db?.close();
  }
}
