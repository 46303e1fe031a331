/**
 * The picture that goes with a group's daily notice where the channel can send one: completion by unit (or, for a
 * ledger that names no units, by person), red / yellow / green, drawn like the console's and rasterized to PNG.
 */
import { addDays } from '../clock.ts';
import { ledgerTally, personTallies, type Tally, unitTallies } from '../ledger/board.ts';
import type { Db } from '../ledger/db.ts';
import type { Ledger } from '../ledger/types.ts';
import { svgToPng } from '../report/chart-png.ts';
import { unitChart } from '../report/charts.ts';

export function noticeChart(db: Db, ledger: Ledger, day: string): Buffer | undefined {
  const window = { today: day, until: addDays(day, 7) };
  const units = unitTallies(db, ledger.id, window).filter((row) => row.name);
  const people = units.length ? [] : personTallies(db, ledger.id, window);
  const rows: (Tally & { name: string })[] = units.length ? units : people.length ? people : [{ name: '全部', ...ledgerTally(db, ledger.id, window) }];
  const svg = unitChart(
    rows.map((r) => ({ name: r.name, done: r.done, overdue: r.overdue, soon: r.soon, open: r.total - r.done - r.overdue - r.soon })),
    { width: 560, title: `${ledger.name} 完成情况（${day}）` },
  );
  return svgToPng(svg);
}
