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
import { type Item, type Ledger, type Section, statusNames } from '../ledger/types.ts';
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
};

const fills = { overdue: 'FFFFC7CE', dueSoon: 'FFFFEB9C', done: 'FFC6EFCE' } as const;
type Colour = keyof typeof fills;

/** `一、政治站位不高…` over `4、破解制约…`: the item's sections, one a line, numbered as in the report. */
const categoryCell = (sections: Section[]) =>
  sections.map((s) => outlineHeading(s.code, s.title)).join('\n');

/** One date as a date cell; several, or 长期坚持, as text the importer reads back. */
function timeLimitCell(item: Item): ExcelJS.CellValue {
  if (item.deadlines.length === 1) return new Date(`${item.deadlines[0]}T00:00:00Z`);
  if (item.deadlines.length > 1) return item.deadlines.join('、');
  return item.longTerm ? '长期坚持' : null;
}

const statusCell = (item: Item) => statusNames[item.status] + (item.longTerm ? '，长期坚持' : '');

export interface LedgerExport {
  workbook: Buffer;
  counts: Record<Colour, number>;
  items: number;
}

export async function ledgerXlsx(db: Db, ledger: Ledger, now: Date, timeZone: string): Promise<LedgerExport> {
  const today = dateIn(now, timeZone);
  const items = listItems(db, ledger.id);
  const latest = latestUpdates(db, items.map((i) => i.id));
  const overdue = new Map(overdueItems(db, ledger.id, today).map((d) => [d.id, d.days]));
  const dueSoon = new Set(dueWithin(db, ledger.id, today, addDays(today, 7)).map((d) => d.id));
  const colourOf = (item: Item): Colour | undefined =>
    overdue.has(item.id) ? 'overdue' : dueSoon.has(item.id) ? 'dueSoon' : item.status === 'done' || item.status === 'closed' ? 'done' : undefined;

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
  sheet.columns = ledgerFields.map((field) => ({ key: field, width: widths[field] }));
  const last = ledgerFields.length;
  const categoryColumn = ledgerFields.indexOf('category') + 1;

  sheet.addRow([`「${ledger.name}」巡察整改台账`]);
  sheet.addRow([`报告日期：${ledger.reportDate ?? '未知'}　导出时间：${today} ${timeIn(now, timeZone)}　共 ${items.length} 项`]);
  sheet.mergeCells(1, 1, 1, last);
  sheet.mergeCells(2, 1, 2, last);
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  const header = sheet.addRow(ledgerFields.map((field) => columnNames[field].names[0]));
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  sheet.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: last } };

  const counts: Record<Colour, number> = { overdue: 0, dueSoon: 0, done: 0 };
  for (const item of items) {
    const values: Record<LedgerField, ExcelJS.CellValue> = {
      code: item.code,
      category: categoryCell(item.sections),
      problem: problemCell(item),
      plannedMeasures: item.plannedMeasures,
      leader: item.leader,
      unit: item.unit,
      responsible: item.responsible.join('、'),
      deadline: timeLimitCell(item),
      progress: item.rectification,
      status: statusCell(item),
      lastUpdate: latest.has(item.id) ? updateText(latest.get(item.id), { today, timeZone }) : '',
      overdueDays: overdue.get(item.id) ?? null,
      remark: item.remark,
    };
    const row = sheet.addRow(ledgerFields.map((field) => values[field]));
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell('deadline').numFmt = 'yyyy-mm-dd';
    const colour = colourOf(item);
    if (colour) {
      counts[colour]++;
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
  return { workbook: Buffer.from(await workbook.xlsx.writeBuffer()), counts, items: items.length };
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
