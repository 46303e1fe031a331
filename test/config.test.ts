import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, readEnvironment } from '../src/config.ts';
import { UserError } from '../src/errors.ts';
import { tempDir } from './support/files.ts';

describe('settings', () => {
  it('reads a .env file, with the environment winning and empty values counting as unset', () => {
    const file = join(tempDir(), '.env');
    writeFileSync(file, 'DUBAN_PREFIX=小督\nDUBAN_ADMINS=王主任，李科长、赵书记\nDUBAN_TZ=Asia/Urumqi\nDUBAN_PAGE_SIZE=5\n');
    const config = loadConfig(readEnvironment({ DUBAN_TZ: 'Asia/Shanghai', DUBAN_PAGE_SIZE: '' }, file));
    expect(config.prefix).toBe('小督');
    expect(config.admins).toEqual(['王主任', '李科长', '赵书记']);
    expect(config.timeZone).toBe('Asia/Shanghai');
    expect(config.pageSize).toBe(5);
  });

  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      timeZone: 'Asia/Shanghai',
      prefix: '督办',
      admins: [],
      pageSize: 8,
      outbox: { gapMs: 3000, jitterMs: 1500, perMinute: 20, maxBytes: 2048 },
      puppet: { name: 'wechaty-puppet-wechat4u' },
    });
    expect(config.db.endsWith(join('data', 'duban.db'))).toBe(true);
    expect(config.model).toBeUndefined();
  });

  it('reads the channels and the DingTalk and Feishu settings, naming a bad one', () => {
    const config = loadConfig({ DUBAN_CHANNELS: 'DingTalk，feishu', FEISHU_DOMAIN: 'lark', DINGTALK_API_BASE: 'http://10.0.0.5:8080/' });
    expect(config.channels).toEqual(['dingtalk', 'feishu']);
    expect(config.dingtalk).toMatchObject({ apiBase: 'http://10.0.0.5:8080', perMinute: 20 });
    expect(config.feishu).toMatchObject({ domain: 'lark', perMinute: 300 });
    expect(loadConfig({}).channels).toEqual(['wechaty']);
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as UserError).zh;
      }
      throw new Error('accepted');
    };
    expect(refused({ DUBAN_CHANNELS: 'wechaty,qq' })).toContain('配置项 DUBAN_CHANNELS 的值无效');
    expect(refused({ FEISHU_APP_ID: 'app123' })).toContain('配置项 FEISHU_APP_ID 的值无效');
    expect(refused({ FEISHU_DOMAIN: 'open.feishu.cn' })).toContain('配置项 FEISHU_DOMAIN 的值无效');
  });

  it('turns the model on with OPENAI_API_KEY, with defaults for the rest', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x' }).model).toEqual({
      apiKey: 'sk-x',
      baseURL: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      timeoutMs: 20_000,
      retries: 2,
      backoffMs: 1000,
      dailyTokens: 200_000,
      breakerFailures: 3,
      breakerMinutes: 5,
    });
    const ollama = loadConfig({ OPENAI_API_KEY: 'ollama', OPENAI_BASE_URL: 'http://localhost:11434/v1', DUBAN_MODEL: 'qwen2.5:7b' }).model;
    expect(ollama).toMatchObject({ baseURL: 'http://localhost:11434/v1', model: 'qwen2.5:7b' });
  });

  it.each([
    ['DUBAN_OUTBOX_PER_MINUTE', '0'],
    ['DUBAN_OUTBOX_GAP_MS', '3s'],
    ['DUBAN_MESSAGE_MAX_BYTES', '50'],
    ['DUBAN_TZ', 'Beijing'],
    ['DUBAN_LOG_LEVEL', 'loud'],
    ['OPENAI_BASE_URL', 'localhost:11434'],
    ['DUBAN_MODEL_TIMEOUT_MS', '0'],
    ['DUBAN_MODEL_DAILY_TOKENS', 'lots'],
  ])('stops at a bad %s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(
      expect.objectContaining({ constructor: UserError, zh: expect.stringContaining(`配置项 ${name} 的值无效`) }),
    );
  });

  it.each([
    ['DUBAN_OUTBOX_PER_MINUTE', '0', '应不小于 1'],
    ['DUBAN_OUTBOX_GAP_MS', '3s', '应为整数'],
    ['DUBAN_LOG_LEVEL', 'loud', '应为以下之一：fatal、error、warn、info、debug、trace、silent'],
    ['DUBAN_HOLIDAYS', '2021-10-01,2021-02-30', '没有这一天'],
    ['DUBAN_WORKDAYS', '2021/9/26', '日期应写成 YYYY-MM-DD，用逗号分隔'],
    ['DUBAN_TZ', 'Beijing', '本机不认识的时区（例如 Asia/Shanghai）'],
    ['DUBAN_PAGE_SIZE', '2.5', '应为整数'],
    ['DUBAN_WEB_PORT', '70000', '应不大于 65535'],
    ['DUBAN_CHANNELS', 'wechaty,qq', '可用的渠道：wechaty、wecom、dingtalk、feishu'],
    ['DUBAN_CHANNELS', '，', '至少一个渠道'],
    ['OPENAI_BASE_URL', 'localhost:11434', '应为 http(s) 地址，例如 https://api.deepseek.com'],
    ['WECOM_WS_URL', 'openws', '应为网址'],
  ])('says in Chinese what is wrong with %s', (name, value, said) => {
    expect(() => loadConfig({ [name]: value })).toThrow(expect.objectContaining({ zh: `配置项 ${name} 的值无效：${said}` }));
  });
});
