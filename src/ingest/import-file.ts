/** Reading a report file from disk, by its format, into a draft the ledger can take. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { isCalendarDate } from '../clock.ts';
import { UserError } from '../errors.ts';
import type { ImportSource } from '../ledger/apply-report.ts';
import type { ReportDraft } from '../ledger/types.ts';
import { decodeText } from './decode.ts';
import { reportWords } from './ledger-words.ts';
import { readTextReport } from './text-report.ts';
import { findTextTables } from './text-tables.ts';

export interface ReadFileOptions {
  /** `--as-of`: resolve deadlines against this date (YYYY-MM-DD), whatever the report says. */
  asOf?: string;
  /** Today's date where the users are: the reference for a report that states no date at all. */
  today: string;
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`找不到文件 ${path}`, `File not found: ${path}`);
    if (code === 'EISDIR') throw new UserError(`${path} 是一个文件夹，请指定报告文件`, `${path} is a folder; name a report file`);
    throw new UserError(`无法读取 ${path}：${(error as Error).message}`, `Cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The ledger a file goes into when none is named: the file's name without its extension. */
export const defaultLedgerName = (path: string) => basename(path, extname(path));

interface Read {
  draft: ReportDraft;
  source: ImportSource;
}

function checkAsOf(options: ReadFileOptions): void {
  if (options.asOf !== undefined && !isCalendarDate(options.asOf)) {
    throw new UserError(`--as-of 应为 YYYY-MM-DD 格式的日期，而不是"${options.asOf}"`, `--as-of takes a date as YYYY-MM-DD, not "${options.asOf}"`);
  }
}

/** A reader's complaint, prefixed with the file it is about. */
function naming(fileName: string, error: unknown): unknown {
  return error instanceof UserError ? new UserError(`${fileName}：${error.zh}`, `${fileName}: ${error.en}`) : error;
}

const withWords = (draft: ReportDraft): ReportDraft => ({ ...draft, words: reportWords(draft.items) });

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function readText(bytes: Buffer, fileName: string, options: ReadFileOptions): Read {
  const { text, encoding } = decodeText(bytes, fileName);
  try {
    return { draft: withWords(readTextReport(text, options)), source: { fileName, sha256: sha256(bytes), format: 'text', encoding } };
  } catch (error) {
    throw naming(fileName, error);
  }
}

/**
 * Reads and checks a plain-text report (the shipped samples) before anything is written, so a bad file leaves the
 * ledger as it was. A table pasted into a text is read by `readImportFile`, which can load the spreadsheet reader.
 */
export function readReportFile(path: string, options: ReadFileOptions): Read {
  checkAsOf(options);
  return readText(readBytes(path), basename(path), options);
}

/** A plain-text report; one with a ledger table in it has the table read as a sheet (text-tables.ts). */
async function readTextFile(bytes: Buffer, fileName: string, options: ReadFileOptions): Promise<Read> {
  const { text, encoding } = decodeText(bytes, fileName);
  const tables = findTextTables(text);
  if (tables.length === 0) return readText(bytes, fileName, options);
  try {
    const draft = (await import('./report-tables.ts')).readTextWithTables(text, tables, options);
    return { draft: withWords(draft), source: { fileName, sha256: sha256(bytes), format: 'text', encoding } };
  } catch (error) {
    throw naming(fileName, error);
  }
}

/**
 * Reads any file `duban import` takes, by its extension: a Word report (.docx), an Excel ledger (.xlsx), or plain
 * text. The whole file is read and checked before anything is written.
 */
export async function readImportFile(path: string, options: ReadFileOptions): Promise<Read> {
  checkAsOf(options);
  const bytes = readBytes(path);
  const fileName = basename(path);
  const format = extname(path).toLowerCase().slice(1);
  if (format !== 'docx' && format !== 'xlsx') return readTextFile(bytes, fileName, options);
  try {
    // The office readers (and mammoth, for Word) are loaded only for an office file.
    const draft =
      format === 'docx'
        ? await (await import('./docx-report.ts')).readDocxReport(bytes, options)
        : await (await import('./xlsx-ledger.ts')).readXlsxLedger(bytes, options);
    return { draft: withWords(draft), source: { fileName, sha256: sha256(bytes), format, encoding: null } };
  } catch (error) {
    throw naming(fileName, error);
  }
}
