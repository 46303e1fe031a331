/**
 * Reads an Excel ledger (整改台账) as offices keep it: a title row or two, then a header whose columns are named in
 * many ways (see ledger-columns.ts), the category (方面) in cells merged down over its problems, a problem merged
 * down over the rows of its several measures. A problem with nothing reported yet is an item not started: that is
 * how a ledger begins, from the inspection's list of problems.
 */
import { UserError } from '../errors.ts';
import type { Deadline, ItemDraft, ReportDraft, Section, SheetLayout, Status } from '../ledger/types.ts';
import { findFullDate } from './dates.ts';
import { type LedgerField, columnNames, placeHeader, splitList } from './ledger-columns.ts';
import { readRectification } from './measures.ts';
import { chineseNumeral } from './numerals.ts';
import { checkInflatedSize, checkOfficePackage } from './office-file.ts';
import { readMarker, repeatedCode } from './outline.ts';
import { readProblemCell } from './problem-cell.ts';
import { type CellValue, type Grid, columnLetters } from './sheet-grid.ts';
import { longTermWords, readStatusLabel } from './status.ts';
import { readFields } from './text-fields.ts';
import type { ReadOptions } from './text-report.ts';
import { type TimeLimit, readTimeLimit } from './time-limit.ts';
import { workbookSheets } from './xlsx-cells.ts';

/** How far down a header is looked for, below the title rows. */
const headerSearchRows = 15;

/** What a clerk writes under the table: who made and checked it, whom to call, notes. */
const noteRow = /^(?:制表|填表|(?:审核|审批|填报)(?:人|单位|时间|日期)?\s*[:：]|(?:负责人|联系人|联系电话)\s*[:：]|注\s*[:：])/;

