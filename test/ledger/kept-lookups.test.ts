import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { bindRoom, boundLedger, findBinding, unbindRoom } from '../../src/ledger/bindings.ts';
import { type Db, openDatabase, write } from '../../src/ledger/db.ts';
import { removeDiscardedEvidence } from '../../src/ledger/evidence.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { expireProposals, openProposal } from '../../src/ledger/proposals.ts';
import { isGranted, recordRoleChange } from '../../src/ledger/role-changes.ts';
import type { ItemDraft } from '../../src/ledger/types.ts';
import { tempDir } from '../support/files.ts';

/**
 * What every message looks up (its group's binding and ledger, its sender's rights, whether a proposal is due to
 * expire) is kept per connection until it changes (migration 0064): here a change made by another process's
 * connection must be seen by the next lookup, as must one rolled back.
 */
const room = '整改工作群';
const at = new Date('2021-07-01T01:00:00Z');
const item: ItemDraft = { code: '一/1', sections: [], title: '问题', problem: '问题', rectification: '', status: 'in_progress', longTerm: false, measures: [], deadlines: [] };

let dir: string;
let db: Db;
/** Another process's connection to the same file. */
let other: Db;
const ledgerIds: Record<string, number> = {};

function importLedger(into: Db, name: string, reportDate: string): number {
  const source = { fileName: `${name}.txt`, sha256: reportDate, format: 'text', encoding: 'utf-8' };
  applyReport(into, name, { reportDate, reportDateSource: 'as-of', items: [item], warnings: [] }, source, at);
  return findLedger(into, name)!.id;
}

beforeEach(() => {
  dir = tempDir();
  db = openDatabase(join(dir, 'duban.db'));
  other = openDatabase(join(dir, 'duban.db'));
  ledgerIds.a = importLedger(db, '甲台账', '2021-01-01');
  ledgerIds.b = importLedger(db, '乙台账', '2021-02-01');
});
afterEach(() => {
  other.close();
  db.close();
});

describe('a group’s binding and ledger', () => {
  it('follow every bind, move, re-import and unbind, made here or in another process', () => {
    expect(findBinding(db, room)).toBeUndefined();
    bindRoom(other, { roomTopic: room, ledgerId: ledgerIds.a!, by: '王主任' }, at);
    expect(findBinding(db, room)).toMatchObject({ ledgerName: '甲台账', broadcastAt: '09:00' });
    expect(boundLedger(db, room)).toMatchObject({ name: '甲台账', reportDate: '2021-01-01' });

    bindRoom(other, { roomTopic: room, ledgerId: ledgerIds.b!, broadcastAt: '08:30', by: '王主任' }, at);
    expect(findBinding(db, room)).toMatchObject({ ledgerName: '乙台账', broadcastAt: '08:30' });
    expect(boundLedger(db, room)).toMatchObject({ name: '乙台账', reportDate: '2021-02-01' });

    importLedger(other, '乙台账', '2021-03-01');
    expect(boundLedger(db, room)).toMatchObject({ name: '乙台账', reportDate: '2021-03-01' });

    unbindRoom(other, room);
    expect(findBinding(db, room)).toBeUndefined();
    expect(boundLedger(db, room)).toBeUndefined();
  });

  it('bound in a transaction that is rolled back, is not bound after it', () => {
    expect(findBinding(db, room)).toBeUndefined();
    expect(() =>
      write(db, () => {
        bindRoom(db, { roomTopic: room, ledgerId: ledgerIds.a!, by: '王主任' }, at);
        expect(findBinding(db, room)).toMatchObject({ ledgerName: '甲台账' });
        throw new Error('the answer failed');
      }),
    ).toThrow('the answer failed');
    expect(findBinding(db, room)).toBeUndefined();
  });
});

describe('rights', () => {
  const grant = (action: 'grant' | 'revoke', person: string) =>
    recordRoleChange(other, { action, person, ledgerId: ledgerIds.a!, room, by: '王主任', at: at.toISOString() });

  it('follow every grant and revocation made in another process', () => {
    expect(isGranted(db, ['wechaty:p7'], ledgerIds.a)).toBe(false);
    grant('grant', 'wechaty:p7');
    expect(isGranted(db, ['wechaty:p7'], ledgerIds.a)).toBe(true);
    expect(isGranted(db, ['wechaty:p7'], ledgerIds.b)).toBe(false);
    grant('revoke', 'wechaty:p7');
    expect(isGranted(db, ['wechaty:p7'], ledgerIds.a)).toBe(false);
  });
});

describe('tidying up after a message', () => {
  it('expires a proposal another process opened after the last look found none open', () => {
    const hourLater = new Date(at.getTime() + 3_600_000);
    expect(expireProposals(db, hourLater, hourLater)).toBe(0);
    openProposal(other, {
      ledgerId: ledgerIds.a!,
      room,
      person: '张三',
      personKey: 'wechaty:p1',
      messageId: 'm1',
      sourceText: '一/1 已完成',
      change: { kind: 'status', status: 'done' },
      candidates: [1],
      createdAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + 600_000).toISOString(),
    });
    expect(expireProposals(db, at, at)).toBe(0);
    expect(expireProposals(db, hourLater, hourLater)).toBe(1);
    expect(expireProposals(db, hourLater, hourLater)).toBe(0);
  });

  it('removes the file of evidence another process discarded after the last look found none', () => {
    expect(removeDiscardedEvidence(db, dir)).toBe(0);
    mkdirSync(join(dir, 'evidence'), { recursive: true });
    writeFileSync(join(dir, 'evidence', 'photo.png'), 'png');
    other.prepare('INSERT INTO evidence_discarded (path) VALUES (?)').run('evidence/photo.png');
    expect(removeDiscardedEvidence(db, dir)).toBe(1);
    expect(existsSync(join(dir, 'evidence', 'photo.png'))).toBe(false);
    expect(removeDiscardedEvidence(db, dir)).toBe(0);
  });
});
