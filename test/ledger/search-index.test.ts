import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { searchItems } from '../../src/ledger/search.ts';
import type { ItemDraft, ReportDraft } from '../../src/ledger/types.ts';
import { tempDir } from '../support/files.ts';

const source = { fileName: 'r.txt', sha256: 'x', format: 'text', encoding: 'utf-8' };
const item = (code: string, title: string): ItemDraft => ({
  code,
  sections: [],
  title,
  problem: `${title}的问题`,
  rectification: '已完成。',
  status: 'done',
  longTerm: false,
  measures: [],
  deadlines: [],
});
const report = (items: ItemDraft[]): ReportDraft => ({ reportDate: '2021-01-01', reportDateSource: 'as-of', items, warnings: [] });

describe('the search index after an import, which fills it once at the end', () => {
  it('finds the words of new and revised items, no longer the revised-away ones, and leaves other ledgers as they were', () => {
    const db = openDatabase(join(tempDir(), 'duban.db'));
    const codesFound = (ledger: string, words: string) => {
      const ledgerId = db.prepare('SELECT id FROM ledgers WHERE name = ?').pluck().get(ledger) as number;
      const ids = searchItems(db, ledgerId, words).map((h) => h.id);
      return ids.map((id) => db.prepare('SELECT code FROM items WHERE id = ?').pluck().get(id));
    };
    applyReport(db, '甲', report([item('一/1', '公租房闲置'), item('一/2', '污水管网建设滞后')]), source, new Date());
    applyReport(db, '乙', report([item('一/1', '公租房分配不公')]), source, new Date());
    expect(codesFound('甲', '公租房')).toEqual(['一/1']);

    applyReport(db, '甲', report([item('一/1', '标准化厂房租金'), item('一/2', '污水管网建设滞后'), item('一/3', '公租房入住率低')]), source, new Date());
    expect(codesFound('甲', '公租房')).toEqual(['一/3']);
    expect(codesFound('甲', '厂房租金')).toEqual(['一/1']);
    expect(codesFound('甲', '污水管网')).toEqual(['一/2']);
    expect(codesFound('乙', '公租房')).toEqual(['一/1']);
    // Every item indexed exactly once: the index agrees with the table it is built from.
    expect(() => db.exec("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
    expect(db.prepare('SELECT count(*) FROM search_deferred').pluck().get()).toBe(0);
    db.close();
  });
});
