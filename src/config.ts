/**
 * Every setting duban reads, in one place: environment variables, then a `.env` file beside the project, then the
 * defaults below. A bad value stops the start with a message that names the variable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { isCalendarDate } from './clock.ts';
import { UserError } from './errors.ts';
import { type ChannelName, channelNames } from './message.ts';

/** A message of our own for a setting, in both languages the error is printed in; see `describeIssue`. */
const bilingual = (zh: string, en: string) => `${zh}\n${en}`;

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, bilingual('本机不认识的时区（例如 Asia/Shanghai）', 'not a time zone known to this system (e.g. Asia/Shanghai)'));

const count = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const names = z
  .string()
  .default('')
  .transform((list) => list.split(/[,，、;；]/).map((name) => name.trim()).filter(Boolean));

const dates = z
  .string()
  .default('')
  .transform((list) => list.split(/[,，\s]+/).filter(Boolean))
  .pipe(
    z.array(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, bilingual('日期应写成 YYYY-MM-DD，用逗号分隔', 'dates as YYYY-MM-DD, separated by commas'))
        .refine(isCalendarDate, bilingual('没有这一天', 'no such day')),
    ),
  );

/** The channels `serve` runs (`DUBAN_CHANNELS`): the names of `src/channels/`, separated by commas. */
const channelList = z
  .string()
  .default('wechaty')
  .transform((list) => [...new Set(list.split(/[,，、\s]+/).map((name) => name.trim().toLowerCase()).filter(Boolean))])
  .pipe(
    z
      .array(z.enum(channelNames, { error: bilingual(`可用的渠道：${channelNames.join('、')}`, `the channels there are: ${channelNames.join(', ')}`) }))
      .min(1, bilingual('至少一个渠道', 'at least one channel')),
  );

const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: bilingual(`应为 http(s) 地址，例如 ${example}`, `an http(s) URL, e.g. ${example}`) });

const schema = z.object({
  DUBAN_DB: z.string().min(1).default(join(projectRoot, 'data', 'duban.db')),
  DUBAN_DATA_DIR: z.string().min(1).default(join(projectRoot, 'data')),
  DUBAN_NOW: z.string().min(1).optional(),
  DUBAN_TZ: timeZone.default('Asia/Shanghai'),
  DUBAN_ADMINS: names,
  DUBAN_PREFIX: z.string().min(1).default('督办'),
  DUBAN_PAGE_SIZE: count(8, 1),
  DUBAN_CONFIRM_MINUTES: count(10, 1),
  DUBAN_INPUT_MAX_CHARS: count(2000, 20),
  DUBAN_HOLIDAYS: dates,
  DUBAN_WORKDAYS: dates,
  DUBAN_NOTICE_CUTOFF: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, bilingual('时间应写成 HH:MM，例如 18:00', 'a time as HH:MM, e.g. 18:00')).default('18:00'),
  DUBAN_ESCALATE_DAYS: count(3, 1),
  DUBAN_OUTBOX_GAP_MS: count(3000),
  DUBAN_OUTBOX_JITTER_MS: count(1500),
  DUBAN_OUTBOX_PER_MINUTE: count(20, 1),
  DUBAN_MESSAGE_MAX_BYTES: count(2048, 200),
  DUBAN_WEB_HOST: z.string().min(1).default('127.0.0.1'),
  DUBAN_WEB_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DUBAN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DUBAN_CHANNELS: channelList,
  WECOM_BOT_ID: z.string().min(1).optional(),
  WECOM_BOT_SECRET: z.string().min(1).optional(),
  WECOM_WS_URL: z.string().url().optional(),
  WECOM_WEBHOOK_URL: z.string().url().default('https://qyapi.weixin.qq.com/cgi-bin/webhook/send'),
  WECHATY_PUPPET: z.string().min(1).default('wechaty-puppet-wechat4u'),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional(),
  WECHATY_PUPPET_SERVICE_ENDPOINT: z.string().min(1).optional(),
  DINGTALK_CLIENT_ID: z.string().min(1).optional(),
  DINGTALK_CLIENT_SECRET: z.string().min(1).optional(),
  DINGTALK_ROBOT_CODE: z.string().min(1).optional(),
  DINGTALK_CARD_TEMPLATE_ID: z.string().min(1).optional(),
  DINGTALK_API_BASE: httpUrl('https://api.dingtalk.com').default('https://api.dingtalk.com'),
  DINGTALK_PER_MINUTE: count(20, 1),
  FEISHU_APP_ID: z
    .string()
    .regex(/^cli_[0-9a-f]{16}$/i, bilingual('应为开发者后台“凭证与基础信息”里的 App ID，形如 cli_ 加 16 位字母数字', 'the App ID from the developer console, cli_ and 16 hex digits'))
    .optional(),
  FEISHU_APP_SECRET: z.string().min(1).optional(),
  FEISHU_DOMAIN: z
    .string()
    .default('feishu')
    .refine((value) => value === 'feishu' || value === 'lark' || /^https?:\/\/[^\s/]+/.test(value), bilingual('应为 feishu、lark，或私有部署的 http(s) 地址', 'feishu, lark, or the http(s) address of a private deployment')),
  FEISHU_PER_MINUTE: count(300, 1),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z
    .url({ protocol: /^https?$/, error: bilingual('应为 http(s) 地址，例如 https://api.deepseek.com', 'an http(s) URL, e.g. https://api.deepseek.com') })
    .default('https://api.openai.com/v1'),
  DUBAN_MODEL: z.string().min(1).default('gpt-4o-mini'),
  DUBAN_MODEL_TIMEOUT_MS: count(20_000, 1),
  DUBAN_MODEL_RETRIES: count(2),
  DUBAN_MODEL_BACKOFF_MS: count(1000),
  DUBAN_MODEL_DAILY_TOKENS: count(200_000, 1),
  DUBAN_MODEL_BREAKER_FAILURES: count(3, 1),
  DUBAN_MODEL_BREAKER_MINUTES: count(5, 1),
});

