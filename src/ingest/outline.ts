/**
 * The outline markers of a report and the labels that open its blocks. Levels are not fixed by style: a report may
 * skip one, and the nesting is whatever order the styles first appear in. A code keeps the marker as written
 * (`(1)`, `三是`), with full-width brackets folded to half-width.
 */
import { parseNumber } from './numerals.ts';

export type MarkerStyle = 'chinese' | 'bracketedChinese' | 'arabic' | 'bracketedArabic' | 'enumerated' | 'circled' | 'problemNumber' | 'dashed';

export interface Marker {
  style: MarkerStyle;
  /** The code segment: 一, (一), 1, (1), 三是, ①, 问题2, 1-2. */
  segment: string;
  value: number;
  /** The paragraph after the marker. */
  rest: string;
}

const cn = '[一二三四五六七八九十百]+';
export const circled = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

const leading: { style: MarkerStyle; pattern: RegExp; segment: (n: string) => string }[] = [
  { style: 'enumerated', pattern: new RegExp(`^(${cn})是(?![否指由])\\s*`), segment: (n) => `${n}是` },
  { style: 'chinese', pattern: new RegExp(`^(${cn})\\s*[、.．]\\s*`), segment: (n) => n },
  { style: 'bracketedChinese', pattern: new RegExp(`^[（(]\\s*(${cn})\\s*[）)]\\s*[、.．]?\\s*`), segment: (n) => `(${n})` },
  { style: 'arabic', pattern: /^(\d+)\s*[、.．](?!\d)\s*/, segment: (n) => n },
  { style: 'bracketedArabic', pattern: /^[（(]\s*(\d+)\s*[）)]\s*[、.．]?\s*/, segment: (n) => `(${n})` },
  { style: 'circled', pattern: new RegExp(`^([${circled}])\\s*`), segment: (n) => n },
  { style: 'problemNumber', pattern: new RegExp(`^问题\\s*(\\d+|${cn})\\s*[:：]\\s*`), segment: (n) => `问题${n}` },
  // A legacy ledger's sub-items: `1-1,` `1-2,` under problem 1.
  { style: 'dashed', pattern: /^(\d+-\d+)\s*[,，、.．:：\s]\s*/, segment: (n) => n },
];

const segments = Object.fromEntries(leading.map((l) => [l.style, l.segment])) as Record<MarkerStyle, (n: string) => string>;

function valueOf(style: MarkerStyle, numeral: string): number {
  if (style === 'circled') return circled.indexOf(numeral) + 1;
  return parseNumber(style === 'dashed' ? numeral.split('-')[1]! : numeral);
}

/** The first sentence of a heading, without its closing punctuation. */
export function titleOf(text: string): string {
  return (text.split(/[。；;！!？?]/)[0] ?? text).trim().replace(/[，,：:\s]+$/, '');
}

/** The outline marker a paragraph starts with, if any. */
export function readMarker(paragraph: string): Marker | undefined {
  for (const { style, pattern, segment } of leading) {
    const match = pattern.exec(paragraph);
    if (match) {
      const numeral = match[1]!;
      return { style, segment: segment(numeral), value: valueOf(style, numeral), rest: paragraph.slice(match[0].length) };
    }
  }
  return undefined;
}

/** Where a marker may stand inside running text: at the start or after punctuation, never inside a word. */
const boundary = /[。；;，,：:！!？?\s]/;

/** `hint`: what a text must hold for the style's markers to be looked for in it at all. */
const inline: Record<MarkerStyle, { pattern: RegExp; needsBoundary: boolean; hint?: RegExp }> = {
  enumerated: { pattern: new RegExp(`(${cn})是`, 'g'), needsBoundary: true },
  chinese: { pattern: new RegExp(`(${cn})、`, 'g'), needsBoundary: true },
  bracketedChinese: { pattern: new RegExp(`[（(](${cn})[）)]`, 'g'), needsBoundary: true },
  arabic: { pattern: /(\d{1,2})[、.．](?!\d)/g, needsBoundary: true },
  bracketedArabic: { pattern: /[（(](\d{1,2})[）)]/g, needsBoundary: true },
  circled: { pattern: new RegExp(`([${circled}])`, 'g'), needsBoundary: false },
  problemNumber: { pattern: new RegExp(`问题(\\d{1,3}|${cn})[:：]`, 'g'), needsBoundary: true, hint: /问题/ },
  dashed: { pattern: /(\d{1,3}-\d{1,3})\s*[,，、.．:：]/g, needsBoundary: true, hint: /\d-\d/ },
};

