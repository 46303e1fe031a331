import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { keptUntilChange } from '../../src/ledger/generation.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { type List, type Position, countList, countOverdue, listPage, overview } from '../../src/ledger/listings.ts';
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

const codes = (ids: number[]) => ids.map((id) => db.prepare('SELECT code FROM items WHERE id = ?').pluck().get(id));

/** Every page of a list, `size` at a time, as `更多` walks it; `between` runs after each page. */
function walk(list: List, size: number, between: (page: number) => void = () => {}): unknown[][] {
  const pages: unknown[][] = [];
  let after: Position | undefined;
  for (;;) {
    const page = listPage(db, ledgerId, list, after, size);
    pages.push(codes(page.ids));
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
    expect(countOverdue(db, ledgerId, '2021-07-01')).toBe(6);
    expect(countList(db, ledgerId, { kind: 'open' })).toBe(6);

    other.exec("UPDATE items SET status = 'done' WHERE code = '一/1'");
    expect(overview(db, ledgerId).byStatus).toMatchObject({ in_progress: 5, done: 7 });
    expect(countOverdue(db, ledgerId, '2021-07-01')).toBe(5);
    expect(countList(db, ledgerId, { kind: 'open' })).toBe(5);

    other.exec("UPDATE deadlines SET due_date = '2021-12-31' WHERE item_id = (SELECT id FROM items WHERE code = '一/3')");
    expect(countOverdue(db, ledgerId, '2021-07-01')).toBe(4);

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
