import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postNotice } from '../../src/broadcast/post.ts';
import type { Calendar } from '../../src/broadcast/schedule.ts';
import { Outbox } from '../../src/chat/outbox.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { importSamples, samples } from '../../src/ingest/samples.ts';
import { bindRoom, findBinding } from '../../src/ledger/bindings.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { findItemByCode } from '../../src/ledger/items.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { assignResponsible, recordUpdate } from '../../src/ledger/record.ts';
import { silentLogger } from '../../src/log.ts';
import { tempDir } from '../support/files.ts';

const calendar: Calendar = { timeZone: 'Asia/Shanghai', holidays: [], workdays: [], cutoff: '18:00' };
const at = (text: string) => new Date(`${text}+08:00`);
let db: Db;
let clock: ManualClock;
let outbox: Outbox;

beforeEach(() => {
  db = openDatabase(join(tempDir(), 'duban.db'));
  importSamples(db, at('2021-04-01T09:00'), calendar.timeZone);
  const ledger = findLedger(db, samples['003'].ledger)!;
  bindRoom(db, { roomTopic: '整改工作群', ledgerId: ledger.id, by: 'test' }, at('2021-04-01T09:00'));
  assignResponsible(db, findItemByCode(db, ledger.id, '一/3')!.id, '张三', source('2021-04-01T10:00'));
  clock = new ManualClock(at('2021-04-01T09:00'));
  outbox = new Outbox(db, clock, loadConfig({}).outbox, silentLogger);
});
afterEach(() => db.close());

function source(when: string) {
  return { author: '王主任', room: '整改工作群', messageId: null, text: null, at: at(when) };
}

/** Posts the day's notice (at 09:00 unless said) as the scheduler would; returns what it queued besides the notice. */
function day(date: string, admins = ['王主任'], room = '整改工作群') {
  clock.set(at(date.includes('T') ? date : `${date}T09:00`));
  const before = new Set(outbox.pending().map((m) => m.id));
  postNotice(db, (messages) => outbox.enqueue(messages), findBinding(db, room)!, { now: clock.now(), calendar, admins, escalateAfterDays: 3 });
  return outbox.pending().filter((m) => !before.has(m.id) && !m.text.startsWith('【整改进展日报】'));
}
const ledgerId = () => findLedger(db, samples['003'].ledger)!.id;
const moveDeadline = (code: string, deadline: string, when: string) =>
  recordUpdate(db, { itemId: findItemByCode(db, ledgerId(), code)!.id, kind: 'deadline', change: { deadline }, source: source(when), confirmedBy: '王主任' });

