import { Document, HeadingLevel, LevelFormat, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';

/** A report whose headings are numbered by their paragraph styles (标题 1, 标题 2, and a style based on 标题 2). */
async function styledReport(): Promise<Buffer> {
  const body = (text: string) => new Paragraph({ text });
  const document = new Document({
    numbering: {
      config: [
        {
          reference: 'outline',
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、' },
            { level: 1, format: LevelFormat.CHINESE_COUNTING, text: '（%2）' },
          ],
        },
      ],
    },
    styles: {
      paragraphStyles: [
        { id: 'Heading1', name: 'Heading 1', basedOn: 'Normal', paragraph: { numbering: { reference: 'outline', level: 0 } } },
        { id: 'Heading2', name: 'Heading 2', basedOn: 'Normal', paragraph: { numbering: { reference: 'outline', level: 1 } } },
        { id: 'Problem', name: '问题标题', basedOn: 'Heading2' },
      ],
    },
    sections: [
      {
        children: [
          body('巡察整改情况公布'),
          new Paragraph({ text: '政治建设方面', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: '理论学习不深入', style: 'Problem' }),
          body('问题内容：中心组学习以传达文件为主。'),
          body('整改情况：已完成。已制定学习计划。'),
          new Paragraph({ text: '意识形态工作责任制落实不到位', heading: HeadingLevel.HEADING_2 }),
          body('问题内容：责任制不健全。'),
          body('整改情况：正在整改。计划于8月底前完成。'),
          new Paragraph({ text: '作风建设方面', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: '服务企业意识不强', heading: HeadingLevel.HEADING_2 }),
          body('问题内容：下企业调研少。'),
          // A heading style with its number taken away (numId 0): not a heading of its own.
          new Paragraph({ text: '整改情况：已完成。已建立分包制度。', heading: HeadingLevel.HEADING_2, numbering: false }),
          body('2021年7月1日'),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

describe('a Word report numbered through its paragraph styles', () => {
  it('numbers each paragraph as its style, or the style that style is based on, says', async () => {
    const docx = await styledReport();
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
    // The numbers are in the styles only.
    expect(xml).not.toMatch(/<w:numId w:val="[1-9]/);
    expect(xml).toContain('<w:numId w:val="0"/>');

    const dir = tempDir();
    const file = join(dir, '公布.docx');
    writeFileSync(file, docx);
    const db = join(dir, 'duban.db');
    const result = await runCli(['import', file, '--db', db, '--ledger', 'L']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('新增 3 项');
    const items = JSON.parse((await runCli(['items', '--db', db, '--json'])).stdout) as { code: string; title: string; status: string }[];
    expect(items.map((i) => [i.code, i.title, i.status])).toEqual([
      ['一/(一)', '理论学习不深入', 'done'],
      ['一/(二)', '意识形态工作责任制落实不到位', 'in_progress'],
      ['二/(一)', '服务企业意识不强', 'done'],
    ]);
  });
});
