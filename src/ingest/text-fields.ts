/**
 * Labelled fields in a report's text (`责任单位：党政办`, `责任人：张三、李四`, `整改时限：2021年6月底前`,
 * `完成情况：已完成`), named as a ledger's columns are (ledger-columns.ts), wherever they stand: on a line of their
 * own, at the end of a paragraph, inside a measure. They are taken out of the text they stand in and belong to its
 * item (or measure); the people and units are split and the time limits read as the ledger's cells are.
 */
import type { Deadline } from '../ledger/types.ts';
import { alternation } from '../lexicon/words.ts';
import { columnNames, splitList } from './ledger-columns.ts';
import { type StatusLabel, readStatusLabel } from './status.ts';
import { readTimeLimit } from './time-limit.ts';

export type FieldName = 'unit' | 'leader' | 'responsible' | 'deadline' | 'status';

export interface Field {
  name: FieldName;
  /** The label as written (`牵头单位`), for a warning. */
  label: string;
  /** What follows the label: `张三、李四`, `2021年6月底前`, `已完成`. */
  value: string;
  /** What a status field says. */
  status?: StatusLabel;
}

const fieldLabels: Record<FieldName, string[]> = {
  unit: columnNames.unit.names,
  leader: columnNames.leader.names,
  responsible: columnNames.responsible.names,
  deadline: columnNames.deadline.names,
  status: [...columnNames.progress.names, ...columnNames.status.names],
};

const fieldOf = new Map(Object.entries(fieldLabels).flatMap(([name, labels]) => labels.map((label) => [label, name as FieldName])));

const names = alternation([...fieldOf.keys()]);
/** `责任单位：`, `责任单位:`, `【责任单位】`. */
const labelPattern = new RegExp(`(?:【(${names})】|(${names})\\s*[:：])\\s*`, 'g');
/** Where a label may stand: at the start of the text or after punctuation, never inside a word (`分包责任人：`). */
const beforeLabel = /[。；;，,、\s（(【[]/;
/**
 * How long a field's value runs, if the next label does not end it first: to the end of its sentence or clause, or
 * to the bracket closing around the field (`（责任人：张三）`), never inside a bracket of its own (`张三（副主任）`).
 * With the mark that ends it, if any.
 */
function valueLength(text: string): { length: number; end: string | undefined } {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if ('（(【['.includes(char)) depth++;
    else if ('）)】]'.includes(char) && depth-- === 0) return { length: i, end: char };
    else if (depth <= 0 && '。；;\n'.includes(char)) return { length: i, end: char };
  }
  return { length: text.length, end: undefined };
}
const separators = /[\s。；;，,、]/;

interface Span {
  start: number;
  end: number;
  field: Field;
}

function spansOf(text: string): Span[] {
  if (!/[:：】]/.test(text)) return [];
  const matches = [...text.matchAll(labelPattern)].filter((m) => m.index === 0 || beforeLabel.test(text[m.index - 1]!));
  const spans: Span[] = [];
  matches.forEach((match, i) => {
    const label = match[1] ?? match[2]!;
    const name = fieldOf.get(label)!;
    const from = match.index + match[0].length;
    const next = matches[i + 1]?.index ?? text.length;
    const remainder = text.slice(from, next);
    if (name === 'status') {
      // A status field is one only when it says a status; `整改情况：已建立台账` is a sentence of the text.
      const status = readStatusLabel(remainder);
      if (!status) return;
      const restStart = status.rest ? remainder.trimEnd().length - status.rest.length : remainder.length;
      const value = remainder.slice(0, restStart).trim().replace(/[。；;，,！!\s]+$/, '');
      spans.push({ start: match.index, end: from + restStart, field: { name, label, value, status } });
      return;
    }
    const { length, end } = valueLength(remainder);
    const value = remainder.slice(0, length).trim().replace(/[，,、\s]+$/, '');
    if (!value) return;
    const eats = end && /[。；;]/.test(end) ? 1 : 0;
    spans.push({ start: match.index, end: from + length + eats, field: { name, label, value } });
  });
  return spans;
}

/** From `at`, past separators: where the next words begin. */
function skipForward(text: string, at: number): number {
  while (at < text.length && separators.test(text[at]!)) at++;
  return at;
}

/**
 * The fields a paragraph opens with (a line of fields) and ends with (after its last full stop): those belong to the
 * item. Fields in the middle stay, for the measure they stand in.
 */
function atEdges(text: string, spans: Span[]): Span[] {
  const leading: Span[] = [];
  for (const span of spans) {
    if (span.start !== skipForward(text, leading.at(-1)?.end ?? 0)) break;
    leading.push(span);
  }
  const trailing: Span[] = [];
  let end = text.length;
  for (const span of spans.slice(leading.length).reverse()) {
    if (skipForward(text, span.end) < end) break;
    trailing.unshift(span);
    end = span.start;
  }
  const before = text.slice(0, trailing[0]?.start ?? 0).trimEnd();
  const sentenceEnd = before === '' || /[。.！!？?]$/.test(before);
  return sentenceEnd ? [...leading, ...trailing] : leading;
}

const tidy = (text: string) =>
  text
    .replace(/[（(【[]\s*[，,；;、\s]*\s*[）)】\]]/g, '')
    .replace(/([，,；;、])[，,；;、]+/g, '$1')
    .replace(/[，,；;、]+(?=[。）)])/g, '')
    .replace(/^[，,；;、\s]+|[，,、\s]+$/g, '');

/**
 * The labelled fields of a text and the text without them. `edges`: only those a paragraph opens or ends with, for a
 * rectification paragraph whose measures may hold fields of their own.
 */
export function takeFields(text: string, scope: 'all' | 'edges' = 'all'): { text: string; fields: Field[] } {
  let spans = spansOf(text);
  if (scope === 'edges') spans = atEdges(text, spans);
  if (spans.length === 0) return { text, fields: [] };
  let rest = '';
  let at = 0;
  for (const span of spans) {
    rest += text.slice(at, span.start);
    at = span.end;
  }
  rest += text.slice(at);
  return { text: tidy(rest), fields: spans.map((s) => s.field) };
}

/** What an item's fields say, read as a ledger's cells are; undefined for a field it does not have. */
export interface FieldValues {
  unit?: string;
  leader?: string;
  responsible?: string[];
  /** From the time-limit fields: their dates (none when long-term only) and long-term flag. */
  timeLimit?: { deadlines: Deadline[]; longTerm: boolean };
  status?: StatusLabel;
  /** The time-limit fields that give no date the reader knows. */
  unreadable: Field[];
}

const unique = (values: string[]) => [...new Set(values)];

export function readFields(fields: Field[], reportDate: string): FieldValues {
  if (fields.length === 0) return { unreadable: [] };
  const of = (name: FieldName) => fields.filter((f) => f.name === name);
  const names = (name: FieldName, spaces = false) => unique(of(name).flatMap((f) => splitList(f.value, spaces)));
  const values: FieldValues = { unreadable: [] };
  if (of('unit').length) values.unit = names('unit').join('、');
  if (of('leader').length) values.leader = names('leader').join('、');
  if (of('responsible').length) values.responsible = names('responsible', true);
  for (const field of of('deadline')) {
    const limit = readTimeLimit(field.value, reportDate);
    if (!limit) {
      values.unreadable.push(field);
      continue;
    }
    values.timeLimit ??= { deadlines: [], longTerm: false };
    for (const date of limit.dates) values.timeLimit.deadlines.push({ date, phrase: field.value, measureSeq: null });
    values.timeLimit.longTerm ||= limit.longTerm;
  }
  values.status = of('status').at(-1)?.status;
  return values;
}
