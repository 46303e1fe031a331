import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';
import { type CellValue, ledgerXlsx } from '../support/office.ts';

interface ItemJson {
  code: string;
  title: string;
  sections: { code: string; title: string }[];
  deadlines: string[];
  leader: string;
  unit: string;
  responsible: string[];
}

async function importSheet(rows: CellValue[][], merges: string[] = []) {
  const dir = tempDir();
  const file = join(dir, '台账.xlsx');
  const db = join(dir, 'duban.db');
  writeFileSync(file, await ledgerXlsx(rows, { merges }));
  const result = await runCli(['import', file, '--db', db, '--ledger', 'L', '--now', '2021-06-15T10:00']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const items = JSON.parse((await runCli(['items', '--db', db, '--ledger', 'L', '--json'])).stdout) as ItemJson[];
  return { stdout: result.stdout, items };
}

describe('how offices lay out an Excel ledger', () => {
  it('reads a header of two rows: a group name over the columns it covers, their names below, the others merged down', async () => {
    const { stdout, items } = await importSheet(
      [
        ['巡察反馈问题整改台账'],
        ['序号', '存在问题', '整改措施', '责任主体', null, null, '整改时限', '整改进展'],
        [null, null, null, '责任领导', '责任单位', '责任人', null, null],
        [1, '理论学习不深入。', '制定学习计划', '王书记', '党政办', '张三', '2021-06-30', '正在整改'],
        [2, '意识形态工作责任制落实不到位。', '建立责任制', '赵主任', '宣传科', '李四、王五', '2021-09-30', null],
      ],
      ['A1:H1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:F2', 'G2:G3', 'H2:H3'],
    );
    expect(stdout).toContain(
      '第 2 行为表头：序号（A）→序号，存在问题（B）→问题，整改措施（C）→整改措施，责任领导（D）→责任领导，责任单位（E）→责任单位，责任人（F）→责任人，整改时限（G）→整改时限，整改进展（H）→整改进展',
    );
    expect(stdout).toContain('新增 2 项');
    expect(items.map((i) => [i.code, i.title, i.leader, i.unit, i.responsible, i.deadlines])).toEqual([
      ['1', '理论学习不深入', '王书记', '党政办', ['张三'], ['2021-06-30']],
      ['2', '意识形态工作责任制落实不到位', '赵主任', '宣传科', ['李四', '王五'], ['2021-09-30']],
    ]);
  });

  it('takes a numbered category typed in the problem column, with no 序号, as the category of the problems below it', async () => {
    const { items } = await importSheet([
      ['序号', '存在问题', '整改时限'],
      [null, '一、政治建设方面', null],
      [1, '理论学习不深入。', '2021-06-30'],
      [2, '意识形态工作责任制落实不到位。', '2021-09-30'],
      [null, '二、作风建设方面', null],
      [1, '服务企业意识不强。', '2021-12-31'],
    ]);
    expect(items.map((i) => [i.code, i.title, i.sections])).toEqual([
      ['一/1', '理论学习不深入', [{ code: '一', title: '政治建设方面' }]],
      ['一/2', '意识形态工作责任制落实不到位', [{ code: '一', title: '政治建设方面' }]],
      ['二/1', '服务企业意识不强', [{ code: '二', title: '作风建设方面' }]],
    ]);
  });

  it('leaves out the signature and note lines under the table', async () => {
    const { items } = await importSheet([
      ['序号', '存在问题', '责任单位', '整改时限'],
      [1, '理论学习不深入。', '党政办', '2021-06-30'],
      [2, '意识形态工作责任制落实不到位。', '宣传科', '2021-09-30'],
      ['制表人：张三', null, '联系电话：68359030', '审核：李四'],
      ['注：整改时限以县委批复为准。', null, null, null],
    ]);
    expect(items.map((i) => [i.code, i.unit, i.deadlines])).toEqual([
      ['1', '党政办', ['2021-06-30']],
      ['2', '宣传科', ['2021-09-30']],
    ]);
  });
});
