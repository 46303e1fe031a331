/**
 * The defects the rules had with messages as people write them, one test each, through the same path as `duban chat`
 * (filter, rules, dialog) on a real ledger file: 张三 answers for 一/3 and 二/3, 李四 for 一/7/一是, 王主任 is an admin.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LedgerDay } from '../../src/broadcast/ledger-day.ts';
import { composeNotice } from '../../src/broadcast/notice.ts';
import { Bot } from '../../src/bot.ts';
import { mentionSeparator } from '../../src/message.ts';
import { ManualClock } from '../../src/clock.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { findItemByCode } from '../../src/ledger/items.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { listUpdates } from '../../src/ledger/updates.ts';
import { silentLogger } from '../../src/log.ts';
import { tempDir } from '../support/files.ts';
import { rooms, templateDatabase } from '../support/phrasings.ts';
import { ledgers } from '../support/world.ts';

let db: Db | undefined;
afterEach(() => db?.close());

/** A fresh copy of the ledger file and a bot on it; `say` returns what the speaker is told (bare: no @). */
function group() {
  const template = templateDatabase();
  const path = join(tempDir(), 'duban.db');
  copyFileSync(template.path, path);
  db = openDatabase(path);
  const clock = new ManualClock('2021-07-01T09:00:00+08:00');
  const bot = new Bot(db, clock, { ...template.config, db: path }, silentLogger);
  let n = 0;
  const say = async (name: string, text: string, options: { bare?: boolean; room?: keyof typeof rooms } = {}) => {
    clock.advance(20_000);
    const topic = rooms[options.room ?? '003'];
    const { replies } = await bot.handle({
      id: `m${++n}`,
      channel: 'wechaty',
        room: { channel: 'wechaty', id: `room:${topic}`, name: topic, byName: true },
      // People the bot account has remarked by their names, as an office does.
      from: { id: `id:${name}`, name, remark: name },
      text,
      kind: 'text',
      at: clock.now(),
      self: false,
      mentionsBot: !options.bare,
      botNames: ['督办'],
    });
    return replies.map((reply) => reply.text.replace(new RegExp(`^@${name}${mentionSeparator}`), '')).join('\n---\n');
  };
  const item = (code: string) => findItemByCode(db!, findLedger(db!, ledgers['003'])!.id, code)!;
  return { db, clock, say, item };
}

describe('finding the item', () => {
  it('answers a question with words around the item: 公租房咋样了, 党费补缴了没有', async () => {
    const { say } = group();
    expect(await say('赵六', '公租房咋样了')).toMatch(/^【一\/3】公租房闲置问题整改不力/);
    expect(await say('赵六', '党费补缴了没有', { room: '000' })).toMatch(/^【一\/3\/\(3\)】党费收缴标准执行不到位/);
  });

  it('answers the item whose title is asked with more words, instead of listing it as a near match', async () => {
    const { say } = group();
    expect(await say('赵六', '问下公租房闲置那个问题整改到哪了')).toMatch(/^【一\/3】/);
    expect(await say('赵六', '公租房闲置问题整改不力这个现在到哪一步了')).toMatch(/^【一\/3】/);
  });

  it('finds an item through a one-character typo and a synonym', async () => {
    const { say } = group();
    expect(await say('赵六', '公祖房咋样了')).toMatch(/^【一\/3】/);
    expect(await say('赵六', '红绿等装了没')).toMatch(/^【一\/7\/二是】/);
    expect(await say('赵六', '探头的事咋样了')).toMatch(/^【一\/7\/一是】/);
  });

  it('reads sections and ordinals: 第二部分第三条, 2-3, 第三部分第3个问题', async () => {
    const { say } = group();
    expect(await say('赵六', '第二部分第三条')).toMatch(/^【二\/3】/);
    expect(await say('赵六', '2-3')).toMatch(/^【二\/3】/);
    expect(await say('赵六', '第三部分第3个问题')).toMatch(/^【三\/3】/);
  });

  it('answers a follow-up about the item just talked about', async () => {
    const { say } = group();
    await say('赵六', '公租房咋样了');
    expect(await say('赵六', '那它现在谁在负责')).toMatch(/^【一\/3】[\s\S]*责任人：张三/);
  });
});

describe('lists as people ask for them', () => {
  it('done items, a person asked colloquially, the overview with words around it', async () => {
    const { say } = group();
    expect(await say('赵六', '已经完成的有哪些')).toMatch(/^已完成的共 20 项/);
    expect(await say('赵六', '张三手上有哪些活')).toMatch(/^张三 负责的共 2 项：/);
    expect(await say('赵六', '总体进度咋样')).toMatch(/^「伊川县产业集聚区」整改总体情况/);
  });

  it('takes 正在整改中的有哪几个 for a list, not for a progress report', async () => {
    const { say } = group();
    expect(await say('赵六', '正在整改中的有哪几个')).toMatch(/^正在整改的共 5 项：/);
  });
});

