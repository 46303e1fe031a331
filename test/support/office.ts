/**
 * Word and Excel files made the way offices make them, with the same libraries users' files are read with: a report
 * whose outline numbers are Word list formatting rather than typed characters, and ledgers with title rows, merged
 * cells and their own names for the columns.
 */
import { Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType } from 'docx';
import ExcelJS from 'exceljs';
import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';
import { type MarkerStyle, readMarker } from '../../src/ingest/outline.ts';
import { paragraphsOf } from '../../src/ingest/text-report.ts';

/** How Word numbers each style; a legacy `1-1,` has no list format of its own and stays typed. */
const listFormats: Partial<Record<MarkerStyle, { format: (typeof LevelFormat)[keyof typeof LevelFormat]; text: string }>> = {
  chinese: { format: LevelFormat.CHINESE_COUNTING, text: '%1、' },
  bracketedChinese: { format: LevelFormat.CHINESE_COUNTING, text: '（%1）' },
  arabic: { format: LevelFormat.DECIMAL, text: '%1、' },
  bracketedArabic: { format: LevelFormat.DECIMAL, text: '（%1）' },
  enumerated: { format: LevelFormat.CHINESE_COUNTING, text: '%1是' },
  circled: { format: LevelFormat.DECIMAL_ENCLOSED_CIRCLE, text: '%1' },
  problemNumber: { format: LevelFormat.DECIMAL, text: '问题%1：' },
};

/**
 * A report as a Word document. With `numbered`, every paragraph that starts with an outline number gets it from
 * Word's list formatting instead: a list per style, counting on while the report counts on, started again (at the
 * number the report has) where it does.
 */
export async function reportDocx(text: string, { numbered }: { numbered: boolean }): Promise<Buffer> {
  const order: MarkerStyle[] = [];
  const runs = new Map<MarkerStyle, { reference: string; instance: number; last: number }>();
  const references = new Map<string, { style: MarkerStyle; start: number }>();
  let instances = 0;
  const paragraphs = paragraphsOf(text).map((line) => {
    const marker = numbered ? readMarker(line) : undefined;
    if (!marker || !listFormats[marker.style]) return new Paragraph({ children: [new TextRun(line)] });
    if (!order.includes(marker.style)) order.push(marker.style);
    // A number at one level ends the lists below it.
    for (const inner of order.slice(order.indexOf(marker.style) + 1)) runs.delete(inner);
    let run = runs.get(marker.style);
    if (!run || marker.value !== run.last + 1) {
      const reference = `${marker.style}-from-${marker.value}`;
      references.set(reference, { style: marker.style, start: marker.value });
      run = { reference, instance: ++instances, last: marker.value - 1 };
      runs.set(marker.style, run);
    }
    run.last = marker.value;
    return new Paragraph({ children: [new TextRun(marker.rest)], numbering: { reference: run.reference, level: 0, instance: run.instance } });
  });
  const config = [...references].map(([reference, { style, start }]) => ({
    reference,
    levels: [{ level: 0, start, format: listFormats[style]!.format, text: listFormats[style]!.text }],
  }));
  return Packer.toBuffer(new Document({ numbering: { config }, sections: [{ children: paragraphs }] }));
}

/** What a clerk's cell may hold; a formula without `result` is one the file never calculated. */
export type CellValue = string | number | Date | null | ExcelJS.CellFormulaValue | ExcelJS.CellErrorValue;

/** A workbook with one sheet of these rows (row 1 first), these merges (`A4:A6`) and, optionally, more sheets. */
export async function ledgerXlsx(
  rows: CellValue[][],
  { merges = [], sheet = '整改台账', before = [] }: { merges?: string[]; sheet?: string; before?: { name: string; rows: CellValue[][] }[] } = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const other of before) workbook.addWorksheet(other.name).addRows(other.rows);
  const worksheet = workbook.addWorksheet(sheet);
  worksheet.addRows(rows);
  for (const range of merges) worksheet.mergeCells(range);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One part of a zip package: its name, its bytes as stored (deflated), the CRC of what they inflate to, the size it declares. */
interface Part {
  name: string;
  data: Buffer;
  crc: number;
  declared: number;
}

/** `inflated` bytes of zeros, deflated as a stream, so that a bomb of gigabytes is made in little memory. */
async function deflatedZeros(inflated: number): Promise<{ data: Buffer; crc: number }> {
  const deflate = createDeflateRaw({ level: 1 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const zeros = Buffer.alloc(16 * 1024 * 1024);
  let crc = 0;
  for (let left = inflated; left > 0; left -= zeros.length) {
    const piece = zeros.subarray(0, Math.min(left, zeros.length));
    crc = crc32(piece, crc);
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(chunks), crc };
}

/** A zip package of these parts, written by hand: its central directory says whatever sizes the parts declare. */
function zipOf(parts: Part[]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(part.crc >>> 0, 14);
    header.writeUInt32LE(part.data.length, 18);
    header.writeUInt32LE(part.declared, 22);
    header.writeUInt16LE(name.length, 26);
    local.push(header, name, part.data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(part.crc >>> 0, 16);
    entry.writeUInt32LE(part.data.length, 20);
    entry.writeUInt32LE(part.declared, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += header.length + name.length + part.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

/**
 * A zip bomb in the shape of a .docx or .xlsx: its main part is `inflated` bytes of zeros (a few hundred KB on disk),
 * and its directory declares `declared` bytes for it (by default the truth; less, as a hostile file may).
 */
export async function officeBomb(kind: 'docx' | 'xlsx', inflated: number, declared = inflated): Promise<Buffer> {
  const types = Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  const { data, crc } = await deflatedZeros(inflated);
  return zipOf([
    { name: '[Content_Types].xml', data: deflateRawSync(types), crc: crc32(types), declared: types.length },
    { name: kind === 'docx' ? 'word/document.xml' : 'xl/worksheets/sheet1.xml', data, crc, declared },
  ]);
}

/** A cell of a Word table: its text (lines on paragraphs of their own), or spread across columns, or merged down. */
export type WordCell = string | null | { text: string; span: number } | { text: string; down: 'restart' } | 'continue';

/**
 * A Word document as offices write a ledger in Word: paragraphs, then a table of these rows (a category row spread
 * across the table, a problem merged down over the rows of its measures), then more paragraphs.
 */
export async function ledgerDocx(before: string[], rows: WordCell[][], after: string[] = []): Promise<Buffer> {
  const paragraph = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const lines = (text: string) => text.split('\n').map(paragraph);
  const cell = (value: WordCell) => {
    if (value === 'continue') return new TableCell({ children: [paragraph('')], verticalMerge: VerticalMergeType.CONTINUE });
    if (value === null) return new TableCell({ children: [paragraph('')] });
    if (typeof value === 'string') return new TableCell({ children: lines(value) });
    if ('span' in value) return new TableCell({ children: lines(value.text), columnSpan: value.span });
    return new TableCell({ children: lines(value.text), verticalMerge: VerticalMergeType.RESTART });
  };
  const table = new Table({ rows: rows.map((row) => new TableRow({ children: row.map(cell) })) });
  return Packer.toBuffer(new Document({ sections: [{ children: [...before.map(paragraph), table, ...after.map(paragraph)] }] }));
}
