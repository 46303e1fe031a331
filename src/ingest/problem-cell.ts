/**
 * A ledger has one cell for the problem, where a report has a heading and the problem's text. A clerk who gives the
 * problem a short title puts it on the first line, without a full stop, and the description below; otherwise the
 * title is the cell's first sentence, as for a report's heading.
 */
import { titleOf } from './outline.ts';

export interface ProblemText {
  title: string;
  problem: string;
}

export function readProblemCell(text: string): ProblemText {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  const [first, ...rest] = lines;
  if (first !== undefined && rest.length > 0 && !/[。；;！!？?]/.test(first) && [...first].length <= 80) {
    return { title: first, problem: rest.join('\n') };
  }
  const problem = lines.join('\n');
  return { title: titleOf(problem), problem };
}

/** The cell that reads back as this title and problem: the problem alone when that is enough. */
export function problemCell({ title, problem }: ProblemText): string {
  const alone = readProblemCell(problem);
  return alone.title === title && alone.problem === problem ? problem : `${title}\n${problem}`;
}
