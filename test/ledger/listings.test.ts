import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { keptUntilChange } from '../../src/ledger/generation.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { recordUpdate, revert } from '../../src/ledger/record.ts';
import { type List, type Position, countList, listPage, overview, standing } from '../../src/ledger/listings.ts';
import type { ItemDraft, Status } from '../../src/ledger/types.ts';
import { tempDir } from '../support/files.ts';

const source = { fileName: 'r.txt', sha256: 'x', format: 'text', encoding: 'utf-8' };
const item = (n: number, status: Status, deadlines: string[] = []): ItemDraft => ({
  code: `一/${n}`,
  sections: [],
  title: `问题${n}`,
  problem: '问题',
  rectification: '',
  status,
  longTerm: false,
  measures: [],
  deadlines: deadlines.map((date) => ({ date, phrase: date, measureSeq: null })),
});

let path: string;
let db: Db;
let ledgerId: number;
/** Another process's connection to the same file. */
let other: Database.Database;

beforeEach(() => {
  path = join(tempDir(), 'duban.db');
  db = openDatabase(path);
  // 一/1..一/12: the odd ones open; the open ones due on one of three days, so that the order by deadline is not seq.
  const items = Array.from({ length: 12 }, (_, i) => {
    const n = i + 1;
    return item(n, n % 2 ? 'in_progress' : 'done', [['2021-06-01', '2021-05-01', '2021-06-01'][n % 3]!]);
  });
  applyReport(db, 'L', { reportDate: '2021-01-01', reportDateSource: 'as-of', items, warnings: [] }, source, new Date('2021-01-02T00:00:00Z'));
  ledgerId = findLedger(db, 'L')!.id;
  other = new Database(path);
});
afterEach(() => {
  other.close();
  db.close();
});


/** Every page of a list, `size` at a time, as `更多` walks it; `between` runs after each page. */
function walk(list: List, size: number, between: (page: number) => void = () => {}): unknown[][] {
  const pages: unknown[][] = [];
  let after: Position | undefined;
  for (;;) {
    const page = listPage(db, ledgerId, list, after, size);
    pages.push(page.items.map((item) => item.code));
    between(pages.length);
    if (!page.more) return pages;
    after = page.last;
  }
}

