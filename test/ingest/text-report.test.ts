import { describe, expect, it } from 'vitest';
import { readTextReport } from '../../src/ingest/text-report.ts';
import { UserError } from '../../src/errors.ts';
import { gold, seedText } from '../support/files.ts';

const read = (text: string, asOf?: string) => readTextReport(text, { today: '2026-11-25', asOf });

describe.each(['000', '003'] as const)('seed %s', (seed) => {
  const draft = read(seedText(seed));
  const expected = gold(seed);

  it('finds every item a careful clerk would, and no other', () => {
    expect(draft.items).toHaveLength(expected.items.length);
    expect(new Set(draft.items.map((i) => i.code)).size).toBe(draft.items.length);
  });

  it.each(expected.items.map((g) => [g.code, g] as const))('reads %s as the clerk would', (_, g) => {
    const item = draft.items.find((i) => (i.title + i.problem).includes(g.mentions));
    expect(item, `an item mentioning ${g.mentions}`).toBeDefined();
    expect(item!.code).toBe(g.code);
    expect([g.status].flat()).toContain(item!.status);
    expect(item!.longTerm).toBe(g.longTerm);
    expect([...new Set(item!.deadlines.map((d) => d.date))].sort()).toEqual(g.deadlines);
  });

  it('resolves dates against the report date', () => {
    if (expected.reportDate) {
      expect(draft.reportDate).toBe(expected.reportDate);
      expect(draft.reportDateSource).toBe('date-line');
    } else {
      // No date line: the document number 伊产工文〔2021〕13号 dates the report in 2021.
      expect(draft.reportDate).toBe('2021-01-01');
      expect(draft.reportDateSource).toBe('document-year');
    }
  });
});

describe('seed details', () => {
  it('keeps the sections an item sits in and splits its measures', () => {
    const item = read(seedText('003')).items.find((i) => i.code === '一/4/三是')!;
    expect(item.sections.map((s) => s.code)).toEqual(['一', '一/4']);
    expect(item.sections[1]!.title).toContain('破解制约产业集聚发展问题的办法不多');
    expect(item.measures.map((m) => m.marker)).toEqual(['1', '2', '3', '4']);
    expect(item.measures[3]).toMatchObject({ text: expect.stringContaining('纬七路西段污水管网'), deadline: '2021-05-31', status: 'in_progress' });
    expect(item.rectification).toMatch(/^已完成,长期坚持。1、/);
  });

  it('leaves the closing lines out of the last item', () => {
    const last = read(seedText('003')).items.at(-1)!;
    expect(last.code).toBe('三/5');
    expect(last.rectification).not.toMatch(/欢迎|电话|邮箱/);
    const lastOf000 = read(seedText('000')).items.at(-1)!;
    expect(lastOf000.rectification).not.toContain('2020年6月29日');
  });

  it('does not take past dates for deadlines', () => {
    const items = read(seedText('000')).items;
    // 如6月份协调解决了…, 于6月29日召开…, 4-6月份已主动邀请…
    for (const code of ['二/1/(2)', '一/1/(4)', '三/1/(2)', '一/1/(2)']) {
      expect(items.find((i) => i.code === code)!.deadlines).toEqual([]);
    }
  });
});

