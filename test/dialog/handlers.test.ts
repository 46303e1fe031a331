/** Each family of handlers, called directly on a real SQLite file: what it says, and what the file holds after. */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { handlers } from '../../src/dialog/dialog.ts';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { listUpdates } from '../../src/ledger/updates.ts';
import { ledgers } from '../support/world.ts';
import { tempDir } from '../support/files.ts';
import { type LedgerFile, openLedgerFile, room } from './ledger-file.ts';

let file: LedgerFile;
afterEach(() => file?.db.close());

describe('asking', () => {
  it('answers an item by code and remembers it as what this person talks about', () => {
    file = openLedgerFile();
    const context = file.as('张三');
    const [answer] = handlers.items(context, { kind: 'items', codes: ['一/3'] });
    expect(answer).toMatch(/^【一\/3】公租房闲置问题整改不力\n状态：正在整改\n时限：2021-06-30（已逾期 1 天）/);
    expect(context.conversations.recentItem(context.key, 10)).toBe(file.item('一/3').id);
  });

  it('lists the codes under a code with sub-items, and says when a code is not in the ledger', () => {
    file = openLedgerFile();
    expect(handlers.items(file.as('张三'), { kind: 'items', codes: ['一/4'] })).toEqual(['一/4 下有 3 项：一/4/一是、一/4/二是、一/4/三是。请回复其中一个编号。']);
    expect(handlers.items(file.as('张三'), { kind: 'items', codes: ['九/9'] })[0]).toMatch(/^台账「伊川县产业集聚区」里没有编号为 九\/9 的问题。/);
  });

  it('finds a code typed loosely, also one the ledger gained after the first question', () => {
    file = openLedgerFile();
    const ask = (code: string) => handlers.items(file.as('张三'), { kind: 'items', codes: [code] })[0];
    expect(ask('2/3')).toMatch(/^【二\/3】标准化厂房租赁费收缴不及时且闲置较多\n/);
    expect(ask('9/1')).toMatch(/^台账「伊川县产业集聚区」里没有编号为 9\/1 的问题。/);
    const added = { code: '九/1', sections: [], title: '新增的问题', problem: '问题', rectification: '', status: 'not_started' as const, longTerm: false, measures: [], deadlines: [] };
    applyReport(file.db, ledgers['003'], { reportDate: '2021-07-01', reportDateSource: 'as-of', items: [added], warnings: [] }, { fileName: 'r.txt', sha256: 'x', format: 'text', encoding: 'utf-8' }, file.clock.now());
    expect(ask('9/1')).toMatch(/^【九\/1】新增的问题\n/);
  });

  it('tells a group with no ledger how to bind one', () => {
    file = openLedgerFile();
    expect(handlers.search(file.as('张三', { room: '闲聊群' }), { kind: 'search', query: '公租房' })).toEqual([
      '本群还没有绑定台账。管理员可发送"绑定 台账名称"，现有台账：产业集聚区党工委、伊川县产业集聚区',
    ]);
  });
});

describe('lists', () => {
  it('pages a long list and goes on with 更多', () => {
    file = openLedgerFile();
    const context = file.as('李四');
    context.settings = { ...context.settings, pageSize: 2 };
    const [first] = handlers.list(context, { kind: 'list', filter: { kind: 'open' } });
    expect(first).toMatch(/^未完成的共 5 项：\n1\. 一\/3 [\s\S]*\n2\. 一\/7\/一是 [\s\S]*\n还有3项，回复"更多"$/);
    const [second] = handlers.more(context, { kind: 'more' });
    expect(second).toMatch(/^未完成的共 5 项（续）：\n3\. 一\/7\/二是 /);
    const [third] = handlers.more(context, { kind: 'more' });
    expect(third).toMatch(/^未完成的共 5 项（续）：\n5\. /);
    expect(handlers.more(context, { kind: 'more' })).toEqual(['没有更多了。']);
  });

  it('says a list paged before the upgrade that dropped it must be asked again, not that nothing follows', () => {
    // A file as the version before migration 0009 left it, with 李四 halfway through a list of open items.
    const path = join(tempDir(), 'duban.db');
    const old = new Database(path);
    const folder = new URL('../../src/ledger/migrations/', import.meta.url);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    for (const name of readdirSync(folder).filter((file) => /^000[1-8]_/.test(file)).sort()) {
      old.exec(readFileSync(new URL(name, folder), 'utf8'));
      old.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(Number(name.slice(0, 4)), name.slice(5, -4));
    }
    old.prepare('INSERT INTO conversations (room, person, more, updated_at) VALUES (?, ?, ?, ?)').run(room, '李四', JSON.stringify({ title: '未完成的共 5 项：', ids: [7, 8, 9] }), '2021-07-01T00:59:00Z');
    old.close();

    file = openLedgerFile(path);
    expect(handlers.more(file.as('李四'), { kind: 'more' })).toEqual(['现在没有可以接着看的列表：请重新问一次，例如"还有哪些没完成"。']);
    expect(handlers.more(file.as('赵六'), { kind: 'more' })).toEqual(['现在没有可以接着看的列表：请重新问一次，例如"还有哪些没完成"。']);
  });

  it('has nothing more to show after an empty list', () => {
    file = openLedgerFile();
    const context = file.as('李四');
    expect(handlers.list(context, { kind: 'list', filter: { kind: 'responsible', name: '钱九' } })).toEqual(['台账里没有 钱九 负责的问题（责任人由管理员指派）。']);
    expect(handlers.more(context, { kind: 'more' })).toEqual(['没有更多了。']);
  });
});