/** A cell's text: a date as YYYY-MM-DD. */
function textOf(value: CellValue | undefined): string {
  if (typeof value === 'string') return value;
  return value === undefined ? '' : value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

interface Header {
  row: number;
  /** The first row below the header: 1 below it, or 2 for a header of two rows. */
  body: number;
  fields: Map<LedgerField, number>;
  layout: SheetLayout;
  /** The sheet's width in columns. */
  width: number;
}

/** A cell's own text: '' for one covered by a merge from another cell. */
const ownText = (sheet: Grid, row: number, column: number) => (sheet.isMaster(row, column) ? textOf(sheet.value(row, column)) : '');

/**
 * A header of two rows: a group name merged across the columns it covers (`责任主体` over 责任领导, 责任单位, 责任人)
 * with their names below it, and the other names merged down both rows. It is one when the problem column's name
 * is merged down into the row below and that row has names of its own.
 */
function isTwoRowHeader(sheet: Grid, row: number, problemColumn: number, width: number): boolean {
  if (sheet.master(row + 1, problemColumn).row !== row || sheet.master(row + 1, problemColumn).column !== problemColumn) return false;
  return Array.from({ length: width }, (_, i) => i + 1).some((c) => placeHeader(ownText(sheet, row + 1, c)) !== undefined);
}

/** The header in this row: each column's name, the lower one where a two-row header has one. */
function readHeader(sheet: Grid, rows: number[], width: number): Pick<Header, 'fields'> & { columns: SheetLayout['columns'] } {
  const fields = new Map<LedgerField, number>();
  const columns: SheetLayout['columns'] = [];
  for (let c = 1; c <= width; c++) {
    const row = [...rows].reverse().find((r) => ownText(sheet, r, c));
    if (row === undefined) continue;
    const header = ownText(sheet, row, c);
    const field = placeHeader(header);
    const placed = field !== undefined && !fields.has(field);
    if (placed) fields.set(field, c);
    columns.push({ column: columnLetters(c), header, field: placed ? field : null });
  }
  return { fields, columns };
}

function findHeader(sheet: Grid): Header | undefined {
  const last = Math.min(sheet.rowCount, headerSearchRows);
  const width = sheet.columnCount;
  for (let r = 1; r <= last; r++) {
    let { fields, columns } = readHeader(sheet, [r], width);
    if (!(fields.has('problem') && fields.size >= 2)) continue;
    const twoRows = isTwoRowHeader(sheet, r, fields.get('problem')!, width);
    if (twoRows) ({ fields, columns } = readHeader(sheet, [r, r + 1], width));
    return { row: r, body: r + (twoRows ? 2 : 1), fields, layout: { sheet: sheet.name, headerRow: r, columns }, width };
  }
  return undefined;
}

/** The ledger's date: `--as-of`, else the first date in the title rows (填报日期, 截至…), else the import's. */
function ledgerDate(sheet: Grid, header: Header, options: ReadOptions): Pick<ReportDraft, 'reportDate' | 'reportDateSource'> {
  if (options.asOf) return { reportDate: options.asOf, reportDateSource: 'as-of' };
  for (let r = 1; r < header.row; r++) {
    for (let c = 1; c <= header.width; c++) {
      const value = sheet.value(r, c);
      const date = value instanceof Date ? textOf(value) : findFullDate(textOf(value));
      if (date) return { reportDate: date, reportDateSource: 'title-row' };
    }
  }
  return { reportDate: options.today, reportDateSource: 'import-date' };
}

/** One problem: the number of its first row and of the rows below that its merged problem cell spans (one per measure). */
interface Group {
  rows: number[];
  category: string;
}

function unique(values: string[]): string[] {
  const kept = new Set<string>();
  for (const value of values) if (value) kept.add(value);
  return [...kept];
}

class SheetReader {
  /** Warnings about the sheet as a whole (repeated codes). */
  readonly sheetWarnings: string[] = [];
  /** Warnings about cells, by row number, for the item each row belongs to. */
  private readonly rowWarnings = new Map<number, string[]>();

  constructor(
    private readonly sheet: Grid,
    private readonly header: Header,
    readonly reportDate: string,
    /** What the sheet is called in a warning: `工作表「整改台账」`, or a Word document's `第 1 个表格`. */
    private readonly place: string,
  ) {}

  /** The cell's text; '' for a cell that cannot be read, with a warning naming it (once, at the cell itself). */
  text(row: number, field: LedgerField): string {
    return textOf(this.value(row, field));
  }

  /** The field's texts in these rows, each once, one a line. */
  joined(rows: number[], field: LedgerField): string {
    if (rows.length === 1) return this.text(rows[0]!, field);
    return unique(rows.map((row) => this.text(row, field))).join('\n');
  }

  /** The names the field lists in these rows, each once. */
  list(rows: number[], field: LedgerField, spaces = false): string[] {
    if (!this.header.fields.has(field)) return [];
    return unique(rows.flatMap((row) => splitList(this.text(row, field), spaces)));
  }

  private value(row: number, field: LedgerField): CellValue | undefined {
    const column = this.header.fields.get(field);
    if (column === undefined) return undefined;
    const cannot = this.sheet.unreadable(row, column);
    if (cannot && this.sheet.isMaster(row, column)) this.warn(row, `${this.where(row, field)}：${cannot}，无法读取，按空白导入`);
    return this.sheet.value(row, column);
  }

  /** The cell's own text: '' where a merge from a cell above or to the left covers it. */
  private ownText(row: number, field: LedgerField): string {
    const column = this.header.fields.get(field);
    return column === undefined ? '' : ownText(this.sheet, row, column);
  }

  warn(row: number, warning: string): void {
    const list = this.rowWarnings.get(row) ?? [];
    if (list.includes(warning)) return;
    list.push(warning);
    this.rowWarnings.set(row, list);
  }

  /** Every warning: the cells' in the order of their rows, then the sheet's. */
  get warnings(): string[] {
    const rows = [...this.rowWarnings].sort(([a], [b]) => a - b);
    return [...rows.flatMap(([, list]) => list), ...this.sheetWarnings];
  }

  warningsFor(rows: number[]): string[] {
    return rows.flatMap((row) => this.rowWarnings.get(row) ?? []);
  }

  /** Where a complaint about a cell points: sheet, row, column name and address. */
  private where(row: number, field: LedgerField): string {
    const header = this.header.layout.columns.find((c) => c.field === field)?.header ?? columnNames[field].names[0];
    return `${this.place}第 ${row} 行"${header}"列（${columnLetters(this.header.fields.get(field)!)}${row}）`;
  }

  /** The problems below the header, with the category each falls under. */
  groups(): Group[] {
    const groups: Group[] = [];
    const problemColumn = this.header.fields.get('problem')!;
    let category = '';
    for (let row = this.header.body; row <= this.sheet.rowCount; row++) {
      const master = this.sheet.master(row, problemColumn);
      const filled = unique(Array.from({ length: this.header.width }, (_, i) => textOf(this.sheet.value(row, i + 1))));
      const problem = this.text(row, 'problem');
      // A line under the table (`制表人：张三　审核：李四`, `注：…`) is no problem and no part of one.
      const note = noteRow.test(filled[0] ?? '') && (!problem || noteRow.test(problem));
      if (note) continue;
      // A row with one text across it (`一、政治建设方面`, often merged over the row), or typed in the problem column
      // with a number of its own and none in the 序号 column, heads the problems below it.
      const across = master.row === row && master.column !== problemColumn;
      const numbered = !this.text(row, 'code') && readMarker(problem)?.style === 'chinese';
      if (filled.length === 1 && !/^\d+$/.test(filled[0]!) && (!problem || across || numbered)) {
        category = filled[0]!;
        continue;
      }
      category = this.text(row, 'category') || category;
      const last = groups.at(-1);
      // A problem merged down over the rows of its measures, or left blank on them.
      const below = master.row < row;
      const continues = (['plannedMeasures', 'progress', 'deadline', 'responsible', 'unit'] as const).some((f) => this.text(row, f));
      // A row with a 序号 of its own is an item of its own, even when its problem cannot be read: merged into the one
      // above, its 责任人 would become responsible for that item.
      const code = this.ownText(row, 'code');
      const ownNumber = !below && code !== '' && (!last || code !== this.ownText(last.rows[0]!, 'code'));
      const unreadable = this.sheet.unreadable(row, problemColumn) !== undefined;
      if (last && !ownNumber && (below || (!problem && continues))) last.rows.push(row);
      else if (problem || (ownNumber && (continues || unreadable))) {
        if (!problem && !unreadable) this.warn(row, `${this.where(row, 'problem')}：序号 ${code} 的问题是空白的`);
        groups.push({ rows: [row], category });
      }
    }
    return groups;
  }

  /** Time limits, read once each: a ledger's rows say `2021年6月底前` or `长期坚持` again and again. */
  private readonly timeLimits = new Map<string, TimeLimit | undefined>();

  private readTimeLimit(value: CellValue): TimeLimit | undefined {
    const key = value instanceof Date ? `date ${value.getTime()}` : `${typeof value} ${value}`;
    if (!this.timeLimits.has(key)) this.timeLimits.set(key, readTimeLimit(value, this.reportDate));
    return this.timeLimits.get(key);
  }

  timeLimit(rows: number[]): { dates: Deadline[]; longTerm: boolean } {
    const dates: Deadline[] = [];
    let longTerm = false;
    for (const row of rows) {
      const value = this.value(row, 'deadline');
      if (value === undefined) continue;
      const read = this.readTimeLimit(value);
      if (!read) {
        this.warn(
          row,
          `${this.where(row, 'deadline')}：无法识别的整改时限"${textOf(value)}"，按空白导入（可写日期 2021-06-30、"2021年6月底前"、"6月30日"、"立行立改"或"长期坚持"）`,
        );
        continue;
      }
      for (const date of read.dates) dates.push({ date, phrase: textOf(value), measureSeq: null });
      longTerm ||= read.longTerm;
    }
    return { dates, longTerm };
  }

  /** The status column, when the sheet has one (an exported ledger does): what it says wins. */
  statusCell(row: number): { status: Status; longTerm: boolean } | undefined {
    const text = this.text(row, 'status');
    if (!text) return undefined;
    const label = readStatusLabel(text.replace(/[·•]/g, '，'));
    if (label) return { status: label.status, longTerm: label.longTerm || longTermWords.test(text) };
    this.warn(row, `${this.where(row, 'status')}：状态"${text}"无法识别，按整改进展判断`);
    return undefined;
  }
}

/** `一、政治建设方面` → code 一, title 政治建设方面; a category without a number is numbered by its place. */
function categorySections(category: string, ordinal: number): Section[] {
  const lines = category.split('\n').map((l) => l.trim()).filter(Boolean);
  const marker = lines.length === 1 ? readMarker(lines[0]!) : undefined;
  if (marker && marker.rest) return [{ code: marker.segment, title: marker.rest }];
  return [{ code: chineseNumeral(ordinal), title: lines.join('') }];
}

/** `1`, `1、`, `（一）` as a code segment: `1`, `1`, `(一)`. */
function segmentOf(text: string): string {
  const marker = readMarker(text);
  return marker && !marker.rest.trim() ? marker.segment : text.replace(/\s+/g, '');
}

/**
 * An item's code and sections. A full code (`一/4/三是`, as duban exports) is kept as it is, with the category's
 * lines as its sections' titles; otherwise the number in the row goes under its category's code (`一/3`).
 */
function codeAndSections(
  codeText: string,
  category: string,
  position: number,
  sectionsOf: (category: string) => Section[],
): { code: string; sections: Section[] } {
  const written = codeText.replace(/／/g, '/').replace(/\s+/g, '');
  if (written.includes('/')) {
    const parts = written.split('/');
    const titles = category.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => readMarker(line)?.rest ?? line);
    const sections = parts.slice(0, -1).map((_, i) => ({ code: parts.slice(0, i + 1).join('/'), title: titles[i] ?? '' }));
    return { code: written, sections };
  }
  const segment = codeText ? segmentOf(codeText) : String(position);
  if (!category) return { code: segment, sections: [] };
  const sections = sectionsOf(category);
  return { code: `${sections[0]!.code}/${segment}`, sections };
}

