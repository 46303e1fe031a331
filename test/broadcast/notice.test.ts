import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerDay } from '../../src/broadcast/ledger-day.ts';
import { composeNotice } from '../../src/broadcast/notice.ts';
import { readReportFile } from '../../src/ingest/import-file.ts';
import { samples } from '../../src/ingest/samples.ts';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { findItemByCode } from '../../src/ledger/items.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { assignResponsible, recordUpdate } from '../../src/ledger/record.ts';
import type { Ledger } from '../../src/ledger/types.ts';
import { tempDir } from '../support/files.ts';

const timeZone = 'Asia/Shanghai';
let db: Db;
let ledger: Ledger;

beforeEach(() => {
  db = openDatabase(join(tempDir(), 'duban.db'));
  const { draft, source } = readReportFile(samples['003'].file, { asOf: '2021-04-01', today: '2021-04-01' });
  applyReport(db, samples['003'].ledger, draft, source, new Date('2021-04-01T09:00:00+08:00'));
  ledger = findLedger(db, samples['003'].ledger)!;
});
afterEach(() => db.close());

const at = (text: string) => new Date(`${text}+08:00`);
const item = (code: string) => findItemByCode(db, ledger.id, code)!;
const on = (day: string) => new LedgerDay(db, ledger, day, timeZone);

describe('the daily notice (seed 003 imported as of 2021-04-01)', () => {
  it('on 2021-07-01 lists 一/3 as overdue, with the completion rate, and @-mentions its responsible person', () => {
    assignResponsible(db, item('一/3').id, '张三', { author: '王主任', room: '整改工作群', messageId: null, text: null, at: at('2021-06-01T10:00') });
    const notice = composeNotice(on('2021-07-01'));
    expect(notice.text).toMatch(/^【整改进展日报】2021-07-01（星期四）\n「伊川县产业集聚区」共 25 项：已完成 20 项，正在整改 5 项，未启动 0 项，已销号 0 项；完成率 80%。\n/);
    expect(notice.text).toContain('🔴 逾期 1 项：\n一/3 公租房闲置问题整改不力｜逾期 1 天（2021-06-30）｜@张三\u2005');
    expect(notice.text).not.toContain('🟡');
    expect(notice.mentions).toEqual(['张三']);
  });

  it('on 2021-06-25 lists 一/3 as due within 7 days', () => {
    const notice = composeNotice(on('2021-06-25'));
    expect(notice.text).toContain('🟡 7 天内到期 1 项：\n一/3 公租房闲置问题整改不力｜还有 5 天（2021-06-30）');
    expect(notice.text).not.toContain('🔴');
  });

  it('names the updates since the last notice, with who, and what waits for an admin', () => {
    const source = (who: string, when: string) => ({ author: who, room: '整改工作群', messageId: 'm', text: '已完成80%', at: at(when) });
    recordUpdate(db, { itemId: item('二/3').id, kind: 'progress', change: { progress: 80, note: '已完成80%' }, source: source('张三', '2021-06-30T15:00'), confirmedBy: '张三' });
    recordUpdate(db, { itemId: item('一/3').id, kind: 'status', change: { status: 'done', progress: 100 }, source: source('李四', '2021-06-30T16:00'), confirmedBy: '李四', awaiting: 'closure' });
    assignResponsible(db, item('二/3').id, '张三', { author: '王主任', room: '整改工作群', messageId: null, text: null, at: at('2021-06-30T14:00') });
    const notice = composeNotice(on('2021-07-01'), { since: at('2021-06-30T09:00') });
    expect(notice.text).toContain('📝 新进展 2 条：\n二/3 张三：进度 80%，已完成80%\n一/3 李四：正在整改→已完成，已完成80%');
    expect(notice.text).toContain('⏳ 待管理员审核 1 项：一/3（李四报完成）');
    expect(notice.text).toMatch(/💤 14 天无更新 \d+ 项：/);
    expect(notice.text).not.toMatch(/💤[^\n]*二\/3/);
  });

  it('lists ten items a section, and ends a longer one with what to send for the whole list', () => {
    const codes = db.prepare("SELECT code FROM items WHERE ledger_id = ? AND status = 'done' ORDER BY seq LIMIT 12").pluck().all(ledger.id) as string[];
    for (const code of codes) {
      const source = { author: '王主任', room: '整改工作群', messageId: null, text: null, at: at('2021-05-01T10:00') };
      recordUpdate(db, { itemId: item(code).id, kind: 'status', change: { status: 'in_progress', deadline: '2021-06-01' }, source, confirmedBy: '王主任' });
    }
    const notice = composeNotice(on('2021-07-01'));
    const red = notice.text.split('\n🔴 ')[1]!.split('\n');
    expect(red[0]).toBe('逾期 13 项：');
    expect(red.slice(1, 11).every((line) => /｜逾期 \d+ 天/.test(line))).toBe(true);
    expect(red[11]).toBe('……另有 3 项，回复"@督办 逾期"查看全部。');
  });

  it('is short on a day with nothing new, and says when it was sent late', () => {
    const notice = composeNotice(on('2021-04-02'), { late: true });
    expect(notice.text).toContain('【整改进展日报】2021-04-02（星期五）（补发）');
    expect(notice.text).toContain('今日无新进展，无逾期和临期事项。');
  });
});
