/**
 * Every written form of a date or a month offices use, read the same by the text reader (a report's sentences) and
 * the ledger reader (an Excel or Word table's time-limit cell), against a report of 2024-05-15. A date without a year
 * is, in a sentence, the first one not before the report (a plan); in a cell, the one within six months of it.
 */
import { describe, expect, it } from 'vitest';
import { findDates, findFullDate } from '../../src/ingest/dates.ts';
import { readTextReport } from '../../src/ingest/text-report.ts';
import { readTimeLimit } from '../../src/ingest/time-limit.ts';
import { readXlsxLedger } from '../../src/ingest/xlsx-ledger.ts';
import { ledgerXlsx } from '../support/office.ts';

const reference = '2024-05-15';

/** [written, in a sentence, in a cell (when it differs)] */
const forms: [string, string, string?][] = [
  ['2024.6.30', '2024-06-30'],
  ['2024/6/30', '2024-06-30'],
  ['2024-06-30', '2024-06-30'],
  ['2024年6月30日', '2024-06-30'],
  ['2024 年 6 月 30 日', '2024-06-30'],
  ['2024.06', '2024-06-30'],
  ['2024/9', '2024-09-30'],
  ['2024年6月', '2024-06-30'],
  ['6月底', '2024-06-30'],
  ['6月低', '2024-06-30'],
  ['6月底前', '2024-06-30'],
  ['6月30日前', '2024-06-30'],
  ['6月30号', '2024-06-30'],
  ['6月份', '2024-06-30'],
  ['6月中旬', '2024-06-20'],
  ['9月上旬', '2024-09-10'],
  ['9月中下旬', '2024-09-30'],
  ['3月底', '2025-03-31', '2024-03-31'],
  ['十二月底', '2024-12-31', '2023-12-31'],
  ['二〇二四年六月', '2024-06-30'],
  ['二〇二四年十二月三十一日', '2024-12-31'],
  ['二〇二五年元月', '2025-01-31'],
  ['年底前', '2024-12-31'],
  ['今年年底', '2024-12-31'],
  ['明年底', '2025-12-31'],
  ['次年底', '2025-12-31'],
  ['年内', '2024-12-31'],
  ['2025年底', '2025-12-31'],
  ['上半年', '2024-06-30'],
  ['下半年', '2024-12-31'],
  ['2025年上半年', '2025-06-30'],
  ['三季度', '2024-09-30'],
  ['第三季度末', '2024-09-30'],
  ['第3季度', '2024-09-30'],
  ['四季度前', '2024-12-31', '2023-12-31'],
  ['一季度', '2025-03-31', '2024-03-31'],
  ['2025年第一季度', '2025-03-31'],
  ['本季度', '2024-06-30'],
  ['下季度', '2024-09-30'],
  ['春节前', '2025-01-28', '2024-02-09'],
  ['2025年春节前', '2025-01-28'],
  ['明年春节前', '2025-01-28'],
  ['国庆前', '2024-09-30'],
  ['国庆节前', '2024-09-30'],
  ['元旦前', '2024-12-31', '2023-12-31'],
  ['五一前', '2025-04-30', '2024-04-30'],
  ['春季', '2024-05-31'],
  ['夏季', '2024-08-31'],
  ['秋季', '2024-11-30', '2023-11-30'],
  ['冬季', '2025-02-28', '2024-02-29'],
  ['明年春季', '2025-05-31'],
  ['本月底', '2024-05-31'],
  ['月底前', '2024-05-31'],
  ['当月底', '2024-05-31'],
  ['下月底', '2024-06-30'],
  ['下个月中旬', '2024-06-20'],
  ['次年3月', '2025-03-31'],
  ['明年3月底', '2025-03-31'],
  ['今年10月', '2024-10-31'],
  ['2025年3月', '2025-03-31'],
];

describe('every written form of a date', () => {
  it.each(forms)('%s', (written, inSentence, inCell = inSentence) => {
    expect(findDates(`计划${written}完成`, reference).map((m) => m.date)).toEqual([inSentence]);
    expect(readTimeLimit(written, reference)?.dates).toEqual([inCell]);
  });
});

/** Horizons with no date in them, and what recurs: never a date, in a sentence or a cell. */
const horizons = ['汛期前', '主汛期前', '力争', '尽快', '长期', '近期', '适时', '逐步推进', '下一步', '3年内', '每季度', '每月底前', '每年年底前', '节前', '春季开学前', '开展春季攻坚行动'];

describe('a vague horizon', () => {
  it.each(horizons)('%s is never a date', (written) => {
    expect(findDates(`计划${written}完成`, reference)).toEqual([]);
    expect(readTimeLimit(written, reference)?.dates ?? []).toEqual([]);
  });
});

describe('a full date', () => {
  it.each([
    ['填报时间：2024年6月1日', '2024-06-01'],
    ['填报时间：2024.6.1', '2024-06-01'],
    ['填报时间：二〇二四年六月一日', '2024-06-01'],
    ['2024年6月', undefined],
    ['2024年2月30日', undefined],
  ])('%s', (text, date) => {
    expect(findFullDate(text)).toBe(date);
  });
});

describe('the readers', () => {
  it('take these forms from a report sentence and from a ledger cell alike', async () => {
    const text = readTextReport(
      ['1、问题一。', '整改情况：正在整改，计划2024.6.30前完成。', '2、问题二。', '整改情况：正在整改，力争三季度末完成。', '3、问题三。', '整改情况：正在整改，春节前完成。', '4、问题四。', '整改情况：正在整改，汛期前完成。'].join('\n'),
      { today: reference },
    );
    const sheet = await readXlsxLedger(
      await ledgerXlsx([['序号', '存在问题', '整改时限'], [1, '问题一。', '2024.6.30'], [2, '问题二。', '三季度末'], [3, '问题三。', '春节前'], [4, '问题四。', '汛期前']]),
      { today: reference },
    );
    expect(text.items.map((i) => i.deadlines.map((d) => d.date))).toEqual([['2024-06-30'], ['2024-09-30'], ['2025-01-28'], []]);
    expect(sheet.items.map((i) => i.deadlines.map((d) => d.date))).toEqual([['2024-06-30'], ['2024-09-30'], ['2024-02-09'], []]);
    expect(sheet.warnings).toEqual(['工作表「整改台账」第 5 行"整改时限"列（C5）：无法识别的整改时限"汛期前"，按空白导入（可写日期 2021-06-30、"2021年6月底前"、"6月30日"、"立行立改"或"长期坚持"）']);
  });
});
