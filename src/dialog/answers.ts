/**
 * The cards duban shows, laid out to read well on a phone: an item, a line of a list, the overview. Every item it
 * names carries its code, status, deadline and last update, so an answer can be acted on without asking again.
 * Nothing here reads the database: the dialog passes in the facts.
 */
import { changeText } from '../change-words.ts';
import { clip } from '../text.ts';
import { daysBetween, dateIn } from '../clock.ts';
import type { Overview } from '../ledger/listings.ts';
import { type Item, type Status, statusNames } from '../ledger/types.ts';
import type { Update } from '../ledger/updates.ts';

export interface Facts {
  today: string;
  timeZone: string;
}

export function statusText(item: Pick<Item, 'status' | 'longTerm'>): string {
  return statusNames[item.status] + (item.longTerm && item.status !== 'not_started' ? '（长期坚持）' : '');
}

const isOpen = (status: Status) => status === 'not_started' || status === 'in_progress';

/** `2021-06-30（已逾期 1 天）`, `2021-05-31、2021-06-30（最近一个还有 3 天）`, `未定`. */
export function deadlineText(item: Pick<Item, 'status' | 'deadlines'>, today: string): string {
  if (item.deadlines.length === 0) return '未定';
  const dates = item.deadlines.join('、');
  if (!isOpen(item.status)) return dates;
  const last = item.deadlines.at(-1)!;
  if (last < today) return `${dates}（已逾期 ${daysBetween(last, today)} 天）`;
  const next = item.deadlines.find((d) => d >= today)!;
  const left = daysBetween(today, next);
  const when = left === 0 ? '今天到期' : `还有 ${left} 天`;
  return item.deadlines.length > 1 ? `${dates}（最近一个${when}）` : `${dates}（${when}）`;
}

export function updateText(update: Update | undefined, facts: Facts): string {
  if (!update) return '暂无';
  const when = dateIn(new Date(update.at), facts.timeZone);
  const waiting = update.awaiting === 'closure' ? '（已报完成，待销号审核）' : update.awaiting === 'deadline' ? '（延期待批准）' : '';
  return `${when} ${update.author}：${changeText(update, 30)}${waiting}`;
}

/** One item, in full. */
export function itemAnswer(item: Item, update: Update | undefined, facts: Facts): string {
  const progress = item.progress !== null && item.status === 'in_progress' ? `，进度 ${item.progress}%` : '';
  const lines = [`【${item.code}】${item.title}`, `状态：${statusText(item)}${progress}`, `时限：${deadlineText(item, facts.today)}`];
  if (item.responsible.length) lines.push(`责任人：${item.responsible.join('、')}`);
  if (item.unit) lines.push(`责任单位：${item.unit}`);
  const numbered = item.measures.filter((m) => m.marker);
  if (numbered.length > 1) {
    lines.push(`整改措施（${numbered.length} 项）：`);
    // A measure the report left in progress, of an item since done, is not still under way: only its date is told.
    const finished = item.status === 'done' || item.status === 'closed';
    const underWay = (m: Item['measures'][number]) =>
      finished ? (m.deadline ? `（原定时限 ${m.deadline}）` : '') : `（推进中${m.deadline ? `，时限 ${m.deadline}` : ''}）`;
    for (const m of numbered.slice(0, 5)) {
      const said = m.status === 'done' ? '（已完成）' : m.status === 'in_progress' ? underWay(m) : '';
      lines.push(`${/^\d+$/.test(m.marker!) ? `${m.marker}、` : m.marker}${clip(m.text, 40)}${said}`);
    }
    if (numbered.length > 5) lines.push(`……等 ${numbered.length} 项`);
  } else if (item.measures[0]) {
    lines.push(`整改情况：${clip(item.measures.map((m) => m.text).join('；'), 90)}`);
  } else {
    lines.push('整改情况：尚未报告');
  }
  lines.push(`最近更新：${updateText(update, facts)}`);
  return lines.join('\n');
}

/** One line of a list: code, title, status, deadline, last update. */
export function itemLine(item: Pick<Item, 'code' | 'title' | 'status' | 'longTerm' | 'deadlines'>, update: Update | undefined, facts: Facts, index?: number): string {
  const head = index === undefined ? '' : `${index}. `;
  return `${head}${item.code} ${clip(item.title, 22)}｜${statusText(item)}｜时限 ${deadlineText(item, facts.today)}｜最近更新 ${updateText(update, facts)}`;
}

export function listAnswer(title: string, lines: string[], remaining: number): string {
  const tail = remaining > 0 ? [`还有${remaining}项，回复"更多"`] : [];
  return [title, ...lines, ...tail].join('\n');
}

export function overviewAnswer(ledger: string, o: Overview, overdue: number, dueSoon: number, facts: Facts): string {
  const percent = (o.completion * 100).toFixed(1).replace(/\.0$/, '');
  const counts = [
    `已完成 ${o.byStatus.done} 项` + (o.longTerm ? `（其中长期坚持 ${o.longTerm} 项）` : ''),
    `正在整改 ${o.byStatus.in_progress} 项`,
    `未启动 ${o.byStatus.not_started} 项`,
    `已销号 ${o.byStatus.closed} 项`,
  ];
  const lines = [
    `「${ledger}」整改总体情况（截至 ${facts.today}）`,
    `共 ${o.total} 项：${counts.join('，')}。`,
    `完成率 ${percent}%。`,
    `逾期 ${overdue} 项，7 天内到期 ${dueSoon} 项。`,
  ];
  if (overdue > 0) lines.push('回复"@督办 哪些逾期了"查看逾期事项。');
  else if (o.byStatus.in_progress + o.byStatus.not_started > 0) lines.push('回复"@督办 还有哪些没完成"查看未完成事项。');
  return lines.join('\n');
}
