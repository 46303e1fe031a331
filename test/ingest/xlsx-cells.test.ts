import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Grid } from '../../src/ingest/sheet-grid.ts';
import { workbookSheets } from '../../src/ingest/xlsx-cells.ts';
import { readLedgerSheet } from '../../src/ingest/xlsx-ledger.ts';
import { ledgerXlsx } from '../support/office.ts';

type Sheet = ExcelJS.Worksheet;

/** The cells every workbook below holds, as exceljs takes them, and merged A4:B5. */
function fill(sheet: Sheet): void {
  sheet.addRow(['text  ', ' 两行\n文字 ', 42, 3.5, new Date(Date.UTC(2021, 5, 30)), true]);
  sheet.addRow([
    { richText: [{ text: '整改' }, { font: { bold: true }, text: '措施' }] },
    { formula: '1+1', result: 2 },
    { formula: 'A1&"x"', result: '文x' },
    { formula: 'SUM(1)' },
    { error: '#N/A' },
    { text: '链接', hyperlink: 'https://example.org/' },
  ] as ExcelJS.CellValue[]);
  const row = sheet.addRow([44377, 0.5, 'a < b & "c"']);
  row.getCell(1).numFmt = 'yyyy"年"m"月"d"日"';
  row.getCell(2).numFmt = '0.00%';
  sheet.getCell('A4').value = '合并';
  sheet.getCell('F5').value = '末行';
  sheet.mergeCells('A4:B5');
}

/** What Excel shows in each of those cells, row by row; `!` before what a cell holds that cannot be read. */
const shown = [
  ['text', '两行\n文字', 42, 3.5, new Date(Date.UTC(2021, 5, 30)), 'true'],
  ['整改措施', 2, '文x', '!没有计算结果的公式', '!错误值 #N/A', '链接'],
  [new Date(Date.UTC(2021, 5, 30)), 0.5, 'a < b & "c"', undefined, undefined, undefined],
  ['合并', '合并', undefined, undefined, undefined, undefined],
  ['合并', '合并', undefined, undefined, undefined, '末行'],
];

const cellsOf = (grid: Grid) =>
  Array.from({ length: grid.rowCount }, (_, r) =>
    Array.from({ length: grid.columnCount }, (_, c) => {
      const cannot = grid.unreadable(r + 1, c + 1);
      return cannot ? `!${cannot}` : grid.value(r + 1, c + 1);
    }),
  );

