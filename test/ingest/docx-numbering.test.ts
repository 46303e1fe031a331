import { describe, expect, it } from 'vitest';
import { formatCounter, readNumbering, writeInNumbers } from '../../src/ingest/docx-numbering.ts';

const numbering = `<w:numbering>
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#9679;"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>`;

const paragraph = (text: string, numId?: number, ilvl = 0) =>
  `<w:p w:rsidR="00A1"><w:pPr>${numId ? `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>` : ''}</w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;

const labels = (xml: string) => [...xml.matchAll(/<w:p\b[\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));

describe('numbers Word keeps as list formatting', () => {
  it('writes in a multilevel outline as Word counts it: a level starts again when a level above it moves', () => {
    const document = [
      paragraph('政治建设方面', 1, 0),
      paragraph('学习不深入', 1, 1),
      paragraph('措施一', 1, 2),
      paragraph('措施二', 1, 2),
      paragraph('制度不健全', 1, 1),
      paragraph('措施', 1, 2),
      paragraph('普通段落'),
      paragraph('要点', 2, 0),
      paragraph('作风建设方面', 1, 0),
      paragraph('作风不实', 1, 1),
      '<w:p/>',
    ].join('');
    expect(labels(writeInNumbers(document, readNumbering(numbering)))).toEqual([
      '一、政治建设方面',
      '（一）学习不深入',
      '1.措施一',
      '2.措施二',
      '（二）制度不健全',
      '1.措施',
      '普通段落',
      '要点',
      '二、作风建设方面',
      '（一）作风不实',
    ]);
  });

  it('starts a list that restarts at its own start, and escapes what it writes', () => {
    const restarting = numbering.replace(
      '</w:numbering>',
      '<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num></w:numbering>',
    ).replace('%1、', '%1&amp;');
    const out = writeInNumbers(paragraph('甲', 1) + paragraph('乙', 3) + paragraph('丙', 3), readNumbering(restarting));
    expect(labels(out)).toEqual(['一&amp;甲', '三&amp;乙', '四&amp;丙']);
  });

  it('reads the properties a paragraph has now, not those a tracked change kept, and writes the number after them', () => {
    const numPr = (numId: number) => `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr>`;
    const tracked = (now: string, before: string, text: string) =>
      `<w:p><w:pPr>${now}<w:pPrChange w:id="1" w:author="张三"><w:pPr>${before}</w:pPr></w:pPrChange></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
    const out = writeInNumbers(
      tracked(numPr(1), '', '政治建设方面') + tracked('<w:jc w:val="left"/>', numPr(1), '不再编号') + tracked(numPr(1), '', '作风建设方面'),
      readNumbering(numbering),
    );
    expect(labels(out)).toEqual(['一、政治建设方面', '不再编号', '二、作风建设方面']);
    expect(out).toContain('</w:pPrChange></w:pPr><w:r><w:t xml:space="preserve">一、</w:t></w:r><w:r><w:t>政治建设方面');
  });

  it.each([
    [12, 'chineseCounting', '十二'],
    [21, 'chineseCountingThousand', '二十一'],
    [105, 'chineseCounting', '一百零五'],
    [3, 'decimalEnclosedCircle', '③'],
    [2, 'ideographTraditional', '乙'],
    [4, 'lowerRoman', 'iv'],
    [28, 'lowerLetter', 'bb'],
    [7, 'decimalZero', '07'],
    [5, 'decimal', '5'],
  ])('counts %i as %s: %s', (n, format, shown) => {
    expect(formatCounter(n, format)).toBe(shown);
  });
});