function readItems(reader: SheetReader): ItemDraft[] {
  const categories: string[] = [];
  const positions = new Map<string, number>();
  const seen = new Map<string, number>();
  // A category's sections, read once for all its problems.
  const sections = new Map<string, Section[]>();
  const sectionsOf = (category: string) => {
    let read = sections.get(category);
    if (!read) sections.set(category, (read = categorySections(category, categories.indexOf(category) + 1)));
    return read;
  };
  return reader.groups().map((group): ItemDraft => {
    const [first] = group.rows as [number];
    if (group.category && !categories.includes(group.category)) categories.push(group.category);
    const position = (positions.get(group.category) ?? 0) + 1;
    positions.set(group.category, position);
    const placed = codeAndSections(reader.text(first, 'code'), group.category, position, sectionsOf);
    const code = repeatedCode(seen, placed.code, reader.sheetWarnings);

    const progress = reader.joined(group.rows, 'progress');
    const plannedMeasures = reader.joined(group.rows, 'plannedMeasures');
    // What was reported, or with nothing reported yet, what is planned: one reading of whichever the row has.
    const read = readRectification(progress || plannedMeasures, reader.reportDate);
    // People a measure names in its own words (`责任人：张三`) are the item's, as in a text report.
    const named = readFields(read.fields, reader.reportDate);
    const limit = reader.timeLimit(group.rows);
    const stated = reader.statusCell(first);
    const status: Status = stated?.status ?? (progress ? read.status : 'not_started');
    return {
      code,
      sections: placed.sections,
      ...readProblemCell(reader.text(first, 'problem')),
      rectification: progress,
      status,
      longTerm: (stated?.longTerm ?? false) || (progress !== '' && read.longTerm) || limit.longTerm,
      // Steps still planned say nothing yet of how they went.
      measures: progress ? read.measures : read.measures.map((m) => ({ ...m, status: null })),
      deadlines: limit.dates.length ? limit.dates : read.deadlines,
      responsible: unique([...reader.list(group.rows, 'responsible', true), ...(named.responsible ?? [])]),
      plannedMeasures,
      leader: unique([...reader.list(group.rows, 'leader'), ...splitList(named.leader ?? '')]).join('、'),
      unit: unique([...reader.list(group.rows, 'unit'), ...splitList(named.unit ?? '')]).join('、'),
      remark: reader.joined(group.rows, 'remark'),
      warnings: reader.warningsFor(group.rows),
    };
  });
}

