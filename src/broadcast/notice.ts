/**
 * The daily progress notice for one group: where the ledger stands, what is overdue (red) or due within a week
 * (yellow) with its responsible people @-mentioned, what changed since the last notice and by whom, what waits for an
 * admin, and what nobody has touched for two weeks. Plain text that reads well on a phone; the outbox splits it.
 */
import { addDays, dateIn } from '../clock.ts';
import { truncate } from '../dialog/answers.ts';
import type { Db } from '../ledger/db.ts';
import { listItems } from '../ledger/items.ts';
import { dueWithin, overdueItems, overview } from '../ledger/listings.ts';
import { awaitingUpdates } from '../ledger/record.ts';
import { type Ledger, statusNames } from '../ledger/types.ts';
import { listUpdates } from '../ledger/updates.ts';

export interface NoticeOptions {
  /** The notice's day, YYYY-MM-DD where the group is. */
  today: string;
  timeZone: string;
  /** Updates after this instant are news: the last notice's time; a day before `today` when there was none. */
  since?: Date;
  /** Sent after its time (`（补发）`). */
  late?: boolean;
}

export interface Notice {
  text: string;
  /** Responsible people of red and yellow items, @-mentioned in the text. */
  mentions: string[];
}

const weekdays = ['日', '一', '二', '三', '四', '五', '六'];
const soonDays = 7;
const staleDays = 14;
const listed = 10;

const percent = (n: number) => `${Math.round(n * 100)}%`;

export function composeNotice(db: Db, ledger: Ledger, options: NoticeOptions): Notice {
  const { today } = options;
  const weekday = weekdays[new Date(`${today}T00:00:00Z`).getUTCDay()];
  const o = overview(db, ledger.id);
  const lines = [
    `【整改进展日报】${today}（星期${weekday}）${options.late ? '（补发）' : ''}`,
    `「${ledger.name}」共 ${o.total} 项：已完成 ${o.byStatus.done} 项，正在整改 ${o.byStatus.in_progress} 项，未启动 ${o.byStatus.not_started} 项，已销号 ${o.byStatus.closed} 项；完成率 ${percent(o.completion)}。`,
  ];
  const mentions = new Set<string>();
  const who = (names: string[]) => {
    names.forEach((name) => mentions.add(name));
    return names.length ? `｜${names.map((name) => `@${name}\u2005`).join('')}` : '';
  };

  const red = overdueItems(db, ledger.id, today);
  const yellow = dueWithin(db, ledger.id, today, addDays(today, soonDays));
  const items = new Map(listItems(db, ledger.id, [...red, ...yellow].map((d) => d.id)).map((item) => [item.id, item]));
  if (red.length) {
    lines.push(`🔴 逾期 ${red.length} 项：`);
    for (const d of red.slice(0, listed)) {
      const item = items.get(d.id)!;
      lines.push(`${item.code} ${truncate(item.title, 18)}｜逾期 ${d.days} 天（${d.due}）${who(item.responsible)}`);
    }
  }
  if (yellow.length) {
    lines.push(`🟡 ${soonDays} 天内到期 ${yellow.length} 项：`);
    for (const d of yellow.slice(0, listed)) {
      const item = items.get(d.id)!;
      lines.push(`${item.code} ${truncate(item.title, 18)}｜${d.days === 0 ? '今天到期' : `还有 ${d.days} 天`}（${d.due}）${who(item.responsible)}`);
    }
  }

  const since = options.since ?? new Date(new Date(`${today}T00:00:00Z`).getTime() - 86_400_000);
  const news = listUpdates(db, { ledgerId: ledger.id }).filter((u) => new Date(u.at) > since && u.kind !== 'import');
  if (news.length) {
    lines.push(`📝 新进展 ${news.length} 条：`);
    for (const u of news.slice(-listed)) {
      const what = u.newStatus ? `${statusNames[u.oldStatus ?? 'in_progress']}→${statusNames[u.newStatus]}` : u.newProgress !== null ? `进度 ${u.newProgress}%` : u.newDeadline ? `时限改为 ${u.newDeadline}` : '';
      lines.push(`${u.code} ${u.author}：${[what, truncate(u.note ?? u.sourceText ?? '', 24)].filter(Boolean).join('，')}`);
    }
  }

  const waiting = awaitingUpdates(db, ledger.id);
  if (waiting.length) {
    const codes = new Map(listItems(db, ledger.id, waiting.map((u) => u.itemId)).map((item) => [item.id, item.code]));
    lines.push(`⏳ 待管理员审核 ${waiting.length} 项：${waiting.map((u) => `${codes.get(u.itemId)}（${u.author}${u.awaiting === 'deadline' ? '申请延期' : '报完成'}）`).join('、')}`);
  }

  const stale = staleItems(db, ledger.id, addDays(today, -staleDays), options.timeZone);
  if (stale.length) lines.push(`💤 ${staleDays} 天无更新 ${stale.length} 项：${stale.slice(0, listed).join('、')}${stale.length > listed ? ' 等' : ''}`);

  if (!red.length && !yellow.length && !news.length && !waiting.length) lines.push('今日无新进展，无逾期和临期事项。');
  else lines.push('回复"@督办 编号"查看详情，"@督办 编号 已完成"报进展。');
  return { text: lines.join('\n'), mentions: [...mentions] };
}

/** Open items whose last update (or, with none, their import) is older than `before`. */
function staleItems(db: Db, ledgerId: number, before: string, timeZone: string): string[] {
  const rows = db
    .prepare(`SELECT i.code, coalesce((SELECT max(at) FROM updates u WHERE u.item_id = i.id), i.created_at) AS last
      FROM items i WHERE i.ledger_id = ? AND i.status IN ('not_started', 'in_progress') ORDER BY i.seq`)
    .all(ledgerId) as { code: string; last: string }[];
  return rows.filter((row) => dateIn(new Date(row.last), timeZone) < before).map((row) => row.code);
}
