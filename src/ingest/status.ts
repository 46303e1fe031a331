/**
 * Status as a careful clerk reads it: an explicit label at the head of the rectification block wins (`已完成，长期
 * 坚持。`, `正在整改。`); without one, each measure's own words decide, and any unfinished measure keeps the item in
 * progress.
 */
import type { MeasureStatus, Status } from '../ledger/types.ts';
import { doneAfterAlready, doneLabels, longTermLabels, partlyDoneLabels, statusWords } from '../lexicon/status.ts';
import { alternation } from '../lexicon/words.ts';

/** `已完成，长期坚持`, then the table's words, longest first: `已整改到位` before `已整改`, `基本完成` before `完成`. */
const labels: { pattern: RegExp; status: Status; longTerm?: boolean }[] = [
  { pattern: new RegExp(`^${alternation(doneLabels)}[，,、\\s]*(?:并)?${alternation(longTermLabels)}`), status: 'done', longTerm: true },
  ...[...statusWords]
    .sort((a, b) => b.word.length - a.word.length)
    .map((w) => ({ pattern: new RegExp(`^${alternation([w.word])}`), status: w.status, longTerm: w.longTerm })),
];

export interface StatusLabel {
  status: Status;
  longTerm: boolean;
  /** The block after the label and its punctuation. */
  rest: string;
}

/** The status label a rectification block opens with, when it is a label and not the start of a sentence. */
export function readStatusLabel(block: string): StatusLabel | undefined {
  for (const { pattern, status, longTerm } of labels) {
    const match = pattern.exec(block);
    if (!match) continue;
    const after = block.slice(match[0].length);
    const end = /^\s*([。.；;，,！!]|$)/.exec(after);
    if (!end) continue;
    return { status, longTerm: longTerm ?? false, rest: after.slice(end[0].length).trim() };
  }
  return undefined;
}

const unfinished = new RegExp(
  `${alternation(partlyDoneLabels)}|` +
  /正在|预计|计划(?:于|在|到|将|年内|今年|\d|[一二三四五六七八九十]+月)|今年计划|拟于|拟在|待[^。；;]{0,20}?(?:后|到位|批复|完成)|尚未|尚在|仍在|推进中|进行中|着手|逐步|力争|争取/.source,
);
const finished = new RegExp(`已(?:经)?(?:全部|基本)?${alternation(doneAfterAlready)}|完毕|到位|完成了`);

/** What a measure's own words say of it; null when they say nothing either way. */
export function measureStatus(text: string, hasDeadline: boolean): MeasureStatus | null {
  if (hasDeadline || unfinished.test(text)) return 'in_progress';
  if (finished.test(text)) return 'done';
  return null;
}

/** An item with no label: done when its rectification is reported and nothing in it is unfinished. */
export function statusFromMeasures(measures: { status: MeasureStatus | null }[]): Status {
  if (measures.length === 0) return 'not_started';
  return measures.some((m) => m.status === 'in_progress') ? 'in_progress' : 'done';
}

/** Says that something is kept up for good, with no end date, wherever it stands. */
export const longTermWords = new RegExp(alternation(longTermLabels));
