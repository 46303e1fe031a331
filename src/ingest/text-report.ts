/**
 * Reads a rectification report written as plain paragraphs (the seeds, or a Word document's text): the outline, each
 * problem with its rectification block, and nothing else. The preamble, sections that only describe how the work was
 * organised, and the closing lines are not items: an item is a heading that carries a problem label or a
 * rectification block.
 */
import { UserError } from '../errors.ts';
import type { ItemDraft, ReportDraft, ReportDateSource, Section } from '../ledger/types.ts';
import { inferReportDate, readDateLine } from './dates.ts';
import { readRectification } from './measures.ts';
import { type LabelKind, type Marker, type MarkerStyle, readLabel, readMarker, repeatedCode, runLength } from './outline.ts';

export interface ReadOptions {
  /** `--as-of`: the date deadlines are resolved against, whatever the report says. */
  asOf?: string;
  /** The import's own date (today, by the clock), for a report that gives no date at all. */
  today: string;
}

interface Node {
  code: string;
  style: MarkerStyle;
  title: string;
  heading: string;
  sections: Section[];
  problem: string[];
  rectification: string[];
  labelled: boolean;
}

type Mode = 'preamble' | 'heading' | LabelKind;

/** Lines, trimmed, without blanks; full-width spaces and invisible characters folded away. */
export function paragraphsOf(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/[\u200B-\u200D\u2060]/g, '')
    .replace(/[\u3000\u00A0]/g, ' ')
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

const closingLine =
  /^(?:欢迎|如有意见|如对|联系方式|联系电话|联系人|电话|传真|电子邮箱|邮箱|e-?mail|邮政编码|邮编|通信地址|通讯地址|地址|特此报告|特此公告|附件)/i;

/** How many paragraphs at the end are closing lines: the date, the invitation to supervise, phone, e-mail, signature. */
function closingCount(paragraphs: string[]): number {
  let count = 0;
  for (let i = paragraphs.length - 1; i >= 0; i--) {
    const p = paragraphs[i]!;
    const signature = count > 0 && p.length <= 30 && !/[。，,；;：:]/.test(p) && !readMarker(p) && !readLabel(p);
    if (readDateLine(p) || closingLine.test(p) || signature) count++;
    else break;
  }
  return count;
}

/** The first sentence of a heading, without its closing punctuation. */
export function titleOf(text: string): string {
  return (text.split(/[。；;！!？?]/)[0] ?? text).trim().replace(/[，,：:\s]+$/, '');
}

/** The date a report speaks from: `--as-of`, its date line, its latest past date or document number, or the import's. */
export function reportDateOf(paragraphs: string[], text: string, options: ReadOptions): { date: string; source: ReportDateSource } {
  if (options.asOf) return { date: options.asOf, source: 'as-of' };
  const signed = paragraphs.map(readDateLine).filter((d) => d !== undefined).at(-1);
  if (signed) return { date: signed, source: 'date-line' };
  return inferReportDate(text) ?? { date: options.today, source: 'import-date' };
}

export function readTextReport(text: string, options: ReadOptions): ReportDraft {
  const all = paragraphsOf(text);
  const { date: reportDate, source: reportDateSource } = reportDateOf(all, text, options);
  const paragraphs = all.slice(0, all.length - closingCount(all));

  const nodes: Node[] = [];
  const stack: Node[] = [];
  let mode: Mode = 'preamble';
  const current = () => stack.at(-1);

  const open = (marker: Marker) => {
    const depth = stack.findIndex((n) => n.style === marker.style);
    if (depth >= 0) stack.length = depth;
    const parent = current();
    const node: Node = {
      code: parent ? `${parent.code}/${marker.segment}` : marker.segment,
      style: marker.style,
      title: titleOf(marker.rest),
      heading: marker.rest,
      sections: stack.map((n) => ({ code: n.code, title: n.title })),
      problem: [],
      rectification: [],
      labelled: false,
    };
    stack.push(node);
    nodes.push(node);
    mode = 'heading';
  };

  /** The first label ahead, before the next paragraph numbered in this style. */
  const labelAhead = (from: number, style: MarkerStyle): LabelKind | undefined => {
    for (let j = from + 1; j < paragraphs.length; j++) {
      const label = readLabel(paragraphs[j]!);
      if (label) return label.kind;
      if (readMarker(paragraphs[j]!)?.style === style) return undefined;
    }
    return undefined;
  };

  /**
   * A numbered line inside a block continues the block's own list (`整改措施：` then `1、…` `2、…` on lines of their
   * own) when it counts on from the list and the next label ahead is not a new problem (or, inside a rectification
   * block, any label at all): then it is a measure or a point of the problem, not a heading.
   */
  const continuesBlock = (index: number, marker: Marker): boolean => {
    const node = current();
    if (!node || (mode !== 'problem' && mode !== 'rectification')) return false;
    const block = (mode === 'problem' ? node.problem : node.rectification).join('\n');
    if (marker.value !== runLength(block, marker.style) + 1) return false;
    const ahead = labelAhead(index, marker.style);
    return mode === 'problem' ? ahead !== 'problem' : ahead === undefined;
  };

  paragraphs.forEach((paragraph, index) => {
    const marker = readMarker(paragraph);
    if (marker && !continuesBlock(index, marker)) {
      open(marker);
      return;
    }
    const label = readLabel(paragraph);
    const node = current();
    if (label && node) {
      // `详细问题：一是…` names the first of several sub-items when its own rectification follows before `二是`.
      const inner = label.kind === 'problem' ? readMarker(label.rest) : undefined;
      if (inner?.style === 'enumerated' && runLength(label.rest, 'enumerated') === 1 && labelAhead(index, 'enumerated') === 'rectification') {
        open(inner);
        current()!.problem.push(inner.rest);
        current()!.labelled = true;
        mode = 'problem';
        return;
      }
      (label.kind === 'problem' ? node.problem : node.rectification).push(label.rest);
      node.labelled = true;
      mode = label.kind;
      return;
    }
    if (!node) return;
    if (mode === 'rectification') node.rectification.push(paragraph);
    else node.problem.push(paragraph);
  });

  const warnings: string[] = [];
  const seen = new Map<string, number>();
  const items: ItemDraft[] = [];
  for (const node of nodes) {
    if (!node.labelled) continue;
    const code = repeatedCode(seen, node.code, warnings);
    const problem = node.problem.join('\n').trim() || node.heading;
    const rectification = node.rectification.join('\n').trim();
    const read = readRectification(rectification, reportDate);
    items.push({
      code,
      sections: node.sections,
      title: node.title || titleOf(problem),
      problem,
      rectification,
      ...read,
    });
  }
  if (items.length === 0) {
    throw new UserError(
      '没有找到任何问题条目：报告中应有"一、""1、"等编号的问题，以及"整改情况："等整改内容',
      'No items found: a report needs numbered problems ("一、", "1、") with their rectification ("整改情况：")',
    );
  }
  return { reportDate, reportDateSource, items, warnings };
}
