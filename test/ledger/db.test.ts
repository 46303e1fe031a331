import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { openDatabase, read, write } from '../../src/ledger/db.ts';
import { listLedgers } from '../../src/ledger/ledgers.ts';
import type { ItemDraft, ReportDraft, Status } from '../../src/ledger/types.ts';
import { tempDir } from '../support/files.ts';

const source = { fileName: 'r.txt', sha256: 'x', format: 'text', encoding: 'utf-8' };
const item = (code: string, status: Status = 'done'): ItemDraft => ({
  code,
  sections: [],
  title: `问题${code}`,
  problem: '问题',
  rectification: '已完成。',
  status,
  longTerm: false,
  measures: [],
  deadlines: [],
});

describe('the store', () => {
  it('opens in WAL mode with foreign keys and applies each migration once', () => {
    const path = join(tempDir(), 'nested', 'duban.db');
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const versions = db.prepare('SELECT version FROM schema_migrations').pluck().all();
    expect(versions[0]).toBe(1);
    db.close();
    const again = openDatabase(path);
    expect(again.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual(versions);
    again.close();
  });

  it('refuses a write begun inside a read transaction, which could not wait for the lock', () => {
    const db = openDatabase(join(tempDir(), 'duban.db'));
    expect(() => read(db, () => write(db, () => db.prepare('CREATE TABLE t (x)').run()))).toThrow('a write inside read()');
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 't'").pluck().get()).toBe(0);
    // Inside a write, a read is part of it.
    expect(write(db, () => read(db, () => db.prepare('SELECT 1').pluck().get()))).toBe(1);
    db.close();
  });

  it('keeps updates append-only', () => {
    const db = openDatabase(join(tempDir(), 'duban.db'));
    const draft: ReportDraft = { reportDate: '2021-01-01', reportDateSource: 'as-of', items: [item('一/1')], warnings: [] };
    applyReport(db, 'L', draft, source, new Date('2021-01-02T00:00:00Z'));
    const itemId = db.prepare('SELECT id FROM items').pluck().get();
    db.prepare("INSERT INTO updates (item_id, kind, author, at, note) VALUES (?, 'note', '张三', '2021-01-03', '已召开协调会')").run(itemId);
    expect(() => db.prepare("UPDATE updates SET note = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM updates').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT note FROM updates').pluck().all()).toEqual(['已召开协调会']);
    db.close();
  });

  it('writes an import whole or not at all', () => {
    const db = openDatabase(join(tempDir(), 'duban.db'));
    // The third item breaks a constraint halfway through the write.
    const draft = {
      reportDate: '2021-01-01',
      reportDateSource: 'as-of',
      items: [item('一/1'), item('一/2'), item('一/3', 'bogus' as Status)],
      warnings: [],
    } as unknown as ReportDraft;
    expect(() => applyReport(db, 'L', draft, source, new Date())).toThrow(/CHECK constraint/);
    expect(listLedgers(db)).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM items').pluck().get()).toBe(0);
    db.close();
  });
});
