/**
 * Large inputs made from the seeds' own items: a text report, an Excel ledger and a Word table of any number of items,
 * 20 sections (categories) of equal size, every item one of the seeds' items with its title, problem and rectification.
 */
import { readFileSync } from 'node:fs';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { readTextReport } from '../src/ingest/text-report.ts';
import { chineseNumeral } from '../src/ingest/numerals.ts';
import type { ItemDraft } from '../src/ledger/types.ts';

const sections = 20;
/** The size of the input each measured run warms up with: enough for the code to be compiled as it will run. */
export const warmupItems = 2_000;

function seedItems(): ItemDraft[] {
  return ['000_5c118598706826d0', '003_cf95e3e12b08fb36'].flatMap(
    (seed) => readTextReport(readFileSync(new URL(`../data/samples/${seed}.txt`, import.meta.url), 'utf8'), { today: '2021-01-01' }).items,
  );
}

const flat = (text: string) => text.replace(/\n/g, '');

/** A report of `itemCount` items in the seeds' shape: `一、…` sections, `1、` items, labelled blocks, a date line. */
export function syntheticReport(itemCount: number): string {
  const samples = seedItems();
  const perSection = Math.ceil(itemCount / sections);
  const lines: string[] = ['关于巡察反馈意见整改情况的报告'];
  for (let n = 0; n < itemCount; n++) {
    if (n % perSection === 0) lines.push(`${chineseNumeral(n / perSection + 1)}、第${n / perSection + 1}方面的问题`);
    const sample = samples[n % samples.length]!;
    lines.push(`${(n % perSection) + 1}、${sample.title}`, `问题内容：${flat(sample.problem)}`, `整改情况：${flat(sample.rectification)}`);
  }
  lines.push('2021年3月1日');
  return lines.join('\n');
}

const people = ['张三', '李四', '王五', '赵六', '孙七', '周八'];
const limits = ['2021年6月底前', '2021-09-30', '年底前', '长期坚持', '立行立改', '8月31日'];

/** The columns of a synthetic ledger and one item's row of them. */
const ledgerHeader = ['序号', '问题类别', '存在问题', '整改措施', '责任人', '整改时限', '整改进展'];

function ledgerRow(samples: ItemDraft[], n: number, perSection: number): (string | number)[] {
  const section = Math.floor(n / perSection);
  const sample = samples[n % samples.length]!;
  return [
    (n % perSection) + 1,
    `${chineseNumeral(section + 1)}、第${section + 1}方面的问题`,
    `${sample.title}\n${flat(sample.problem)}`,
    sample.measures.map((m) => m.text).slice(0, 2).join('\n'),
    `${people[n % people.length]}、${people[(n + 1) % people.length]}`,
    limits[n % limits.length]!,
    flat(sample.rectification),
  ];
}

/** The same ledger as a table in a Word document, under a title and above its date line. */
export async function syntheticWordTable(itemCount: number, path: string): Promise<void> {
  const samples = seedItems();
  const perSection = Math.ceil(itemCount / sections);
  const cell = (value: string | number) =>
    new TableCell({ children: String(value).split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })) });
  const rows = [ledgerHeader, ...Array.from({ length: itemCount }, (_, n) => ledgerRow(samples, n, perSection))];
  const table = new Table({ rows: rows.map((row) => new TableRow({ children: row.map(cell) })) });
  const paragraph = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const document = new Document({ sections: [{ children: [paragraph('巡察反馈问题整改台账'), table, paragraph('2021年3月1日')] }] });
  writeFileSync(path, await Packer.toBuffer(document));
}

/**
 * A ledger workbook of `itemCount` rows written as a stream to `path` (a title row with its date, a header, one row
 * per item with its category), so that 100,000 rows are made in little memory.
 */
export async function syntheticWorkbook(itemCount: number, path: string): Promise<void> {
  const samples = seedItems();
  const perSection = Math.ceil(itemCount / sections);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = workbook.addWorksheet('整改台账');
  sheet.addRow(['巡察反馈问题整改台账（填报时间：2021年3月1日）']).commit();
  sheet.addRow(ledgerHeader).commit();
  for (let n = 0; n < itemCount; n++) sheet.addRow(ledgerRow(samples, n, perSection)).commit();
  sheet.commit();
  await workbook.commit();
}
