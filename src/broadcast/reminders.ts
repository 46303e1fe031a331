/**
 * Reminders that go out with a group's daily notice. Notices skip weekends and holidays, so reminders cover the days
 * between two notices: an item due before the next notice day is reminded the notice day before (a Sunday deadline
 * on Friday), one that went overdue since the last notice day on the first notice day after. Each names and
 * @-mentions the item's responsible people in the group. An item overdue for more than a few days also goes to the
 * admins by direct message. A reminder is logged per deadline, so it is never repeated, and at most one per item
 * reaches a group on a day.
 */
import { daysBetween, weekdayOf } from '../clock.ts';
import { truncate } from '../dialog/answers.ts';
import type { Db } from '../ledger/db.ts';
import type { Due } from '../ledger/listings.ts';
import type { Item } from '../ledger/types.ts';
import type { LedgerDay } from './ledger-day.ts';
import { listed, mentionOf, moreLine, titleWidth, weekdayNames } from './notice.ts';

export type ReminderKind = 'due' | 'overdue' | 'escalated';

/** What a reminder is about, as logged. */
export interface Reminded {
  itemId: number;
  kind: ReminderKind;
  deadline: string;
}

export interface Reminder {
  text: string;
  mentions: string[];
  reminded: Reminded[];
}

/** The group's notice days before and after the day. */
export interface NoticeDays {
  previous: string;
  next: string;
}

/** The group's reminders for the day, leaving out what it was already reminded of; none when nothing is due. */
export function groupReminder(ledgerDay: LedgerDay, roomTopic: string, days: NoticeDays): Reminder | undefined {
  const { db, ledger, day } = ledgerDay;
  const target = roomTarget(roomTopic);
  const overdue = notReminded(db, target, 'overdue', ledgerDay.overdue.filter((d) => d.due >= days.previous));
  const late = new Set(overdue.map((d) => d.id));
  const due = notReminded(db, target, 'due', ledgerDay.dueAfterToday(days.next).filter((d) => !late.has(d.id)));
  if (!overdue.length && !due.length) return undefined;

  const items = ledgerDay.items([...overdue, ...due].map((d) => d.id));
  const mentions = new Set<string>();
  const people = (item: Item) => {
    item.responsible.forEach((name) => mentions.add(name));
    return item.responsible.length ? item.responsible.map(mentionOf).join('') : '未指定责任人（请管理员"指派"）';
  };
  const lines = [`【到期提醒】「${ledger.name}」`];
  if (overdue.length) {
    lines.push(`❗ 已过整改时限 ${overdue.length} 项：`);
    for (const d of overdue) {
      const item = items.get(d.id)!;
      lines.push(`${item.code} ${truncate(item.title, titleWidth)}｜时限 ${d.due}，${d.days === 1 ? '今天起逾期' : `已逾期 ${d.days} 天`}｜${people(item)}`);
    }
  }
  if (due.length) {
    lines.push(`⏰ 即将到期 ${due.length} 项：`);
    for (const d of due) {
      const item = items.get(d.id)!;
      lines.push(`${item.code} ${truncate(item.title, titleWidth)}｜${whenDue(day, d.due)}（${d.due}）到期｜${people(item)}`);
    }
  }
  lines.push('请责任人抓紧推进，并回复"@督办 编号 进展"报告情况。');
  return {
    text: lines.join('\n'),
    mentions: [...mentions],
    reminded: [...overdue.map((d) => reminded(d, 'overdue')), ...due.map((d) => reminded(d, 'due'))],
  };
}

/** Items overdue for more than `afterDays`, not yet raised with the admins for their current deadline. */
export function escalation(ledgerDay: LedgerDay, afterDays: number): Reminder | undefined {
  const { db, ledger } = ledgerDay;
  const late = notReminded(db, adminsTarget, 'escalated', ledgerDay.overdue.filter((d) => d.days > afterDays));
  if (!late.length) return undefined;
  const items = ledgerDay.items(late.slice(0, listed).map((d) => d.id));
  const lines = [`【逾期督办】「${ledger.name}」有 ${late.length} 项逾期超过 ${afterDays} 天，请督促：`];
  for (const d of late.slice(0, listed)) {
    const item = items.get(d.id)!;
    lines.push(`${item.code} ${truncate(item.title, titleWidth)}｜逾期 ${d.days} 天（${d.due}）｜责任人：${item.responsible.join('、') || '未指定'}`);
  }
  if (late.length > listed) lines.push(moreLine(late.length - listed, '逾期'));
  return { text: lines.join('\n'), mentions: [], reminded: late.map((d) => reminded(d, 'escalated')) };
}

/** Logs reminders as sent; the caller queues them in the same transaction. */
export function logReminders(db: Db, target: string, reminders: Reminded[], day: string, now: Date): void {
  const insert = db.prepare('INSERT INTO reminders (target, item_id, kind, deadline, day, sent_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (const r of reminders) insert.run(target, r.itemId, r.kind, r.deadline, day, now.toISOString());
}

export const roomTarget = (topic: string) => `room:${topic}`;
/** Escalations are logged once for all admins: each gets the same direct message. */
export const adminsTarget = 'admins';

const reminded = (d: Due, kind: ReminderKind): Reminded => ({ itemId: d.id, kind, deadline: d.due });

/** The dues whose deadline `target` has not been reminded of yet. */
function notReminded(db: Db, target: string, kind: ReminderKind, dues: Due[]): Due[] {
  if (!dues.length) return [];
  const rows = db
    .prepare('SELECT item_id, deadline FROM reminders WHERE target = ? AND kind = ? AND item_id IN (SELECT value FROM json_each(?))')
    .all(target, kind, JSON.stringify(dues.map((d) => d.id))) as { item_id: number; deadline: string }[];
  const sent = new Set(rows.map((row) => `${row.item_id}:${row.deadline}`));
  return dues.filter((d) => !sent.has(`${d.id}:${d.due}`));
}

function whenDue(day: string, due: string): string {
  const days = daysBetween(day, due);
  if (days === 1) return '明天';
  return `${days === 2 ? '后天' : `${days} 天后`}，星期${weekdayNames[weekdayOf(due)]}`;
}
