/**
 * A rectification block, read: its status label, its measures (`一是…二是…`, `1、…2、…`, on one line or several)
 * with what each one's words say of its status, and the deadlines they set. A measure's own labelled fields
 * (`完成时限：6月底前`, `完成情况：已完成`, `责任人：张三`) give its deadline and status, and its people to the item.
 */
import type { Deadline, Measure, MeasureStatus, Status } from '../ledger/types.ts';
import { findDeadlines } from './dates.ts';
import { findRun } from './outline.ts';
import { longTermWords, measureStatus, readStatusLabel, statusFromMeasures } from './status.ts';
import { type Field, readFields, takeFields } from './text-fields.ts';

export interface Rectification {
  status: Status;
  longTerm: boolean;
  measures: Measure[];
  deadlines: Deadline[];
  /** The labelled fields its measures hold. */
  fields: Field[];
}

const trimMeasure = (text: string) => text.trim().replace(/^[。；;，,\s]+|[；;，,\s]+$/g, '');

interface Part {
  marker: string | null;
  text: string;
  fields: Field[];
}

function addPart(parts: Part[], marker: string | null, body: string): void {
  const taken = takeFields(body);
  const measure = trimMeasure(taken.text);
  if (measure) parts.push({ marker, text: measure, fields: taken.fields });
  else parts.at(-1)?.fields.push(...taken.fields);
}

function splitMeasures(text: string): Part[] {
  const run = findRun(text);
  const parts: Part[] = [];
  addPart(parts, null, text.slice(0, run[0]?.index ?? text.length));
  for (let i = 0; i < run.length; i++) addPart(parts, run[i]!.segment, text.slice(run[i]!.end, run[i + 1]?.index ?? text.length));
  return parts;
}

const asMeasureStatus = (status: Status): MeasureStatus => (status === 'closed' ? 'done' : status);

export function readRectification(block: string, reportDate: string): Rectification {
  const label = readStatusLabel(block);
  const body = label ? label.rest : block;
  const deadlines: Deadline[] = [];
  const parts = splitMeasures(body);
  const measures: Measure[] = [];
  const fields: Field[] = [];
  for (const [i, part] of parts.entries()) {
    const own = readFields(part.fields, reportDate);
    const found = [...findDeadlines(part.text, reportDate), ...(own.timeLimit?.deadlines ?? [])];
    let latest: string | null = null;
    for (const d of found) {
      deadlines.push({ date: d.date, phrase: d.phrase, measureSeq: i + 1 });
      if (latest === null || d.date > latest) latest = d.date;
    }
    const status = own.status ? asMeasureStatus(own.status.status) : measureStatus(part.text, latest !== null);
    measures.push({ marker: part.marker, text: part.text, status, deadline: latest });
    fields.push(...part.fields);
  }
  return {
    status: label?.status ?? (block.trim() ? statusFromMeasures(measures) : 'not_started'),
    longTerm: (label?.longTerm ?? false) || longTermWords.test(block),
    measures,
    deadlines,
    fields,
  };
}