export interface OutboxSettings {
  /** The least time between two messages to one group. */
  gapMs: number;
  /** Up to this much more, drawn at random each time, so the rhythm does not look like a machine's. */
  jitterMs: number;
  /** Messages a minute, all groups together. */
  perMinute: number;
  /** A message longer than this (UTF-8 bytes) is split at line boundaries. */
  maxBytes: number;
}

/** A language model behind an OpenAI-compatible API, consulted only where the rules are not confident. */
export interface ModelSettings {
  apiKey: string;
  baseURL: string;
  model: string;
  /** The longest one message may wait for the model, retries and back-off included; then the rules answer. */
  timeoutMs: number;
  /** Further attempts after a 429, a 5xx or a lost connection. */
  retries: number;
  /** The wait before the first retry; it doubles each time (a longer Retry-After wins). */
  backoffMs: number;
  /** Tokens a group may use a day (DUBAN_TZ); then rules only until the next day. */
  dailyTokens: number;
  /** After this many failures in a row the model is left alone for `breakerMinutes`. */
  breakerFailures: number;
  breakerMinutes: number;
}

export interface Config {
  /** The SQLite file. */
  db: string;
  /** Login QR code, memory card, evidence. */
  dataDir: string;
  /** `DUBAN_NOW`: pretend it is this instant (ISO-8601). */
  now?: string;
  timeZone: string;
  /** The admins: by the bot account's WeChat remark for them, or by person key (`dingtalk:manager4220`). */
  admins: string[];
  /** A message that starts with this is for duban, as if it @-mentioned it. */
  prefix: string;
  /** Items in one answer before "更多". */
  pageSize: number;
  /** How long an update understood from a message waits for its author's 确认. */
  confirmMinutes: number;
  /** A message longer than this (characters) is not read: it gets one short answer. */
  inputMaxChars: number;
  /** The daily notice's calendar beyond weekdays: days off, make-up workdays (调休), the latest time to catch up. */
  notices: { holidays: string[]; workdays: string[]; cutoff: string };
  /** An item overdue for more than this many days is raised with the admins. */
  escalateAfterDays: number;
  outbox: OutboxSettings;
  /** Where the web console listens. */
  web: { host: string; port: number };
  logLevel: string;
  puppet: { name: string; token?: string; endpoint?: string };
  /** WeCom's AI bot; its id and secret are checked when `serve` starts it. */
  wecom: { botId?: string; secret?: string; wsUrl?: string; webhookUrl: string };
  /** Absent without `OPENAI_API_KEY`: rules only. */
  model?: ModelSettings;
  /** The channels `serve` starts (`DUBAN_CHANNELS`). */
  channels: ChannelName[];
  /** The DingTalk robot (Stream mode); what is missing is asked for when the channel starts. */
  dingtalk: { clientId?: string; clientSecret?: string; robotCode?: string; cardTemplateId?: string; apiBase: string; perMinute: number };
  /** The Feishu (or Lark) app on the long connection. */
  feishu: { appId?: string; appSecret?: string; domain: string; perMinute: number };
}

