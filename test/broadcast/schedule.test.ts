import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postNotice } from '../../src/broadcast/post.ts';
import { NoticeScheduler } from '../../src/broadcast/scheduler.ts';
import { Outbox } from '../../src/chat/outbox.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { type Calendar, dueNotices, isNoticeDay } from '../../src/broadcast/schedule.ts';
import { importSamples, samples } from '../../src/ingest/samples.ts';
import { bindRoom, listBindings } from '../../src/ledger/bindings.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { tempDir } from '../support/files.ts';

const calendar: Calendar = { timeZone: 'Asia/Shanghai', holidays: ['2021-10-01'], workdays: ['2021-09-26'], cutoff: '18:00' };
const at = (text: string) => new Date(`${text}+08:00`);
let db: Db;
const processZone = process.env.TZ;

beforeEach(() => {
  // The process's own zone must not matter: only DUBAN_TZ does.
  process.env.TZ = 'UTC';
  db = openDatabase(join(tempDir(), 'duban.db'));
  importSamples(db, at('2021-06-01T09:00'), calendar.timeZone);
  bindRoom(db, { roomTopic: '整改工作群', ledgerId: findLedger(db, samples['003'].ledger)!.id, by: 'test' }, at('2021-06-01T09:00'));
});
afterEach(() => {
  db.close();
  process.env.TZ = processZone;
});

const due = (when: string) => dueNotices(db, listBindings(db), at(when), calendar);
const post = (when: string) => {
  const outbox = new Outbox(db, new ManualClock(at(when)), loadConfig({}).outbox, silentLogger);
  return postNotice(db, (messages) => outbox.enqueue(messages), listBindings(db)[0]!, { now: at(when), calendar, admins: [], escalateAfterDays: 3 });
};

describe('when a notice is due (the process itself on UTC)', () => {
  it('is due at 09:00 Shanghai time on a weekday, not before', () => {
    expect(due('2021-07-01T08:59').due).toEqual([]);
    expect(due('2021-07-01T09:00').due).toMatchObject([{ binding: { roomTopic: '整改工作群' }, late: false }]);
  });

  it('is due once a day: posted, it is not due again that day', () => {
    post('2021-07-01T09:00');
    expect(due('2021-07-01T09:01').due).toEqual([]);
    expect(due('2021-07-02T09:00').due).toHaveLength(1);
  });

  it('catches up late after a restart until the cut-off, then is missed', () => {
    expect(due('2021-07-01T10:30').due).toMatchObject([{ late: true }]);
    expect(due('2021-07-01T18:00')).toMatchObject({ due: [], missed: [{ roomTopic: '整改工作群' }] });
  });

  it('follows weekdays, holidays and make-up workdays', () => {
    expect(isNoticeDay('2021-07-03', '1-5', calendar)).toBe(false);
    expect(isNoticeDay('2021-10-01', '1-5', calendar)).toBe(false);
    expect(isNoticeDay('2021-09-26', '1-5', calendar)).toBe(true);
    expect(isNoticeDay('2021-07-03', '0-6', calendar)).toBe(true);
    expect(due('2021-07-03T09:00').due).toEqual([]);
    bindRoom(db, { roomTopic: '整改工作群', ledgerId: listBindings(db)[0]!.ledgerId, days: '1-6', by: 'test' }, at('2021-07-02T12:00'));
    expect(due('2021-07-03T09:00').due).toHaveLength(1);
    expect(due('2021-07-04T09:00').due).toEqual([]);
  });
});

describe('NoticeScheduler.tick across restarts', () => {
  it('posts exactly one notice per day: on time, late after a restart, never after the cut-off', () => {
    const clock = new ManualClock(at('2021-07-01T08:59'));
    const config = loadConfig({ DUBAN_DB: ':memory:', DUBAN_HOLIDAYS: calendar.holidays.join(','), DUBAN_WORKDAYS: calendar.workdays.join(',') });
    const outbox = new Outbox(db, clock, config.outbox, silentLogger);
    const scheduler = () => new NoticeScheduler(db, clock, config, () => [], (messages) => outbox.enqueue(messages), silentLogger);
    const notices = () => outbox.pending().filter((m) => m.text.startsWith('【整改进展日报】')).map((m) => m.text.split('\n')[0]);

    scheduler().tick();
    expect(notices()).toEqual([]);
    clock.set(at('2021-07-01T09:00'));
    scheduler().tick();
    clock.set(at('2021-07-01T09:01'));
    scheduler().tick();
    expect(notices()).toEqual(['【整改进展日报】2021-07-01（星期四）']);

    clock.set(at('2021-07-02T10:30'));
    scheduler().tick();
    expect(notices()).toEqual(['【整改进展日报】2021-07-01（星期四）', '【整改进展日报】2021-07-02（星期五）（补发）']);

    clock.set(at('2021-07-05T18:30'));
    scheduler().tick();
    expect(notices()).toHaveLength(2);
  });
});
