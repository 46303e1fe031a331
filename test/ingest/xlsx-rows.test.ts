import { describe, expect, it } from 'vitest';
import { readXlsxLedger } from '../../src/ingest/xlsx-ledger.ts';
import { ledgerXlsx } from '../support/office.ts';

describe('a row of an Excel ledger', () => {
  it('with a 序号 of its own is an item of its own, whatever its problem cell holds; a cell that cannot be read is named', async () => {
    const bytes = await ledgerXlsx([
      ['序号', '存在问题', '整改措施', '责任人', '整改时限', '整改进展'],
      [1, '理论学习不深入。', '制定学习计划', '张三', '2021-06-30', '正在整改'],
      // A formula the file never calculated: no result kept, nothing a reader can see.
      [2, { formula: 'CONCATENATE("意识形态","工作")' } as never, '建立责任制', '李四', '2021-09-30', null],
      [3, '服务企业意识不强。', '走访企业', '王五', { error: '#REF!' } as never, null],
      [4, null, '补齐台账', '赵六', '2021-10-31', null],
    ]);
    const draft = await readXlsxLedger(bytes, { today: '2021-06-15' });
    expect(
      draft.items.map((i) => [i.code, i.title, i.problem, i.plannedMeasures, i.responsible, i.deadlines.map((d) => d.date), i.status, i.warnings]),
    ).toEqual([
      ['1', '理论学习不深入', '理论学习不深入。', '制定学习计划', ['张三'], ['2021-06-30'], 'in_progress', []],
      ['2', '', '', '建立责任制', ['李四'], ['2021-09-30'], 'not_started', ['工作表「整改台账」第 3 行"存在问题"列（B3）：没有计算结果的公式，无法读取，按空白导入']],
      ['3', '服务企业意识不强', '服务企业意识不强。', '走访企业', ['王五'], [], 'not_started', ['工作表「整改台账」第 4 行"整改时限"列（E4）：错误值 #REF!，无法读取，按空白导入']],
      ['4', '', '', '补齐台账', ['赵六'], ['2021-10-31'], 'not_started', ['工作表「整改台账」第 5 行"存在问题"列（B5）：序号 4 的问题是空白的']],
    ]);
    expect(draft.warnings).toEqual(draft.items.flatMap((i) => i.warnings));
  });

  it('without a 序号 of its own, below a problem, still adds its measures to that problem', async () => {
    const bytes = await ledgerXlsx([
      ['序号', '存在问题', '整改措施', '责任人', '整改时限'],
      [1, '理论学习不深入。', '制定学习计划', '张三', '2021-06-30'],
      [null, null, '开展专题学习', '李四', '2021-07-31'],
      [2, '服务企业意识不强。', '走访企业', '王五', '2021-12-31'],
    ]);
    const draft = await readXlsxLedger(bytes, { today: '2021-06-15' });
    expect(draft.items.map((i) => [i.code, i.plannedMeasures, i.responsible, i.deadlines.map((d) => d.date)])).toEqual([
      ['1', '制定学习计划\n开展专题学习', ['张三', '李四'], ['2021-06-30', '2021-07-31']],
      ['2', '走访企业', ['王五'], ['2021-12-31']],
    ]);
    expect(draft.warnings).toEqual([]);
  });
});
