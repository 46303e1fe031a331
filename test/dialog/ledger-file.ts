/**
 * The dialog's handlers on a real SQLite file with both samples imported: a context per turn, as the Dialog builds
 * one, so a test calls a handler directly and reads what it says and what the file holds after.
 */
import { join } from 'node:path';
import { ManualClock } from '../../src/clock.ts';
import { type DialogContext, type DialogSettings, keyOf } from '../../src/dialog/context.ts';
import { Roles } from '../../src/dialog/roles.ts';
import type { Turn } from '../../src/dialog/turn.ts';
import { importSamples } from '../../src/ingest/samples.ts';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { bindRoom } from '../../src/ledger/bindings.ts';
import { Conversations } from '../../src/ledger/conversations.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { findItemByCode } from '../../src/ledger/items.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import type { Item, ItemDraft } from '../../src/ledger/types.ts';
import { tempDir } from '../support/files.ts';
import { ledgers } from '../support/world.ts';

export const room = '整改工作群';

export interface LedgerFile {
  db: Db;
  clock: ManualClock;
  /** A context for one turn by `name` in the group (or, with `room: undefined`, a direct message). */
  as(name: string, options?: { room?: string; text?: string }): DialogContext;
  item(code: string): Item;
}

const settings: DialogSettings = { timeZone: 'Asia/Shanghai', pageSize: 10, prefix: '督办', noticeCutoff: '18:00', proposalMinutes: 10, undoHours: 24 };

/** `path`: a file made beforehand (an older version's, say); a new one without it. */
export function openLedgerFile(path = join(tempDir(), 'duban.db')): LedgerFile {
  const db = openDatabase(path);
  const clock = new ManualClock('2021-07-01T09:00:00+08:00');
  importSamples(db, clock.now(), settings.timeZone);
  const ledger = findLedger(db, ledgers['003'])!;
  bindRoom(db, { roomTopic: room, ledgerId: ledger.id, by: 'test' }, clock.now());
  const roles = new Roles(db, ['王主任'], () => clock.now());
  const conversations = new Conversations(db, clock);
  let message = 0;
  return {
    db,
    clock,
    as(name, options = { room }) {
      // As in a WeChat group whose people the bot account has remarked by their names.
      const person = { id: `id:${name}`, name, remark: name };
      const turn: Turn = { room: options.room, person, isAdmin: roles.isAdmin(person), messageId: `m${++message}`, text: options.text };
      return { db, clock, roles, conversations, settings, turn, key: keyOf(turn) };
    },
    item: (code) => findItemByCode(db, ledger.id, code)!,
  };
}

/** An item in progress, `一/n`, with nothing but its words: for a ledger of a test's own. */
export const draftItem = (n: number, title: string, problem = '问题尚未解决。'): ItemDraft => ({
  code: `一/${n}`,
  sections: [],
  title,
  problem,
  rectification: '正在整改。',
  status: 'in_progress',
  longTerm: false,
  measures: [],
  deadlines: [],
});

/** Imports these items as the ledger `name`, as `duban import` would a report of them. */
export const importItems = (db: Db, name: string, items: ItemDraft[], now: Date) =>
  applyReport(db, name, { reportDate: '2021-07-01', reportDateSource: 'as-of', items, warnings: [] }, { fileName: 'r.txt', sha256: name, format: 'text', encoding: 'utf-8' }, now);