describe('a report is never silently dropped', () => {
  it('proposes a share in Chinese numerals, a completion word the rules lacked, and facts with no status word', async () => {
    const { say } = group();
    expect(await say('张三', '二/3 现在完成了百分之六十')).toContain('【二/3】标准化厂房租赁费收缴不及时且闲置较多\n进度：未报 → 60%');
    expect(await say('张三', '二/3 搞定了')).toContain('状态：正在整改 → 已完成（需管理员销号审核）');
    expect(await say('张三', '二期厂房跟利尔签了租赁合同')).toMatch(/^请确认要记录的更新：\n【二\/3】/);
    expect(await say('张三', '公租房又入住了50户')).toMatch(/^请确认要记录的更新：\n【一\/3】/);
    expect(await say('张三', '欠缴的房租追回来20万了')).toMatch(/^请确认要记录的更新：\n【二\/3】/);
    expect(await say('李四', '新装了20个探头')).toMatch(/^请确认要记录的更新：\n【一\/7\/一是】/);
  });

  it('says plainly that nothing was recorded, and how to report, when it cannot tell or may not record', async () => {
    const { say, db: file } = group();
    const unknown = await say('张三', '火星基地已建成');
    expect(unknown).toMatch(/没有记录。请带上编号再发一次，例如"一\/3 已建成"/);
    expect(await say('赵六', '红绿灯装好了')).toContain('没有记录');
    expect(file.prepare('SELECT count(*) FROM proposals WHERE state = ?').pluck().get('open')).toBe(0);
  });

  it('proposes each item in turn when one part of a message lists their codes: 二/3、一/3 都已完成', async () => {
    const { say } = group();
    const first = await say('张三', '二/3、一/3 都已完成');
    expect(first).toMatch(/^请确认要记录的更新：\n【二\/3】标准化厂房租赁费收缴不及时且闲置较多\n状态：正在整改 → 已完成/);
    expect(first).toContain('这条消息说到 2 项（二/3、一/3），逐项确认：这是第 1 项，确认或取消后接着是 一/3。');
    const second = await say('张三', '确认', { bare: true });
    expect(second).toMatch(/^已记录（#\d+）：【二\/3】[\s\S]*\n---\n请确认要记录的更新：\n【一\/3】公租房闲置问题整改不力\n状态：正在整改 → 已完成/);
    expect(second).toContain('这是第 2 项，也是最后一项。');
  });

  it('takes the only open item the reporter answers for, when the words name it loosely', async () => {
    const { say } = group();
    expect(await say('李四', '监控设备已安装到位')).toMatch(/^请确认要记录的更新：\n【一\/7\/一是】/);
    expect(await say('李四', '已经弄完了')).toMatch(/^请确认要记录的更新：\n【一\/7\/一是】/);
  });
});

describe("bare replies to duban's own questions", () => {
  it('a number or a code after a choice, 撤销 after a record', async () => {
    const { say, item } = group();
    expect(await say('张三', '已经完成了')).toMatch(/说的是哪一项？请回复序号：\n1\. 一\/3 .*\n2\. 二\/3 /);
    expect(await say('张三', '2', { bare: true })).toMatch(/^请确认要记录的更新：\n【二\/3】/);
    expect(await say('张三', '确认', { bare: true })).toMatch(/^已记录（#\d+）/);
    expect(await say('张三', '撤销', { bare: true })).toMatch(/^已撤销 #\d+/);
    expect(item('二/3').status).toBe('in_progress');
    await say('赵六', '派驻纪检组', { room: '000' });
    expect(await say('赵六', '三/1/(3)', { bare: true, room: '000' })).toMatch(/^【三\/1\/\(3\)】/);
  });
});

describe('clean words in the record', () => {
  it('keeps the note without its 备注 label or the code typed as 二、3', async () => {
    const { say, item, db: file } = group();
    expect(await say('赵六', '二/3 备注：下周再催一次')).toContain('\n备注：下周再催一次\n');
    await say('赵六', '确认', { bare: true });
    await say('赵六', '二、3 已召开协调会');
    await say('赵六', '确认', { bare: true });
    const notes = listUpdates(file, { itemId: item('二/3').id }).filter((u) => u.kind === 'note').map((u) => u.note);
    expect(notes).toEqual(['下周再催一次', '已召开协调会']);
  });

  it("keeps an admin's command out of the notice's news: 销号 is news by what it did", async () => {
    const { say, db: file, clock } = group();
    await say('张三', '二/3 已完成');
    await say('张三', '确认', { bare: true });
    await say('王主任', '销号 二/3');
    const ledger = findLedger(file, ledgers['003'])!;
    const notice = composeNotice(new LedgerDay(file, ledger, '2021-07-01', 'Asia/Shanghai'), { since: new Date(clock.now().getTime() - 3_600_000) });
    expect(notice.text).toContain('二/3 王主任：正在整改→已销号\n');
    expect(notice.text).not.toContain('销号 二/3');
  });

  it("hints from the ledger in use, not from the sample's items", async () => {
    const { say } = group();
    const hint = await say('赵六', '火星基地', { room: '000' });
    expect(hint).toContain('台账里没有找到与"火星基地"相关的问题。');
    expect(hint).not.toContain('公租房');
    expect(hint).toMatch(/问题编号（如"二\/1\/\(1\)"）/);
  });
});

describe('other inputs', () => {
  it('tells English that duban speaks Chinese, and says nothing to 👍👍 rather than search it', async () => {
    const { say } = group();
    expect(await say('赵六', 'what is overdue?')).toContain('督办只听得懂中文');
    expect(await say('赵六', '👍👍')).toBe('');
  });
});
