import { describe, expect, it } from 'vitest';
import { findDeadlines, inferReportDate, readDateLine } from '../../src/ingest/dates.ts';

const deadlines = (text: string, reference = '2020-06-29') => findDeadlines(text, reference).map((d) => d.date);

describe('deadlines', () => {
  it.each([
    ['预计8月底完成初稿', ['2020-08-31']],
    ['预计8月低完成初稿', ['2020-08-31']],
    ['分布式能源项目预计8月份开工建设', ['2020-08-31']],
    ['目前正在修编，预计8月底完成初稿，12月完成修编', ['2020-08-31', '2020-12-31']],
    ['计划于年底完成80%招租任务', ['2020-12-31']],
    ['规划修编待到2021年6月份左右批复', ['2021-06-30']],
    ['计划于5月底完成该项工程', ['2021-05-31']],
    ['6月底入住率将达到80%以上', ['2020-06-30']],
    ['确保9月中旬前完成', ['2020-09-20']],
    ['力争明年底前全部完成', ['2021-12-31']],
    ['要求于7月15日前整改到位', ['2020-07-15']],
    ['计划十月份完成', ['2020-10-31']],
  ])('%s', (text, expected) => {
    expect(deadlines(text)).toEqual(expected);
  });

  it.each([
    ['力争2-3年有所突破'],
    ['如6月份协调解决了在建项目的用地问题'],
    ['于6月29日召开专题巡察整改民主生活会'],
    ['4-6月份已主动邀请纪检组参会4次'],
    ['2020年底已支付833万元'],
    ['产业集聚区2019年底机构改革后成立了营商服务部'],
    ['经过两个月的整改'],
    ['新占地企业一年内重组或退园'],
  ])('%s is not a deadline', (text) => {
    expect(deadlines(text)).toEqual([]);
  });

  it('takes a month alone as the first such month not before the report date', () => {
    expect(deadlines('计划3月底完成', '2020-06-29')).toEqual(['2021-03-31']);
    expect(deadlines('计划6月底完成', '2020-06-29')).toEqual(['2020-06-30']);
  });
});

describe('report date', () => {
  it('reads a date line, also in Chinese numerals', () => {
    expect(readDateLine('     2020年6月29日')).toBe('2020-06-29');
    expect(readDateLine('二〇二一年三月十五日')).toBe('2021-03-15');
    expect(readDateLine('2020年6月29日召开会议')).toBeUndefined();
  });

  it('takes the later of the latest past date and the document year', () => {
    expect(inferReportDate('于2020年12月10日批复，伊产工文〔2021〕13号')).toEqual({ date: '2021-01-01', source: 'document-year' });
    expect(inferReportDate('于2021年3月10日召开会议，伊产工文〔2021〕13号')).toEqual({ date: '2021-03-10', source: 'latest-date' });
    expect(inferReportDate('计划于2022年6月30日前完成')).toBeUndefined();
  });
});
