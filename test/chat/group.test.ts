import { afterEach, describe, expect, it } from 'vitest';
import { internalErrorReply } from '../../src/bot.ts';
import type { BotMessage } from '../../src/channels/wechaty/mock-world.ts';
import { startSandbox } from '../../src/runtime/sandbox.ts';
import { findBinding } from '../../src/ledger/bindings.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { silentLogger } from '../../src/log.ts';
import { startWorld, type TestWorld } from '../support/world.ts';

let t: TestWorld;
afterEach(async () => t?.close());

describe('duban in a WeChat group (wechaty-puppet-mock)', () => {
  it('answers a mention in a bound group from the ledger: 公租房 is 一/3, in progress, due 2021-06-30', async () => {
    t = await startWorld();
    const replies = await t.ask('张三', '@督办 公租房整改到哪一步了？');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.room).toBe('整改工作群');
    const text = replies[0]!.text;
    expect(text).toMatch(/^@张三/);
    expect(text).toContain('【一/3】公租房闲置问题整改不力');
    expect(text).toContain('状态：正在整改');
    expect(text).toContain('时限：2021-06-30（已逾期 1 天）');
    expect(text).toContain('最近更新：暂无');
  });

  it('answers thanks and greetings briefly and lets an acknowledgement pass, without searching the ledger', async () => {
    t = await startWorld();
    expect((await t.ask('张三', '@督办 谢谢！')).map((m) => m.text)).toEqual(['@张三\u2005不客气。']);
    expect((await t.ask('张三', '@督办 你好')).map((m) => m.text)).toEqual(['@张三\u2005你好，我是督办。发"@督办 帮助"看看能问什么。']);
    expect(await t.ask('张三', '@督办 收到')).toEqual([]);
    // 好的 to an update waiting for 确认 is not taken for one, and not left unanswered either.
    await t.ask('王主任', '@督办 指派 二/3 张三');
    await t.ask('张三', '@督办 二/3 已完成80%');
    expect((await t.ask('张三', '@督办 好的')).map((m) => m.text)).toEqual(['@张三\u2005请回复"确认"保存，"取消"放弃。']);
  });

  it('does not call the steps of a finished item still under way', async () => {
    t = await startWorld();
    const [reply] = await t.ask('张三', '@督办 一/4/三是');
    expect(reply!.text).toContain('状态：已完成（长期坚持）');
    expect(reply!.text).toContain('计划于6月底完成改造（原定时限 2021-06-30）');
    expect(reply!.text).not.toContain('推进中');
  });

  it('counts the 25 items of seed 003 in the overview', async () => {
    t = await startWorld();
    const [reply] = await t.ask('李四', '@督办 总体进度怎么样');
    expect(reply!.text).toContain('共 25 项：已完成 20 项（其中长期坚持 20 项），正在整改 5 项，未启动 0 项，已销号 0 项。');
    expect(reply!.text).toContain('完成率 80%');
    expect(reply!.text).toContain('逾期 1 项，7 天内到期 0 项');
  });

  it('stays silent in a group that is not bound, and when not addressed', async () => {
    t = await startWorld();
    expect(await t.ask('张三', '@督办 公租房', { room: '闲聊群' })).toEqual([]);
    expect(await t.ask('张三', '公租房整改到哪一步了？')).toEqual([]);
  });

  it('takes the prefix as addressing it', async () => {
    t = await startWorld();
    const [reply] = await t.ask('张三', '督办 二/3');
    expect(reply!.text).toContain('【二/3】标准化厂房租赁费收缴不及时且闲置较多');
    expect(reply!.text).toContain('时限：2021-12-31（还有 183 天）');
  });

  it('does not answer its own messages: no loop', async () => {
    t = await startWorld();
    await t.ask('张三', '@督办 帮助');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await t.quiet();
    // The help text itself names "@我" and the prefix; answering it would start a loop.
    expect(t.said).toHaveLength(1);
  });

  it('answers a duplicated message once', async () => {
    t = await startWorld();
    const before = t.said.length;
    const id = t.world.say('张三', '@督办 二/3', { room: '整改工作群' });
    await t.quiet();
    t.world.redeliver(id);
    await t.quiet();
    expect(t.said.length - before).toBe(1);
  });

  it('replays nothing after a restart: a message handled before the restart is not answered again', async () => {
    t = await startWorld();
    const id = t.world.say('张三', '@督办 二/3', { room: '整改工作群' });
    await t.quiet();
    expect(t.said).toHaveLength(1);
    await t.close();

    const db = openDatabase(t.config.db);
    const rooms = [{ topic: '整改工作群', members: ['张三'] }];
    const again = await startSandbox({ db, clock: t.clock, config: t.config, log: silentLogger, people: ['张三'], rooms });
    const said: BotMessage[] = [];
    again.world.onBotMessage((message) => said.push(message));
    again.world.say('张三', '@督办 二/3', { room: '整改工作群', id });
    again.world.say('张三', '@督办 二/3', { room: '整改工作群' });
    await again.settle();
    await again.stop();
    db.close();
    expect(said).toHaveLength(1);
    expect(said[0]!.text).toContain('【二/3】');
  });

  it('tells the person when answering fails, instead of leaving them in silence', async () => {
    t = await startWorld();
    t.db.exec('DROP TABLE items_fts');
    const [reply] = await t.ask('张三', '@督办 公租房');
    expect(reply!.text).toBe(`@张三\u2005${internalErrorReply}`);
    const [still] = await t.ask('张三', '@督办 二/3');
    expect(still!.text).toContain('【二/3】');
  });

  it('answers a message whose answer failed, changing nothing, when it is handed over again', async () => {
    t = await startWorld();
    t.db.exec('ALTER TABLE items_fts RENAME TO items_fts_away');
    const id = t.world.say('张三', '@督办 公租房', { room: '整改工作群' });
    await t.quiet();
    expect(t.said.map((message) => message.text)).toEqual([`@张三\u2005${internalErrorReply}`]);
    t.db.exec('ALTER TABLE items_fts_away RENAME TO items_fts');
    t.world.redeliver(id);
    await t.quiet();
    expect(t.said).toHaveLength(2);
    expect(t.said[1]!.text).toContain('【一/3】公租房闲置问题整改不力');
  });

  it('ignores messages older than its start', async () => {
    t = await startWorld();
    const replies = await t.ask('张三', '@督办 二/3', { room: '整改工作群', at: new Date('2021-07-01T08:00:00+08:00') });
    expect(replies).toEqual([]);
  });

  it('handles a quoted reply to its own message', async () => {
    t = await startWorld();
    const [first] = await t.ask('张三', '@督办 二/3');
    const [reply] = await t.ask('李四', '现在呢？', { room: '整改工作群', quote: { author: '督办', text: first!.text } });
    expect(reply!.text).toMatch(/^@李四/);
    expect(reply!.text).toContain('【二/3】');
    // A quote of someone else is not for duban.
    expect(await t.ask('李四', '现在呢？', { room: '整改工作群', quote: { author: '张三', text: '二/3 怎么样' } })).toEqual([]);
  });

  it('lists overdue items, pages long lists and continues with 更多', async () => {
    t = await startWorld({ env: { DUBAN_PAGE_SIZE: '2' } });
    const [overdue] = await t.ask('张三', '@督办 哪些逾期了？');
    expect(overdue!.text).toContain('逾期未完成的共 1 项');
    expect(overdue!.text).toMatch(/1\. 一\/3 .*正在整改.*时限 2021-06-30（已逾期 1 天）.*最近更新 暂无/);
    const [open] = await t.ask('张三', '@督办 还有哪些没完成？');
    expect(open!.text).toContain('未完成的共 5 项');
    expect(open!.text).toContain('还有3项，回复"更多"');
    const [more] = await t.ask('张三', '@督办 更多');
    expect(more!.text).toMatch(/^@张三\s未完成的共 5 项（续）：\n3\. /);
    expect(more!.text).toContain('还有1项');
  });

  it('answers the item whose title holds most of the words, naming the others that mention them', async () => {
    t = await startWorld();
    const [answer] = await t.ask('张三', '@督办 标准化厂房租金');
    expect(answer!.text).toMatch(/^@张三\s【二\/3】标准化厂房租赁费收缴不及时且闲置较多\n状态：正在整改\n时限：2021-12-31/);
    expect(answer!.text).toContain('另有 2 项也提到"标准化厂房租金"：一/4/二是、一/5/一是');
  });

  it('finds an item by a code written differently from the report, and by a topic that reads like a name', async () => {
    t = await startWorld();
    const [byDigits] = await t.ask('张三', '@督办 2/3');
    expect(byDigits!.text).toContain('【二/3】标准化厂房租赁费收缴不及时且闲置较多');
    const [byHeading] = await t.ask('张三', '@督办 一、3 整改了吗');
    expect(byHeading!.text).toContain('【一/3】公租房闲置问题整改不力');
    const [topic] = await t.ask('张三', '@督办 公租房的事项');
    expect(topic!.text).toContain('【一/3】公租房闲置问题整改不力');
  });

  it('finds two-character words, which the trigram index cannot see', async () => {
    t = await startWorld();
    const [answer] = await t.ask('张三', '@督办 租房');
    expect(answer!.text).toMatch(/^@张三\s【一\/3】公租房闲置问题整改不力/);
  });

  it('asks which item when several match, and says so when nothing does', async () => {
    t = await startWorld();
    const [several] = await t.ask('张三', '@督办 污水');
    expect(several!.text).toContain('找到 2 项与"污水"相关的问题');
    expect(several!.text).toContain('1. 一/4/三是');
    expect(several!.text).toContain('2. 二/1/三是');
    expect(several!.text).toContain('您问的是哪一项？');
    const [none] = await t.ask('张三', '@督办 食堂卫生');
    expect(none!.text).toContain('没有找到与"食堂卫生"相关的问题');
    expect(none!.text).toContain('帮助');
  });

  it('lets an admin bind a group by a message, and nobody else', async () => {
    t = await startWorld();
    const [schedule] = await t.ask('张三', '@督办 日报时间');
    expect(schedule!.text).toContain('本群日报每周一至周五 09:00 推送。管理员可以修改');
    expect((await t.ask('张三', '@督办 日报时间 08:00'))[0]!.text).toContain('只有管理员可以修改日报时间');
    expect((await t.ask('王主任', '@督办 日报时间 8点半 周一至周六'))[0]!.text).toContain('好的，本群日报改为每周一至周六 08:30 推送。');
    expect((await t.ask('王主任', '@督办 日报时间 每天'))[0]!.text).toContain('好的，本群日报改为每天 08:30 推送。');
    expect((await t.ask('王主任', '@督办 日报时间 早点'))[0]!.text).toContain('没看懂"早点"，没有修改');
    expect((await t.ask('王主任', '@督办 日报时间 25:00 工作日'))[0]!.text).toContain('没看懂"25:00 工作日"，没有修改');
    expect((await t.ask('王主任', '@督办 日报时间 晚上7点'))[0]!.text).toContain('日报时间须早于 18:00（过了这个时间的日报不再补发），没有修改。');
    expect(findBinding(t.db, '整改工作群')).toMatchObject({ broadcastAt: '08:30', days: '0-6' });
    expect((await t.ask('张三', '@督办 日报时间是几点'))[0]!.text).toContain('本群日报每天 08:30 推送。');
    expect((await t.ask('王主任', '@督办 日报时间 9:5 周一三五'))[0]!.text).toContain('好的，本群日报改为每周一、周三、周五 09:05 推送。');
    const [refused] = await t.ask('张三', '@督办 绑定 产业集聚区党工委', { room: '整改工作群' });
    expect(refused!.text).toContain('只有管理员可以绑定台账');
    expect(await t.ask('张三', '@督办 绑定 产业集聚区党工委', { room: '闲聊群' })).toEqual([]);
    const [bound] = await t.ask('王主任', '@督办 绑定 产业集聚区党工委', { room: '闲聊群' });
    expect(bound!.text).toContain('已将本群「闲聊群」绑定到台账「产业集聚区党工委」（20 项）');
    const [answer] = await t.ask('张三', '@督办 一/1/(1)', { room: '闲聊群' });
    expect(answer!.text).toContain('浅尝辄止');
  });

  it('tells the admins when two groups share a bound topic, and still answers in the group a question came from', async () => {
    t = await startWorld({
      rooms: [
        { topic: '整改工作群', members: ['张三', '王主任'], ledger: '003' },
        { topic: '整改工作群', members: ['李四', '王主任'] },
      ],
    });
    for (let i = 0; i < 200 && t.said.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await t.quiet();
    expect(t.said).toEqual([
      { to: '王主任', text: '有 2 个群都叫「整改工作群」，督办无法判断该往哪个群推送。请修改其中一个群名后重新绑定。' },
    ]);
    const [reply] = await t.ask('李四', '@督办 二/3', { room: t.world.addRoom('整改工作群', ['李四']) });
    expect(reply!.room).toBe('整改工作群');
    expect(reply!.text).toMatch(/^@李四\s【二\/3】/);
  });

  it('answers an admin in a direct message', async () => {
    t = await startWorld();
    const [ask] = await t.ask('王主任', '进度', { room: undefined });
    expect(ask!.to).toBe('王主任');
    expect(ask!.text).toContain('有多个台账');
    await t.ask('王主任', '使用 伊川', { room: undefined });
    const [overview] = await t.ask('王主任', '进度', { room: undefined });
    expect(overview!.text).toContain('共 25 项');
    expect(await t.ask('张三', '进度', { room: undefined })).toEqual([]);
  });
});