describe('reminders with the daily notice (seed 003, 一/3 due 2021-06-30, 张三 responsible)', () => {
  it('@-mentions the responsible person the day before the deadline and on the first day overdue, once each', () => {
    expect(day('2021-06-28')).toEqual([]);
    const tomorrow = day('2021-06-29');
    expect(tomorrow).toHaveLength(1);
    expect(tomorrow[0]).toMatchObject({ target: { room: '整改工作群' }, mentions: ['张三'] });
    expect(tomorrow[0]!.text).toContain('⏰ 即将到期 1 项：\n一/3 公租房闲置问题整改不力｜明天（2021-06-30）到期｜@张三\u2005');

    expect(day('2021-06-30')).toEqual([]);
    const overdue = day('2021-07-01');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.text).toContain('❗ 已过整改时限 1 项：\n一/3 公租房闲置问题整改不力｜时限 2021-06-30，已逾期 1 天｜@张三\u2005');
    expect(overdue[0]!.mentions).toEqual(['张三']);
    expect(day('2021-07-02')).toEqual([]);
  });

  it('never reminds twice of the same deadline, even when asked again the same day', () => {
    expect(day('2021-06-29')).toHaveLength(1);
    db.prepare('DELETE FROM notices').run();
    expect(day('2021-06-29')).toEqual([]);
  });

  it('covers the days between notices: a Sunday deadline is reminded on Friday, and as overdue on Monday', () => {
    const item = findItemByCode(db, findLedger(db, samples['003'].ledger)!.id, '一/3')!;
    recordUpdate(db, { itemId: item.id, kind: 'deadline', change: { deadline: '2021-07-04' }, source: source('2021-06-28T10:00'), confirmedBy: '王主任' });
    expect(day('2021-07-01')).toEqual([]);
    expect(day('2021-07-02')[0]!.text).toContain('一/3 公租房闲置问题整改不力｜后天，星期日（2021-07-04）到期｜@张三\u2005');
    expect(day('2021-07-05')[0]!.text).toContain('一/3 公租房闲置问题整改不力｜时限 2021-07-04，已逾期 1 天｜@张三\u2005');
  });

  it('raises an item overdue for more than 3 days with every admin by direct message, once per deadline', () => {
    day('2021-07-01', ['王主任', '赵书记']);
    expect(day('2021-07-02', ['王主任', '赵书记'])).toEqual([]);
    const raised = day('2021-07-05', ['王主任', '赵书记']);
    expect(raised.map((m) => m.target)).toEqual([{ channel: 'wechaty', contact: '王主任' }, { channel: 'wechaty', contact: '赵书记' }]);
    expect(raised[0]!.text).toBe('【逾期督办】「伊川县产业集聚区」新增 1 项逾期超过 3 天，请督促：\n一/3 公租房闲置问题整改不力｜逾期 5 天（2021-06-30）｜责任人：张三\n' +
        '全部逾期事项：发"逾期"给督办，或在绑定「伊川县产业集聚区」的群里发"@督办 逾期"。');
    expect(day('2021-07-06', ['王主任', '赵书记'])).toEqual([]);

    const item = findItemByCode(db, findLedger(db, samples['003'].ledger)!.id, '一/3')!;
    recordUpdate(db, { itemId: item.id, kind: 'deadline', change: { deadline: '2021-07-08' }, source: source('2021-07-06T10:00'), confirmedBy: '王主任' });
    day('2021-07-09', ['王主任', '赵书记']);
    expect(day('2021-07-13', ['王主任', '赵书记']).filter((m) => 'contact' in m.target)).toHaveLength(2);
  });

  it('reminds of an item that went overdue on a day the group missed its notice', () => {
    moveDeadline('一/3', '2021-07-01', '2021-06-28T10:00');
    expect(day('2021-07-01')).toEqual([]);
    // Friday 07-02: duban was down all day. Monday:
    expect(day('2021-07-05')[0]!.text).toContain('一/3 公租房闲置问题整改不力｜时限 2021-07-01，已逾期 4 天｜@张三\u2005');
  });

  it('gives each group on a ledger its reminders, and the admins one escalation, even after a deadline moves that day', () => {
    bindRoom(db, { roomTopic: '督查组群', ledgerId: ledgerId(), broadcastAt: '15:00', by: 'test' }, at('2021-04-01T09:00'));
    expect(day('2021-06-29').map((m) => m.target)).toEqual([{ channel: 'wechaty', room: '整改工作群' }]);
    expect(day('2021-06-29T15:00', ['王主任'], '督查组群').map((m) => m.target)).toEqual([{ channel: 'wechaty', room: '督查组群' }]);
    // The group last heard on 06-29: it hears now that 一/3 went overdue since.
    expect(day('2021-07-05').map((m) => m.target)).toEqual([{ channel: 'wechaty', room: '整改工作群' }, { channel: 'wechaty', contact: '王主任' }]);
    moveDeadline('一/3', '2021-06-20', '2021-07-05T10:00');
    const afternoon = day('2021-07-05T15:00', ['王主任'], '督查组群');
    expect(afternoon.map((m) => m.target)).toEqual([]);
    expect(db.prepare("SELECT count(*) FROM notices WHERE day = '2021-07-05'").pluck().get()).toBe(2);
    expect(day('2021-07-06', ['王主任'], '督查组群').map((m) => m.target)).toEqual([{ channel: 'wechaty', contact: '王主任' }]);
  });

  it('lists ten items a section and still @-mentions everyone responsible for the rest', () => {
    const codes = db.prepare("SELECT code FROM items WHERE ledger_id = ? AND status = 'done' ORDER BY seq LIMIT 12").pluck().all(ledgerId()) as string[];
    codes.forEach((code, i) => {
      recordUpdate(db, { itemId: findItemByCode(db, ledgerId(), code)!.id, kind: 'status', change: { status: 'in_progress', deadline: '2021-06-30' }, source: source('2021-05-01T10:00'), confirmedBy: '王主任' });
      assignResponsible(db, findItemByCode(db, ledgerId(), code)!.id, `负责人${i}`, source('2021-05-01T10:00'));
    });
    const [reminder] = day('2021-06-29');
    const lines = reminder!.text.split('\n');
    expect(lines[1]).toBe('⏰ 即将到期 13 项：');
    expect(lines[12]).toBe('……另有 3 项，回复"@督办 1天内到期"查看全部。涉及 @负责人9\u2005@负责人10\u2005@负责人11\u2005');
    expect(reminder!.mentions).toHaveLength(13);
  });

  it('asks an admin to assign someone when an item has nobody responsible', () => {
    db.prepare('DELETE FROM responsibles').run();
    expect(day('2021-06-29')[0]).toMatchObject({ mentions: [] });
    expect(day('2021-06-30')).toEqual([]);
    expect(outbox.pending().find((m) => m.text.startsWith('【到期提醒】'))!.text).toContain('一/3 公租房闲置问题整改不力｜明天（2021-06-30）到期｜未指定责任人（请管理员"指派"）');
  });
});