describe('reporting', () => {
  it("records a responsible person's progress only on their 确认, with its source", () => {
    file = openLedgerFile();
    const admin = file.as('王主任');
    handlers.assign(admin, { kind: 'assign', code: '二/3', names: ['张三'] });
    const text = '二/3 已完成80%';
    const [echo] = handlers.update(file.as('张三', { room, text }), {
      kind: 'update',
      change: { kind: 'progress', progress: 80, phrase: '已完成80%' },
      codes: ['二/3'],
      quoted: [],
      topic: '',
      text,
    });
    expect(echo).toEqual({
      text: expect.stringContaining('请确认要记录的更新：\n【二/3】标准化厂房租赁费收缴不及时且闲置较多\n进度：未报 → 80%'),
      // For 张三 alone, and for this proposal alone: a press of an older card answers nothing.
      buttons: [
        { text: '确认', for: '张三', proposal: expect.any(Number) },
        { text: '取消', for: '张三', proposal: expect.any(Number) },
      ],
    });
    expect(listUpdates(file.db, { itemId: file.item('二/3').id }).map((u) => u.kind)).toEqual(['assign']);
    const [saved] = handlers.confirm(file.as('张三'), { kind: 'confirm' });
    expect(saved).toMatch(/^已记录（#\d+）：【二\/3】/);
    expect(file.item('二/3').progress).toBe(80);
    expect(listUpdates(file.db, { itemId: file.item('二/3').id }).at(-1)).toMatchObject({ kind: 'progress', sourceText: text, confirmedBy: '张三' });
  });

  it('refuses a status change from a member, recording nothing', () => {
    file = openLedgerFile();
    const text = '二/3 已完成';
    const [said] = handlers.update(file.as('赵六', { room, text }), { kind: 'update', change: { kind: 'done', phrase: '已完成' }, codes: ['二/3'], quoted: [], topic: '', text });
    expect(said).toContain('没有记录');
    expect(handlers.confirm(file.as('赵六'), { kind: 'confirm' })).toEqual(['你没有待确认的更新。']);
  });
});

describe('approving and administering', () => {
  it('lets only an admin assign, and 销号 a done item', () => {
    file = openLedgerFile();
    expect(handlers.assign(file.as('张三'), { kind: 'assign', code: '二/3', names: ['张三'] })).toEqual(['只有管理员可以指派责任人。']);
    expect(handlers.approve(file.as('王主任'), { kind: 'approve', code: '一/1', what: 'closure' })[0]).toMatch(/^【一\/1】政治意识不够强,学习存在形式主义：已销号（#\d+）。$/);
    expect(file.item('一/1').status).toBe('closed');
    expect(handlers.pending(file.as('王主任'), { kind: 'pending' })).toEqual(['没有待审核的申报。']);
  });

  it('grants and withdraws admin rights', () => {
    file = openLedgerFile();
    expect(handlers.grant(file.as('王主任'), { kind: 'grant', name: '李四' })).toEqual([expect.stringMatching(/^已授权 李四 为台账「伊川县产业集聚区」的管理员。督办按机器人微信给联系人设的备注名认管理员/)]);
    expect(file.as('李四').roles.isAdmin({ id: '', name: '李四', remark: '李四' })).toBe(true);
    expect(handlers.revoke(file.as('王主任'), { kind: 'revoke', name: '李四' })).toEqual(['已取消 李四 对台账「伊川县产业集聚区」的管理员授权。']);
    expect(handlers.revoke(file.as('王主任'), { kind: 'revoke', name: '王主任' })).toEqual(['王主任 没有在群里被授权为台账「伊川县产业集聚区」的管理员（配置文件中的管理员只能在配置里去掉）。']);
  });
});