/** The markers of one style in running text, in order. */
function inlineMarkers(text: string, style: MarkerStyle): { numeral: string; index: number; end: number }[] {
  const { pattern, needsBoundary, hint } = inline[style];
  const markers: { numeral: string; index: number; end: number }[] = [];
  if (hint && !hint.test(text)) return markers;
  for (const match of text.matchAll(pattern)) {
    if (needsBoundary && match.index > 0 && !boundary.test(text[match.index - 1]!)) continue;
    markers.push({ numeral: match[1]!, index: match.index, end: match.index + match[0].length });
  }
  return markers;
}

export interface InlineMarker {
  style: MarkerStyle;
  segment: string;
  value: number;
  index: number;
  /** Where the text after the marker starts. */
  end: number;
}

/**
 * The numbered run inside a block of text: markers of one style counting 1, 2, 3… in order. Of the styles that
 * count from one, the run that starts first is the outer one (`一是…1、…2、…二是…` is a run of 是). Stray numbers
 * (`1#、2#厂房`, `4-6月份`) do not count up from one in order and are left as text.
 */
export function findRun(text: string): InlineMarker[] {
  let best: InlineMarker[] = [];
  for (const style of Object.keys(inline) as MarkerStyle[]) {
    const run = runOf(text, style);
    if (run.length === 0) continue;
    if (best.length === 0 || run[0]!.index < best[0]!.index) best = run;
  }
  return best;
}

/** The markers of one style in the text that count 1, 2, 3… in order. */
export function runOf(text: string, style: MarkerStyle): InlineMarker[] {
  const run: InlineMarker[] = [];
  for (const { numeral, index, end } of inlineMarkers(text, style)) {
    const value = valueOf(style, numeral);
    if (value !== run.length + 1) continue;
    run.push({ style, segment: segments[style](numeral), value, index, end });
  }
  return run;
}

/** Where a marker of this style would be in the text, counting from one: how far the run of that style has got. */
export function runLength(text: string, style: MarkerStyle): number {
  let count = 0;
  for (const { numeral } of inlineMarkers(text, style)) {
    if (valueOf(style, numeral) === count + 1) count++;
  }
  return count;
}

export type LabelKind = 'problem' | 'rectification';

const labelNames: Record<LabelKind, string[]> = {
  problem: ['问题内容', '详细问题', '存在问题', '问题表现', '具体问题', '问题描述', '主要问题'],
  rectification: ['整改情况', '整改措施', '整改落实情况', '整改进展', '整改结果', '整改完成情况', '整改进度', '完成情况'],
};

const labels = (Object.keys(labelNames) as LabelKind[]).map((kind) => {
  const names = labelNames[kind].join('|');
  return { kind, pattern: new RegExp(`^(?:【(?:${names})】|(?:${names})\\s*[:：])\\s*`) };
});

/** `问题内容：…` / `整改情况：…`: the block a paragraph opens, and its text after the label. */
export function readLabel(paragraph: string): { kind: LabelKind; rest: string } | undefined {
  for (const { kind, pattern } of labels) {
    const match = pattern.exec(paragraph);
    if (match) return { kind, rest: paragraph.slice(match[0].length) };
  }
  return undefined;
}

const inlineRectification = new RegExp(`(?<=[。.！!？?；;])\\s*(?:【(?:${labelNames.rectification.join('|')})】|(?:${labelNames.rectification.join('|')})\\s*[:：])\\s*`);

/** `服务意识不强。整改情况：已完成。`: a problem and its rectification in one paragraph, parted at the label. */
export function splitAtLabel(paragraph: string): { problem: string; rectification: string } | undefined {
  if (!/[:：】]/.test(paragraph)) return undefined;
  const match = inlineRectification.exec(paragraph);
  if (!match) return undefined;
  return { problem: paragraph.slice(0, match.index), rectification: paragraph.slice(match.index + match[0].length) };
}

/**
 * A code seen again in the same report gets `#2`, `#3`… (never renumbered), with a warning, so that no item is lost
 * to another with the same code.
 */
export function repeatedCode(seen: Map<string, number>, code: string, warnings: string[]): string {
  const count = (seen.get(code) ?? 0) + 1;
  seen.set(code, count);
  if (count === 1) return code;
  const numbered = `${code}#${count}`;
  warnings.push(`编号 ${code} 重复出现，第 ${count} 处记为 ${numbered} / outline code ${code} repeats; occurrence ${count} is ${numbered}`);
  return numbered;
}