describe('traps', () => {
  it('reads numbered steps inside a rectification block as measures, inline or on their own lines', () => {
    const draft = read(`一、基础设施建设滞后
1、污水管网未覆盖园区
问题内容：纬七路未修污水管网。
整改措施：
1、设计工作已经完成；
2、计划于5月底完成施工。
2、供水不足
问题内容：生产用水建设滞后。
整改情况：正在整改。1、净水厂改扩建已招标；2、计划于6月底完成改造。
2024年3月1日`);
    expect(draft.items.map((i) => i.code)).toEqual(['一/1', '一/2']);
    const [first, second] = draft.items;
    expect(first!.measures.map((m) => [m.marker, m.status, m.deadline])).toEqual([
      ['1', 'done', null],
      ['2', 'in_progress', '2024-05-31'],
    ]);
    expect(first!.status).toBe('in_progress');
    expect(second!.measures.map((m) => m.marker)).toEqual(['1', '2']);
    expect(second!.deadlines.map((d) => d.date)).toEqual(['2024-06-30']);
  });

  it('keeps a skipped outline number as written', () => {
    const draft = read(`一、财务管理不规范
1、制度不健全
整改情况：已修订财务制度。
3、违规报销
整改情况：已清退完毕。
（2）票据未归档
整改情况：已归档。`);
    expect(draft.items.map((i) => i.code)).toEqual(['一/1', '一/3', '一/3/(2)']);
  });

  it('does not take the organisational sections for items', () => {
    const draft = read(`关于巡察反馈意见整改情况的报告
一、组织整改落实情况
一是提高政治站位，成立整改工作领导小组。
二是建立整改台账，明确责任人和时限。
三是强化督导检查，定期通报进展。
二、巡察反馈问题整改落实情况
（一）关于政治建设方面
1、理论学习不深入
整改情况：已完成。制定中心组学习计划。
（二）关于作风建设方面
1、调研走访不够
存在问题：下企业调研少。
整改情况：正在整改，预计6月底前完成走访。
三、下一步工作打算
一是持续巩固整改成果。
二是建立长效机制。
2023年4月10日`);
    expect(draft.items.map((i) => i.code)).toEqual(['二/(一)/1', '二/(二)/1']);
    expect(draft.items[0]!.sections.map((s) => s.title)).toEqual(['巡察反馈问题整改落实情况', '关于政治建设方面']);
    expect(draft.items[1]!.problem).toBe('下企业调研少。');
    expect(draft.items[1]!.deadlines.map((d) => d.date)).toEqual(['2023-06-30']);
  });

  it('reads long-term only from 长期坚持/长期执行 in a report, not from a rectification that says 持续整改', () => {
    const draft = read(`一、招商服务不足
1、主动招商意识不强
整改情况：持续整改
2、服务意识不足
整改情况：长期坚持，建立分包制度。
2023年4月10日`);
    expect(draft.items.map((i) => i.longTerm)).toEqual([false, true]);
  });

  it('takes 一是 after a problem label as a sub-item when its own rectification follows, and as a point otherwise', () => {
    const draft = read(`一、招商服务不足
1、主动招商意识不强。
详细问题：一是没有到省外招商。
整改情况：已完成。编印招商手册。
二是服务意识不足。
问题内容：下企业较少。
整改情况：已完成。建立分包制度。
2、工程管理混乱。
问题内容：一是应招标未招标。
二是串标围标。
整改情况：已完成。制定招标管理办法。
2021年3月1日`);
    expect(draft.items.map((i) => i.code)).toEqual(['一/1/一是', '一/1/二是', '一/2']);
    expect(draft.items[2]!.problem).toContain('串标围标');
  });

  it('reads half-width punctuation and full-width brackets alike', () => {
    const draft = read(`一.党建工作
(1)三会一课质量不高
整改情况:已完成,长期坚持。
（2）党费收缴不到位
整改情况：已全部补缴到位，并长期执行。`);
    expect(draft.items.map((i) => [i.code, i.status, i.longTerm])).toEqual([
      ['一/(1)', 'done', true],
      ['一/(2)', 'done', true],
    ]);
  });

  it('tells a problem with no rectification yet as not started', () => {
    const draft = read(`一、问题清单
1、公租房闲置
问题内容：闲置999套。
2、厂房租金未收缴
问题内容：欠缴232万元。`);
    expect(draft.items.map((i) => [i.code, i.status])).toEqual([
      ['一/1', 'not_started'],
      ['一/2', 'not_started'],
    ]);
    expect(draft.reportDateSource).toBe('import-date');
  });

  it('marks a repeated code instead of losing the item', () => {
    const draft = read(`一、问题
1、甲
整改情况：已完成。
1、乙
整改情况：已完成。`);
    expect(draft.items.map((i) => i.code)).toEqual(['一/1', '一/1#2']);
    expect(draft.warnings[0]).toContain('一/1');
  });

  it('reads outline numbers of any length: item 1000 and beyond are items of their own, not part of item 999', () => {
    const items = [998, 999, 1000, 1001, 12345].map((n) => `${n}、问题${n}\n整改情况：已完成。`).join('\n');
    const draft = read(`一、问题\n${items}`);
    expect(draft.items.map((i) => [i.code, i.title, i.status])).toEqual([
      ['一/998', '问题998', 'done'],
      ['一/999', '问题999', 'done'],
      ['一/1000', '问题1000', 'done'],
      ['一/1001', '问题1001', 'done'],
      ['一/12345', '问题12345', 'done'],
    ]);
  });

  it('uses --as-of over what the report says', () => {
    const draft = read(seedText('003'), '2021-04-01');
    expect(draft.reportDateSource).toBe('as-of');
    expect(draft.items.find((i) => i.code === '二/3')!.deadlines.map((d) => d.date)).toEqual(['2021-12-31']);
    // 5月底 seen from 2021-04-01 is still 2021.
    expect(draft.items.find((i) => i.code === '一/4/三是')!.deadlines.map((d) => d.date).sort()).toEqual([
      '2021-05-31',
      '2021-06-30',
      '2021-06-30',
    ]);
  });

  it('refuses a text with no items, in Chinese and English', () => {
    expect(() => read('这是一段普通的文字，没有任何编号的问题。')).toThrowError(UserError);
    try {
      read('这是一段普通的文字。');
    } catch (error) {
      expect((error as UserError).zh).toContain('没有找到任何问题条目');
      expect((error as UserError).en).toContain('No items found');
    }
  });
});
