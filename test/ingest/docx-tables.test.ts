import { describe, expect, it } from 'vitest';
import { readDocxReport } from '../../src/ingest/docx-report.ts';
import { ledgerDocx } from '../support/office.ts';

const header = ['序号', '存在问题', '整改措施', '责任单位', '责任人', '整改时限', '整改进展'];

describe('a Word report whose ledger is a table', () => {
  it('reads the table as a sheet: header by name, category rows across it, a problem merged down over its measures; the text around it too', async () => {
    const docx = await ledgerDocx(
      ['伊川县产业集聚区巡察反馈问题整改台账', '现将巡察反馈问题整改情况报告如下：'],
      [
        header,
        [{ text: '一、政治建设方面', span: 7 }],
        ['1', '理论学习不深入。', '制定学习计划', '党政办', '张三', '2021年6月底前', '正在整改'],
        [{ text: '2', down: 'restart' }, { text: '意识形态工作责任制落实不到位。', down: 'restart' }, '建立责任制', '宣传科', '李四', '2021-09-30', null],
        ['continue', 'continue', '开展专题培训', '宣传科', '王五', '2021-10-31', null],
        [{ text: '二、作风建设方面', span: 7 }],
        ['1', '服务企业意识不强。', '走访企业', '招商局', '赵六', '年底前', '已完成'],
      ],
      ['三、其他问题', '1、档案管理不规范', '问题内容：档案未按年度归档。', '整改情况：已完成。', '2021年6月1日'],
    );
    const draft = await readDocxReport(docx, { today: '2026-11-25' });
    expect([draft.reportDate, draft.reportDateSource]).toEqual(['2021-06-01', 'date-line']);
    expect(
      draft.items.map((i) => ({
        code: i.code,
        sections: i.sections,
        title: i.title,
        plannedMeasures: i.plannedMeasures,
        unit: i.unit,
        responsible: i.responsible,
        deadlines: [...new Set(i.deadlines.map((d) => d.date))].sort(),
        status: i.status,
      })),
    ).toEqual([
      { code: '三/1', sections: [{ code: '三', title: '其他问题' }], title: '档案管理不规范', plannedMeasures: undefined, unit: undefined, responsible: undefined, deadlines: [], status: 'done' },
      { code: '一/1', sections: [{ code: '一', title: '政治建设方面' }], title: '理论学习不深入', plannedMeasures: '制定学习计划', unit: '党政办', responsible: ['张三'], deadlines: ['2021-06-30'], status: 'in_progress' },
      { code: '一/2', sections: [{ code: '一', title: '政治建设方面' }], title: '意识形态工作责任制落实不到位', plannedMeasures: '建立责任制\n开展专题培训', unit: '宣传科', responsible: ['李四', '王五'], deadlines: ['2021-09-30', '2021-10-31'], status: 'not_started' },
      { code: '二/1', sections: [{ code: '二', title: '作风建设方面' }], title: '服务企业意识不强', plannedMeasures: '走访企业', unit: '招商局', responsible: ['赵六'], deadlines: ['2021-12-31'], status: 'done' },
    ]);
    expect(draft.layout?.table).toBe(1);
    expect(draft.warnings).toEqual([]);
  });

  it('names the table, row and column of a cell it cannot read', async () => {
    const draft = await readDocxReport(
      await ledgerDocx([], [header, ['1', '理论学习不深入。', '制定学习计划', '党政办', '张三', '尽快', null]], ['2021年6月1日']),
      { today: '2026-11-25' },
    );
    expect(draft.items.map((i) => [i.code, i.deadlines])).toEqual([['1', []]]);
    expect(draft.warnings).toEqual([
      '第 1 个表格第 2 行"整改时限"列（F2）：无法识别的整改时限"尽快"，按空白导入（可写日期 2021-06-30、"2021年6月底前"、"6月30日"、"立行立改"或"长期坚持"）',
    ]);
  });

  it('leaves a table that is no ledger to the text, cell by cell, as before', async () => {
    const draft = await readDocxReport(
      await ledgerDocx(['一、组织领导'], [['组长', '王书记'], ['副组长', '李主任']], ['1、学习不深入', '整改情况：已完成。']),
      { today: '2021-06-01' },
    );
    expect(draft.items.map((i) => i.code)).toEqual(['一/1']);
    expect(draft.layout).toBeUndefined();
  });
});
