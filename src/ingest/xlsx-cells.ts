/**
 * The cells of an Excel workbook (.xlsx), read straight from its package: the sheets in the workbook's order with
 * their names and whether they are shown, and for a sheet asked for, each cell as Excel shows it (shared and inline
 * strings, numbers, dates by their cell's number format, a formula's kept result) and its merged cells. Only the
 * parts a ledger needs are inflated, a sheet only when it is read; reading a whole workbook into a general model of
 * it (styles, drawings, every sheet) took most of an import's time.
 */
import { posix } from 'node:path';
import { UserError } from '../errors.ts';
import { corruptFile, officeParts } from './office-file.ts';
import { type CellValue, Grid } from './sheet-grid.ts';

export interface WorkbookSheet {
  name: string;
  visible: boolean;
  /** The sheet's cells, read when asked for. */
  read(): Grid;
}

const damaged = (cause: string) => corruptFile('xlsx', cause);

/**
 * The part with its elements' namespace prefixes dropped (`<x:c>` → `<c>`), as some writers (the .NET Open XML SDK)
 * give them: the patterns below read the names as Excel writes them, unprefixed.
 */
function unprefixed(xml: string): string {
  const root = /<([A-Za-z_][\w.-]*:)?(?:worksheet|workbook|sst|styleSheet|Relationships)\b/.exec(xml.slice(0, 4096));
  return root?.[1] ? xml.replace(/<(\/?)[A-Za-z_][\w.-]*:(?=[A-Za-z_])/g, '<$1') : xml;
}

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text or an attribute as XML means it: line ends as one `\n`, entities and character references replaced. */
function decodeXml(text: string): string {
  const lines = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  if (!lines.includes('&')) return lines;
  return lines.replace(/&(?:#(\d+)|#x([0-9a-fA-F]+)|(\w+));/g, (whole, dec?: string, hex?: string, name?: string) =>
    dec ? character(Number(dec)) : hex ? character(parseInt(hex, 16)) : (entities[name!] ?? whole),
  );
}

function character(code: number): string {
  if (code > 0x10ffff) throw damaged(`character reference ${code}`);
  return String.fromCodePoint(code);
}

/** Excel's escape for a character XML cannot hold, in a string's text: `_x000D_`. */
const unescapeExcel = (text: string) =>
  text.includes('_x') ? text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;

const attributePatterns = new Map<string, RegExp>();

function attribute(attributes: string, name: string): string | undefined {
  let pattern = attributePatterns.get(name);
  if (!pattern) attributePatterns.set(name, (pattern = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  const match = pattern.exec(attributes);
  return match ? decodeXml(match[1] ?? match[2]!) : undefined;
}

const textElement = /<t(?:\s[^>]*)?(?:\/>|>([^<]*)<\/t>)/g;
const phonetic = /<rPh\b[\s\S]*?<\/rPh>/g;

/** A string item's text (`<si>`, `<is>`): its text and its runs' text, without the phonetic guide above it. */
function stringText(xml: string, escaped: boolean): string {
  const body = xml.includes('<rPh') ? xml.replace(phonetic, '') : xml;
  let text = '';
  for (const match of body.matchAll(textElement)) text += match[1] ?? '';
  const decoded = decodeXml(text);
  return escaped ? unescapeExcel(decoded) : decoded;
}

function sharedStrings(xml: string | undefined): string[] {
  if (xml === undefined) return [];
  return Array.from(xml.matchAll(/<si(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/si>)/g), ([, body]) => (body ? stringText(body, true) : ''));
}

/**
 * Excel's own number formats that show a date or a time: those not written out in the workbook. 27–36 and 50–58 are
 * the East Asian ones (in a Chinese Excel, 31 is `yyyy"年"m"月"d"日"`).
 */
const builtInDateFormats = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A number format shows a date when it has a date or time letter outside its escaped, quoted and `[…]` parts. */
const isDateFormat = (code: string) => /[ymdhMsb]/.test(code.replace(/\\./g, '').replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** For each cell style (`s="3"`), whether a number in it is a date. */
function dateStyles(xml: string | undefined): boolean[] {
  if (xml === undefined) return [];
  const formats = new Map<number, string>();
  const numFmts = /<numFmts\b[^>]*>([\s\S]*?)<\/numFmts>/.exec(xml)?.[1] ?? '';
  for (const [, attributes] of numFmts.matchAll(/<numFmt\b([^>]*)\/?>/g)) {
    const code = attribute(attributes!, 'formatCode');
    if (code !== undefined) formats.set(Number(attribute(attributes!, 'numFmtId')), code);
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  return Array.from(cellXfs.matchAll(/<xf\b([^>]*?)\/?>/g), ([, attributes]) => {
    const id = Number(attribute(attributes!, 'numFmtId') ?? 0);
    if (!id) return false;
    const code = formats.get(id);
    return code === undefined ? builtInDateFormats.has(id) : isDateFormat(code);
  });
}

/** Days since 1899-12-30 (or 1904-01-01), Excel's way of keeping a date. */
export const excelDate = (serial: number, date1904 = false) => new Date(Math.round((serial - 25_569 + (date1904 ? 1_462 : 0)) * 86_400_000));

/** `AB12` → column 28, row 12. */
function position(reference: string): { row: number; column: number } | undefined {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(reference);
  if (!match) return undefined;
  let column = 0;
  for (const letter of match[1]!) column = column * 26 + letter.charCodeAt(0) - 64;
  return { row: Number(match[2]), column };
}

interface Context {
  strings: string[];
  dates: boolean[];
  date1904: boolean;
}

/** A cell's element, its attributes and what it holds, as Excel shows it; or what of it cannot be read. */
function readCell(attributes: string, body: string, context: Context): Cell {
  const type = attribute(attributes, 't');
  const formula = /<f\b([^>]*?)(?:\/>|>([\s\S]*?)<\/f>)/.exec(body);
  const kept = /<v(?:\s[^>]*)?>([^<]*)<\/v>/.exec(body)?.[1];
  const style = attribute(attributes, 's');
  const number = (text: string): Cell => {
    const value = Number(text);
    if (Number.isNaN(value)) return { unreadable: `无法识别的数值 ${decodeXml(text)}` };
    if (style === undefined || !context.dates[Number(style)]) return { value };
    return shownDate(excelDate(value, context.date1904), text);
  };
  const isFormula = formula !== null && (Boolean(formula[2]) || attribute(formula[1]!, 't') !== undefined);
  if (isFormula) {
    // A formula shows the result the file kept when it was last calculated (a text result may be empty); an error it
    // came to shows nothing.
    if (type === 'str' && kept !== undefined) return { value: decodeXml(kept) };
    if (!kept || type === 'e') return { unreadable: '没有计算结果的公式' };
    if (type === 'b') return { value: String(parseInt(kept, 10) !== 0) };
    if (type === 'd') return isoDate(kept);
    return number(kept);
  }
  if (type === 'inlineStr') {
    const inline = /<is>([\s\S]*?)<\/is>/.exec(body)?.[1];
    return inline === undefined ? {} : { value: inlineText(inline)};
  }
  if (!kept) return {};
  switch (type) {
    case 's': {
      const text = context.strings[parseInt(kept, 10)];
      if (text === undefined) throw damaged(`no shared string ${kept}`);
      return { value: text};
    }
    case 'str':
      return { value: decodeXml(kept)};
    case 'b':
      return { value: String(parseInt(kept, 10) !== 0) };
    case 'e':
      return { unreadable: `错误值 ${decodeXml(kept)}` };
    case 'd':
      return isoDate(kept);
    default:
      return number(kept);
  }
}

type Cell = { value?: CellValue; unreadable?: string };

/** A date Excel can show: from year 1 to 9999. */
const shownDate = (date: Date, text: string): Cell =>
  Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 || date.getUTCFullYear() < 1 ? { unreadable: `无法识别的日期 ${decodeXml(text)}` } : { value: date };

/** A cell kept as an ISO 8601 date (`t="d"`): a time without a zone is the day as written, as Excel's serials are. */
const isoDate = (text: string): Cell => shownDate(new Date(/T[^Z+-]*$/.test(text) ? `${text}Z` : text), text);

/** An inline string: its plain text as written, its runs' text with Excel's escapes undone. */
function inlineText(xml: string): string {
  if (!xml.includes('<r>') && !xml.includes('<r ')) return stringText(xml, false);
  return Array.from(xml.replace(phonetic, '').matchAll(/<r\b[^>]*>([\s\S]*?)<\/r>/g), ([, run]) => stringText(run!, true)).join('');
}

const rowOrCell = /<row\b([^>]*?)(\/?)>|<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;

function readSheet(name: string, xml: string, context: Context): Grid {
  const grid = new Grid(name);
  const start = xml.indexOf('<sheetData');
  const end = xml.indexOf('</sheetData>');
  const data = start < 0 ? '' : xml.slice(start, end < 0 ? undefined : end);
  let row = 0;
  let column = 0;
  for (const match of data.matchAll(rowOrCell)) {
    if (match[1] !== undefined) {
      row = Number(attribute(match[1], 'r') ?? row + 1);
      column = 0;
      continue;
    }
    const attributes = match[3]!;
    const reference = attribute(attributes, 'r');
    const at = reference === undefined ? { row, column: column + 1 } : position(reference);
    if (!at) throw damaged(`cell reference ${reference}`);
    column = at.column;
    const cell = readCell(attributes, match[4] ?? '', context);
    if (cell.unreadable) grid.setUnreadable(at.row, at.column, cell.unreadable);
    else grid.set(at.row, at.column, cell.value);
  }
  const merges = /<mergeCells\b[^>]*>([\s\S]*?)<\/mergeCells>/.exec(xml.slice(end < 0 ? 0 : end))?.[1] ?? '';
  // A merge is kept only over the cells that hold something: one over the whole sheet (`A1:XFD1048576`) shows no more
  // than that, and would be billions of cells.
  const [lastRow, lastColumn] = [grid.rowCount, grid.columnCount];
  for (const [, attributes] of merges.matchAll(/<mergeCell\b([^>]*?)\/?>/g)) {
    const [from, to] = (attribute(attributes!, 'ref') ?? '').split(':').map(position);
    if (!from || !to) continue;
    const [top, left] = [Math.min(from.row, to.row), Math.min(from.column, to.column)];
    if (top <= lastRow && left <= lastColumn) grid.merge(top, left, Math.min(Math.max(from.row, to.row), lastRow), Math.min(Math.max(from.column, to.column), lastColumn));
  }
  return grid;
}

/** Where a relationship of the workbook points: `worksheets/sheet1.xml`, `./worksheets/…` and `/xl/worksheets/…` alike. */
const partName = (target: string) => (target.startsWith('/') ? posix.normalize(target).slice(1) : posix.join('xl', target));

/** The relationship a `<sheet>` names, whatever prefix its writer gave the relationships' namespace (`r:id`). */
const relationshipId = (attributes: string) => /(?:^|\s)[A-Za-z_][\w.-]*:id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(attributes)?.slice(1).find((id) => id !== undefined);

/** The workbook's sheets, in its order. The package's size is the caller's to have checked (office-file.ts). */
export function workbookSheets(bytes: Buffer): WorkbookSheet[] {
  const office = officeParts(bytes, 'xlsx');
  const parts = {
    has: office.has,
    text(name: string) {
      const xml = office.text(name);
      return xml === undefined ? undefined : unprefixed(xml);
    },
  };
  const workbook = parts.text('xl/workbook.xml');
  if (workbook === undefined) throw damaged('no xl/workbook.xml');
  const targets = new Map<string, string>();
  for (const [, attributes] of (parts.text('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b([^>]*?)\/?>/g)) {
    const id = attribute(attributes!, 'Id');
    const target = attribute(attributes!, 'Target');
    if (id && target) targets.set(id, partName(target.trim()));
  }
  let context: Context | undefined;
  const contextOnce = (): Context => {
    const properties = /<workbookPr\b([^>]*?)\/?>/.exec(workbook)?.[1] ?? '';
    return (context ??= {
      strings: sharedStrings(parts.text('xl/sharedStrings.xml')),
      dates: dateStyles(parts.text('xl/styles.xml')),
      date1904: ['1', 'true'].includes(attribute(properties, 'date1904') ?? ''),
    });
  };
  return Array.from(workbook.matchAll(/<sheet\b([^>]*?)\/?>/g)).flatMap(([, attributes]) => {
    const part = targets.get(relationshipId(attributes!) ?? '');
    // A chart sheet, or a sheet the package does not have, has no cells to read.
    if (!part || !part.startsWith('xl/worksheets/') || !parts.has(part)) return [];
    const name = attribute(attributes!, 'name') ?? '';
    const visible = (attribute(attributes!, 'state') ?? 'visible') === 'visible';
    return [{ name, visible, read: () => readOrDamaged(() => readSheet(name, parts.text(part)!, contextOnce())) }];
  });
}

/** Whatever in a sheet's text no reader above foresaw is a damaged file, said as one, not a crash. */
function readOrDamaged(read: () => Grid): Grid {
  try {
    return read();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw damaged((error as Error).message);
  }
}
