/**
 * Every setting duban reads, in one place: environment variables, then a `.env` file beside the project, then the
 * defaults below. A bad value stops the start with a message that names the variable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { UserError } from './errors.ts';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'not a time zone known to this system (e.g. Asia/Shanghai)');

const schema = z.object({
  DUBAN_DB: z.string().min(1).default(join(projectRoot, 'data', 'duban.db')),
  DUBAN_NOW: z.string().min(1).optional(),
  DUBAN_TZ: timeZone.default('Asia/Shanghai'),
});

export interface Config {
  /** The SQLite file. */
  db: string;
  /** `DUBAN_NOW`: pretend it is this instant (ISO-8601). */
  now?: string;
  timeZone: string;
}

/** The environment as duban sees it: the process's variables over those in the `.env` file. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, envFile = join(projectRoot, '.env')): Record<string, string> {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...fromFile, ...env })) {
    if (value !== undefined && value !== '') merged[key] = value;
  }
  return merged;
}

export function loadConfig(env: Record<string, string> = readEnvironment()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new UserError(`配置项 ${name} 的值无效：${issue.message}`, `Setting ${name} is invalid: ${issue.message}`);
  }
  const values = parsed.data;
  return {
    db: isAbsolute(values.DUBAN_DB) ? values.DUBAN_DB : resolve(values.DUBAN_DB),
    now: values.DUBAN_NOW,
    timeZone: values.DUBAN_TZ,
  };
}
