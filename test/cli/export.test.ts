import ExcelJS from 'exceljs';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samples } from '../../src/ingest/samples.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';
import { ledgerXlsx } from '../support/office.ts';

const ledger = samples['003'].ledger;
const env = { DUBAN_NOW: '2021-07-01T09:00', DUBAN_ADMINS: '王主任' };

/** What must survive the trip: everything an item says, but not which report said it first. */
const comparable = (items: Record<string, unknown>[]) => items.map(({ reportedStatus: _, progress: __, ...rest }) => rest);

async function items(db: string, name: string) {
  const result = await runCli(['items', '--db', db, '--ledger', name, '--json']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Record<string, unknown>[];
}

async function readSheet(file: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.worksheets[0]!;
}

describe('duban export --ledger NAME --out FILE.xlsx', () => {
  it('exports seed 003 with the updates recorded in a group, and importing the file into a new ledger gives the same items', async () => {
    const dir = tempDir();
    const db = join(dir, 'duban.db');
    const say = async (from: string, text: string) => {
      const result = await runCli(['chat', '--room', '整改工作群', '--from', from, '--db', db, text], env);
      expect(result.code).toBe(0);
      return result.stdout;
    };
    expect((await runCli(['import', samples['003'].file, '--db', db, '--ledger', ledger], env)).code).toBe(0);
    expect((await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--db', db], env)).code).toBe(0);
    await say('王主任', '指派 二/3 张三');
    await say('王主任', '指派 一/3 李四');
    await say('张三', '二/3 已完成');
    await say('张三', '确认');
    expect(await say('王主任', '销号 二/3')).toContain('已销号');
    await say('李四', '一/3 申请延期到9月底');
    await say('李四', '确认');
    expect(await say('王主任', '批准 一/3')).toContain('时限改为 2021-09-30');
    const before = await items(db, ledger);
    expect(before.find((i) => i.code === '二/3')).toMatchObject({ status: 'closed', responsible: ['张三'] });
    expect(before.find((i) => i.code === '一/3')).toMatchObject({ deadlines: ['2021-09-30'], responsible: ['李四'] });

    const file = join(dir, '台账.xlsx');
    const exported = await runCli(['export', '--ledger', ledger, '--out', file, '--db', db], env);
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toContain(`已将台账「${ledger}」的 25 项导出到 ${file}`);

    const imported = await runCli(['import', file, '--ledger', '副本', '--db', db], { DUBAN_NOW: '2021-08-01T09:00' });
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('由督办计算、不导入的列：最近更新（K）、逾期天数（L）');
    expect(imported.stdout).not.toContain('未能识别');
    expect(comparable(await items(db, '副本'))).toEqual(comparable(before));
  });

  it('writes a sheet to work with: frozen header, filters, colours by state, A4 landscape, last update and days overdue', async () => {
    const dir = tempDir();
    const db = join(dir, 'duban.db');
    await runCli(['import', samples['003'].file, '--db', db, '--ledger', ledger], env);
    await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--db', db], env);
    await runCli(['chat', '--room', '整改工作群', '--from', '王主任', '--db', db, '指派 一/3 张三'], env);
    const file = join(dir, 'out.xlsx');
    const result = await runCli(['export', '--out', file, '--db', db], { DUBAN_NOW: '2021-07-10T09:00' });
    expect(result.stdout).toContain('逾期 1 项（红）、7 天内到期 0 项（黄）、已完成 20 项（绿）');

    const sheet = await readSheet(file);
    expect(sheet.getCell('A1').value).toBe(`「${ledger}」巡察整改台账`);
    expect(sheet.getRow(3).values).toEqual([
      undefined, '序号', '问题类别', '问题', '整改措施', '责任领导', '责任单位', '责任人', '整改时限', '整改进展', '状态', '最近更新', '逾期天数', '备注',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.autoFilter).toBe('A3:M3');
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
    const width = sheet.columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
    expect(width).toBeGreaterThan(120);
    expect(width).toBeLessThan(170);

    const rowOf = (code: string) => {
      const found = sheet.getColumn(1).values.findIndex((v) => v === code);
      expect(found).toBeGreaterThan(3);
      return sheet.getRow(found);
    };
    const fill = (row: ExcelJS.Row) => (row.getCell(3).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    const overdue = rowOf('一/3');
    expect(fill(overdue)).toBe('FFFFC7CE');
    expect(overdue.getCell(12).value).toBe(10);
    expect(overdue.getCell(8).value).toEqual(new Date('2021-06-30T00:00:00Z'));
    expect(overdue.getCell(10).value).toBe('正在整改');
    expect(overdue.getCell(11).value).toBe('2021-07-01 王主任：指派张三为责任人');
    expect(overdue.getCell(7).value).toBe('张三');
    expect(fill(rowOf('一/1'))).toBe('FFC6EFCE');
    expect(rowOf('一/1').getCell(10).value).toBe('已完成，长期坚持');
    expect(fill(rowOf('一/7/一是'))).toBeUndefined();
    // The category is merged down over its items.
    expect(sheet.getCell('B4').value).toBe('一、政治站位不高,贯彻落实上级决策部署不坚决不到位');
    expect(sheet.getCell('B5').isMerged).toBe(true);
    expect(sheet.getCell('B5').master.address).toBe('B4');
  });

  it('gives a ledger kept in Excel back as it was read, due soon in yellow', async () => {
    const dir = tempDir();
    const db = join(dir, 'duban.db');
    const rows = [
      ['序号', '方面', '问题清单', '整改任务', '责任领导', '责任单位', '责任人', '整改时限', '备注'],
      [1, '政治建设方面', '学习不深入。', '制定学习计划', '王书记', '党政办', '张三', '7月5日', '重点'],
      [2, null, '制度不健全。', null, null, null, null, '长期坚持', null],
    ];
    writeFileSync(join(dir, 'in.xlsx'), await ledgerXlsx(rows, { merges: ['B2:B3'] }));
    await runCli(['import', join(dir, 'in.xlsx'), '--ledger', '甲', '--db', db], env);
    const result = await runCli(['export', '--ledger', '甲', '--out', join(dir, 'out.xlsx'), '--db', db], env);
    expect(result.stdout).toContain('7 天内到期 1 项（黄）');
    await runCli(['import', join(dir, 'out.xlsx'), '--ledger', '乙', '--db', db], env);
    const original = await items(db, '甲');
    expect(comparable(await items(db, '乙'))).toEqual(comparable(original));
    expect(original[0]).toMatchObject({ code: '一/1', deadlines: ['2021-07-05'], plannedMeasures: '制定学习计划', remark: '重点' });
  });

  it('needs an .xlsx to write and a ledger that exists, and writes nothing otherwise', async () => {
    const dir = tempDir();
    const db = join(dir, 'duban.db');
    await runCli(['import', samples['003'].file, '--db', db, '--ledger', ledger], env);
    const noOut = await runCli(['export', '--db', db]);
    expect(noOut.code).toBe(1);
    expect(noOut.stderr).toContain('请用 --out 指定输出文件（扩展名 .xlsx）');
    const csv = await runCli(['export', '--out', join(dir, '台账.csv'), '--db', db]);
    expect(csv.stderr).toContain(`输出文件的扩展名应为 .xlsx，而不是".csv"`);
    const nowhere = await runCli(['export', '--out', join(dir, 'missing', '台账.xlsx'), '--db', db]);
    expect(nowhere.stderr).toContain(`文件夹 ${join(dir, 'missing')} 不存在`);
    const unknown = await runCli(['export', '--ledger', '不存在', '--out', join(dir, 'x.xlsx'), '--db', db]);
    expect(unknown.stderr).toContain('没有名为"不存在"的台账');
    expect(existsSync(join(dir, 'x.xlsx'))).toBe(false);
  });
});
