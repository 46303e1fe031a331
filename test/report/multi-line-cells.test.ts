import JSZip from 'jszip';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';
import { ledgerXlsx } from '../support/office.ts';

const env = { DUBAN_NOW: '2021-07-01T09:00' };

interface ItemJson {
  code: string;
  title: string;
  status: string;
  measures: { marker: string | null }[];
}

const outline = (items: ItemJson[]) => items.map((i) => [i.code, i.title, i.status, i.measures.map((m) => m.marker)]);

describe('a ledger whose cells hold several lines, in the public report', () => {
  it('keeps each cell in its labelled paragraph, so the text report reads back as the same items', async () => {
    const dir = tempDir();
    const db = join(dir, 'duban.db');
    const sheet = join(dir, '台账.xlsx');
    writeFileSync(
      sheet,
      await ledgerXlsx([
        ['填报时间：2021年6月1日'],
        ['序号', '问题类别', '存在问题', '整改措施', '责任人', '整改时限', '整改进展'],
        [1, '政治建设方面', '理论学习不深入\n1、中心组学习以传达文件为主\n2、研讨不多', '1、制定学习计划\n2、每月研讨一次', '张三', '2021-09-30', '1、已制定学习计划\n2、正在组织专题研讨'],
        [2, null, '意识形态工作责任制落实不到位。', '1、建立责任制\n2、开展督查', '李四', '2021-12-31', '已完成。\n1、已建立责任制；\n2、已开展督查'],
      ], { merges: ['B3:B4'] }),
    );
    expect((await runCli(['import', sheet, '--db', db, '--ledger', '台账'], env)).code).toBe(0);
    const items = async (ledger: string) => JSON.parse((await runCli(['items', '--db', db, '--ledger', ledger, '--json'])).stdout) as ItemJson[];
    const ledger = await items('台账');
    expect(outline(ledger)).toEqual([
      ['一/1', '理论学习不深入', 'in_progress', ['1', '2']],
      ['一/2', '意识形态工作责任制落实不到位', 'done', ['1', '2']],
    ]);

    const txt = join(dir, '公布.txt');
    expect((await runCli(['report', '--db', db, '--ledger', '台账', '--format', 'txt', '--out', txt], env)).code).toBe(0);
    const text = readFileSync(txt, 'utf8');
    expect(text).toContain('问题内容：1、中心组学习以传达文件为主；2、研讨不多\n');
    expect(text).toContain('整改措施：1、制定学习计划；2、每月研讨一次\n');
    expect(text).toContain('整改情况：正在整改。1、已制定学习计划；2、正在组织专题研讨。整改时限：2021年9月30日。\n');
    expect(text).toContain('整改情况：已完成。1、已建立责任制；2、已开展督查。\n');

    const again = await runCli(['import', txt, '--db', db, '--ledger', '公布稿'], env);
    expect(again.stdout).toContain('新增 2 项');
    expect(outline(await items('公布稿'))).toEqual(outline(ledger));

    const docx = join(dir, '公布.docx');
    expect((await runCli(['report', '--db', db, '--ledger', '台账', '--format', 'docx', '--out', docx], env)).code).toBe(0);
    const document = await (await JSZip.loadAsync(readFileSync(docx))).file('word/document.xml')!.async('string');
    // One paragraph, the cell's second line after a line break: never a newline Word would show as a space.
    expect(document).toMatch(/1、制定学习计划<\/w:t><\/w:r><w:r>(?:(?!<\/w:p>).)*?<w:br\/><w:t[^>]*>2、每月研讨一次/);
    expect(document).not.toMatch(/<w:t[^>]*>[^<]*\n/);
  });
});
