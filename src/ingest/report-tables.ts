/**
 * A report whose text holds ledger tables, a Word document's or a text's lined-up rows: each table read exactly as an
 * Excel sheet is (xlsx-ledger.ts), its time limits against the report's date (its date line, or what the text around
 * the tables gives); the text's own items first, then each table's.
 */
import { UserError } from '../errors.ts';
import type { ReportDraft } from '../ledger/types.ts';
import { repeatedCode } from './outline.ts';
import { type LinePlace, type ReadOptions, paragraphsOf, readTextReport, reportDateOf } from './text-report.ts';
import { Grid } from './sheet-grid.ts';
import { type TextTable, withoutTables } from './text-tables.ts';
import { holdsLedger, readLedgerSheet } from './xlsx-ledger.ts';

export interface LedgerTable {
  sheet: Grid;
  /** What a warning calls it: `第 1 个表格`. */
  place: string;
  /** Which of the report's tables, counting from 1. */
  number: number;
}

const noItems = (error: unknown) => error instanceof UserError && error.en.startsWith('No items found');

/** Whether the table reads as a ledger: a header of ledger columns with problems below it. */
export const isLedger = (table: LedgerTable) => holdsLedger(table.sheet);

/** The text (the tables taken out of it) and its ledger tables, read as one report. */
export function readReportWithTables(text: string, ledgers: LedgerTable[], options: ReadOptions, place: LinePlace): ReportDraft {
  const date = reportDateOf(paragraphsOf(text), text, options);
  const tables = ledgers.map(({ sheet, place }) => readLedgerSheet(sheet, { ...options, asOf: date.date }, place)!);
  let narrative: ReportDraft | undefined;
  try {
    narrative = readTextReport(text, options, place);
  } catch (error) {
    if (!noItems(error)) throw error;
  }
  const warnings = [...(narrative?.warnings ?? []), ...tables.flatMap((t) => t.warnings)];
  const seen = new Map<string, number>();
  const items = [...(narrative?.items ?? []), ...tables.flatMap((t) => t.items)].map((item) => ({ ...item, code: repeatedCode(seen, item.code, warnings) }));
  return { reportDate: date.date, reportDateSource: date.source, items, warnings, layout: { ...tables[0]!.layout!, table: ledgers[0]!.number } };
}

/** A text table's rows as a sheet, row 1 its header. */
function textTableSheet(rows: string[][]): Grid {
  const sheet = new Grid('表格');
  rows.forEach((row, r) => row.forEach((text, c) => sheet.set(r + 1, c + 1, text)));
  return sheet;
}

/** A text report with tables in it; a table that reads as no ledger is left to the text, line by line. */
export function readTextWithTables(text: string, found: TextTable[], options: ReadOptions): ReportDraft {
  const tables = found
    .map((table, index) => ({ table, sheet: textTableSheet(table.rows), number: index + 1, place: `第 ${index + 1} 个表格（第 ${table.first} 行起）` }))
    .filter(isLedger);
  if (tables.length === 0) return readTextReport(text, options);
  return readReportWithTables(withoutTables(text, tables.map((t) => t.table)), tables, options, '行');
}