/** The environment as duban sees it: the process's variables over those in the `.env` file. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, envFile = join(projectRoot, '.env')): Record<string, string> {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  const set = (source: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
  return { ...set(fromFile), ...set(env) };
}

export function loadConfig(env: Record<string, string> = readEnvironment()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const { zh, en } = describeIssue(issue);
    throw new UserError(`配置项 ${name} 的值无效：${zh}`, `Setting ${name} is invalid: ${en}`);
  }
  const values = parsed.data;
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(path));
  return {
    db: absolute(values.DUBAN_DB),
    dataDir: absolute(values.DUBAN_DATA_DIR),
    now: values.DUBAN_NOW,
    timeZone: values.DUBAN_TZ,
    admins: values.DUBAN_ADMINS,
    prefix: values.DUBAN_PREFIX,
    pageSize: values.DUBAN_PAGE_SIZE,
    confirmMinutes: values.DUBAN_CONFIRM_MINUTES,
    inputMaxChars: values.DUBAN_INPUT_MAX_CHARS,
    notices: { holidays: values.DUBAN_HOLIDAYS, workdays: values.DUBAN_WORKDAYS, cutoff: values.DUBAN_NOTICE_CUTOFF },
    escalateAfterDays: values.DUBAN_ESCALATE_DAYS,
    outbox: {
      gapMs: values.DUBAN_OUTBOX_GAP_MS,
      jitterMs: values.DUBAN_OUTBOX_JITTER_MS,
      perMinute: values.DUBAN_OUTBOX_PER_MINUTE,
      maxBytes: values.DUBAN_MESSAGE_MAX_BYTES,
    },
    web: { host: values.DUBAN_WEB_HOST, port: values.DUBAN_WEB_PORT },
    logLevel: values.DUBAN_LOG_LEVEL,
    puppet: {
      name: values.WECHATY_PUPPET,
      token: values.WECHATY_PUPPET_SERVICE_TOKEN,
      endpoint: values.WECHATY_PUPPET_SERVICE_ENDPOINT,
    },
    channels: values.DUBAN_CHANNELS,
    wecom: { botId: values.WECOM_BOT_ID, secret: values.WECOM_BOT_SECRET, wsUrl: values.WECOM_WS_URL, webhookUrl: values.WECOM_WEBHOOK_URL },
    dingtalk: {
      clientId: values.DINGTALK_CLIENT_ID,
      clientSecret: values.DINGTALK_CLIENT_SECRET,
      robotCode: values.DINGTALK_ROBOT_CODE,
      cardTemplateId: values.DINGTALK_CARD_TEMPLATE_ID,
      apiBase: values.DINGTALK_API_BASE.replace(/\/$/, ''),
      perMinute: values.DINGTALK_PER_MINUTE,
    },
    feishu: { appId: values.FEISHU_APP_ID, appSecret: values.FEISHU_APP_SECRET, domain: values.FEISHU_DOMAIN.replace(/\/$/, ''), perMinute: values.FEISHU_PER_MINUTE },
    model: values.OPENAI_API_KEY === undefined ? undefined : {
      apiKey: values.OPENAI_API_KEY,
      baseURL: values.OPENAI_BASE_URL,
      model: values.DUBAN_MODEL,
      timeoutMs: values.DUBAN_MODEL_TIMEOUT_MS,
      retries: values.DUBAN_MODEL_RETRIES,
      backoffMs: values.DUBAN_MODEL_BACKOFF_MS,
      dailyTokens: values.DUBAN_MODEL_DAILY_TOKENS,
      breakerFailures: values.DUBAN_MODEL_BREAKER_FAILURES,
      breakerMinutes: values.DUBAN_MODEL_BREAKER_MINUTES,
    },
  };
}

/** What is wrong with a setting, in Chinese and English: our own messages carry both, zod's common ones are put in Chinese. */
function describeIssue(issue: z.core.$ZodIssue): { zh: string; en: string } {
  const [zh, en] = issue.message.split('\n');
  if (en !== undefined) return { zh: zh!, en };
  const said = (text: string) => ({ zh: text, en: issue.message });
  switch (issue.code) {
    case 'too_small':
      return said(issue.origin === 'string' ? `至少 ${String(issue.minimum)} 个字符` : `应不小于 ${String(issue.minimum)}`);
    case 'too_big':
      return said(`应不大于 ${String(issue.maximum)}`);
    case 'invalid_type':
      return said(issue.expected === 'number' ? '应为整数' : `应为 ${issue.expected}`);
    case 'invalid_value':
      return said(`应为以下之一：${issue.values.map(String).join('、')}`);
    default:
      return said(issue.message);
  }
}
