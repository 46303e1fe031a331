/**
 * Word and Excel files made the way offices make them, with the same libraries users' files are read with: a report
 * whose outline numbers are Word list formatting rather than typed characters, and ledgers with title rows, merged
 * cells and their own names for the columns.
 */
import { Document, LevelFormat, Packer, Paragraph, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { type MarkerStyle, readMarker } from '../../src/ingest/outline.ts';
import { paragraphsOf } from '../../src/ingest/text-report.ts';

const listFormats: Record<MarkerStyle, { format: (typeof LevelFormat)[keyof typeof LevelFormat]; text: string }> = {
  chinese: { format: LevelFormat.CHINESE_COUNTING, text: '%1、' },
  bracketedChinese: { format: LevelFormat.CHINESE_COUNTING, text: '（%1）' },
  arabic: { format: LevelFormat.DECIMAL, text: '%1、' },
  bracketedArabic: { format: LevelFormat.DECIMAL, text: '（%1）' },
  enumerated: { format: LevelFormat.CHINESE_COUNTING, text: '%1是' },
  circled: { format: LevelFormat.DECIMAL_ENCLOSED_CIRCLE, text: '%1' },
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
    if (!marker) return new Paragraph({ children: [new TextRun(line)] });
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
    levels: [{ level: 0, start, format: listFormats[style].format, text: listFormats[style].text }],
  }));
  return Packer.toBuffer(new Document({ numbering: { config }, sections: [{ children: paragraphs }] }));
}

export type CellValue = string | number | Date | null;

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
