/**
 * The ledger as the Excel sheet an office keeps (整改台账): the standard columns, each item's status, its last update
 * and days overdue, coloured red (overdue), yellow (due within 7 days) and green (done), ready to print on A4
 * landscape. Columns are named and filled the way the importer reads them, so importing the file again gives back
 * the same ledger.
 */
import ExcelJS from 'exceljs';
import { addDays, dateIn, timeIn } from '../clock.ts';
import { updateText } from '../dialog/answers.ts';
import { type LedgerField, columnNames, ledgerFields } from '../ingest/ledger-columns.ts';
import { problemCell } from '../ingest/problem-cell.ts';
import type { Db } from '../ledger/db.ts';
import { listItems } from '../ledger/items.ts';
import { dueWithin, overdueItems } from '../ledger/listings.ts';
import { type Item, type Ledger, type ReportDraft, type Section, type Status, statusNames } from '../ledger/types.ts';
import { latestUpdates } from '../ledger/updates.ts';
import { outlineHeading } from './outline-marker.ts';

/** In characters; together about what fits across A4 landscape, which the page setup then fits exactly. */
const widths: Record<LedgerField, number> = {
  code: 7,
  category: 12,
  problem: 26,
  plannedMeasures: 18,
  leader: 7,
  unit: 9,
  responsible: 7,
  deadline: 11,
  progress: 26,
  status: 9,
  lastUpdate: 16,
  overdueDays: 5,
  remark: 8,
  warnings: 30,
};

const fills = { overdue: 'FFFFC7CE', dueSoon: 'FFFFEB9C', done: 'FFC6EFCE' } as const;
type Colour = keyof typeof fills;

/** `一、政治站位不高…` over `4、破解制约…`: the item's sections, one a line, numbered as in the report. */
const categoryCell = (sections: Section[]) =>
  sections.map((s) => outlineHeading(s.code, s.title)).join('\n');

/** One date as a date cell; several, or 长期坚持, as text the importer reads back. */
function timeLimitCell(deadlines: string[], longTerm: boolean): ExcelJS.CellValue {
  if (deadlines.length === 1) return new Date(`${deadlines[0]}T00:00:00Z`);
  if (deadlines.length > 1) return deadlines.join('、');
  return longTerm ? '长期坚持' : null;
}

const statusCell = (item: { status: Status; longTerm: boolean }) => statusNames[item.status] + (item.longTerm ? '，长期坚持' : '');

export interface LedgerExport {
  workbook: Buffer;
  counts: Record<Colour, number>;
  items: number;
}

type Row = { values: Partial<Record<LedgerField, ExcelJS.CellValue>>; colour?: Colour };

