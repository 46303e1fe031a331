/**
 * Reads a Word report (.docx) into the same importer as plain text: mammoth gives its paragraphs, one per line, and
 * the outline numbers Word keeps as list formatting, on a paragraph or through its style, are written in first (see
 * docx-numbering.ts), so a report numbered with Word's button reads exactly like one typed by hand.
 */
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { UserError } from '../errors.ts';
import type { ReportDraft } from '../ledger/types.ts';
import { readNumbering, readStyles, writeInNumbers } from './docx-numbering.ts';
import { checkInflatedSize, checkOfficePackage, corruptFile } from './office-file.ts';
import { type ReadOptions, readTextReport } from './text-report.ts';

/** The document's text, paragraph by paragraph, with list numbers as Word shows them. */
export async function docxText(bytes: Buffer): Promise<string> {
  checkOfficePackage(bytes, 'docx');
  await checkInflatedSize(bytes, 'docx');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    throw corruptFile('docx', (error as Error).message);
  }
  const document = zip.file('word/document.xml');
  if (!document) throw corruptFile('docx', 'no word/document.xml');
  const numberingXml = await zip.file('word/numbering.xml')?.async('string');
  if (numberingXml) {
    const stylesXml = await zip.file('word/styles.xml')?.async('string');
    const styles = stylesXml ? readStyles(stylesXml) : undefined;
    zip.file('word/document.xml', writeInNumbers(await document.async('string'), readNumbering(numberingXml), styles));
  }
  try {
    const { value } = await mammoth.extractRawText({ buffer: await zip.generateAsync({ type: 'nodebuffer' }) });
    return value;
  } catch (error) {
    throw corruptFile('docx', (error as Error).message);
  }
}

export async function readDocxReport(bytes: Buffer, options: ReadOptions): Promise<ReportDraft> {
  const text = await docxText(bytes);
  if (!text.trim()) throw new UserError('文档中没有文字，没有导入任何内容', 'the document holds no text; nothing was imported');
  return readTextReport(text, options);
}
