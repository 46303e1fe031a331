import ExcelJS from 'exceljs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { seeds, tempDir } from '../support/files.ts';
import { ledgerXlsx } from '../support/office.ts';

const now = ['--now', '2021-06-15T10:00'];
const header = ['序号', '存在问题', '整改时限', '责任人'];
/** One time limit the reader does not know (`尽快`), between two it does. */
const rows = [header, [1, '台账不全。', '2021-06-30', '张三'], [2, '制度不全。', '尽快', '李四'], [3, '培训不足。', '2021-09-30', '王五']];
const warning = '工作表「整改台账」第 3 行"整改时限"列（C3）：无法识别的整改时限"尽快"，按空白导入（可写日期 2021-06-30、"2021年6月底前"、"6月30日"、"立行立改"或"长期坚持"）';

/** What a user reads of each item: code, title, status, deadlines, responsible people. */
const expected = [
  ['1', '台账不全', 'not_started', ['2021-06-30'], ['张三']],
  ['2', '制度不全', 'not_started', [], ['李四']],
  ['3', '培训不足', 'not_started', ['2021-09-30'], ['王五']],
];

async function workbook() {
  const dir = tempDir();
  const file = join(dir, '台账.xlsx');
  writeFileSync(file, await ledgerXlsx(rows));
  return { dir, file, db: join(dir, 'duban.db') };
}

async function items(db: string) {
  const result = await runCli(['items', '--db', db, '--ledger', 'L', '--json']);
  return (JSON.parse(result.stdout) as { code: string; title: string; status: string; deadlines: string[]; responsible: string[] }[]).map(
    (i) => [i.code, i.title, i.status, i.deadlines, i.responsible],
  );
}

describe('a cell the reader cannot read', () => {
  it('loses nothing: every row is imported, that one field empty, with a warning naming the cell', async () => {
    const { file, db } = await workbook();
    const result = await runCli(['import', file, '--db', db, '--ledger', 'L', ...now]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('新增 3 项');
    expect(result.stdout).toContain(`注意：${warning}`);
    expect(await items(db)).toEqual(expected);
  });

  it('with --strict stops the import and writes nothing', async () => {
    const { dir, file, db } = await workbook();
    expect((await runCli(['import', seeds['000'], '--db', db, ...now])).code).toBe(0);
    const before = readFileSync(db);
    const result = await runCli(['import', file, '--db', db, '--ledger', 'L', '--strict', ...now]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`错误：台账.xlsx：有 1 处注意事项（--strict），没有导入任何内容：\n  ${warning}`);
    expect(readFileSync(db).equals(before)).toBe(true);
    const fresh = join(dir, 'fresh.db');
    expect((await runCli(['import', file, '--db', fresh, '--strict', ...now])).code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
  });
});

describe('duban import --dry-run', () => {
  it('prints every item as read, with its warnings, and writes nothing', async () => {
    const { file, db } = await workbook();
    expect((await runCli(['import', seeds['000'], '--db', db, ...now])).code).toBe(0);
    const before = readFileSync(db);
    const result = await runCli(['import', file, '--db', db, '--ledger', 'L', '--dry-run', ...now]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const pad = '　'.repeat(7);
    expect(result.stdout.split('\n')).toEqual([
      '读取工作表「整改台账」，第 1 行为表头：序号（A）→序号，存在问题（B）→问题，整改时限（C）→整改时限，责任人（D）→责任人',
      '预览台账「L」（--dry-run，没有写入任何内容）：读出 3 项，注意事项 1 处。',
      '报告日期 2021-06-15（报告中没有日期，按导入当天），整改时限据此换算。',
      `1  未启动${pad}台账不全`,
      '   时限 2021-06-30；责任人 张三',
      `2  未启动${pad}制度不全`,
      '   时限 无；责任人 李四',
      `   注意：${warning}`,
      `3  未启动${pad}培训不足`,
      '   时限 2021-09-30；责任人 王五',
      '',
    ]);
    expect(readFileSync(db).equals(before)).toBe(true);
    const json = JSON.parse((await runCli(['import', file, '--db', db, '--ledger', 'L', '--dry-run', '--json', ...now])).stdout);
    expect(json.items.map((i: Record<string, unknown>) => [i.code, i.title, i.status, i.deadlines, i.responsible])).toEqual(expected);
    expect(json.items[1].warnings).toEqual([warning]);
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('duban import --review OUT.xlsx', () => {
  it('writes what was read as a ledger sheet; corrected in Excel and imported, it gives the corrected item', async () => {
    const { dir, file, db } = await workbook();
    const out = join(dir, '核对.xlsx');
    const result = await runCli(['import', file, '--db', db, '--ledger', 'L', '--review', out, ...now]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`已将读出的 3 项写入 ${out}（有注意事项的 1 项标黄，见"导入注意事项"列），没有写入台账。`);
    expect(existsSync(db)).toBe(false);

    // The user opens it, reads the warning beside the item and writes the time limit in.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.worksheets[0]!;
    const headers = (sheet.getRow(3).values as unknown[]).map(String);
    const column = (name: string) => headers.indexOf(name);
    const row = sheet.getRow(5);
    expect(row.getCell(column('序号')).value).toBe('2');
    expect(row.getCell(column('导入注意事项')).value).toBe(warning);
    row.getCell(column('整改时限')).value = '2021年12月底前';
    await book.xlsx.writeFile(out);

    const back = await runCli(['import', out, '--db', db, '--ledger', 'L', ...now]);
    expect(back.stderr).toBe('');
    expect(back.stdout).toContain('由督办计算、不导入的列：导入注意事项（L）');
    expect(back.stdout).not.toContain('注意：');
    expect(await items(db)).toEqual([expected[0], ['2', '制度不全', 'not_started', ['2021-12-31'], ['李四']], expected[2]]);
  });
});
