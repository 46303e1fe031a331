/**
 * A rectification block, read: its status label, its measures (`一是…二是…`, `1、…2、…`, on one line or several)
 * with what each one's words say of its status, and the deadlines they set.
 */
import type { Deadline, Measure, Status } from '../ledger/types.ts';
import { findDeadlines } from './dates.ts';
import { findRun } from './outline.ts';
import { longTermWords, measureStatus, readStatusLabel, statusFromMeasures } from './status.ts';

export interface Rectification {
  status: Status;
  longTerm: boolean;
  measures: Measure[];
  deadlines: Deadline[];
}

const trimMeasure = (text: string) => text.trim().replace(/^[。；;，,\s]+|[；;，,\s]+$/g, '');

function splitMeasures(text: string): { marker: string | null; text: string }[] {
  const run = findRun(text);
  const parts: { marker: string | null; text: string }[] = [];
  const lead = trimMeasure(text.slice(0, run[0]?.index ?? text.length));
  if (lead) parts.push({ marker: null, text: lead });
  run.forEach((marker, i) => {
    const body = trimMeasure(text.slice(marker.end, run[i + 1]?.index ?? text.length));
    if (body) parts.push({ marker: marker.segment, text: body });
  });
  return parts;
}

export function readRectification(block: string, reportDate: string): Rectification {
  const label = readStatusLabel(block);
  const body = label ? label.rest : block;
  const deadlines: Deadline[] = [];
  const measures = splitMeasures(body).map((part, i): Measure => {
    const found = findDeadlines(part.text, reportDate);
    for (const d of found) deadlines.push({ date: d.date, phrase: d.phrase, measureSeq: i + 1 });
    const latest = found.map((d) => d.date).sort().at(-1) ?? null;
    return { marker: part.marker, text: part.text, status: measureStatus(part.text, latest !== null), deadline: latest };
  });
  return {
    status: label?.status ?? (block.trim() ? statusFromMeasures(measures) : 'not_started'),
    longTerm: (label?.longTerm ?? false) || longTermWords.test(block),
    measures,
    deadlines,
  };
}
