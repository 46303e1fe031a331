import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { gold, seeds, seedText, tempDir } from '../support/files.ts';
import { encodeGbk } from '../support/gbk.ts';

const ledgerOf = { '000': '000_5c118598706826d0', '003': '003_cf95e3e12b08fb36' };

async function itemsJson(db: string, ledger: string) {
  const result = await runCli(['items', '--db', db, '--ledger', ledger, '--json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>[];
}

describe('duban import / items', () => {
  it('imports both seeds and lists every item as the clerk would, through items --json', async () => {
    const db = join(tempDir(), 'duban.db');
    for (const seed of ['000', '003'] as const) {
      const imported = await runCli(['import', seeds[seed], '--db', db]);
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain(`已导入台账「${ledgerOf[seed]}」（新建）：新增 ${gold(seed).items.length} 项`);
    }
    for (const seed of ['000', '003'] as const) {
      const items = await itemsJson(db, ledgerOf[seed]);
      const expected = gold(seed).items;
      expect(items).toHaveLength(expected.length);
      for (const g of expected) {
        const item = items.find((i) => `${i.title}${i.problem}`.includes(g.mentions))!;
        expect(item).toMatchObject({ code: g.code, longTerm: g.longTerm, deadlines: g.deadlines, responsible: [] });
        expect([g.status].flat()).toContain(item.status);
        for (const measure of item.measures as Record<string, unknown>[]) {
          expect(Object.keys(measure)).toEqual(expect.arrayContaining(['text', 'status', 'deadline']));
        }
      }
    }
  });

  it('uses DUBAN_DB, and --db over it', async () => {
    const dir = tempDir();
    await runCli(['import', seeds['000']], { DUBAN_DB: join(dir, 'env.db') });
    expect(existsSync(join(dir, 'env.db'))).toBe(true);
    await runCli(['import', seeds['003'], '--db', join(dir, 'flag.db')], { DUBAN_DB: join(dir, 'env.db') });
    const listed = await runCli(['items'], { DUBAN_DB: join(dir, 'flag.db') });
    expect(listed.stdout).toContain('共 25 项');
  });

  it('changes nothing when the same report is imported again', async () => {
    const db = join(tempDir(), 'duban.db');
    await runCli(['import', seeds['003'], '--db', db]);
    const before = await itemsJson(db, ledgerOf['003']);
    const again = await runCli(['import', seeds['003'], '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('没有变化：25 项与已有内容相同');
    expect(await itemsJson(db, ledgerOf['003'])).toEqual(before);
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(1);
    sqlite.close();
  });

  it('updates matching items from a revised report, says what changed and keeps recorded updates', async () => {
    const dir = tempDir();
    const db = join(dir, 'duban.db');
    await runCli(['import', seeds['003'], '--db', db, '--ledger', '产业集聚区']);
    // An update someone recorded in a group before the revised report arrived.
    const sqlite = new Database(db);
    const itemId = sqlite.prepare("SELECT id FROM items WHERE code = '三/3'").pluck().get();
    sqlite.prepare("INSERT INTO updates (item_id, kind, author, room, at, source_text, note) VALUES (?, 'note', '张三', '整改工作群', '2021-03-01T02:00:00Z', '已与编办沟通', '已与编办沟通')").run(itemId);
    sqlite.close();

    const revised = seedText('003')
      .replace('整改情况:正在整改。现已于淼珠', '整改情况:已完成。现已于淼珠')
      .replace('应收未收标准化厂房租赁费232.1735万元', '应收未收标准化厂房租赁费200万元');
    writeFileSync(join(dir, 'revised.txt'), revised);
    const result = await runCli(['import', join(dir, 'revised.txt'), '--db', db, '--ledger', '产业集聚区']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('修改 2 项');
    expect(result.stdout).toMatch(/修改 一\/3：.*报告状态/);
    expect(result.stdout).toMatch(/修改 二\/3：问题内容/);
    expect(result.stdout).toContain('状态 一/3：正在整改 → 已完成');

    const items = await itemsJson(db, '产业集聚区');
    expect(items.find((i) => i.code === '一/3')!.status).toBe('done');
    expect(items.find((i) => i.code === '二/3')!.problem).toContain('200万元');
    const after = new Database(db, { readonly: true });
    const updates = after.prepare('SELECT kind, author, old_status, new_status FROM updates ORDER BY id').all();
    after.close();
    expect(updates).toEqual([
      { kind: 'note', author: '张三', old_status: null, new_status: null },
      { kind: 'import', author: '导入 revised.txt', old_status: 'in_progress', new_status: 'done' },
    ]);
  });

  it('reads a GBK file to the same items as UTF-8', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'gbk.txt'), encodeGbk(seedText('000')));
    await runCli(['import', seeds['000'], '--db', join(dir, 'a.db'), '--ledger', 'L']);
    const result = await runCli(['import', join(dir, 'gbk.txt'), '--db', join(dir, 'b.db'), '--ledger', 'L']);
    expect(result.code).toBe(0);
    expect(await itemsJson(join(dir, 'b.db'), 'L')).toEqual(await itemsJson(join(dir, 'a.db'), 'L'));
  });

  it.each([
    ['an empty file', Buffer.alloc(0), '文件是空的', 'the file is empty'],
    ['a binary file', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]), '不是文本文件', 'not a text file'],
    ['a file with no items', Buffer.from('会议纪要\n今天讨论了工作安排。\n'), '没有找到任何问题条目', 'No items found'],
    ['an unreadable encoding', Buffer.from([0xc0, 0x80, 0xff, 0xfe, 0x81, 0x30, 0xff, 0x20]), '无法识别文件编码', 'cannot read the encoding'],
  ])('refuses %s clearly and writes nothing', async (_, bytes, zh, en) => {
    const dir = tempDir();
    const db = join(dir, 'duban.db');
    await runCli(['import', seeds['000'], '--db', db]);
    const before = readFileSync(db);
    writeFileSync(join(dir, 'bad.txt'), bytes);
    const result = await runCli(['import', join(dir, 'bad.txt'), '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(zh);
    expect(result.stderr).toContain(en);
    expect(result.stdout).toBe('');
    expect(readFileSync(db).equals(before)).toBe(true);
    const fresh = await runCli(['import', join(dir, 'bad.txt'), '--db', join(dir, 'fresh.db')]);
    expect(fresh.code).toBe(1);
    expect(existsSync(join(dir, 'fresh.db'))).toBe(false);
  });

  it('refuses to read a database that does not exist, instead of creating an empty one', async () => {
    const db = join(tempDir(), 'nothing-yet.db');
    const result = await runCli(['items', '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`数据库 ${db} 还不存在：先用 duban import 导入报告`);
    expect(existsSync(db)).toBe(false);
  });

  it('refuses an unknown ledger or file, naming what there is', async () => {
    const db = join(tempDir(), 'duban.db');
    await runCli(['import', seeds['000'], '--db', db]);
    const unknown = await runCli(['items', '--db', db, '--ledger', '不存在']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('没有名为"不存在"的台账（现有台账：000_5c118598706826d0）');
    expect(unknown.stderr).toContain('No ledger named "不存在"');
    const missing = await runCli(['import', '/nonexistent/report.txt', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('找不到文件');
  });

  it('asks which ledger when there are several', async () => {
    const db = join(tempDir(), 'duban.db');
    await runCli(['import', seeds['000'], '--db', db]);
    await runCli(['import', seeds['003'], '--db', db]);
    const result = await runCli(['items', '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('有多个台账，请用 --ledger 指定');
  });

  it('explains bad usage with exit code 2', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const result = await runCli(['import']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('用法 / usage: duban import FILE');
    expect((await runCli(['import', seeds['000'], '--as-of', '2021/01/01', '--db', join(tempDir(), 'x.db')])).stderr).toContain('YYYY-MM-DD');
  });
});
