/**
 * Which headings of a report's outline are items, and what their labelled fields say: the tree that text-report.ts
 * builds, paragraph by paragraph, read into items.
 */
import type { ItemDraft, Section } from '../ledger/types.ts';
import { notShortfall, organisationalHeadings, shortfallWords } from '../lexicon/outline.ts';
import { laterPartHeadings } from '../lexicon/rounds.ts';
import { alternation } from '../lexicon/words.ts';
import { readRectification } from './measures.ts';
import { type MarkerStyle, findRun, repeatedCode, titleOf } from './outline.ts';
import { readStatusLabel } from './status.ts';
import { type Field, type FieldName, readFields } from './text-fields.ts';
import type { LinePlace, Paragraph } from './text-report.ts';

/** A numbered heading of the outline, with what the paragraphs under it hold. */
export interface Node {
  code: string;
  style: MarkerStyle;
  title: string;
  heading: string;
  sections: Section[];
  problem: string[];
  rectification: string[];
  labelled: boolean;
  /** Labelled fields of the heading itself (`责任单位：…` lines, a paragraph's last sentence), and their lines. */
  fields: { field: Field; line: number }[];
  /** Every paragraph it holds, to say where a field inside a measure stands. */
  paragraphs: Paragraph[];
  parent: Node | undefined;
  children: Node[];
  /** Whether an item is found below it. */
  holdsItem: boolean;
}

/** A time limit no reader knows, named by its line and item: the item is imported with it empty. */
function unreadableWarning(field: Field, line: number | undefined, code: string, place: LinePlace): string {
  const at = line === undefined ? code : `第 ${line} ${place}（${code}）`;
  return `${at}：无法识别的${field.label}"${field.value}"，按空白导入`;
}

/**
 * The fields of the headings above an item that are no items themselves (a category's `牵头单位`), for the names
 * it has none of. A time limit they cannot read is warned about once, at their heading.
 */
function inheritedFields(node: Node, own: Field[], items: Set<Node>, reportDate: string): Field[] {
  const inherited: Field[] = [];
  let named: Set<FieldName> | undefined;
  for (let above = node.parent; above && !items.has(above); above = above.parent) {
    if (above.fields.length === 0) continue;
    named ??= new Set(own.map((f) => f.name));
    const unreadable = readFields(above.fields.map((f) => f.field), reportDate).unreadable;
    const missing = above.fields.map((f) => f.field).filter((f) => !named!.has(f.name) && !unreadable.includes(f));
    inherited.push(...missing);
    for (const f of missing) named.add(f.name);
  }
  return inherited;
}

/** The item's people, unit, time limit and stated status, read from its fields and its measures'. */
function itemFields(node: Node, code: string, measureFields: Field[], context: { items: Set<Node>; reportDate: string; place: LinePlace }) {
  const { items, reportDate, place } = context;
  const own = node.fields.map((f) => f.field);
  const inherited = inheritedFields(node, [...own, ...measureFields], items, reportDate);
  const stated = readFields([...own, ...inherited], reportDate);
  const people = readFields([...own, ...measureFields, ...inherited].filter((f) => f.name !== 'deadline' && f.name !== 'status'), reportDate);
  const lineOf = (field: Field) =>
    node.fields.find((f) => f.field === field)?.line ?? node.paragraphs.find((p) => p.text.includes(field.label) && p.text.includes(field.value))?.line;
  const warnings = [...stated.unreadable, ...readFields(measureFields, reportDate).unreadable].map((f) => unreadableWarning(f, lineOf(f), code, place));
  return {
    ...(people.unit !== undefined && { unit: people.unit }),
    ...(people.leader !== undefined && { leader: people.leader }),
    ...(people.responsible !== undefined && { responsible: people.responsible }),
    ...(warnings.length > 0 && { warnings }),
    timeLimit: stated.timeLimit,
    status: stated.status,
  };
}

