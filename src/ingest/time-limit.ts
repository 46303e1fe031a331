/**
 * A ledger's time-limit cell (整改时限) in the forms offices write it: an Excel date, `2021年6月底前`, `6月30日`,
 * `2021-06-30`, `立行立改` (at once: the ledger's date), `长期坚持` (long-term: no date), or several of them in one
 * cell. A date without a year is the one within six months of the ledger's date. Anything else is not guessed at:
 * the caller says which cell it could not read.
 */
import { closedLabels, doneLabels } from '../lexicon/status.ts';
import { alternation } from '../lexicon/words.ts';
import { findDates } from './dates.ts';
import { longTermWords } from './status.ts';
import { excelDate } from './xlsx-cells.ts';

export interface TimeLimit {
  /** YYYY-MM-DD, ascending, distinct. */
  dates: string[];
  longTerm: boolean;
}

/**
 * A time-limit cell that says no more than `长期`, `持续整改` or `持续推进` is long-term too; in a sentence, or beside a
 * date (`持续推进，6月底前`), those words say how the work goes on, not that it never ends.
 */
const longTermCell = /^\s*(?:长期|持续(?:整改|推进|坚持))\s*$/;
const atOnce = /立行立改|即知即改|立即整改|即时整改|马上就改/;
const alreadyDone = new RegExp(`^${alternation([...doneLabels, ...closedLabels])}`);

/** An Excel day number as a date; only a plausible range is taken for one. */
function fromSerial(serial: number): string | undefined {
  if (!(serial > 20_000 && serial < 80_000)) return undefined;
  return excelDate(serial).toISOString().slice(0, 10);
}

/**
 * The cell's dates and long-term flag, resolved against the ledger's date (its title row's, `--as-of`, or the
 * import's); undefined when it gives no date, is not long-term and does not say the work is done. Words around a
 * date (`持续推进，6月底前`) are its context, not a time limit of their own.
 */
export function readTimeLimit(value: string | number | Date, reference: string): TimeLimit | undefined {
  if (value instanceof Date) return { dates: [value.toISOString().slice(0, 10)], longTerm: false };
  if (typeof value === 'number') {
    const date = fromSerial(value);
    return date ? { dates: [date], longTerm: false } : undefined;
  }
  const dates = new Set<string>();
  const longTerm = longTermWords.test(value) || longTermCell.test(value);
  let done = false;
  for (const part of value.split(/[、，,;；\n]+/).map((p) => p.trim()).filter(Boolean)) {
    if (atOnce.test(part)) dates.add(reference);
    for (const mention of findDates(part, reference, { nearest: true })) dates.add(mention.date);
    done ||= alreadyDone.test(part);
  }
  if (dates.size === 0 && !longTerm && !done) return undefined;
  return { dates: [...dates].sort(), longTerm };
}
