/**
 * Reads a rectification report written as plain paragraphs (the seeds, or a Word document's text): the outline, each
 * problem with its rectification block and labelled fields, and nothing else. The preamble, sections that only
 * describe how the work was organised, and the closing lines are not items: an item is a heading that carries a
 * problem label, a rectification block or fields of its own. This module builds the outline paragraph by paragraph;
 * outline-items.ts says which headings are items and reads them.
 */
import { UserError } from '../errors.ts';
import type { ReportDraft, ReportDateSource, Section } from '../ledger/types.ts';
import { inferReportDate, readDateLine } from './dates.ts';
import { withLaterRounds } from './later-rounds.ts';
import { type Node, itemsOf } from './outline-items.ts';
import { type LabelKind, type Marker, type MarkerStyle, readLabel, readMarker, runLength, runOf, splitAtLabel, titleOf } from './outline.ts';
import { takeFields } from './text-fields.ts';

export interface ReadOptions {
  /** `--as-of`: the date deadlines are resolved against, whatever the report says. */
  asOf?: string;
  /** The import's own date (today, by the clock), for a report that gives no date at all. */
  today: string;
}

type Mode = 'preamble' | 'heading' | LabelKind;

/** How a warning names where a line is: a text file's line, or a Word document's paragraph. */
export type LinePlace = '行' | '段';

export interface Paragraph {
  text: string;
  /** Its line in the text (counting blank ones), or with `段`, its paragraph: lines between blank lines. */
  line: number;
}

/** Lines, trimmed, without blanks, with where they stand; full-width spaces and invisible characters folded away. */
export function numberedParagraphs(text: string, place: LinePlace = '行'): Paragraph[] {
  const folded = text.replace(/^\uFEFF/, '').replace(/[\u200B-\u200D\u2060]/g, '').replace(/[\u3000\u00A0]/g, ' ');
  // mammoth ends each of Word's paragraphs with a blank line; a line break inside one is a single newline.
  const chunks = place === '行' ? folded.split(/\r\n|\r|\n/) : folded.split('\n\n');
  return chunks.flatMap((chunk, index) =>
    chunk
      .split(/\r\n|\r|\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0)
      .map((line) => ({ text: line, line: index + 1 })),
  );
}

/** Lines, trimmed, without blanks; full-width spaces and invisible characters folded away. */
export function paragraphsOf(text: string): string[] {
  return numberedParagraphs(text).map((p) => p.text);
}

const closingLine =
  /^(?:欢迎|如有意见|如对|联系方式|联系电话|联系人|电话|传真|电子邮箱|邮箱|e-?mail|邮政编码|邮编|通信地址|通讯地址|地址|特此报告|特此公告|附件)/i;

/** How many paragraphs at the end are closing lines: the date, the invitation to supervise, phone, e-mail, signature. */
function closingCount(paragraphs: string[]): number {
  let count = 0;
  for (let i = paragraphs.length - 1; i >= 0; i--) {
    const p = paragraphs[i]!;
    const signature = count > 0 && p.length <= 30 && !/[。，,；;：:]/.test(p) && !readMarker(p) && !readLabel(p) && takeFields(p).fields.length === 0;
    if (readDateLine(p) || closingLine.test(p) || signature) count++;
    else break;
  }
  return count;
}

/** `公租房闲置999套，已签订入住协议98户`: a sub-item's problem is its first clause, its rectification what follows. */
function firstClause(text: string): { problem: string; rectification: string } {
  const end = /[，,；;。]/.exec(text);
  return end ? { problem: text.slice(0, end.index), rectification: text.slice(end.index + 1).trim() } : { problem: text, rectification: '' };
}

/** The date a report speaks from: `--as-of`, its date line, its latest past date or document number, or the import's. */
export function reportDateOf(paragraphs: string[], text: string, options: ReadOptions): { date: string; source: ReportDateSource } {
  if (options.asOf) return { date: options.asOf, source: 'as-of' };
  const signed = paragraphs.map(readDateLine).filter((d) => d !== undefined).at(-1);
  if (signed) return { date: signed, source: 'date-line' };
  return inferReportDate(text) ?? { date: options.today, source: 'import-date' };
}

/**
 * `place`: how a warning names a line, `行` for a text file's, `段` for a Word document's paragraphs as mammoth gives
 * them (one, then a blank line).
 */
