/**
 * A report's second part (持续整改情况, 下一步工作, a summary of what is still open) names earlier items by number or
 * code: it updates their status, progress and deadlines, and is never an item of its own.
 */
import { describe, expect, it } from 'vitest';
import { readTextReport } from '../../src/ingest/text-report.ts';
import { firstRound as firstThree } from '../support/later-rounds.ts';

const firstRound = [
  ...firstThree,
  '二、作风建设方面',
  '4、服务企业意识不强。',
  '整改情况：正在整改，计划年底前完成。',
  '5、档案管理不规范。',
  '整改情况：已完成。',
];

describe('a second round', () => {
  it('updates the items it names, field by field; a summary that says an item is open wins over its 已完成', () => {
    const report = [
      ...firstRound,
      '三、持续整改情况',
      '截至目前，已完成整改的有第1、5项，尚未完成的有第2、3项。',
      '关于第3项，已签订入住协议12户，计划三季度末全部完成。',
      '（二）关于第4项',
      '整改进展：已全部整改到位。',
      '下一步，我们将持续巩固整改成果。',
      '2024年6月30日',
    ].join('\n');
    const draft = readTextReport(report, { today: '2024-07-10' });
    expect(draft.reportDate).toBe('2024-06-30');
    expect(
      draft.items.map((i) => ({ code: i.code, status: i.status, deadlines: i.deadlines.map((d) => d.date), rectification: i.rectification, warnings: i.warnings ?? [] })),
    ).toEqual([
      { code: '一/1', status: 'done', deadlines: [], rectification: '已完成。制定了学习计划。', warnings: [] },
      {
        code: '一/2',
        status: 'in_progress',
        deadlines: [],
        rectification: '已完成。已建立责任制。',
        warnings: ['第 15 行：第2项（一/2）报告另处称已完成，这里称尚未完成，按正在整改导入'],
      },
      {
        code: '一/3',
        status: 'in_progress',
        deadlines: ['2024-09-30'],
        rectification: '正在整改。已与3家企业签订入住协议，预计8月底完成。\n关于第3项，已签订入住协议12户，计划三季度末全部完成。',
        warnings: [],
      },
      {
        code: '二/4',
        status: 'done',
        deadlines: ['2024-12-31'],
        rectification: '正在整改，计划年底前完成。\n关于第4项\n整改进展：已全部整改到位。',
        warnings: [],
      },
      { code: '二/5', status: 'done', deadlines: [], rectification: '已完成。', warnings: [] },
    ]);
    expect(draft.warnings).toEqual(['第 15 行：第2项（一/2）报告另处称已完成，这里称尚未完成，按正在整改导入']);
  });

  it('finds an item by its code, or by its place when its number repeats; says which reference it could not place', () => {
    const report = [
      '一、政治建设方面',
      '1、理论学习不深入。',
      '整改情况：已完成。',
      '2、意识形态工作责任制落实不到位。',
      '整改情况：正在整改。',
      '二、作风建设方面',
      '1、服务企业意识不强。',
      '整改情况：已完成。',
      '2、档案管理不规范。',
      '整改情况：正在整改。',
      '三、下一步工作打算',
      '关于二/1，回头看发现仍有问题，正在整改，计划2024.9.30前完成。',
      '截至目前，第2项已完成；尚未启动的有第9项。',
      '2024年6月30日',
    ].join('\n');
    const draft = readTextReport(report, { today: '2024-07-10' });
    expect(draft.items.map((i) => [i.code, i.status, i.deadlines.map((d) => d.date)])).toEqual([
      ['一/1', 'done', []],
      ['一/2', 'done', []],
      ['二/1', 'in_progress', ['2024-09-30']],
      ['二/2', 'in_progress', []],
    ]);
    expect(draft.warnings).toEqual([
      '第 12 行：二/1 报告另处称已完成，这里称尚未完成，按正在整改导入',
      '第 13 行："第2项"有 2 个编号为 2 的问题，按第 2 个问题（一/2）理解',
      '第 13 行："第9项"找不到对应的问题，这句未导入',
    ]);
  });

  it('reads a summary in the preamble too, and not what it names as an exception', () => {
    const report = ['截至目前，尚未完成的有第5项；除第3项外，其余问题均已完成整改。', ...firstRound.slice(1)].join('\n');
    const draft = readTextReport(report, { today: '2024-07-10' });
    expect(draft.items.map((i) => [i.code, i.status])).toEqual([
      ['一/1', 'done'],
      ['一/2', 'done'],
      ['一/3', 'in_progress'],
      ['二/4', 'in_progress'],
      ['二/5', 'in_progress'],
    ]);
    expect(draft.warnings).toEqual(['第 1 行：第5项（二/5）报告另处称已完成，这里称尚未完成，按正在整改导入']);
  });

  it('leaves a report without a second round as it was', () => {
    const report = [...firstRound, '三、下一步工作打算', '下一步，我们将持续巩固整改成果，建立长效机制。'].join('\n');
    const draft = readTextReport(report, { today: '2024-07-10' });
    expect(draft.items.map((i) => [i.code, i.status])).toEqual([
      ['一/1', 'done'],
      ['一/2', 'done'],
      ['一/3', 'in_progress'],
      ['二/4', 'in_progress'],
      ['二/5', 'done'],
    ]);
    expect(draft.warnings).toEqual([]);
  });
});
