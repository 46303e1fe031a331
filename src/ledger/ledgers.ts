import { UserError } from '../errors.ts';
import type { Db } from './db.ts';
import type { Ledger, ReportDateSource } from './types.ts';

interface LedgerRow {
  id: number;
  name: string;
  report_date: string | null;
  report_date_source: ReportDateSource | null;
}

const toLedger = (row: LedgerRow): Ledger => ({
  id: row.id,
  name: row.name,
  reportDate: row.report_date,
  reportDateSource: row.report_date_source,
});

export function listLedgers(db: Db): Ledger[] {
  const rows = db.prepare('SELECT id, name, report_date, report_date_source FROM ledgers ORDER BY id').all() as LedgerRow[];
  return rows.map(toLedger);
}

export function findLedger(db: Db, name: string): Ledger | undefined {
  const row = db.prepare('SELECT id, name, report_date, report_date_source FROM ledgers WHERE name = ?').get(name) as
    | LedgerRow
    | undefined;
  return row && toLedger(row);
}

/** A ledger by its name, or by a part of it that only one ledger has (`伊川`, `003`). */
export function matchLedger(db: Db, name: string): Ledger | undefined {
  const matches = ledgersMatching(db, name);
  return matches.length === 1 ? matches[0] : undefined;
}

/** The ledger of that name, or else every ledger whose name holds it. */
function ledgersMatching(db: Db, name: string): Ledger[] {
  const exact = findLedger(db, name);
  return exact ? [exact] : listLedgers(db).filter((l) => l.name.includes(name));
}

/**
 * The ledger a command means: the one named (or the only one whose name holds what was given), or, when none is
 * named, the only one there is. Anything else is a question back to the user, never a guess.
 */
export function resolveLedger(db: Db, name?: string): Ledger {
  if (name !== undefined) {
    const matches = ledgersMatching(db, name);
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      const names = matches.map((l) => l.name);
      throw new UserError(`"${name}"对应多个台账：${names.join('、')}，请写全名`, `"${name}" matches several ledgers: ${names.join(', ')}`);
    }
    const known = listLedgers(db).map((l) => l.name);
    const hint = known.length ? `现有台账：${known.join('、')}` : '还没有导入任何台账';
    const hintEn = known.length ? `known ledgers: ${known.join(', ')}` : 'no ledger has been imported yet';
    throw new UserError(`没有名为"${name}"的台账（${hint}）`, `No ledger named "${name}" (${hintEn})`);
  }
  const all = listLedgers(db);
  if (all.length === 1) return all[0]!;
  if (all.length === 0) {
    throw new UserError('还没有导入任何台账，请先运行 duban import 文件', 'No ledger yet: run duban import FILE first');
  }
  throw new UserError(
    `有多个台账，请用 --ledger 指定：${all.map((l) => l.name).join('、')}`,
    `There are several ledgers; choose one with --ledger: ${all.map((l) => l.name).join(', ')}`,
  );
}
