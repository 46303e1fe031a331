/**
 * The morning's notices: 1,000 groups bound to one 10,000-item ledger, each group's notice, reminders and escalation
 * composed as the scheduler's tick does at 09:00 (read only: nothing is queued). Beside it, in the same run and
 * interleaved, the floor: the very SQL calls composing made, with their parameters, recorded once and replayed on
 * prepared statements with nothing built from their rows.
 */
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeDaily, type DailyOptions, ledgerDayOf } from '../src/broadcast/post.ts';
import { readTextReport } from '../src/ingest/text-report.ts';
import { applyReport } from '../src/ledger/apply-report.ts';
import { type Binding, bindRoom, listBindings } from '../src/ledger/bindings.ts';
import { type Db, openDatabase } from '../src/ledger/db.ts';
import { listItems } from '../src/ledger/items.ts';
import { findLedger } from '../src/ledger/ledgers.ts';
import { assignResponsible, recordUpdate } from '../src/ledger/record.ts';
import { syntheticReport } from './synthetic.ts';
import { median, reportBeside, time } from './support.ts';

const itemCount = 10_000;
const groups = 1_000;
const rounds = 7;
const at = (text: string) => new Date(`${text}+08:00`);

export function run(): void {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  const path = join(dir, 'duban.db');
  const db = openDatabase(path);
  const bindings = morningLedger(db);
  const options: DailyOptions = {
    now: at('2021-07-01T09:00'),
    calendar: { timeZone: 'Asia/Shanghai', holidays: [], workdays: [], cutoff: '18:00' },
    admins: ['王主任'],
    escalateAfterDays: 3,
  };
  const morning = (on: Db) => {
    const ledgerDay = ledgerDayOf(on, bindings[0]!, options);
    return bindings.map((binding) => composeDaily(on, binding, options, ledgerDay));
  };
  const calls: Call[] = [];
  const sample = morning(recording(db, calls))[0]!;
  const replay = replayer(db, calls);

  const composeMs: number[] = [];
  const sqlMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    composeMs.push(time(() => morning(db)));
    sqlMs.push(time(replay));
  }
  reportBeside({ bench: 'notices.compose-1000-groups', unit: 'ms', baseline: 'the same SQL calls alone, replayed', digits: 1 }, median(composeMs), median(sqlMs), {
    groups,
    items: itemCount,
    sqlCalls: calls.length,
    firstGroup: { noticeLines: sample.notice.text.split('\n').length, reminded: sample.reminder?.reminded.length ?? 0, escalated: sample.escalation?.reminded.length ?? 0 },
  });
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The synthetic 10,000-item ledger imported on 2021-03-01 and looked at on 2021-07-01: overdue and soon-due items, a
 * responsible person on every tenth item, updates from the day before, and 1,000 groups bound to it.
 */
function morningLedger(db: Db): Binding[] {
  const draft = readTextReport(syntheticReport(itemCount), { today: '2021-03-01' });
  const source = { fileName: 'bench.txt', sha256: '-', format: 'text', encoding: 'utf-8' };
  applyReport(db, 'bench', draft, source, at('2021-03-01T09:00'));
  const ledger = findLedger(db, 'bench')!;
  const items = listItems(db, ledger.id);
  const said = (when: string) => ({ author: '王主任', room: '群0001', messageId: null, text: '已完成过半', at: at(when) });
  db.transaction(() => {
    items.forEach((item, i) => {
      if (i % 10 === 0) assignResponsible(db, item.id, `责任人${i % 37}`, said('2021-03-02T10:00'));
      if (i % 50 === 0) recordUpdate(db, { itemId: item.id, kind: 'progress', change: { progress: 60, note: '已完成过半' }, source: said('2021-06-30T15:00'), confirmedBy: '王主任' });
      if (i % 97 === 0) recordUpdate(db, { itemId: item.id, kind: 'deadline', change: { deadline: '2021-07-02' }, source: said('2021-06-30T16:00'), confirmedBy: '王主任' });
    });
    for (let g = 1; g <= groups; g++) bindRoom(db, { roomTopic: `群${String(g).padStart(4, '0')}`, ledgerId: ledger.id, by: 'bench' }, at('2021-03-01T09:00'));
  })();
  return listBindings(db);
}

export interface Call {
  sql: string;
  pluck: boolean;
  method: 'all' | 'get';
  args: unknown[];
}

/** The database as composing sees it, noting every query it runs with its parameters. */
export function recording(db: Db, calls: Call[]): Db {
  const statement = (sql: string) => {
    const real = db.prepare(sql);
    let pluck = false;
    const noted: Database.Statement = new Proxy(real, {
      get(target, key) {
        if (key === 'pluck') return (on = true) => ((pluck = on), target.pluck(on), noted);
        if (key === 'all' || key === 'get') return (...args: unknown[]) => (calls.push({ sql, pluck, method: key, args }), target[key](...args));
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return noted;
  };
  return new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') return statement;
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Runs the recorded calls again on statements prepared beforehand. */
export function replayer(db: Db, calls: Call[]): () => void {
  const prepared = new Map<string, Database.Statement>();
  const steps = calls.map((call) => {
    const key = `${call.pluck}:${call.sql}`;
    if (!prepared.has(key)) prepared.set(key, db.prepare(call.sql).pluck(call.pluck));
    const statement = prepared.get(key)!;
    return () => statement[call.method](...call.args);
  });
  return () => steps.forEach((step) => step());
}
