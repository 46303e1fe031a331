/**
 * Retrieval on a real SQLite file: which item a question is answered with when many items hold its words, and
 * what is never read as a typo.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { handlers } from '../../src/dialog/dialog.ts';
import { bindRoom } from '../../src/ledger/bindings.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import type { ItemDraft } from '../../src/ledger/types.ts';
import { correctTypos } from '../../src/understand/typos.ts';
import { ledgers } from '../support/world.ts';
import { type LedgerFile, draftItem, importItems, openLedgerFile } from '../dialog/ledger-file.ts';

let file: LedgerFile;
afterEach(() => file?.db.close());

const item = draftItem;

describe('a question many items answer', () => {
  it('is answered with the later item that has the words in its title, not the hundreds before it that only mention them', () => {
    file = openLedgerFile();
    const mentions = Array.from({ length: 150 }, (_, i) => item(i + 1, `第${i + 1}片区配套工作推进缓慢`, '片区内污水管网配套未接通，道路未硬化。'));
    const items = [...mentions, item(151, '污水管网建设滞后', '纬七路西段管网未接通。')];
    importItems(file.db, '片区台账', items, file.clock.now());
    bindRoom(file.db, { roomTopic: '片区群', ledgerId: findLedger(file.db, '片区台账')!.id, by: 'test' }, file.clock.now());
    const [answer] = handlers.search(file.as('赵六', { room: '片区群' }), { kind: 'search', query: '污水管网咋样了' });
    expect(answer).toMatch(/^【一\/151】污水管网建设滞后\n/);
  });
});

describe('a question after the ledger changed', () => {
  it('reads the items as they are now, not as an earlier question found them', () => {
    file = openLedgerFile();
    const importReport = (items: ItemDraft[]) => importItems(file.db, '片区台账', items, file.clock.now());
    importReport([item(1, '污水管网建设滞后', '纬七路西段管网未接通。'), item(2, '污水管网维护不到位', '井盖缺失。')]);
    bindRoom(file.db, { roomTopic: '片区群', ledgerId: findLedger(file.db, '片区台账')!.id, by: 'test' }, file.clock.now());
    const ask = (query: string) => handlers.search(file.as('赵六', { room: '片区群' }), { kind: 'search', query })[0];
    expect(ask('污水管网咋样了')).toMatch(/^找到 2 项/);
    importReport([item(1, '污水管网建设滞后', '纬七路西段管网未接通。'), item(2, '污水管网维护不到位', '井盖缺失，雨污分流未完成。')]);
    expect(ask('污水管网雨污分流咋样了')).toMatch(/^【一\/2】污水管网维护不到位\n/);
  });
});

describe('typos', () => {
  it('never "corrects" a common word: 那个项目 stays, though the ledger has 各项 (各项惠企优惠政策), which sounds like 个项', () => {
    file = openLedgerFile();
    const ledgerId = findLedger(file.db, ledgers['000'])!.id;
    for (const text of ['东鑫焦化那个项目', '有个项目还没完成', '各个项目进展咋样']) expect(correctTypos(file.db, ledgerId, text)).toBe(text);
    // A stretch that only sounds like a word of the ledger still reads as that word.
    expect(correctTypos(file.db, ledgerId, '东升高科那家咋样了')).toBe('东昇高科那家咋样了');
    expect(correctTypos(file.db, findLedger(file.db, ledgers['003'])!.id, '公祖房咋样了')).toBe('公租房咋样了');
  });
});
