import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';
import { firstRound } from '../support/later-rounds.ts';
import { reportDocx } from '../support/office.ts';

const secondRound = ['二、持续整改情况', '截至目前，尚未完成的有第2项。', '关于第3项，已签订入住协议12户，计划三季度末全部完成。'];

async function items(db: string) {
  const listed = await runCli(['items', '--db', db, '--ledger', 'L', '--json']);
  return (JSON.parse(listed.stdout) as { code: string; status: string; deadlines: string[] }[]).map((i) => [i.code, i.status, i.deadlines]);
}

describe('duban import of a report with a second round', () => {
  it('updates the items the second round names, and records the status it changes', async () => {
    const dir = tempDir();
    const db = join(dir, 'duban.db');
    const file = join(dir, '整改报告.txt');
    writeFileSync(file, [...firstRound, '2024年6月30日'].join('\n'));
    expect((await runCli(['import', file, '--db', db, '--ledger', 'L', '--now', '2024-08-01T10:00'])).code).toBe(0);
    writeFileSync(file, [...firstRound, ...secondRound, '2024年7月31日'].join('\n'));
    const again = await runCli(['import', file, '--db', db, '--ledger', 'L', '--now', '2024-08-01T10:00']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('状态 一/2：已完成 → 正在整改（已记入更新记录）');
    expect(again.stdout).toContain('注意：第 10 行：第2项（一/2）报告另处称已完成，这里称尚未完成，按正在整改导入');
    expect(await items(db)).toEqual([
      ['一/1', 'done', []],
      ['一/2', 'in_progress', []],
      ['一/3', 'in_progress', ['2024-09-30']],
    ]);
  });

  it('reads the second round of a Word report, and names its paragraph', async () => {
    const dir = tempDir();
    const db = join(dir, 'duban.db');
    const file = join(dir, '整改报告.docx');
    writeFileSync(file, await reportDocx([...firstRound, ...secondRound, '2024年7月31日'].join('\n'), { numbered: true }));
    const imported = await runCli(['import', file, '--db', db, '--ledger', 'L', '--now', '2024-08-01T10:00']);
    expect(imported.stdout).toContain('新增 3 项');
    expect(imported.stdout).toContain('注意：第 10 段：第2项（一/2）报告另处称已完成，这里称尚未完成，按正在整改导入');
    expect(await items(db)).toEqual([
      ['一/1', 'done', []],
      ['一/2', 'in_progress', []],
      ['一/3', 'in_progress', ['2024-09-30']],
    ]);
  });
});
