/**
 * A ledger pasted into a text report as a table: a header line naming ledger columns (序号, 存在问题, 整改措施, 责任人,
 * 整改时限 …, the names of ledger-columns.ts) and rows below it, their cells parted by tabs or lined up under the
 * header with runs of spaces. Found here, without the spreadsheet library; read as a sheet is (report-tables.ts).
 */
import { placeHeader } from './ledger-columns.ts';

export interface TextTable {
  /** The lines it spans in the text, counting from 1: its header first. */
  first: number;
  last: number;
  /** Its rows, the header first, each cell in its header's column ('' for an empty one). */
  rows: string[][];
}

const lineBreak = /\r\n|\r|\n/;
/** Between cells: a tab, or a gap at least two columns wide. */
const gap = /\t|[ \u00A0]{2,}|\u3000+/;

/** How wide a character stands in a fixed-width font: Chinese characters and full-width forms take two columns. */
const widthOf = (char: string) => (/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u3000]/.test(char) ? 2 : char === '\t' ? 8 : 1);

/** The cells of a line with the column each starts at. */
function cellsAt(line: string): { text: string; column: number }[] {
  const cells: { text: string; column: number }[] = [];
  let column = 0;
  let rest = line;
  while (rest) {
    const match = gap.exec(rest);
    const text = match ? rest.slice(0, match.index) : rest;
    if (text.trim()) cells.push({ text: text.trim(), column: column + [...text].findIndex((c) => c.trim() !== '') });
    const skipped = match ? rest.slice(0, match.index + match[0].length) : rest;
    column += [...skipped].reduce((sum, c) => sum + widthOf(c), 0);
    rest = match ? rest.slice(match.index + match[0].length) : '';
  }
  return cells;
}

/** A header line: a problem column and at least one other ledger column, as a sheet's header needs. */
function isHeader(cells: string[]): boolean {
  const fields = new Set(cells.map(placeHeader).filter((f) => f !== undefined));
  return cells.length >= 2 && fields.has('problem') && fields.size >= 2;
}

/**
 * A row's cells under the header's columns. With tabs, by their order; lined up with spaces, each under the header it
 * starts beneath, and never left of the cell before it (a long cell pushes the next one right).
 */
function rowCells(line: string, header: { column: number }[], tabs: boolean): string[] {
  if (tabs) return line.split('\t').map((c) => c.trim());
  const row = header.map(() => '');
  let last = -1;
  for (const cell of cellsAt(line)) {
    const under = header.findLastIndex((h) => h.column <= cell.column + 1);
    const column = Math.min(header.length - 1, Math.max(under, last + 1));
    row[column] = row[column] ? `${row[column]} ${cell.text}` : cell.text;
    last = column;
  }
  return row;
}

/** Lines that belong to the table: rows of two cells or more, and a line of one (a category) followed by such a row. */
function isRow(lines: string[], index: number, tabs: boolean): boolean {
  const count = (line: string | undefined) => (line === undefined ? 0 : tabs ? line.split('\t').filter((c) => c.trim()).length : cellsAt(line).length);
  const cells = count(lines[index]);
  if (cells >= 2) return true;
  if (cells !== 1) return false;
  const next = lines.slice(index + 1).find((l) => l.trim());
  return count(next) >= 2;
}

export function findTextTables(text: string): TextTable[] {
  const lines = text.split(lineBreak);
  const tables: TextTable[] = [];
  for (let i = 0; i < lines.length; i++) {
    // A header has two cells at least: a line with no gap in it is none, however long.
    if (!gap.test(lines[i]!) || !isHeader(lines[i]!.split(gap).map((c) => c.trim()).filter(Boolean))) continue;
    const headerCells = cellsAt(lines[i]!);
    const tabs = lines[i]!.includes('\t');
    const rows = [tabs ? lines[i]!.split('\t').map((c) => c.trim()) : headerCells.map((c) => c.text)];
    let last = i;
    for (let j = i + 1; j < lines.length; j++) {
      if (!lines[j]!.trim()) continue;
      if (!isRow(lines, j, tabs) || isHeader(cellsAt(lines[j]!).map((c) => c.text))) break;
      rows.push(rowCells(lines[j]!, headerCells, tabs));
      last = j;
    }
    if (rows.length < 2) continue;
    tables.push({ first: i + 1, last: last + 1, rows });
    i = last;
  }
  return tables;
}

/** The text with the tables' lines left blank, so that every other line keeps its number. */
export function withoutTables(text: string, tables: TextTable[]): string {
  const lines = text.split(lineBreak);
  for (const { first, last } of tables) lines.fill('', first - 1, last);
  return lines.join('\n');
}
