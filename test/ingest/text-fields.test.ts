import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocxReport } from '../../src/ingest/docx-report.ts';
import { readTextReport } from '../../src/ingest/text-report.ts';
import { readXlsxLedger } from '../../src/ingest/xlsx-ledger.ts';
import type { ItemDraft } from '../../src/ledger/types.ts';
import { ledgerXlsx, reportDocx } from '../support/office.ts';

/** Labelled fields on lines of their own, at the end of a paragraph, inside measures, and on a category heading. */
const report = readFileSync(new URL('../fixtures/labelled-fields.txt', import.meta.url), 'utf8');

const fieldsOf = (item: ItemDraft) => ({
  code: item.code,
  problem: item.problem,
  rectification: item.rectification,
  measures: item.measures.map((m) => [m.marker, m.text, m.status, m.deadline]),
  status: item.status,
  longTerm: item.longTerm,
  deadlines: item.deadlines.map((d) => [d.date, d.measureSeq]),
  unit: item.unit,
  leader: item.leader,
  responsible: item.responsible,
  warnings: item.warnings,
});

const expected = (place: '行' | '段') => [
  {
    code: '一/1',
    problem: '中心组学习流于形式。',
    rectification: '一是制定年度学习计划；二是每月开展专题研讨。',
    measures: [
      ['一是', '制定年度学习计划', null, null],
      ['二是', '每月开展专题研讨。', null, null],
    ],
    // Measures that say nothing of how they went, under a time limit: planned work.
    status: 'in_progress',
    longTerm: false,
    deadlines: [['2021-06-30', null]],
    unit: '党政办',
    leader: '王书记',
    responsible: ['张三', '李四'],
    warnings: undefined,
  },
  {
    code: '一/2',
    problem: '未研究意识形态工作。',
    rectification: '建立意识形态工作责任制。',
    // The item's 完成情况 is the item's; the measure's own words say nothing either way.
    measures: [[null, '建立意识形态工作责任制。', null, null]],
    status: 'done',
    longTerm: true,
    deadlines: [],
    // The category's 牵头单位, for an item that names no unit of its own.
    unit: '党委办公室',
    leader: undefined,
    responsible: ['赵六'],
    warnings: undefined,
  },
  {
    code: '一/3',
    problem: '部分党员未按时交纳党费。',
    rectification: '一是全面清查党费收缴情况，责任人：钱七，完成时限：2021年5月底；二是补缴欠缴党费，完成情况：已完成。',
    measures: [
      ['一是', '全面清查党费收缴情况', 'in_progress', '2021-05-31'],
      ['二是', '补缴欠缴党费', 'done', null],
    ],
    status: 'in_progress',
    longTerm: false,
    deadlines: [['2021-05-31', 1]],
    unit: '党委办公室',
    leader: undefined,
    responsible: ['钱七'],
    warnings: undefined,
  },
  {
    code: '二/1',
    problem: '下企业调研少。',
    rectification: '建立走访台账。',
    measures: [[null, '建立走访台账。', null, null]],
    status: 'done',
    longTerm: false,
    deadlines: [],
    unit: '招商局',
    leader: undefined,
    responsible: undefined,
    warnings: [`第 20 ${place}（二/1）：无法识别的整改时限"视情况而定"，按空白导入`],
  },
];

describe('labelled fields in a text report', () => {
  it('belong to their item wherever they stand: own line, end of a paragraph, inside a measure, a category heading', () => {
    const draft = readTextReport(report, { today: '2026-11-25' });
    expect(draft.reportDate).toBe('2021-04-10');
    expect(draft.items.map(fieldsOf)).toEqual(expected('行'));
    expect(draft.warnings).toEqual(expected('行')[3]!.warnings);
  });

  it('are read the same in a Word document, a warning naming the paragraph', async () => {
    const draft = await readDocxReport(await reportDocx(report, { numbered: true }), { today: '2026-11-25' });
    expect(draft.items.map(fieldsOf)).toEqual(expected('段'));
  });

  it('are no fields inside a word or without a colon: 分包责任人要…, 明确责任单位和时限', () => {
    const draft = readTextReport(
      `一、服务企业
1、包保不到位
问题描述：企业诉求反映渠道多。
整改措施：分包责任人要对每个企业建立台账，明确责任单位和时限。
2021年4月10日`,
      { today: '2026-11-25' },
    );
    expect(draft.items.map((i) => [i.rectification, i.unit, i.responsible])).toEqual([
      ['分包责任人要对每个企业建立台账，明确责任单位和时限。', undefined, undefined],
    ]);
  });

  it('make a heading an item on their own, and a heading with items below it gives them its fields', () => {
    const draft = readTextReport(
      `一、问题清单（责任领导：王书记）
1、公租房闲置
责任单位：住建局
整改时限：2021年12月31日
2、厂房租金未收缴
责任人：李四 王五
整改时限：长期坚持
2021年4月10日`,
      { today: '2026-11-25' },
    );
    expect(draft.items.map((i) => [i.code, i.status, i.longTerm, i.deadlines.map((d) => d.date), i.leader, i.unit, i.responsible])).toEqual([
      ['一/1', 'not_started', false, ['2021-12-31'], '王书记', '住建局', undefined],
      ['一/2', 'not_started', true, [], '王书记', undefined, ['李四', '王五']],
    ]);
  });

  it('read a value with brackets of its own, several fields on one line, and 【】 labels', () => {
    const draft = readTextReport(
      `一、问题
1、甲问题
问题描述：甲。
整改情况：已完成。
责任单位： 党政办  责任人： 张三（副主任）、李四
整改时限：2021年6月30日前完成
2、乙问题
问题描述：乙。
整改措施：建立台账（责任人：王五；完成时限：2021年5月底）。
【责任单位】财政局
【整改时限】长期坚持
2021年4月1日`,
      { today: '2026-11-25' },
    );
    expect(draft.items.map((i) => [i.code, i.rectification, i.measures.map((m) => [m.text, m.deadline]), i.unit, i.responsible, i.deadlines.map((d) => [d.date, d.measureSeq]), i.longTerm])).toEqual([
      ['一/1', '已完成。', [], '党政办', ['张三（副主任）', '李四'], [['2021-06-30', null]], false],
      ['一/2', '建立台账（责任人：王五；完成时限：2021年5月底）。', [['建立台账。', '2021-05-31']], '财政局', ['王五'], [['2021-05-31', 1]], true],
    ]);
  });

  it('inside the progress cell of an Excel ledger, give the item their people too, beside the 责任人 column', async () => {
    const xlsx = await ledgerXlsx([
      ['序号', '存在问题', '整改进展', '责任人', '责任单位'],
      ['1', '档案管理不规范。', '一是建立台账，责任人：王五；二是已完成培训，责任单位：办公室。', '张三', '党政办'],
    ]);
    const draft = await readXlsxLedger(xlsx, { today: '2021-06-01' });
    expect(draft.items.map((i) => [i.measures.map((m) => [m.text, m.status]), i.responsible, i.unit])).toEqual([
      [
        [
          ['建立台账', null],
          ['已完成培训', 'done'],
        ],
        ['张三', '王五'],
        '党政办、办公室',
      ],
    ]);
  });
});
