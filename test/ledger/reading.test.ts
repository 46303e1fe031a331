import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { type Db, openDatabase, sqlLimit } from '../../src/ledger/db.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { childCodes, findItemByCode, itemSummaries, listItems } from '../../src/ledger/items.ts';
import { listPage } from '../../src/ledger/listings.ts';
import { type Update, latestUpdates, updateColumns, updatesById } from '../../src/ledger/updates.ts';
import type { ItemDraft } from '../../src/ledger/types.ts';
import { tempDir } from '../support/files.ts';

const source = { fileName: 'r.txt', sha256: 'x', format: 'text', encoding: 'utf-8' };
const plain = (code: string): ItemDraft => ({
  code,
  sections: [],
  title: `问题${code}`,
  problem: '问题',
  rectification: '',
  status: 'in_progress',
  longTerm: false,
  measures: [],
  deadlines: [],
});
// 一/1 has three measures, a date said twice and one in force before another, and people assigned at one moment
// whose names sort differently by UTF-16 (JavaScript's <) than by UTF-8 (SQLite's BINARY): 𠀀 is U+20000, ｅ U+FF45.
const rich: ItemDraft = {
  ...plain('一/1'),
  sections: [{ code: '一', title: '党建方面' }],
  title: '党建工作薄弱',
  problem: '党工委未专题研究党建工作',
  rectification: '一是专题研究。二是制定计划。三是年底总结。',
  measures: [
    { marker: '一是', text: '专题研究。', status: 'done', deadline: null },
    { marker: '二是', text: '制定计划。', status: 'in_progress', deadline: '2021-06-30' },
    { marker: '三是', text: '年底总结。', status: null, deadline: '2021-12-31' },
  ],
  deadlines: [
    { date: '2021-12-31', phrase: '年底前', measureSeq: 3 },
    { date: '2021-06-30', phrase: '6月底前', measureSeq: 2 },
    { date: '2021-06-30', phrase: '上半年', measureSeq: null },
  ],
  responsible: ['ｅ科', '𠀀科', '张三'],
  unit: '县住建局',
};

let db: Db;
let ledgerId: number;
const at = '2021-07-01T02:00:00.000Z';

beforeEach(() => {
  db = openDatabase(join(tempDir(), 'duban.db'));
  applyReport(db, 'L', { reportDate: '2021-01-01', reportDateSource: 'as-of', items: [rich, plain('一/2'), plain('一/3')], warnings: [] }, source, new Date(at));
  ledgerId = findLedger(db, 'L')!.id;
});
afterEach(() => db.close());

const idOf = (code: string) => db.prepare('SELECT id FROM items WHERE code = ?').pluck().get(code) as number;
const note = (code: string, text: string) =>
  db.prepare("INSERT INTO updates (item_id, kind, author, author_key, room, at, note) VALUES (?, 'note', '李四', 'wechaty:p2', '群', ?, ?)").run(idOf(code), at, text);

describe('an item read on its own, as a question reads it', () => {
  it('is the item the whole ledger reads: its measures in order, each date once and in order, its people by when and then by name', () => {
    const whole = listItems(db, ledgerId).find((item) => item.code === '一/1')!;
    expect(whole.measures.map((m) => m.marker)).toEqual(['一是', '二是', '三是']);
    expect(whole.deadlines).toEqual(['2021-06-30', '2021-12-31']);
    // By code point, as SQLite orders them: 张 U+5F20, ｅ U+FF45, 𠀀 U+20000.
    expect(whole.responsible).toEqual(['张三', 'ｅ科', '𠀀科']);
    expect(findItemByCode(db, ledgerId, '一/1')).toEqual(whole);
    expect(listItems(db, ledgerId, [whole.id])).toEqual([whole]);
    expect(listItems(db, ledgerId, [idOf('一/3'), whole.id]).map((item) => item.code)).toEqual(['一/1', '一/3']);
    expect(listItems(db, ledgerId, [idOf('一/3'), whole.id])[0]).toEqual(whole);
  });

  it('is not found in another ledger, by code or by id', () => {
    applyReport(db, 'M', { reportDate: '2021-01-01', reportDateSource: 'as-of', items: [plain('二/1')], warnings: [] }, source, new Date(at));
    const other = findLedger(db, 'M')!.id;
    expect(findItemByCode(db, other, '一/1')).toBeUndefined();
    expect(listItems(db, other, [idOf('一/1')])).toEqual([]);
  });

  it('shows what changed since: a deadline superseded, a person added', () => {
    const id = idOf('一/1');
    db.prepare("UPDATE deadlines SET superseded_by = NULL, due_date = '2021-09-30' WHERE item_id = ? AND due_date = '2021-12-31'").run(id);
    db.prepare("INSERT INTO responsibles (item_id, name, assigned_at) VALUES (?, '王五', '2021-08-01')").run(id);
    const item = findItemByCode(db, ledgerId, '一/1')!;
    expect(item.deadlines).toEqual(['2021-06-30', '2021-09-30']);
    expect(item.responsible.at(-1)).toBe('王五');
    expect(itemSummaries(db, ledgerId, [id])[0]!.deadlines).toEqual(['2021-06-30', '2021-09-30']);
  });
});

describe('updates read as arrays', () => {
  it('are the updates read as objects, field for field', () => {
    note('一/1', '已召开专题会议');
    note('一/1', '计划已印发');
    note('一/2', '正在推进');
    const asObjects = db.prepare(`SELECT ${updateColumns} FROM updates u ORDER BY u.id`).all() as Update[];
    expect(updatesById(db, asObjects.map((u) => u.id))).toEqual(asObjects);
    const latest = latestUpdates(db, [idOf('一/1'), idOf('一/2'), idOf('一/3')]);
    expect([...latest.values()].map((u) => u.note)).toEqual(['计划已印发', '正在推进']);
    // 一/1's people were assigned on import, before the notes.
    expect(latestUpdates(db, [idOf('一/1')]).get(idOf('一/1'))).toEqual(asObjects.at(-2));
    expect(latestUpdates(db, [idOf('一/3')]).size).toBe(0);
  });

  it('come beside a page of a list: each item its latest, none for an item without', () => {
    note('一/2', '正在推进');
    note('一/2', '已完成初稿');
    const first = listPage(db, ledgerId, { kind: 'open' }, undefined, 1);
    expect(first.items).toEqual([{ id: idOf('一/1'), code: '一/1', title: '党建工作薄弱', status: 'in_progress', longTerm: false, deadlines: ['2021-06-30', '2021-12-31'] }]);
    expect(first.more).toBe(true);
    const page = listPage(db, ledgerId, { kind: 'open' }, first.last, 2);
    expect(page.items.map((item) => item.code)).toEqual(['一/2', '一/3']);
    expect([...page.updates].map(([itemId, update]) => [itemId, update.note])).toEqual([[idOf('一/2'), '已完成初稿']]);
    expect(page.more).toBe(false);
  });
});

describe('a statement kept compiled', () => {
  it('comes back reading rows as objects after one caller read it as arrays', () => {
    const sql = 'SELECT code FROM items ORDER BY seq LIMIT 1';
    expect(db.prepare(sql).raw().get()).toEqual(['一/1']);
    expect(db.prepare(sql).get()).toEqual({ code: '一/1' });
  });

  it('takes a LIMIT written into it only as a whole number', () => {
    expect(sqlLimit(8)).toBe('LIMIT 8');
    expect(() => sqlLimit(1.5)).toThrow();
    expect(() => sqlLimit(Number.NaN)).toThrow();
    expect(childCodes(db, ledgerId, '一', 2)).toEqual(['一/1', '一/2']);
  });
});