/** The sheet: a title, a line under it, a frozen header with filters, the rows, the category merged down. */
async function ledgerSheet(title: string, subtitle: string, fields: readonly LedgerField[], rows: Row[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('整改台账', {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '3:3',
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
  });
  sheet.columns = fields.map((field) => ({ key: field, width: widths[field] }));
  const last = fields.length;
  const categoryColumn = fields.indexOf('category') + 1;

  sheet.addRow([title]);
  sheet.addRow([subtitle]);
  sheet.mergeCells(1, 1, 1, last);
  sheet.mergeCells(2, 1, 2, last);
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  const header = sheet.addRow(fields.map((field) => columnNames[field].names[0]));
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  sheet.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: last } };

  for (const { values, colour } of rows) {
    const row = sheet.addRow(fields.map((field) => values[field] ?? null));
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell('deadline').numFmt = 'yyyy-mm-dd';
    if (colour) {
      // Not the category: it is merged over items of other colours.
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        if (column !== categoryColumn) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fills[colour] } };
      });
    }
  }
  mergeRepeats(sheet, categoryColumn, 4);
  for (let r = 3; r <= sheet.rowCount; r++) {
    sheet.getRow(r).eachCell({ includeEmpty: true }, (cell) => {
      cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The columns every ledger sheet has: the export's, or a review's, whose own columns come after them. */
const exportFields = ledgerFields.filter((field) => field !== 'warnings');

export async function ledgerXlsx(db: Db, ledger: Ledger, now: Date, timeZone: string): Promise<LedgerExport> {
  const today = dateIn(now, timeZone);
  const items = listItems(db, ledger.id);
  const latest = latestUpdates(db, items.map((i) => i.id));
  const overdue = new Map(overdueItems(db, ledger.id, today).map((d) => [d.id, d.days]));
  const dueSoon = new Set(dueWithin(db, ledger.id, today, addDays(today, 7)).map((d) => d.id));
  const colourOf = (item: Item): Colour | undefined =>
    overdue.has(item.id) ? 'overdue' : dueSoon.has(item.id) ? 'dueSoon' : item.status === 'done' || item.status === 'closed' ? 'done' : undefined;

  const counts: Record<Colour, number> = { overdue: 0, dueSoon: 0, done: 0 };
  const rows = items.map((item): Row => {
    const colour = colourOf(item);
    if (colour) counts[colour]++;
    return {
      colour,
      values: {
        code: item.code,
        category: categoryCell(item.sections),
        problem: problemCell(item),
        plannedMeasures: item.plannedMeasures,
        leader: item.leader,
        unit: item.unit,
        responsible: item.responsible.join('、'),
        deadline: timeLimitCell(item.deadlines, item.longTerm),
        progress: item.rectification,
        status: statusCell(item),
        lastUpdate: latest.has(item.id) ? updateText(latest.get(item.id), { today, timeZone }) : '',
        overdueDays: overdue.get(item.id) ?? null,
        remark: item.remark,
      },
    };
  });
  const subtitle = `报告日期：${ledger.reportDate ?? '未知'}　导出时间：${today} ${timeIn(now, timeZone)}　共 ${items.length} 项`;
  const workbook = await ledgerSheet(`「${ledger.name}」巡察整改台账`, subtitle, exportFields, rows);
  return { workbook, counts, items: items.length };
}

/**
 * What an import read, before anything is written, as a ledger sheet the user corrects in Excel or WPS and imports
 * back: the export's columns that are read back, and what the reader could not read of each item beside it.
 */
export async function reviewXlsx(ledgerName: string, draft: ReportDraft, fileName: string): Promise<Buffer> {
  const fields = [...exportFields.filter((field) => !columnNames[field].derived), 'warnings'] as const;
  const rows = draft.items.map((item): Row => ({
    colour: item.warnings?.length ? 'dueSoon' : undefined,
    values: {
      code: item.code,
      category: categoryCell(item.sections),
      problem: problemCell(item),
      plannedMeasures: item.plannedMeasures ?? '',
      leader: item.leader ?? '',
      unit: item.unit ?? '',
      responsible: (item.responsible ?? []).join('、'),
      deadline: timeLimitCell([...new Set(item.deadlines.map((d) => d.date))].sort(), item.longTerm),
      progress: item.rectification,
      status: statusCell(item),
      remark: item.remark ?? '',
      warnings: (item.warnings ?? []).join('\n'),
    },
  }));
  const subtitle = `报告日期：${draft.reportDate}　读自：${fileName}　共 ${draft.items.length} 项，请核对后导入`;
  return ledgerSheet(`「${ledgerName}」巡察整改台账（导入前核对）`, subtitle, fields, rows);
}

/** Merges each run of equal, non-empty cells down a column, as a clerk merges a category over its problems. */
function mergeRepeats(sheet: ExcelJS.Worksheet, column: number, firstRow: number): void {
  let start = firstRow;
  for (let r = firstRow + 1; r <= sheet.rowCount + 1; r++) {
    const value = sheet.getCell(start, column).value;
    if (r <= sheet.rowCount && sheet.getCell(r, column).value === value) continue;
    if (value && r - 1 > start) sheet.mergeCells(start, column, r - 1, column);
    start = r;
  }
}