describe('lists, a page at a time', () => {
  it('pages the open items in report order, and the overdue ones by deadline, each page after the last', () => {
    expect(countList(db, ledgerId, { kind: 'open' })).toBe(6);
    expect(walk({ kind: 'open' }, 4)).toEqual([['一/1', '一/3', '一/5', '一/7'], ['一/9', '一/11']]);
    const overdue: List = { kind: 'overdue', today: '2021-07-01' };
    expect(countList(db, ledgerId, overdue)).toBe(6);
    // Due 2021-05-01: 一/1, 一/7 (n % 3 = 1); due 2021-06-01 the rest, in report order.
    expect(walk(overdue, 4)).toEqual([['一/1', '一/7', '一/3', '一/5'], ['一/9', '一/11']]);
    expect(walk({ kind: 'dueWithin', today: '2021-05-15', until: '2021-06-15' }, 10)).toEqual([['一/3', '一/5', '一/9', '一/11']]);
  });

  it('goes on from where it stopped when the ledger changes between pages: nothing shown twice, nothing skipped', () => {
    const pages = walk({ kind: 'open' }, 2, (page) => {
      // Between the first and second page, 一/1 (shown) and 一/7 (not yet shown) are done elsewhere.
      if (page === 1) other.exec("UPDATE items SET status = 'done' WHERE code IN ('一/1', '一/7')");
    });
    expect(pages).toEqual([['一/1', '一/3'], ['一/5', '一/9'], ['一/11']]);
  });

  it('keeps the counts until the ledger changes, here or in another process', () => {
    expect(overview(db, ledgerId).byStatus).toMatchObject({ in_progress: 6, done: 6 });
    expect(standing(db, ledgerId, '2021-07-01', '2021-07-01').overdue).toBe(6);
    expect(countList(db, ledgerId, { kind: 'open' })).toBe(6);

    other.exec("UPDATE items SET status = 'done' WHERE code = '一/1'");
    expect(overview(db, ledgerId).byStatus).toMatchObject({ in_progress: 5, done: 7 });
    expect(standing(db, ledgerId, '2021-07-01', '2021-07-01').overdue).toBe(5);
    expect(countList(db, ledgerId, { kind: 'open' })).toBe(5);

    other.exec("UPDATE deadlines SET due_date = '2021-12-31' WHERE item_id = (SELECT id FROM items WHERE code = '一/3')");
    expect(standing(db, ledgerId, '2021-07-01', '2021-07-01').overdue).toBe(4);

    db.exec("INSERT INTO responsibles (item_id, name, assigned_at) SELECT id, '张三', '2021-07-01' FROM items WHERE code = '一/5'");
    expect(countList(db, ledgerId, { kind: 'responsible', name: '张三' })).toBe(1);
  });

  it('does not keep a count read inside a transaction that is rolled back', () => {
    expect(() =>
      db.transaction(() => {
        db.exec("UPDATE items SET status = 'done' WHERE code = '一/1'");
        expect(overview(db, ledgerId).byStatus.in_progress).toBe(5);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    // The rollback leaves the generation where it was; a count kept from inside would now pass for current.
    other.exec("UPDATE items SET status = 'in_progress' WHERE code = '一/2'");
    expect(overview(db, ledgerId).byStatus.in_progress).toBe(7);
  });
});

describe('counts read inside a transaction', () => {
  it('are kept when it commits, as every answer reads them under the write lock, and dropped when one rolls back', () => {
    let computed = 0;
    const count = () => db.transaction(() => keptUntilChange(db, ledgerId, 'test', () => ++computed))();
    expect([count(), count()]).toEqual([1, 1]);
    expect(() =>
      db.transaction(() => {
        throw new Error('rolled back');
      }).immediate(),
    ).toThrow('rolled back');
    expect([count(), count()]).toEqual([2, 2]);
  });
});

describe('statements', () => {
  it('are compiled once per connection and come back as new, whatever the last use made of them', () => {
    const sql = 'SELECT code FROM items ORDER BY seq LIMIT 1';
    expect(db.prepare(sql).pluck().get()).toBe('一/1');
    expect(db.prepare(sql)).toBe(db.prepare(sql));
    expect(db.prepare(sql).get()).toEqual({ code: '一/1' });
  });
});

describe('an item\'s last deadline (migration 0016)', () => {
  it('is filled in for the items of a file from the version before, so its overdue list is the same', () => {
    // A file as the version before 0016 left it (every other migration applied): 一/1 due 2021-05-01 then moved to 2021-09-30 by an approved change,
    // 一/2 due 2021-05-01 and 2021-06-01, 一/3 with no deadline, 一/4 done though its date has passed.
    const oldPath = join(tempDir(), 'old.db');
    const old = new Database(oldPath);
    const folder = new URL('../../src/ledger/migrations/', import.meta.url);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    for (const name of readdirSync(folder).filter((file) => /^\d{4}_.+\.sql$/.test(file) && Number(file.slice(0, 4)) !== 16).sort()) {
      old.exec(readFileSync(new URL(name, folder), 'utf8'));
      old.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(Number(name.slice(0, 4)), name.slice(5, -4));
    }
    const items = [item(1, 'in_progress', ['2021-05-01']), item(2, 'not_started', ['2021-05-01', '2021-06-01']), item(3, 'in_progress'), item(4, 'done', ['2021-05-01'])];
    applyReport(old, 'Old', { reportDate: '2021-01-01', reportDateSource: 'as-of', items, warnings: [] }, source, new Date('2021-01-02T00:00:00Z'));
    const oldId = (code: string) => old.prepare("SELECT id FROM items WHERE code = ? AND ledger_id = (SELECT id FROM ledgers WHERE name = 'Old')").pluck().get(code) as number;
    const at = new Date('2021-06-01T00:00:00Z');
    recordUpdate(old, { itemId: oldId('一/1'), kind: 'deadline', change: { deadline: '2021-09-30' }, source: { author: '王主任', room: null, messageId: null, text: null, at }, approvedBy: '王主任' });
    old.close();

    const upgraded = openDatabase(oldPath);
    try {
      const id = findLedger(upgraded, 'Old')!.id;
      const lastDue = upgraded.prepare('SELECT code, last_due FROM items WHERE ledger_id = ? ORDER BY seq').all(id);
      expect(lastDue).toEqual([
        { code: '一/1', last_due: '2021-09-30' },
        { code: '一/2', last_due: '2021-06-01' },
        { code: '一/3', last_due: null },
        { code: '一/4', last_due: '2021-05-01' },
      ]);
      const overdue: List = { kind: 'overdue', today: '2021-07-01' };
      expect(countList(upgraded, id, overdue)).toBe(1);
      const page = listPage(upgraded, id, overdue, undefined, 10);
      expect(page.items.map((item) => item.code)).toEqual(['一/2']);
      expect(countList(upgraded, id, { kind: 'overdue', today: '2021-10-01' })).toBe(2);
    } finally {
      upgraded.close();
    }
  });

  it('follows every write that moves a deadline: a re-import, an approved change, its undo, another process', () => {
    const overdueCodes = (today: string) => walk({ kind: 'overdue', today }, 2).flat();
    // Open and due 2021-05-01: 一/1, 一/7; due 2021-06-01: 一/3, 一/5, 一/9, 一/11.
    expect(overdueCodes('2021-05-15')).toEqual(['一/1', '一/7']);

    const revised = [item(3, 'in_progress', ['2021-05-10'])];
    applyReport(db, 'L', { reportDate: '2021-01-01', reportDateSource: 'as-of', items: revised, warnings: [] }, source, new Date('2021-03-01T00:00:00Z'));
    expect(overdueCodes('2021-05-15')).toEqual(['一/1', '一/7', '一/3']);

    const id = (code: string) => db.prepare('SELECT id FROM items WHERE code = ? AND ledger_id = ?').pluck().get(code, ledgerId) as number;
    const at = new Date('2021-05-15T00:00:00Z');
    const moved = recordUpdate(db, { itemId: id('一/1'), kind: 'deadline', change: { deadline: '2021-08-31' }, source: { author: '王主任', room: null, messageId: null, text: null, at }, approvedBy: '王主任' });
    expect(overdueCodes('2021-05-15')).toEqual(['一/7', '一/3']);
    expect(standing(db, ledgerId, '2021-05-15', '2021-05-15').overdue).toBe(2);
    expect(overdueCodes('2021-09-01')).toEqual(['一/7', '一/3', '一/5', '一/9', '一/11', '一/1']);

    revert(db, moved, { author: '王主任', room: null, messageId: null, text: null, at });
    expect(overdueCodes('2021-05-15')).toEqual(['一/1', '一/7', '一/3']);

    other.exec("UPDATE deadlines SET due_date = '2021-04-01' WHERE item_id = (SELECT id FROM items WHERE code = '一/7')");
    expect(overdueCodes('2021-05-15')).toEqual(['一/7', '一/1', '一/3']);
    other.exec("UPDATE items SET status = 'done' WHERE code = '一/7'");
    expect(overdueCodes('2021-05-15')).toEqual(['一/1', '一/3']);
  });
});