/** Whether the sheet reads as a ledger, with at least one problem below its header: found without reading them. */
export function holdsLedger(sheet: Grid): boolean {
  const header = findHeader(sheet);
  return header !== undefined && new SheetReader(sheet, header, '', '').groups().length > 0;
}

/**
 * A sheet read as a ledger, when it has a header of ledger columns; undefined when it has none. A Word document's
 * table comes here too, made into a sheet (see docx-tables.ts). `place` names the sheet in warnings.
 */
export function readLedgerSheet(sheet: Grid, options: ReadOptions, place: string): ReportDraft | undefined {
  const header = findHeader(sheet);
  if (!header) return undefined;
  const date = ledgerDate(sheet, header, options);
  const reader = new SheetReader(sheet, header, date.reportDate, place);
  const items = readItems(reader);
  return { ...date, items, warnings: reader.warnings, layout: header.layout };
}

export async function readXlsxLedger(bytes: Buffer, options: ReadOptions): Promise<ReportDraft> {
  checkOfficePackage(bytes, 'xlsx');
  await checkInflatedSize(bytes, 'xlsx');
  const sheets = workbookSheets(bytes).filter((sheet) => sheet.visible);
  for (const sheet of sheets) {
    const draft = readLedgerSheet(sheet.read(), options, `工作表「${sheet.name}」`);
    if (!draft) continue;
    if (draft.items.length === 0) {
      throw new UserError(
        `工作表「${sheet.name}」第 ${draft.layout!.headerRow} 行是表头，但下面没有任何问题；没有导入任何内容`,
        `sheet "${sheet.name}" has its header in row ${draft.layout!.headerRow} but no problems below it; nothing was imported`,
      );
    }
    return draft;
  }
  const names = sheets.map((s) => `「${s.name}」`).join('') || '（没有可见的工作表）';
  throw new UserError(
    `在工作表${names}的前 ${headerSearchRows} 行中找不到表头：表头要有问题列（问题/存在问题/问题描述/问题清单），以及序号、整改措施、责任单位、整改时限等列中的至少一列；没有导入任何内容`,
    `no header in the first ${headerSearchRows} rows of sheet(s) ${sheets.map((s) => `"${s.name}"`).join(', ') || '(none visible)'}: it needs a problem column (问题/存在问题/问题描述/问题清单) and at least one other known column (序号, 整改措施, 责任单位, 整改时限, …); nothing was imported`,
  );
}
