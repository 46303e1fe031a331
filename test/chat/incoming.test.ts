import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InboundFilter, type FilterContext } from '../../src/chat/filter.ts';
import { readQuote, stripMentions, stripPrefix } from '../../src/chat/incoming.ts';
import { type Incoming, type Person, displayName } from '../../src/message.ts';
import { ManualClock } from '../../src/clock.ts';
import { bareReply } from '../../src/understand/rules.ts';
import { Roles } from '../../src/dialog/roles.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { tempDir } from '../support/files.ts';

const separator = '- - - - - - - - - - - - - - -';

describe('readQuote', () => {
  it('splits a quoted reply into who was quoted, what they said, and the reply', () => {
    expect(readQuote(`「张三：被引用的话」\n${separator}\n回复`)).toEqual({
      quote: { author: '张三', text: '被引用的话' },
      rest: '回复',
    });
  });

  it('reads a half-width colon after the author', () => {
    expect(readQuote(`「张三:被引用的话」\n${separator}\n回复`).quote).toEqual({ author: '张三', text: '被引用的话' });
  });

  it('keeps a quoted text spanning lines and holding colons of its own', () => {
    expect(readQuote(`「督办：【一/3】公租房\n状态：正在整改」\n${separator}\n现在呢`)).toEqual({
      quote: { author: '督办', text: '【一/3】公租房\n状态：正在整改' },
      rest: '现在呢',
    });
  });

  it('keeps a reply spanning lines and a mention inside it', () => {
    expect(readQuote(`「张三：话」\n${separator}\n@督办\u2005第一行\n第二行`).rest).toBe('@督办\u2005第一行\n第二行');
  });

  it('reads a quote with nothing written under it as an empty reply', () => {
    expect(readQuote(`「张三：话」\n${separator}\n`)).toEqual({ quote: { author: '张三', text: '话' }, rest: '' });
  });

  it.each(['公租房到哪一步了', '「张三：话」 回复', `「张三：话」\n- -\n回复`])('leaves "%s" as a plain message', (text) => {
    expect(readQuote(text)).toEqual({ rest: text });
  });
});

describe('stripMentions', () => {
  it.each([
    ['@督办\u2005进度', '进度'],
    ['@督办 进度', '进度'],
    ['进度 @督办', '进度'],
    ['@督办\u2005 二/3 \u2005@督办\u2005', '二/3'],
  ])('takes the mention out of "%s"', (text, rest) => {
    expect(stripMentions(text, ['督办'])).toEqual({ text: rest, mentioned: true });
  });

  it("recognises the bot's group alias as well as its name", () => {
    expect(stripMentions('@小督\u2005进度', ['督办', '小督'])).toEqual({ text: '进度', mentioned: true });
  });

  it('leaves mentions of other people in place', () => {
    expect(stripMentions('@督办\u2005@张三\u2005看看', ['督办'])).toEqual({ text: '@张三 看看', mentioned: true });
  });

  it('does not take a longer name for the bot', () => {
    expect(stripMentions('@督办助手\u2005进度', ['督办'])).toEqual({ text: '@督办助手 进度', mentioned: false });
  });

  it('needs a space or the end of the text after the name', () => {
    expect(stripMentions('@督办进度', ['督办']).mentioned).toBe(false);
  });

  it('treats names literally, not as patterns', () => {
    expect(stripMentions('@axb 进度', ['a.b']).mentioned).toBe(false);
    expect(stripMentions('@a.b 进度', ['a.b'])).toEqual({ text: '进度', mentioned: true });
  });

  it('ignores an empty name', () => {
    expect(stripMentions('进度 @ 看看', ['', '督办'])).toEqual({ text: '进度 @ 看看', mentioned: false });
  });
});

describe('stripPrefix', () => {
  it.each([
    ['督办 进度', '进度'],
    ['督办：进度', '进度'],
    ['督办:进度', '进度'],
    ['督办，进度', '进度'],
    ['督办、进度', '进度'],
    ['督办  ，进度', '进度'],
    ['督办\n进度', '进度'],
    ['督办？', '？'],
    ['督办', ''],
  ])('reads "%s" as addressed to the bot, asking "%s"', (text, rest) => {
    expect(stripPrefix(text, '督办')).toEqual({ text: rest, prefixed: true });
  });

  it.each(['督办进度', '督办的事', '请督办 进度', '公租房'])('does not read "%s" as addressed to the bot', (text) => {
    expect(stripPrefix(text, '督办')).toEqual({ text, prefixed: false });
  });
});

