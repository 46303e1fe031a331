/**
 * Migration 0018 on a file the version before it left: proposals, conversations, updates and evidence written when
 * they were kept by the name are still that name's (`name:` and the name), for whoever is known by that name alone
 * (the web protocol without a remark); a person with a key is another person, even under the same name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { Conversations } from '../../src/ledger/conversations.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { evidenceTarget } from '../../src/ledger/evidence.ts';
import { findOpenProposal, openProposal } from '../../src/ledger/proposals.ts';
import { latestBy, recordedSince } from '../../src/ledger/record.ts';
import { ownerOf } from '../../src/message.ts';
import { tempDir } from '../support/files.ts';

let db: Db | undefined;
afterEach(() => db?.close());

const room = '整改工作群';
const clock = new ManualClock('2021-07-01T09:00:00+08:00');
const at = (minutesAgo: number) => new Date(clock.now().getTime() - minutesAgo * 60_000).toISOString();

/** A file as the version before migration 0018 left it (every other migration applied), with rows kept by name. */
function fileBefore0018(): string {
  const path = join(tempDir(), 'duban.db');
  const old = new Database(path);
  const folder = new URL('../../src/ledger/migrations/', import.meta.url);
  old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  for (const name of readdirSync(folder).filter((file) => /^\d{4}_.+\.sql$/.test(file) && !file.startsWith('0018_')).sort()) {
    old.exec(readFileSync(new URL(name, folder), 'utf8'));
    old.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(Number(name.slice(0, 4)), name.slice(5, -4));
  }
  old.prepare("INSERT INTO ledgers (id, name, created_at, updated_at) VALUES (1, '台账', ?, ?)").run(at(60), at(60));
  old.prepare(`INSERT INTO items (id, ledger_id, code, seq, sections, title, problem, rectification, reported_status, status, long_term, created_at, updated_at)
    VALUES (1, 1, '二/3', 1, '[]', '厂房租金', '租金未收', '追缴', 'in_progress', 'in_progress', 0, ?, ?)`).run(at(60), at(60));
  old.prepare(`INSERT INTO updates (id, item_id, kind, author, room, at, source_text, note, confirmed_by, confirmed_at)
    VALUES (1, 1, 'note', '王五', ?, ?, '二/3 已召开协调会', '已召开协调会', '王五', ?)`).run(room, at(5), at(5));
  old.prepare(`INSERT INTO evidence (id, update_id, path, file_name, kind, author, room, message_id, at, bytes)
    VALUES (1, 1, 'evidence/2021-07-01/m1-a.jpg', 'a.jpg', 'image', '王五', ?, 'm1', ?, 3)`).run(room, at(4));
  old.prepare(`INSERT INTO proposals (id, ledger_id, room, person, message_id, source_text, change, candidates, created_at, expires_at)
    VALUES (1, 1, ?, '李四', 'm2', '二/3 已完成', '{}', '[1]', ?, ?)`).run(room, at(2), at(-8));
  old.prepare('INSERT INTO conversations (room, person, choices, choices_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(room, '李四', '[1]', at(2), at(2));
  old.close();
  return path;
}

describe('migration 0018 (person keys)', () => {
  const byName = (name: string) => ({ key: ownerOf({ id: `web-${name}`, name }), name });
  const withKey = (name: string) => ({ key: ownerOf({ id: 'x', key: 'dingtalk:lisi02', name }), name });

  it("keeps every row written by name that name's, and another person of the same name apart from it", () => {
    db = openDatabase(fileBefore0018());
    expect(db.prepare('SELECT person, person_key FROM proposals').get()).toEqual({ person: '李四', person_key: 'name:李四' });
    expect(db.prepare('SELECT person_key FROM conversations').pluck().get()).toBe('name:李四');

    expect(findOpenProposal(db, room, byName('李四').key)?.sourceText).toBe('二/3 已完成');
    expect(findOpenProposal(db, room, withKey('李四').key)).toBeUndefined();
    const conversations = new Conversations(db, clock);
    expect(conversations.choices({ room, personKey: byName('李四').key }, 10)).toEqual([1]);
    expect(conversations.choices({ room, personKey: withKey('李四').key }, 10)).toBeUndefined();

    expect(latestBy(db, 1, byName('王五'))).toMatchObject({ id: 1, author: '王五', authorKey: 'name:王五' });
    expect(recordedSince(db, room, byName('王五'), new Date(at(10)))).toBe(true);
    expect(evidenceTarget(db, room, byName('王五'), clock.now(), 30)).toEqual({ updateId: 1, itemId: 1 });
    expect(evidenceTarget(db, room, { key: 'feishu:ou_wangwu', name: '王五' }, clock.now(), 30)).toBeUndefined();

    // One open proposal per person and group, by whose it is: a namesake with a key opens their own beside it.
    const theirs = openProposal(db, { ledgerId: 1, room, person: '李四', personKey: withKey('李四').key, messageId: 'm3', sourceText: '二/3 已完成', change: {}, candidates: [1], createdAt: at(0), expiresAt: at(-10) });
    expect(db.prepare("SELECT id FROM proposals WHERE state = 'open' ORDER BY id").pluck().all()).toEqual([1, theirs.id]);
  });
});
