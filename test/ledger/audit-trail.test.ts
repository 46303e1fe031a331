/**
 * The audit trail cannot be rewritten: every SQL statement form that could change, replace or remove a recorded
 * update (or the evidence that belongs to one) is refused by the schema itself, and the rows stay exactly as they were.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import type { ReportDraft } from '../../src/ledger/types.ts';
import { tempDir } from '../support/files.ts';

const draft: ReportDraft = {
  reportDate: '2021-01-01',
  reportDateSource: 'as-of',
  items: ['一/1', '一/2'].map((code) => ({
    code,
    sections: [],
    title: `问题${code}`,
    problem: '问题',
    rectification: '正在整改。',
    status: 'in_progress' as const,
    longTerm: false,
    measures: [],
    deadlines: [],
  })),
  warnings: [],
};

const columns = "(id, item_id, kind, author, at, note) VALUES (1, 1, 'note', '李四', '2021-02-01', '改写')";

/** Every statement form that could alter or remove update #1 (or add one under its id). */
const rewrites = [
  "UPDATE updates SET note = '改写' WHERE id = 1",
  "UPDATE updates SET id = 100 WHERE id = 1",
  "UPDATE updates SET item_id = 2",
  ...['REPLACE', 'IGNORE', 'FAIL', 'ABORT', 'ROLLBACK'].map((clause) => `UPDATE OR ${clause} updates SET note = '改写' WHERE id = 1`),
  'DELETE FROM updates WHERE id = 1',
  'DELETE FROM updates',
  `REPLACE INTO updates ${columns}`,
  ...['REPLACE', 'IGNORE', 'FAIL', 'ABORT', 'ROLLBACK'].map((clause) => `INSERT OR ${clause} INTO updates ${columns}`),
  `INSERT INTO updates ${columns}`,
  `INSERT INTO updates ${columns} ON CONFLICT (id) DO UPDATE SET note = excluded.note`,
  `INSERT INTO updates ${columns} ON CONFLICT DO UPDATE SET note = excluded.note`,
  `INSERT INTO updates ${columns} ON CONFLICT (id) DO NOTHING`,
  `INSERT INTO updates ${columns} ON CONFLICT DO NOTHING`,
  "REPLACE INTO updates SELECT * FROM updates WHERE id = 1",
  "INSERT OR REPLACE INTO updates (id, item_id, kind, author, at) SELECT id, item_id, 'note', '李四', at FROM updates",
  "INSERT INTO updates SELECT * FROM updates WHERE true ON CONFLICT (id) DO UPDATE SET author = '李四'",
  // Through the item it belongs to: removing or replacing the item would orphan or cascade into its updates.
  'DELETE FROM items WHERE id = 1',
  "REPLACE INTO items SELECT * FROM items WHERE id = 1",
  "UPDATE OR REPLACE items SET id = 1 WHERE id = 2",
  // Evidence that belongs to the update.
  "UPDATE evidence SET path = 'elsewhere.png'",
  'DELETE FROM evidence',
  "REPLACE INTO evidence (id, update_id, path, file_name, kind, author, room, message_id, at) VALUES (1, 1, 'x.png', 'x.png', 'image', '李四', '群', 'm', '2021-02-01')",
  "INSERT INTO evidence (id, update_id, path, file_name, kind, author, room, message_id, at) VALUES (1, 1, 'x.png', 'x.png', 'image', '李四', '群', 'm', '2021-02-01') ON CONFLICT (id) DO UPDATE SET path = excluded.path",
  "INSERT OR IGNORE INTO evidence (id, update_id, path, file_name, kind, author, room, message_id, at) VALUES (1, 1, 'x.png', 'x.png', 'image', '李四', '群', 'm', '2021-02-01')",
];

function recordedTrail(): { path: string; dump: () => unknown } {
  const path = join(tempDir(), 'duban.db');
  const db = openDatabase(path);
  applyReport(db, 'L', draft, { fileName: 'r.txt', sha256: 'x', format: 'text', encoding: 'utf-8' }, new Date('2021-01-02T00:00:00Z'));
  db.prepare("INSERT INTO updates (item_id, kind, author, at, note) VALUES (1, 'note', '张三', '2021-01-03', '已召开协调会')").run();
  db.prepare(`INSERT INTO evidence (update_id, path, file_name, kind, author, room, message_id, at)
    VALUES (1, 'evidence/2021-01-03/m-photo.png', 'photo.png', 'image', '张三', '整改工作群', 'm', '2021-01-03')`).run();
  db.close();
  const dump = () => {
    const reader = new Database(path, { readonly: true });
    const rows = ['updates', 'evidence', 'items'].map((table) => reader.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
    reader.close();
    return rows;
  };
  return { path, dump };
}

describe('the audit trail', () => {
  it('refuses every statement form that would rewrite it, through duban\'s own connection', () => {
    const { path, dump } = recordedTrail();
    const before = dump();
    const db = openDatabase(path);
    const accepted = rewrites.filter((sql) => {
      try {
        db.prepare(sql).run();
        return true;
      } catch {
        return false;
      }
    });
    db.close();
    expect(accepted).toEqual([]);
    expect(dump()).toEqual(before);
  });

  it('refuses them through a connection that sets nothing (no recursive triggers, no foreign keys) as far as the schema can', () => {
    const { path, dump } = recordedTrail();
    const before = dump();
    const plain = new Database(path);
    // Without foreign keys (a per-connection setting) nothing stops an item's own row from being removed; the
    // updates and their evidence are still refused on every form.
    const own = rewrites.filter((sql) => !/\bitems\b/.test(sql));
    const accepted = own.filter((sql) => {
      try {
        plain.prepare(sql).run();
        return true;
      } catch {
        return false;
      }
    });
    plain.close();
    expect(accepted).toEqual([]);
    expect(dump()).toEqual(before);
  });

  it('still takes new rows, and says why it refuses a rewrite', () => {
    const { path } = recordedTrail();
    const db = openDatabase(path);
    expect(() => db.prepare(`REPLACE INTO updates ${columns}`).run()).toThrow(/append-only/);
    db.prepare("INSERT INTO updates (item_id, kind, author, at, note) VALUES (2, 'note', '李四', '2021-01-04', '补充')").run();
    expect(db.prepare('SELECT author FROM updates ORDER BY id').pluck().all()).toEqual(['张三', '李四']);
    db.close();
  });
});
