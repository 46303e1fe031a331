/**
 * Every setting duban reads, in one place: environment variables, then a `.env` file beside the project, then the
 * defaults below. A bad value stops the start with a message that names the variable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { isCalendarDate } from './clock.ts';
import { UserError } from './errors.ts';
import { type ChannelName, channelNames } from './message.ts';
import { SettingProblem, integer, listOf, matching, nonEmpty, oneOf, optional, orElse, satisfying, url, type Reader } from './setting-readers.ts';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

const knownTimeZone = satisfying(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  '本机不认识的时区（例如 Asia/Shanghai）',
  'not a time zone known to this system (e.g. Asia/Shanghai)',
);

const text = (fallback: string) => orElse(nonEmpty, fallback);
const optionalText = optional(nonEmpty);
const count = (fallback: number, min = 0) => orElse(integer(min), fallback);
const names = orElse(listOf(/[,，、;；]/, (name) => name), []);

const calendarDate = (date: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new SettingProblem('日期应写成 YYYY-MM-DD，用逗号分隔', 'dates as YYYY-MM-DD, separated by commas');
  if (!isCalendarDate(date)) throw new SettingProblem('没有这一天', 'no such day');
  return date;
};
const dates = orElse(listOf(/[,，\s]+/, calendarDate), []);

/** The channels `serve` runs (`DUBAN_CHANNELS`): the names of `src/channels/`, separated by commas. */
const channel = oneOf(channelNames, `可用的渠道：${channelNames.join('、')}`, `the channels there are: ${channelNames.join(', ')}`);
const channelList = orElse((list) => {
  const chosen = [...new Set(listOf(/[,，、\s]+/, (name) => channel(name.toLowerCase()))(list))];
  if (chosen.length === 0) throw new SettingProblem('至少一个渠道', 'at least one channel');
  return chosen;
}, ['wechaty' as ChannelName]);

const httpUrl = (example: string) => url(/^https?$/, example);

/** Every setting, in the order a bad one is reported. */
const settings = {
  DUBAN_DB: text(join(projectRoot, 'data', 'duban.db')),
  DUBAN_DATA_DIR: text(join(projectRoot, 'data')),
  DUBAN_NOW: optionalText,
  DUBAN_TZ: orElse(knownTimeZone, 'Asia/Shanghai'),
  DUBAN_ADMINS: names,
  DUBAN_PREFIX: text('督办'),
  DUBAN_PAGE_SIZE: count(8, 1),
  DUBAN_CONFIRM_MINUTES: count(10, 1),
  DUBAN_INPUT_MAX_CHARS: count(2000, 20),
  DUBAN_HOLIDAYS: dates,
  DUBAN_WORKDAYS: dates,
  DUBAN_NOTICE_CUTOFF: orElse(matching(/^([01]\d|2[0-3]):[0-5]\d$/, '时间应写成 HH:MM，例如 18:00', 'a time as HH:MM, e.g. 18:00'), '18:00'),
  DUBAN_ESCALATE_DAYS: count(3, 1),
  DUBAN_OUTBOX_GAP_MS: count(3000),
  DUBAN_OUTBOX_JITTER_MS: count(1500),
  DUBAN_OUTBOX_PER_MINUTE: count(20, 1),
  DUBAN_MESSAGE_MAX_BYTES: count(2048, 200),
  DUBAN_WEB_HOST: text('127.0.0.1'),
  DUBAN_WEB_PORT: orElse(integer(0, 65535), 8080),
  DUBAN_LOG_LEVEL: orElse(oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  DUBAN_CHANNELS: channelList,
  WECOM_BOT_ID: optionalText,
  WECOM_BOT_SECRET: optionalText,
  WECOM_WS_URL: optional(url()),
  WECOM_WEBHOOK_URL: orElse(url(), 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send'),
  WECHATY_PUPPET: text('wechaty-puppet-wechat4u'),
  WECHATY_PUPPET_SERVICE_TOKEN: optionalText,
  WECHATY_PUPPET_SERVICE_ENDPOINT: optionalText,
  DINGTALK_CLIENT_ID: optionalText,
  DINGTALK_CLIENT_SECRET: optionalText,
  DINGTALK_ROBOT_CODE: optionalText,
  DINGTALK_CARD_TEMPLATE_ID: optionalText,
  DINGTALK_API_BASE: orElse(httpUrl('https://api.dingtalk.com'), 'https://api.dingtalk.com'),
  DINGTALK_PER_MINUTE: count(20, 1),
  FEISHU_APP_ID: optional(
    matching(/^cli_[0-9a-f]{16}$/i, '应为开发者后台“凭证与基础信息”里的 App ID，形如 cli_ 加 16 位字母数字', 'the App ID from the developer console, cli_ and 16 hex digits'),
  ),
  FEISHU_APP_SECRET: optionalText,
  FEISHU_DOMAIN: orElse(
    satisfying(
      (value) => value === 'feishu' || value === 'lark' || /^https?:\/\/[^\s/]+/.test(value),
      '应为 feishu、lark，或私有部署的 http(s) 地址',
      'feishu, lark, or the http(s) address of a private deployment',
    ),
    'feishu',
  ),
  FEISHU_PER_MINUTE: count(300, 1),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: orElse(httpUrl('https://api.deepseek.com'), 'https://api.openai.com/v1'),
  DUBAN_MODEL: text('gpt-4o-mini'),
  DUBAN_MODEL_TIMEOUT_MS: count(20_000, 1),
  DUBAN_MODEL_RETRIES: count(2),
  DUBAN_MODEL_BACKOFF_MS: count(1000),
  DUBAN_MODEL_DAILY_TOKENS: count(200_000, 1),
  DUBAN_MODEL_BREAKER_FAILURES: count(3, 1),
  DUBAN_MODEL_BREAKER_MINUTES: count(5, 1),
} satisfies Record<string, Reader<unknown>>;

type Settings = { [Name in keyof typeof settings]: ReturnType<(typeof settings)[Name]> };

/** Every setting read from `env`; the first bad one stops it, named. */
function readSettings(env: Record<string, string>): Settings {
  const values: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(settings)) {
    try {
      values[name] = read(env[name]);
    } catch (error) {
      if (!(error instanceof SettingProblem)) throw error;
      throw new UserError(`配置项 ${name} 的值无效：${error.zh}`, `Setting ${name} is invalid: ${error.en}`);
    }
  }
  return values as Settings;
}

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
  const values = readSettings(env);
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
