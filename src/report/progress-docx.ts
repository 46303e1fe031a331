/**
 * The progress report as a Word document laid out as Chinese official documents are (GB/T 9704-2012): A4 with a
 * 156 × 225 mm text block (top 37 mm, left 28 mm), the title in 2号小标宋, the body in 3号仿宋_GB2312 at 22 lines a
 * page, first-level headings in 黑体 and second-level in 楷体_GB2312, page numbers `— 1 —` in 4号宋体, right on odd
 * pages and left on even ones. Fonts are named as Chinese Windows and WPS install them, so they are used where
 * present and substituted where not.
 */
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from 'docx';
import type { Block, ProgressReport } from './progress-report.ts';

const fonts = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  firstLevel: '黑体',
  secondLevel: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

/** Half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt. */
const sizes = { title: 44, body: 32, pageNumber: 28 } as const;

/** 225 mm of text block over 22 lines: 28.95 pt a line, in twips. */
const linePitch = 579;
/** One character of 3号 text, in twips: indents are counted in characters. */
const character = 320;

const bodySpacing = { line: linePitch, lineRule: LineRuleType.EXACT };

/** Millimetres to twips, rounded (A4 is 11906 × 16838). */
const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);

/** Chinese text in the named font; digits and Latin letters in Times New Roman, as official documents set them. */
function run(text: string, font: string, options: { size?: number; bold?: boolean; lineBreak?: boolean } = {}): TextRun {
  return new TextRun({
    text,
    font: { eastAsia: font, ascii: 'Times New Roman', hAnsi: 'Times New Roman' },
    size: options.size ?? sizes.body,
    bold: options.bold,
    break: options.lineBreak ? 1 : undefined,
  });
}

const bodyParagraph = (children: TextRun[]) =>
  new Paragraph({ children, alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 2 * character }, spacing: bodySpacing });

function headingFont(depth: number): { font: string; bold: boolean } {
  if (depth === 0) return { font: fonts.firstLevel, bold: false };
  if (depth === 1) return { font: fonts.secondLevel, bold: false };
  return { font: fonts.body, bold: true };
}

function blockParagraph(block: Block): Paragraph {
  if (block.kind === 'heading') {
    const { font, bold } = headingFont(block.depth);
    return bodyParagraph([run(block.text, font, { bold })]);
  }
  return bodyParagraph([run(`${block.label}：`, fonts.body, { bold: true }), ...lineRuns(block.text)]);
}

/** A multi-line cell's lines in one paragraph, each after a line break as Word shows `Shift+Enter`. */
const lineRuns = (text: string) => text.split('\n').map((line, i) => run(line, fonts.body, { lineBreak: i > 0 }));

function pageNumber(alignment: (typeof AlignmentType)[keyof typeof AlignmentType]): Footer {
  const indent = alignment === AlignmentType.RIGHT ? { right: character } : { left: character };
  return new Footer({
    children: [
      new Paragraph({
        alignment,
        indent,
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: { eastAsia: fonts.pageNumber, ascii: fonts.pageNumber, hAnsi: fonts.pageNumber },
            size: sizes.pageNumber,
          }),
        ],
      }),
    ],
  });
}

export function progressDocx(report: ProgressReport): Promise<Buffer> {
  const blank = () => new Paragraph({ spacing: bodySpacing, children: [] });
  const children = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: Math.round(linePitch * 1.2), lineRule: LineRuleType.EXACT },
      children: [run(report.title, fonts.title, { size: sizes.title })],
    }),
    blank(),
    bodyParagraph([run(report.preamble, fonts.body)]),
    ...report.blocks.map(blockParagraph),
    bodyParagraph([run(report.closing, fonts.body)]),
    blank(),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: 4 * character },
      spacing: bodySpacing,
      children: [run(report.date, fonts.body)],
    }),
  ];
  const document = new Document({
    creator: '督办',
    title: report.title,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: { eastAsia: fonts.body, ascii: 'Times New Roman', hAnsi: 'Times New Roman' }, size: sizes.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), footer: mm(25), header: mm(15) },
          },
          grid: { type: DocumentGridType.LINES, linePitch },
        },
        footers: { default: pageNumber(AlignmentType.RIGHT), even: pageNumber(AlignmentType.LEFT) },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