/** A workbook as `Workbook.xlsx.writeBuffer` writes it: strings shared, styles in styles.xml. */
async function sharedStrings(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('封面', { state: 'hidden' }).addRow(['整改台账']);
  fill(workbook.addWorksheet('整改台账'));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The same written as a stream without shared strings: each text in its cell (`t="str"`, rich text inline). */
async function inlineStrings(): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
  workbook.addWorksheet('封面', { state: 'hidden' }).addRow(['整改台账']).commit();
  const sheet = workbook.addWorksheet('整改台账');
  fill(sheet);
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

describe('the cells of an Excel workbook, read from its package', () => {
  it.each([
    ['shared strings', sharedStrings],
    ['strings in their cells', inlineStrings],
  ])('shows each cell as Excel does, with %s', async (_, write) => {
    const sheets = workbookSheets(await write());
    expect(sheets.map((s) => [s.name, s.visible])).toEqual([
      ['封面', false],
      ['整改台账', true],
    ]);
    const grid = sheets[1]!.read();
    expect(cellsOf(grid)).toEqual(shown);
    expect([grid.isMaster(4, 1), grid.isMaster(5, 2), grid.master(5, 2)]).toEqual([true, false, { row: 4, column: 1 }]);
    expect(cellsOf(sheets[0]!.read())).toEqual([['整改台账']]);
  });

  it('reads strings as Excel itself writes them: a phonetic guide left out, its escaped carriage return read as a line end', async () => {
    const zip = await JSZip.loadAsync(await ledgerXlsx([['整改', '一行']]));
    zip.file(
      'xl/sharedStrings.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">' +
        '<si><t>整改</t><rPh sb="0" eb="2"><t>zhěnggǎi</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>' +
        '<si><r><rPr><b/></rPr><t xml:space="preserve">一行_x000D_\n</t></r><r><t>二行&amp;&#x4E09;</t></r></si></sst>',
    );
    const grid = workbookSheets(await zip.generateAsync({ type: 'nodebuffer' }))[0]!.read();
    expect([grid.value(1, 1), grid.value(1, 2)]).toEqual(['整改', '一行\n二行&三']);
  });

  it('keeps a merge over the whole sheet to the cells that hold something', async () => {
    const zip = await JSZip.loadAsync(await ledgerXlsx([['序号', '存在问题'], [1, '台账不全。']], { merges: ['A1:B1'] }));
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', sheet.replace('ref="A1:B1"', 'ref="A1:XFD1048576"'));
    const grid = workbookSheets(await zip.generateAsync({ type: 'nodebuffer' }))[0]!.read();
    expect([grid.rowCount, grid.columnCount]).toEqual([2, 2]);
    expect(cellsOf(grid)).toEqual([
      ['序号', '序号'],
      ['序号', '序号'],
    ]);
  });

  it('reads dates of a workbook counting from 1904', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.properties.date1904 = true;
    workbook.addWorksheet('台账').addRow([new Date(Date.UTC(2021, 5, 30))]);
    const grid = workbookSheets(Buffer.from(await workbook.xlsx.writeBuffer()))[0]!.read();
    expect(grid.value(1, 1)).toEqual(new Date(Date.UTC(2021, 5, 30)));
  });

  it('reads a ledger into the same items as the exceljs model of the same workbook', async () => {
    const bytes = await ledgerXlsx(
      [
        ['巡察反馈问题整改台账（填报时间：2021年6月15日）'],
        ['序号', '存在问题', '整改措施', '责任主体', null, null, '整改时限', '整改进展', '状态'],
        [null, null, null, '责任领导', '责任单位', '责任人', null, null, null],
        ['一、政治建设方面'],
        [1, '理论学习不深入。\n学习计划未落实', '1.制定学习计划\n2.开展专题学习', '王书记', '党政办', '张三', new Date(Date.UTC(2021, 5, 30)), '一是已制定计划；二是8月底前完成', null],
        [null, null, '3.建立台账', null, null, '李四', '2021年9月底前', null, null],
        [2, { formula: 'CONCATENATE("意识形态","工作")' }, '建立责任制', '赵主任', '宣传科', '李四、王五', '长期坚持', '正在整改', '整改中'],
        ['二、作风建设方面'],
        [1, '服务企业意识不强。', '走访企业', null, null, '王五', { error: '#REF!' }, null, '已完成'],
        ['制表人：张三', null, '审核：李四'],
      ],
      { merges: ['A1:I1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:F2', 'G2:G3', 'H2:H3', 'I2:I3', 'A4:I4', 'A5:A6', 'B5:B6', 'A8:I8'] },
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const options = { today: '2021-07-01' };
    const expected = readLedgerSheet(asExceljsShows(workbook.worksheets[0]!), options, '工作表「整改台账」')!;
    const read = readLedgerSheet(workbookSheets(bytes)[0]!.read(), options, '工作表「整改台账」')!;
    expect(expected.items.map((i) => i.code)).toEqual(['一/1', '一/2', '二/1']);
    expect(expected.warnings).toHaveLength(2);
    expect(read).toEqual(expected);
  });
});

/**
 * A package as the .NET Open XML SDK and others write it, not as Excel does: every element prefixed `x:`, the
 * sheet's relationship under another prefix and `./` in its target, styles that use Excel's built-in Chinese date
 * format (31, written nowhere in the file) and one whose `\h` is a literal h.
 */
async function otherWriters(cells: string): Promise<Buffer> {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>');
  zip.file(
    'xl/workbook.xml',
    `<?xml version="1.0"?><x:workbook xmlns:x="${main}" xmlns:d3p1="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
      '<x:sheets><x:sheet name="台账" sheetId="1" d3p1:id="R1a"/></x:sheets></x:workbook>',
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="R1a" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="./worksheets/sheet1.xml"/></Relationships>',
  );
  zip.file(
    'xl/styles.xml',
    `<?xml version="1.0"?><x:styleSheet xmlns:x="${main}"><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="0.0\\h"/></x:numFmts>` +
      '<x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="31"/><x:xf numFmtId="164"/></x:cellXfs></x:styleSheet>',
  );
  zip.file('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><x:worksheet xmlns:x="${main}"><x:sheetData><x:row r="1">${cells}</x:row></x:sheetData></x:worksheet>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe('workbooks not written by Excel', () => {
  it('are read as Excel shows them: prefixed elements, built-in Chinese dates, ISO dates, an empty text result', async () => {
    const sheets = workbookSheets(
      await otherWriters(
        '<x:c r="A1" t="inlineStr"><x:is><x:t>整改</x:t></x:is></x:c>' +
          '<x:c r="B1" s="1"><x:v>44377</x:v></x:c>' +
          '<x:c r="C1" t="d"><x:v>2021-06-30T00:00:00</x:v></x:c>' +
          '<x:c r="D1" t="str"><x:f>IF(1,"","x")</x:f><x:v></x:v></x:c>' +
          '<x:c r="E1" s="2"><x:v>1.5</x:v></x:c>' +
          '<x:c r="F1" s="1"><x:v>1e9</x:v></x:c>',
      ),
    );
    expect(sheets.map((sheet) => sheet.name)).toEqual(['台账']);
    const june30 = new Date(Date.UTC(2021, 5, 30));
    expect(cellsOf(sheets[0]!.read())).toEqual([['整改', june30, june30, undefined, 1.5, '!无法识别的日期 1e9']]);
  });

  it('say a cell no reader can show is a damaged file, never crash', async () => {
    const [sheet] = workbookSheets(await otherWriters('<x:c r="A1" t="str"><x:v>&#1114112;</x:v></x:c>'));
    expect(() => sheet!.read()).toThrow(/damaged or not an Excel workbook \(character reference 1114112\)/);
  });
});

/** The sheet as exceljs's model of it shows each cell: a covered cell shows its merge's first cell. */
function asExceljsShows(sheet: Sheet): Grid {
  const grid = new Grid(sheet.name);
  sheet.eachRow((row, r) =>
    row.eachCell((cell, c) => {
      if (cell.master !== cell) return;
      const value = cell.value;
      if (value instanceof Date || typeof value === 'string' || typeof value === 'number') grid.set(r, c, value);
      else if (value && typeof value === 'object' && 'error' in value) grid.setUnreadable(r, c, `错误值 ${value.error}`);
      else if (value && typeof value === 'object' && 'formula' in value) {
        if (value.result === undefined) grid.setUnreadable(r, c, '没有计算结果的公式');
        else grid.set(r, c, value.result as string | number);
      }
    }),
  );
  for (const range of sheet.model.merges) {
    const [top, left, bottom, right] = range.split(':').flatMap((a) => [Number(sheet.getCell(a).row), Number(sheet.getCell(a).col)]);
    grid.merge(top!, left!, bottom!, right!);
  }
  return grid;
}
