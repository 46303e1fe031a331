import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';
import { type CellValue, ledgerXlsx } from '../support/office.ts';

const header = ['序号', '存在问题', '整改时限'];

/** A ledger of these time limits, under a title row with this date when one is given. */
async function sheet(limits: CellValue[], titleDate?: string): Promise<{ file: string; db: string }> {
  const dir = tempDir();
  const rows = [...(titleDate ? [[`填报时间：${titleDate}`]] : []), header, ...limits.map((limit, i) => [i + 1, `问题${i + 1}。`, limit])];
  const file = join(dir, '台账.xlsx');
  writeFileSync(file, await ledgerXlsx(rows));
  return { file, db: join(dir, 'duban.db') };
}

async function importAt(now: string, { file, db }: { file: string; db: string }) {
  const result = await runCli(['import', file, '--db', db, '--ledger', 'L', '--now', now]);
  expect(result.stderr).toBe('');
  const items = JSON.parse((await runCli(['items', '--db', db, '--ledger', 'L', '--json'])).stdout) as { deadlines: string[]; longTerm: boolean }[];
  return { stdout: result.stdout, limits: items.map((i) => [i.deadlines, i.longTerm]) };
}

describe('time limits in an Excel ledger', () => {
  it('gives a date without a year the year that puts it within six months of the ledger date', async () => {
    const july = await importAt('2021-08-01T09:00', await sheet(['6月30日', '3月底前', '12月底前', '2021年1月底前'], '2021年7月15日'));
    expect(july.limits).toEqual([
      [['2021-06-30'], false],
      [['2021-03-31'], false],
      [['2021-12-31'], false],
      [['2021-01-31'], false],
    ]);
    const december = await importAt('2021-12-05T09:00', await sheet(['3月底前', '5月31日', '7月底前'], '2021年12月1日'));
    expect(december.limits).toEqual([
      [['2022-03-31'], false],
      [['2022-05-31'], false],
      [['2021-07-31'], false],
    ]);
  });

  it('puts 立行立改 on the ledger date, so that importing the same sheet later changes nothing', async () => {
    const dated = await sheet(['立行立改', '6月30日'], '2021年6月1日');
    expect((await importAt('2021-06-15T09:00', dated)).limits).toEqual([[['2021-06-01'], false], [['2021-06-30'], false]]);
    const later = await importAt('2021-07-20T09:00', dated);
    expect(later.stdout).toContain('台账「L」没有变化：2 项与已有内容相同。');
    expect(later.limits).toEqual([[['2021-06-01'], false], [['2021-06-30'], false]]);
  });

  it('keeps the dates a sheet without a date of its own was first read with, while its words stay the same', async () => {
    const undated = await sheet(['立行立改', '6月30日']);
    expect((await importAt('2021-06-15T09:00', undated)).limits).toEqual([[['2021-06-15'], false], [['2021-06-30'], false]]);
    const later = await importAt('2022-01-20T09:00', undated);
    expect(later.stdout).not.toContain('修改');
    expect(later.limits).toEqual([[['2021-06-15'], false], [['2021-06-30'], false]]);
  });

  it('reads long-term from 长期坚持 or a cell that says only 长期 or 持续推进, never from 持续推进 beside a date', async () => {
    const read = await importAt('2021-06-15T09:00', await sheet(['持续推进，6月底前', '持续推进', '长期', '长期坚持、2021年9月底前'], '2021年6月1日'));
    expect(read.limits).toEqual([
      [['2021-06-30'], false],
      [[], true],
      [[], true],
      [['2021-09-30'], true],
    ]);
  });
});
