/** 总览: a ledger at a glance, for a leader who would rather look than read. */
import { dateIn } from '../../clock.ts';
import { ledgerTally, personTallies, statusChanges, type Tally, unitTallies } from '../../ledger/board.ts';
import { overview } from '../../ledger/listings.ts';
import { type Ledger, type Status, statusNames } from '../../ledger/types.ts';
import { colours, completionChart, statusChart, unitChart } from '../../report/charts.ts';
import type { Console } from '../console.ts';
import { html, raw } from '../html.ts';
import { page } from '../layout.ts';
import { itemsLink, percent } from './format.ts';

/** red: something overdue; yellow: something due within 7 days; green: neither. */
export const signal = (t: Tally) => (t.overdue > 0 ? 'red' : t.soon > 0 ? 'yellow' : 'green');
const signalNames = { red: '红', yellow: '黄', green: '绿' };

const isDone = (status: Status | null) => status === 'done' || status === 'closed';

/** Items done by day, from the audit trail, ending at today's count. */
export function completionSeries(c: Console, ledger: Ledger, doneNow: number, today: string): { day: string; done: number }[] {
  const net = new Map<string, number>();
  for (const change of statusChanges(c.deps.db, ledger.id)) {
    const step = Number(isDone(change.newStatus)) - Number(isDone(change.oldStatus));
    if (step === 0) continue;
    const day = dateIn(new Date(change.at), c.deps.config.timeZone);
    net.set(day, (net.get(day) ?? 0) + step);
  }
  const days = [...net.keys()].sort();
  let done = doneNow - [...net.values()].reduce((a, b) => a + b, 0);
  const start = ledger.reportDate && ledger.reportDate < (days[0] ?? today) ? ledger.reportDate : undefined;
  const points = start ? [{ day: start, done }] : [];
  for (const day of days) points.push({ day, done: (done += net.get(day)!) });
  if (points.at(-1)?.day !== today) points.push({ day: today, done });
  return points;
}

function tallyRows(ledger: Ledger, rows: (Tally & { name: string })[], filter: 'unit' | 'person') {
  return rows.map((row) => {
    const s = signal(row);
    const name = row.name || '（未填）';
    const link = row.name ? itemsLink(ledger, { [filter]: row.name }) : undefined;
    return html`<tr class="${s}"><td><span class="dot ${s}" title="${signalNames[s]}"></span>${link ? html`<a href="${link}">${name}</a>` : name}</td>
<td class="num">${row.total}</td><td class="num">${row.done}</td><td class="num">${percent(row.done, row.total)}</td>
<td class="num overdue">${row.overdue}</td><td class="num soon">${row.soon}</td></tr>`;
  });
}

const tallyTable = (caption: string, head: string, body: ReturnType<typeof tallyRows>) =>
  html`<div class="scroll"><table class="tally"><caption>${caption}</caption><thead><tr><th>${head}</th><th class="num">事项</th><th class="num">已完成</th><th class="num">完成率</th><th class="num">逾期</th><th class="num">7天内到期</th></tr></thead><tbody>${body}</tbody></table></div>`;

export function registerOverview(c: Console): void {
  c.app.get('/l/:ledger', (request, reply) => {
    const ledger = c.ledgerOf(request, reply);
    if (!ledger) return;
    const { db } = c.deps;
    const window = c.window();
    const counts = overview(db, ledger.id);
    const tally = ledgerTally(db, ledger.id, window);
    const units = unitTallies(db, ledger.id, window);
    const people = personTallies(db, ledger.id, window);
    const bars = (rows: (Tally & { name: string })[]) =>
      rows.map((r) => ({ name: r.name || '（未填）', done: r.done, overdue: r.overdue, soon: r.soon, open: r.total - r.done - r.overdue - r.soon }));
    const statusOrder: Status[] = ['not_started', 'in_progress', 'done', 'closed'];
    const statusColours: Record<Status, string> = { not_started: colours.open, in_progress: '#1565c0', done: colours.done, closed: '#1b5e20' };
    const series = completionSeries(c, ledger, tally.done, window.today);
    const body = html`<h1>「${ledger.name}」整改总览 <small>截至 ${window.today}</small></h1>
<dl class="stats">
<div><dt>事项</dt><dd data-stat="total">${counts.total}</dd></div>
<div><dt>完成率</dt><dd data-stat="completion">${percent(tally.done, tally.total)}</dd></div>
${statusOrder.map((s) => html`<div><dt>${statusNames[s]}</dt><dd data-stat="${s}"><a href="${itemsLink(ledger, { status: s })}">${counts.byStatus[s]}</a></dd></div>`)}
<div class="red"><dt>逾期</dt><dd data-stat="overdue"><a href="${itemsLink(ledger, { due: 'overdue' })}">${tally.overdue}</a></dd></div>
<div class="yellow"><dt>7天内到期</dt><dd data-stat="soon"><a href="${itemsLink(ledger, { due: 'soon' })}">${tally.soon}</a></dd></div>
<div><dt>长期坚持</dt><dd data-stat="longTerm">${counts.longTerm}</dd></div>
</dl>
<div class="charts">
<figure class="chart"><figcaption>按状态</figcaption>${raw(statusChart(statusOrder.map((s) => ({ name: statusNames[s], value: counts.byStatus[s], colour: statusColours[s] }))))}</figure>
<figure class="chart wide"><figcaption>完成数变化（据审计记录）</figcaption>${raw(completionChart(series, tally.total))}</figure>
</div>
<section><h2>按责任单位</h2>
${units.length > 1 || units[0]?.name ? html`<figure class="chart wide">${raw(unitChart(bars(units)))}</figure>` : ''}
${tallyTable('按责任单位（红：有逾期；黄：有 7 天内到期；绿：都没有）', '责任单位', tallyRows(ledger, units, 'unit'))}</section>
<section><h2>按责任人</h2>
${people.length ? tallyTable('按责任人', '责任人', tallyRows(ledger, people, 'person')) : html`<p class="empty">还没有指派责任人。</p>`}</section>`;
    return c.send(reply, page(c.frame(request, `${ledger.name} 总览`, 'overview', ledger), body));
  });
}