export function readTextReport(text: string, options: ReadOptions, place: LinePlace = '行'): ReportDraft {
  const numbered = numberedParagraphs(text, place);
  const all = numbered.map((p) => p.text);
  const { date: reportDate, source: reportDateSource } = reportDateOf(all, text, options);
  const kept = numbered.slice(0, numbered.length - closingCount(all));
  const paragraphs = kept.map((p) => p.text);

  const nodes: Node[] = [];
  const stack: Node[] = [];
  let mode: Mode = 'preamble';
  const current = () => stack.at(-1);

  const newNode = (code: string, style: MarkerStyle, parent: Node | undefined, sections: Section[], paragraph: Paragraph): Node => {
    const node: Node = {
      code,
      style,
      title: '',
      heading: '',
      sections,
      problem: [],
      rectification: [],
      labelled: false,
      fields: [],
      paragraphs: [paragraph],
      parent,
      children: [],
      holdsItem: false,
    };
    nodes.push(node);
    parent?.children.push(node);
    return node;
  };

  const setHeading = (node: Node, heading: string) => {
    node.heading = heading;
    node.title = titleOf(heading);
  };

  /** A labelled rectification paragraph's text into the block; the fields it opens or ends with to the item. */
  const addRectification = (node: Node, text: string, paragraph: Paragraph) => {
    // Its measures may hold fields of their own, for measure-level deadlines and status.
    const taken = takeFields(text, 'edges');
    for (const field of taken.fields) node.fields.push({ field, line: paragraph.line });
    if (taken.text) node.rectification.push(taken.text);
    node.labelled = true;
  };

  /** Sub-items numbered `1-1,` `1-2,` inside a problem's text, as items below the node; the text before them. */
  const subItems = (node: Node, text: string, paragraph: Paragraph): string => {
    const run = runOf(text, 'dashed');
    if (run.length === 0) return text;
    const before = text.slice(0, run[0]!.index).trim();
    const sections = [...node.sections, { code: node.code, title: node.title || titleOf(before) }];
    run.forEach((marker, i) => {
      const body = text.slice(marker.end, run[i + 1]?.index ?? text.length).trim().replace(/[；;，,]+$/, '');
      const sub = newNode(`${node.code}/${marker.segment}`, 'dashed', node, sections, paragraph);
      const parts = splitAtLabel(body) ?? firstClause(body);
      const problem = takeFields(parts.problem);
      for (const field of problem.fields) sub.fields.push({ field, line: paragraph.line });
      setHeading(sub, problem.text);
      addRectification(sub, parts.rectification, paragraph);
    });
    return before;
  };

  /**
   * Text where a problem stands (a heading, `问题内容：…`, the lines after a heading): its sub-items and fields taken
   * out; a rectification label inside it (`…。整改情况：已完成`) opens the rectification block there. Returns what is
   * left of the problem's text.
   */
  const placeProblem = (node: Node, text: string, paragraph: Paragraph): string => {
    const split = splitAtLabel(text);
    const taken = takeFields(subItems(node, split ? split.problem : text, paragraph));
    for (const field of taken.fields) node.fields.push({ field, line: paragraph.line });
    if (split) {
      addRectification(node, split.rectification, paragraph);
      mode = 'rectification';
    }
    return taken.text;
  };

  /** A numbered heading; `asProblem`: its text is the problem's too (`问题2：…`, `详细问题：一是…`). */
  const open = (marker: Marker, paragraph: Paragraph, asProblem = marker.style === 'problemNumber') => {
    const depth = stack.findIndex((n) => n.style === marker.style);
    if (depth >= 0) stack.length = depth;
    const parent = current();
    const sections = stack.map((n) => ({ code: n.code, title: n.title }));
    const node = newNode(parent ? `${parent.code}/${marker.segment}` : marker.segment, marker.style, parent, sections, paragraph);
    stack.push(node);
    mode = asProblem ? 'problem' : 'heading';
    node.labelled = asProblem;
    const heading = placeProblem(node, marker.rest, paragraph);
    setHeading(node, heading);
    if (asProblem && heading) node.problem.push(heading);
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

  kept.forEach((paragraph, index) => {
    const marker = readMarker(paragraph.text);
    if (marker && !continuesBlock(index, marker)) {
      open(marker, paragraph);
      return;
    }
    const label = readLabel(paragraph.text);
    const node = current();
    if (!node) return;
    node.paragraphs.push(paragraph);
    if (label?.kind === 'problem') {
      // `详细问题：一是…` names the first of several sub-items when its own rectification follows before `二是`.
      const inner = readMarker(label.rest);
      if (inner?.style === 'enumerated' && runLength(label.rest, 'enumerated') === 1 && labelAhead(index, 'enumerated') === 'rectification') {
        open(inner, paragraph, true);
        return;
      }
      node.labelled = true;
      mode = 'problem';
    }
    if (label?.kind === 'rectification') {
      // A second rectification label (`整改进展：已完成` after the measures) states the item's status.
      const stated = node.rectification.length > 0 && takeFields(paragraph.text, 'edges').fields.some((f) => f.name === 'status');
      addRectification(node, stated ? paragraph.text : label.rest, paragraph);
      mode = 'rectification';
      return;
    }
    if (mode === 'rectification') {
      addRectification(node, paragraph.text, paragraph);
      return;
    }
    const problem = placeProblem(node, label ? label.rest : paragraph.text, paragraph);
    if (problem) node.problem.push(problem);
  });

  const { drafts, warnings } = itemsOf(nodes, reportDate, place);
  if (drafts.length === 0) {
    throw new UserError(
      '没有找到任何问题条目：报告中应有"一、""1、"等编号的问题，以及"整改情况："等整改内容',
      'No items found: a report needs numbered problems ("一、", "1、") with their rectification ("整改情况：")',
    );
  }
  return withLaterRounds({ reportDate, reportDateSource, items: drafts, warnings }, kept, place);
}
