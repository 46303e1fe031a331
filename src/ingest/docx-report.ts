/**
 * Reads a Word report (.docx) into the same importer as plain text: mammoth gives its paragraphs, one per line, and
 * the outline numbers Word keeps as list formatting, on a paragraph or through its style, are written in first (see
 * docx-numbering.ts), so a report numbered with Word's button reads exactly like one typed by hand. A table whose
 * header names ledger columns is read as an Excel ledger is (see docx-tables.ts), and left out of the text; a
 * report may hold both, the text's items coming first.
 */
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { UserError } from '../errors.ts';
import type { ReportDraft } from '../ledger/types.ts';
import { readNumbering, readStyles, writeInNumbers } from './docx-numbering.ts';
import { bodyTables, tableSheet } from './docx-tables.ts';
import { checkInflatedSize, checkOfficePackage, corruptFile, officeParts } from './office-file.ts';
import { isLedger, readReportWithTables } from './report-tables.ts';
import { type ReadOptions, readTextReport } from './text-report.ts';

/** The package and its body, with list numbers written in as Word shows them. */
async function openDocument(bytes: Buffer): Promise<{ zip: JSZip; xml: string }> {
  checkOfficePackage(bytes, 'docx');
  await checkInflatedSize(bytes, 'docx');
  const parts = officeParts(bytes, 'docx');
  const xml = parts.text('word/document.xml');
  if (xml === undefined) throw corruptFile('docx', 'no word/document.xml');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    throw corruptFile('docx', (error as Error).message);
  }
  const numberingXml = parts.text('word/numbering.xml');
  if (!numberingXml) return { zip, xml };
  const stylesXml = parts.text('word/styles.xml');
  return { zip, xml: writeInNumbers(xml, readNumbering(numberingXml), stylesXml ? readStyles(stylesXml) : undefined) };
}

/** The text of the document's body, paragraph by paragraph (a table's cells one a line). */
async function documentText(zip: JSZip, xml: string): Promise<string> {
  zip.file('word/document.xml', xml);
  try {
    const { value } = await mammoth.extractRawText({ buffer: await zip.generateAsync({ type: 'nodebuffer' }) });
    return value;
  } catch (error) {
    throw corruptFile('docx', (error as Error).message);
  }
}

export async function readDocxReport(bytes: Buffer, options: ReadOptions): Promise<ReportDraft> {
  const { zip, xml } = await openDocument(bytes);
  const ledgers = bodyTables(xml).flatMap((table, index) => {
    const sheet = tableSheet(table);
    const ledger = sheet && { table, sheet, number: index + 1, place: `第 ${index + 1} 个表格` };
    return ledger && isLedger(ledger) ? [ledger] : [];
  });
  let rest = xml;
  for (const { table } of [...ledgers].reverse()) rest = rest.slice(0, table.start) + rest.slice(table.end);
  const text = await documentText(zip, rest);
  if (!text.trim() && ledgers.length === 0) throw new UserError('文档中没有文字，没有导入任何内容', 'the document holds no text; nothing was imported');
  if (ledgers.length === 0) return readTextReport(text, options, '段');
  return readReportWithTables(text, ledgers, options, '段');
}
