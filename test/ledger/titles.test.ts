/**
 * The items whose titles hold a question's words, found in memory (src/ledger/titles.ts), on a real SQLite file:
 * the same items and the same ranks as the full-text index gives, and never an answer older than the ledger.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { handlers } from '../../src/dialog/dialog.ts';
import { bindRoom } from '../../src/ledger/bindings.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { withSearchDeferred } from '../../src/ledger/search.ts';
import { titleMatches } from '../../src/ledger/titles.ts';
import type { ItemDraft } from '../../src/ledger/types.ts';
import { correctTypos } from '../../src/understand/typos.ts';
import { type LedgerFile, draftItem, importItems, openLedgerFile } from '../dialog/ledger-file.ts';

let file: LedgerFile;
let other: Db | undefined;
afterEach(() => {
  other?.close();
  other = undefined;
  file?.db.close();
});

const item = draftItem;
const importReport = (db: Db, name: string, items: ItemDraft[]) => importItems(db, name, items, file.clock.now());

/** What the full-text index answers for the same words: the query the search asked before. */
function indexed(db: Db, ledgerId: number, phrases: string[], ranked: number, limit: number) {
  const match = `{title} : (${phrases.map((phrase) => `"${phrase.replace(/"/g, '""')}"`).join(' OR ')})`;
  return db
    .prepare(`SELECT id, rank FROM (
        SELECT f.rowid AS id, bm25(items_fts, 8.0, 2.0, 1.0) AS rank FROM items_fts f JOIN items l ON l.id = f.rowid
        WHERE f.items_fts MATCH ? AND l.ledger_id = ? ORDER BY f.rowid LIMIT ?)
      ORDER BY rank, id LIMIT ?`)
    .all(match, ledgerId, ranked, limit) as { id: number; rank: number }[];
}

describe('the items whose titles hold the words', () => {
  it('are those the full-text index finds, ranked exactly as it ranks them, every ledger of the file counting', () => {
    file = openLedgerFile();
    // Titles of every length, the words once, twice and overlapping, ASCII letters in either case, quotes; a second
    // ledger that also holds the words, so that how rare they are is read over the whole file.
    const titles = ['公租房维修', '公租房公租房分配', '城关镇公租房', 'LED灯公租房', '"公租房"引号', '哈哈哈哈公租房', '路灯led灯更换'];
    const items = Array.from({ length: 140 }, (_, i) => item(i + 1, `${'第'.repeat(i % 7)}${titles[i % titles.length]}`, '问题'.repeat(1 + (i % 5))));
    importReport(file.db, '片区台账', items);
    importReport(file.db, '另一台账', items.slice(0, 40).map((draft, i) => ({ ...draft, problem: '另'.repeat(i) })));
    const ledgerId = findLedger(file.db, '片区台账')!.id;
    const asked = [['公租房'], ['公租房公'], ['led灯'], ['哈哈哈'], ['哈哈哈哈'], ['"公租房"'], ['公租房', 'led灯'], ['led灯', '公租房', '房分配'], ['没有的词']];
    for (const phrases of asked) {
      for (const [ranked, limit] of [[100, 20], [100, 60], [150, 150]] as const) {
        const found = titleMatches(file.db, ledgerId, phrases, ranked, limit);
        expect(found, phrases.join(' ')).toEqual(indexed(file.db, ledgerId, phrases, ranked, limit));
      }
    }
    // The titles are kept in lower case: words asked in upper case are left to the index, which folds them.
    expect(titleMatches(file.db, ledgerId, ['LED灯'], 100, 20)).toBeUndefined();
    // Of the titles holding 公租房 twice (第公租房公租房分配), the item with the shortest problem (问题, once) is first.
    const [best] = titleMatches(file.db, ledgerId, ['公租房'], 100, 1)!;
    expect(file.db.prepare('SELECT code FROM items WHERE id = ?').pluck().get(best!.id)).toBe('一/16');
  });

  it('are left to the index when a title has a letter JavaScript may fold otherwise (Ｂ, full width)', () => {
    file = openLedgerFile();
    importReport(file.db, '片区台账', [item(1, 'Ｂ栋公租房维修'), item(2, '公租房分配')]);
    const ledgerId = findLedger(file.db, '片区台账')!.id;
    expect(titleMatches(file.db, ledgerId, ['公租房'], 100, 20)).toBeUndefined();
  });
});

describe('a search after the ledger changed', () => {
  const places = ['城关', '河庄', '山桥', '石湾', '柳坪'];
  /** 25 items with 公租房 in their titles, all alike: in the order of their codes until one says it more. */
  const items = Array.from({ length: 25 }, (_, i) => item(i + 1, `${places[i % 5]}${String.fromCharCode(0x7532 + Math.floor(i / 5))}公租房维修`));
  const firstLines = (answer: string) => answer.split('\n').slice(1, 3).map((line) => line.split(' ')[1]);

  it('finds an item renamed or added by another connection since the last question', () => {
    file = openLedgerFile();
    importReport(file.db, '片区台账', items);
    bindRoom(file.db, { roomTopic: '片区群', ledgerId: findLedger(file.db, '片区台账')!.id, by: 'test' }, file.clock.now());
    const ask = () => handlers.search(file.as('赵六', { room: '片区群' }), { kind: 'search', query: '公租房' })[0] as string;
    expect(ask()).toMatch(/^找到 5 项与"公租房"相关的问题：/);
    expect(firstLines(ask())).toEqual(['一/1', '一/2']);

    other = openDatabase(file.db.name);
    other.prepare("UPDATE items SET title = '公租房公租房维修' WHERE code = '一/20'").run();
    expect(firstLines(ask())).toEqual(['一/20', '一/1']);

    importReport(other, '片区台账', [...items, item(26, '公租房公租房公租房')]);
    expect(firstLines(ask())).toEqual(['一/26', '一/1']);
  });

  it('are not kept from inside an import, while the ledger is out of the index, past its end', () => {
    file = openLedgerFile();
    importReport(file.db, '片区台账', items);
    const ledgerId = findLedger(file.db, '片区台账')!.id;
    const found = () => titleMatches(file.db, ledgerId, ['公租房'], 100, 20)!;
    expect(file.db.transaction(() => withSearchDeferred(file.db, ledgerId, found))()).toEqual([]);
    expect(found()).toHaveLength(20);
    expect(found()).toEqual(indexed(file.db, ledgerId, ['公租房'], 100, 20));
  });

  it('reads a typo as a word of a title another connection wrote since (湖院 for 湖苑 of 翠湖苑)', () => {
    file = openLedgerFile();
    importReport(file.db, '片区台账', items);
    const ledgerId = findLedger(file.db, '片区台账')!.id;
    expect(correctTypos(file.db, ledgerId, '湖院咋样了')).toBe('湖院咋样了');
    other = openDatabase(file.db.name);
    other.prepare("UPDATE items SET title = '翠湖苑公租房维修' WHERE code = '一/3'").run();
    expect(correctTypos(file.db, ledgerId, '湖院咋样了')).toBe('湖苑咋样了');
  });
});
