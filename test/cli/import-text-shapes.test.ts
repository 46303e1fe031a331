import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;

describe('duban import of a text report with labelled fields', () => {
  it('records the people, unit, leader and time limit of each item, and says which time limit it could not read', async () => {
    const db = join(tempDir(), 'duban.db');
    const imported = await runCli(['import', fixture('labelled-fields.txt'), '--db', db, '--ledger', 'L', '--now', '2021-04-12T10:00']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('新增 4 项');
    expect(imported.stdout).toContain('注意：第 20 行（二/1）：无法识别的整改时限"视情况而定"，按空白导入');
    const listed = await runCli(['items', '--db', db, '--ledger', 'L', '--json']);
    const items = (JSON.parse(listed.stdout) as Record<string, unknown>[]).map((i) => ({
      code: i.code,
      status: i.status,
      deadlines: i.deadlines,
      responsible: i.responsible,
      unit: i.unit,
      leader: i.leader,
    }));
    expect(items).toEqual([
      { code: '一/1', status: 'in_progress', deadlines: ['2021-06-30'], responsible: ['张三', '李四'], unit: '党政办', leader: '王书记' },
      { code: '一/2', status: 'done', deadlines: [], responsible: ['赵六'], unit: '党委办公室', leader: '' },
      { code: '一/3', status: 'in_progress', deadlines: ['2021-05-31'], responsible: ['钱七'], unit: '党委办公室', leader: '' },
      { code: '二/1', status: 'done', deadlines: [], responsible: [], unit: '招商局', leader: '' },
    ]);
  });
});

describe('duban import of a text report holding a table', () => {
  it('says which columns it took, previews the rows as items with --dry-run, and imports them', async () => {
    const db = join(tempDir(), 'duban.db');
    const args = ['import', fixture('text-table-tabs.txt'), '--db', db, '--ledger', 'L', '--now', '2021-06-15T10:00'];
    const preview = await runCli([...args, '--dry-run']);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('读取第 1 个表格，第 1 行为表头：序号（A）→序号，存在问题（B）→问题，整改措施（C）→整改措施，责任单位（D）→责任单位');
    expect(preview.stdout).toContain('读出 3 项，注意事项 0 处');
    expect(preview.stdout).toMatch(/一\/2 +未启动[　 ]*意识形态工作责任制落实不到位\n +时限 2021-09-30；责任人 李四、王五/);
    const imported = await runCli(args);
    expect(imported.stdout).toContain('新增 3 项');
    const listed = JSON.parse((await runCli(['items', '--db', db, '--ledger', 'L', '--json'])).stdout) as Record<string, unknown>[];
    expect(listed.map((i) => [i.code, i.status, i.unit, i.responsible, i.deadlines])).toEqual([
      ['一/1', 'in_progress', '党政办', ['张三'], ['2021-06-30']],
      ['一/2', 'not_started', '宣传科', ['李四', '王五'], ['2021-09-30']],
      ['二/1', 'done', '招商局', ['赵六'], ['2021-12-31']],
    ]);
  });
});