/** A report's own parts that are no problems: how the work was organised, and a later round on earlier items. */
const organisational = new RegExp(alternation([...organisationalHeadings, ...laterPartHeadings]));
const shortfall = new RegExp(alternation(shortfallWords));
const notShortfallPattern = new RegExp(alternation(notShortfall), 'g');
const saysShortfall = (text: string) => shortfall.test(text.replace(notShortfallPattern, ''));

/**
 * Whether an unlabelled heading may be a problem whose measures follow with no label: one inside a category, whose
 * words state a shortfall. The sections on how the work was organised or goes on (`下一步工作打算`, `（一）高度重视
 * 整改工作。一是…`) are no items, whatever they list.
 */
function mayHoldMeasures(node: Node, problem: string): boolean {
  if (!node.parent) return false;
  for (let n: Node | undefined = node; n; n = n.parent) if (organisational.test(n.title)) return false;
  return saysShortfall(problem);
}

/**
 * A problem and its measures with no label between them: in one paragraph (`调研走访不够。一是走访企业50家，已完成；
 * 二是…`), or on the lines below it, each a step (`一是…` `二是…`) and no more.
 */
function readUnlabelled(node: Node): void {
  const text = [node.heading, ...node.problem].join('\n');
  const run = findRun(text);
  if (run.length >= 2 && mayHoldMeasures(node, text.slice(0, run[0]!.index))) {
    node.problem = [text.slice(0, run[0]!.index).trim()];
    node.rectification = [text.slice(run[0]!.index).trim()];
    node.labelled = true;
    return;
  }
  const steps = node.children;
  const bare = (step: Node) => step.style === 'enumerated' && step.children.length === 0 && !step.labelled && step.fields.length === 0;
  if (steps.length === 0 || !steps.every(bare) || !steps[0]!.code.endsWith('/一是') || !mayHoldMeasures(node, text)) return;
  node.rectification = steps.flatMap((step) => step.paragraphs.map((p) => p.text));
  node.labelled = true;
}

/**
 * The items of the outline, in its order, with the warnings about them. A heading with fields of its own is an item,
 * unless items stand below it: then its fields are theirs. Those below come after it, and are decided first.
 */
export function itemsOf(nodes: Node[], reportDate: string, place: LinePlace): { drafts: ItemDraft[]; warnings: string[] } {
  const items = new Set<Node>();
  for (const node of [...nodes].reverse()) {
    if (!node.labelled && !node.holdsItem) readUnlabelled(node);
    if (!node.labelled && (node.fields.length === 0 || node.holdsItem)) continue;
    items.add(node);
    for (let above = node.parent; above; above = above.parent) above.holdsItem = true;
  }

  const warnings: string[] = [];
  const seen = new Map<string, number>();
  const drafts: ItemDraft[] = [];
  for (const node of nodes) {
    if (!items.has(node)) {
      for (const field of readFields(node.fields.map((f) => f.field), reportDate).unreadable) {
        warnings.push(unreadableWarning(field, node.fields.find((f) => f.field === field)?.line, node.code, place));
      }
      continue;
    }
    const code = repeatedCode(seen, node.code, warnings);
    const problem = node.problem.join('\n').trim() || node.heading;
    const rectification = node.rectification.join('\n').trim();
    const read = readRectification(rectification, reportDate);
    const { timeLimit, status, ...fields } = itemFields(node, code, read.fields, { items, reportDate, place });
    warnings.push(...(fields.warnings ?? []));
    // Measures that say nothing of how they went, under a time limit, are work planned, as a measure with a date is.
    const planned = timeLimit?.deadlines.length && !readStatusLabel(rectification) && read.measures.some((m) => m.status === null);
    drafts.push({
      code,
      sections: node.sections,
      title: node.title || titleOf(problem),
      problem,
      rectification,
      // What the fields state wins, as a ledger's status and time-limit columns do over its text.
      status: status?.status ?? (planned ? 'in_progress' : read.status),
      longTerm: read.longTerm || (status?.longTerm ?? false) || (timeLimit?.longTerm ?? false),
      measures: read.measures,
      deadlines: timeLimit?.deadlines.length ? timeLimit.deadlines : read.deadlines,
      ...fields,
    });
  }
  return { drafts, warnings };
}
