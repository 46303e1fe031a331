/**
 * The daily progress notice for one group: where the ledger stands, what is overdue (red) or due within a week
 * (yellow) with its responsible people @-mentioned, what changed since the last notice and by whom, what waits for an
 * admin, and what nobody has touched for two weeks. Plain text that reads well on a phone; the outbox splits it.
 */
import { addDays, startOfDay, weekdayOf } from '../clock.ts';
import { weekdayNames } from '../weekdays.ts';
import { mention } from '../message.ts';
import { truncate } from '../text.ts';
import { statusNames } from '../ledger/types.ts';
import { newsSince } from '../ledger/updates.ts';
import { changeText } from '../change-words.ts';
import type { LedgerDay } from './ledger-day.ts';

export interface NoticeOptions {
  /** Updates after this instant are news: the last notice's time; the start of the day before when there was none. */
  since?: Date;
  /** Sent after its time (`（补发）`). */
  late?: boolean;
}

export interface Notice {
  text: string;
  /** Responsible people of red and yellow items, @-mentioned in the text. */
  mentions: string[];
}

/** Lines per section: a phone screen, not the whole ledger; the last line says how to ask for the rest. */
export const listed = 10;
export const titleWidth = 18;

/** The last line of a capped section: how many more, and what to send the bot to see them all. */
export const moreLine = (more: number, ask: string) => `……另有 ${more} 项，回复"@督办 ${ask}"查看全部。`;

/** The people a message @-mentions, gathered as its lines name them. */
export class Mentions {
  readonly #names = new Set<string>();

  /** `@甲 @乙 ` for these names, each kept for the message's list of mentions. */
  of(names: string[]): string {
    names.forEach((name) => this.#names.add(name));
    return names.map(mention).join('');
  }

  get names(): string[] {
    return [...this.#names];
  }
}

const percent = (n: number) => `${Math.round(n * 100)}%`;

export function composeNotice(ledgerDay: LedgerDay, options: NoticeOptions = {}): Notice {
  const { db, ledger, day: today, soonDays, staleDays } = ledgerDay;
  const weekday = weekdayNames[weekdayOf(today)];
  const o = ledgerDay.overview;
  const lines = [
    `【整改进展日报】${today}（星期${weekday}）${options.late ? '（补发）' : ''}`,
    `「${ledger.name}」共 ${o.total} 项：已完成 ${o.byStatus.done} 项，正在整改 ${o.byStatus.in_progress} 项，未启动 ${o.byStatus.not_started} 项，已销号 ${o.byStatus.closed} 项；完成率 ${percent(o.completion)}。`,
  ];
  const mentions = new Mentions();
  const who = (names: string[]) => (names.length ? `｜${mentions.of(names)}` : '');

  const red = ledgerDay.overdue;
  const yellow = ledgerDay.dueSoon;
  const items = ledgerDay.items([...red.slice(0, listed), ...yellow.slice(0, listed)].map((d) => d.id));
  if (red.length) {
    lines.push(`🔴 逾期 ${red.length} 项：`);
    for (const d of red.slice(0, listed)) {
      const item = items.get(d.id)!;
      lines.push(`${item.code} ${truncate(item.title, titleWidth)}｜逾期 ${d.days} 天（${d.due}）${who(item.responsible)}`);
    }
    if (red.length > listed) lines.push(moreLine(red.length - listed, '逾期'));
  }
  if (yellow.length) {
    lines.push(`🟡 ${soonDays} 天内到期 ${yellow.length} 项：`);
    for (const d of yellow.slice(0, listed)) {
      const item = items.get(d.id)!;
      lines.push(`${item.code} ${truncate(item.title, titleWidth)}｜${d.days === 0 ? '今天到期' : `还有 ${d.days} 天`}（${d.due}）${who(item.responsible)}`);
    }
    if (yellow.length > listed) lines.push(moreLine(yellow.length - listed, `${soonDays}天内到期`));
  }

  const since = options.since ?? startOfDay(addDays(today, -1), ledgerDay.timeZone);
  const news = newsSince(db, ledger.id, since, listed);
  if (news.count) {
    lines.push(`📝 新进展 ${news.count} 条${news.count > listed ? `（最近 ${listed} 条）` : ''}：`);
    for (const u of news.latest) {
      lines.push(`${u.code} ${u.author}：${changeText(u, 24)}`);
    }
  }

  const waiting = ledgerDay.waiting;
  if (waiting.length) {
    const first = waiting.slice(0, listed);
    const waitingItems = ledgerDay.items(first.map((u) => u.itemId));
    lines.push(`⏳ 待管理员审核 ${waiting.length} 项：${first.map((u) => `${waitingItems.get(u.itemId)!.code}（${u.author}${u.awaiting === 'deadline' ? '申请延期' : '报完成'}）`).join('、')}`);
    if (waiting.length > listed) lines.push(moreLine(waiting.length - listed, '待审核'));
  }

  const stale = ledgerDay.stale;
  if (stale.length) lines.push(`💤 ${staleDays} 天无更新 ${stale.length} 项：${stale.slice(0, listed).join('、')}${stale.length > listed ? ' 等' : ''}`);

  if (!red.length && !yellow.length && !news.count && !waiting.length) lines.push('今日无新进展，无逾期和临期事项。');
  else lines.push('回复"@督办 编号"查看详情，"@督办 编号 已完成"报进展。');
  return { text: lines.join('\n'), mentions: mentions.names };
}