describe('displayName', () => {
  it('shows the group alias when there is one, the WeChat name otherwise', () => {
    expect(displayName({ id: '1', name: '张三', alias: '张局' })).toBe('张局');
    expect(displayName({ id: '1', name: '张三' })).toBe('张三');
    expect(displayName({ id: '1', name: '张三', alias: '' })).toBe('张三');
  });
});

describe('InboundFilter', () => {
  const start = '2021-07-01T09:00:00+08:00';
  const context: FilterContext = {
    isBound: (topic) => topic === '整改工作群',
    isAdmin: (person: Person) => person.name === '王主任',
    awaitsReply: (topic, person, text) => topic === '整改工作群' && person.name === '李四' && bareReply(text) !== undefined,
    awaitsEvidence: (topic, person) => topic === '整改工作群' && person.name === '李四',
  };
  const opened: Db[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  const open = (path: string) => {
    const db = openDatabase(path);
    opened.push(db);
    return db;
  };

  function setup() {
    const path = join(tempDir(), 'duban.db');
    const clock = new ManualClock(start);
    return { path, clock, filter: new InboundFilter(open(path), clock, '督办', context) };
  }

  let nextId = 0;
  const message = (overrides: Partial<Incoming> = {}): Incoming => ({
    id: `m${++nextId}`,
    channel: 'wechaty',
    room: { channel: 'wechaty', id: 'r1', name: '整改工作群', byName: true },
    from: { id: 'p1', name: '张三' },
    text: '@督办\u2005进度',
    kind: 'text',
    at: new Date(start),
    self: false,
    mentionsBot: false,
    botNames: ['督办', '小督'],
    ...overrides,
  });

  it("drops the bot's own messages", () => {
    expect(setup().filter.check(message({ self: true }))).toEqual({ accept: false, reason: 'own' });
  });

  it('drops messages sent more than a minute before the start, and keeps ones from just before it', () => {
    const { filter } = setup();
    const before = (seconds: number) => new Date(new Date(start).getTime() - seconds * 1000);
    expect(filter.check(message({ at: before(61) }))).toEqual({ accept: false, reason: 'old' });
    expect(filter.check(message({ at: before(60) })).accept).toBe(true);
    expect(filter.check(message({ at: before(30) })).accept).toBe(true);
  });

  it.each(['image', 'file', 'other'] as const)('drops %s messages', (kind) => {
    expect(setup().filter.check(message({ kind }))).toEqual({ accept: false, reason: 'not-text' });
  });

  it('answers a message once, even when the transport hands it over again', () => {
    const { filter } = setup();
    const first = message();
    expect(filter.check(first).accept).toBe(true);
    expect(filter.answered(first.id)).toBe(false);
    expect(filter.remember(first.id)).toBe(true);
    expect(filter.answered(first.id)).toBe(true);
    // Handed over again, or answered meanwhile by another process: remembering it again says it is a duplicate.
    expect(filter.remember(first.id)).toBe(false);
    expect(filter.remember(message().id)).toBe(true);
  });

  it('answers a message once across a restart on the same database', () => {
    const { path, clock, filter } = setup();
    const first = message();
    expect(filter.check(first).accept).toBe(true);
    expect(filter.remember(first.id)).toBe(true);
    opened.pop()!.close();

    clock.advance(10_000);
    const restarted = new InboundFilter(open(path), clock, '督办', context);
    expect(restarted.remember(first.id)).toBe(false);
    expect(restarted.remember(message().id)).toBe(true);
  });

  it('ignores group chatter that neither mentions, prefixes nor quotes the bot', () => {
    const { filter } = setup();
    expect(filter.check(message({ text: '公租房到哪一步了' }))).toEqual({ accept: false, reason: 'not-addressed' });
    expect(filter.check(message({ text: '督办的事大家抓紧' }))).toEqual({ accept: false, reason: 'not-addressed' });
    expect(filter.check(message({ text: `「张三：公租房呢」\n${separator}\n还在办` }))).toEqual({
      accept: false,
      reason: 'not-addressed',
    });
  });

  it('accepts a mention of the bot by name, with the mention taken out of the body', () => {
    const verdict = setup().filter.check(message({ text: '@督办\u2005公租房到哪一步了' }));
    expect(verdict).toMatchObject({ accept: true, addressed: { via: 'mention', body: '公租房到哪一步了', bound: true, isAdmin: false } });
  });

  it('accepts a mention of the bot by its group alias', () => {
    const verdict = setup().filter.check(message({ text: '@小督 进度' }));
    expect(verdict).toMatchObject({ accept: true, addressed: { via: 'mention', body: '进度' } });
  });

  it('accepts a message the transport says mentions the bot', () => {
    const verdict = setup().filter.check(message({ text: '进度', mentionsBot: true }));
    expect(verdict).toMatchObject({ accept: true, addressed: { via: 'mention', body: '进度' } });
  });

  it('accepts a message starting with the prefix, with the prefix taken out of the body', () => {
    const verdict = setup().filter.check(message({ text: '督办：还有哪些没完成' }));
    expect(verdict).toMatchObject({ accept: true, addressed: { via: 'prefix', body: '还有哪些没完成' } });
  });

  it('accepts a reply quoting the bot, and passes the quote on', () => {
    const verdict = setup().filter.check(message({ text: `「小督：【二/3】标准化厂房租赁费」\n${separator}\n现在呢` }));
    expect(verdict).toMatchObject({
      accept: true,
      addressed: { via: 'quote', body: '现在呢', quote: { author: '小督', text: '【二/3】标准化厂房租赁费' } },
    });
  });

  it('passes on the quote of a mention quoting someone else', () => {
    const verdict = setup().filter.check(message({ text: `「张三：公租房呢」\n${separator}\n@督办\u2005查一下` }));
    expect(verdict).toMatchObject({
      accept: true,
      addressed: { via: 'mention', body: '查一下', quote: { author: '张三', text: '公租房呢' } },
    });
  });

  it('hears only admins in a group that is not bound yet', () => {
    const { filter } = setup();
    const room = { channel: 'wechaty' as const, id: 'r2', name: '新建群', byName: true };
    expect(filter.check(message({ room, text: '@督办\u2005进度' }))).toEqual({ accept: false, reason: 'unbound' });
    const admin = filter.check(message({ room, from: { id: 'p2', name: '王主任' }, text: '@督办\u2005绑定 产业集聚区党工委' }));
    expect(admin).toMatchObject({
      accept: true,
      addressed: { via: 'mention', body: '绑定 产业集聚区党工委', bound: false, isAdmin: true },
    });
  });

  it('accepts direct messages from admins, prefixed or not', () => {
    const { filter } = setup();
    const from = { id: 'p2', name: '王主任' };
    expect(filter.check(message({ room: undefined, from, text: '进度' }))).toMatchObject({
      accept: true,
      addressed: { via: 'direct', body: '进度', bound: false, isAdmin: true },
    });
    expect(filter.check(message({ room: undefined, from, text: '督办 公租房' }))).toMatchObject({
      accept: true,
      addressed: { via: 'direct', body: '公租房' },
    });
  });

  it('drops direct messages from anyone else', () => {
    expect(setup().filter.check(message({ room: undefined, text: '进度' }))).toEqual({ accept: false, reason: 'not-admin' });
  });
});

describe('mentions typed on other keyboards', () => {
  it.each(['＠督办 进度', '@督办\u3000进度', '@督办\u00a0进度'])('"%s" mentions the bot', (text) => {
    expect(stripMentions(text, ['督办'])).toEqual({ text: '进度', mentioned: true });
  });
});

describe('Roles', () => {
  it('gives admin rights by the bot\'s remark or a stable user id, never by a name or group alias anyone can set', () => {
    const db = openDatabase(join(tempDir(), 'duban.db'));
    const roles = new Roles(db, ['王主任', 'dingtalk:wangzr03'], () => new Date());
    expect(roles.isAdmin({ id: '1', name: '王主任' })).toBe(false);
    expect(roles.isAdmin({ id: '2', name: 'wang_zr', remark: '王主任' })).toBe(true);
    expect(roles.isAdmin({ id: '3', name: '李四', alias: '王主任' })).toBe(false);
    // Someone the bot knows as 李四 who renames themselves 王主任 is still 李四.
    expect(roles.isAdmin({ id: '4', name: '王主任', remark: '李四' })).toBe(false);
    expect(roles.isAdmin({ id: 'wangzr03', userId: 'wangzr03', key: 'dingtalk:wangzr03', name: '王老师' })).toBe(true);
    expect(roles.isAdmin({ id: 'lisi01', userId: 'lisi01', key: 'dingtalk:lisi01', name: '王主任' })).toBe(false);
    // The same user id on another platform is another person.
    expect(roles.isAdmin({ id: 'wangzr03', userId: 'wangzr03', key: 'feishu:wangzr03', name: '王主任' })).toBe(false);
    db.close();
  });
});
