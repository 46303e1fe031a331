/**
 * Reminders that go out with a group's daily notice. Notices skip weekends and holidays, so reminders cover the days
 * between two notices: an item due by the next notice day is reminded the notice day before (a Sunday deadline on
 * Friday), one that went overdue since the group's last notice on the first notice after. Each @-mentions the item's
 * responsible people in the group. An item overdue for more than a few days also goes to the admins by direct
 * message. A reminder is logged per deadline, so it is never repeated, and at most one per item reaches a group a day.
 */
import { daysBetween, weekdayOf } from '../clock.ts';
import { truncate } from '../text.ts';
import type { Db } from '../ledger/db.ts';
import type { Due } from '../ledger/listings.ts';
import { type ReminderKind, type Reminded, remindersOf } from '../ledger/reminders.ts';
import type { Item } from '../ledger/types.ts';
import { weekdayNames } from '../weekdays.ts';
import type { LedgerDay } from './ledger-day.ts';
import { Mentions, listed, moreLine, titleWidth } from './notice.ts';

export interface Reminder {
  text: string;
  mentions: string[];
  reminded: Reminded[];
}

export interface ReminderWindow {
  /** Deadlines from this day on (up to yesterday) went overdue since the group's last notice. */
  overdueFrom: string;
  /** Deadlines after today up to this day fall before the group's next notice. */
  dueUntil: string;
}

/** The group's reminders for the day, leaving out what it was already reminded of; none when nothing is due. */
export function groupReminder(ledgerDay: LedgerDay, roomTopic: string, window: ReminderWindow): Reminder | undefined {
  const { db, ledger, day } = ledgerDay;
  const target = roomTarget(roomTopic);
  const overdue = notReminded(db, target, 'overdue', day, ledgerDay.overdue.filter((d) => d.due >= window.overdueFrom));
  const late = new Set(overdue.map((d) => d.id));
  const due = notReminded(db, target, 'due', day, ledgerDay.dueAfterToday(window.dueUntil).filter((d) => !late.has(d.id)));
  if (!overdue.length && !due.length) return undefined;

  const shownOverdue = overdue.slice(0, listed);
  const shownDue = due.slice(0, listed);
  const items = ledgerDay.items([...overdue, ...due].map((d) => d.id));
  const mentions = new Mentions();
  const people = (item: Item) => (item.responsible.length ? mentions.of(item.responsible) : '未指定责任人（请管理员"指派"）');
  /** Past the cap every responsible person is still @-mentioned once, on the section's last line. */
  const rest = (dues: Due[], ask: string) => {
    if (!dues.length) return [];
    const names = [...new Set(dues.flatMap((d) => items.get(d.id)!.responsible))];
    return [`${moreLine(dues.length, ask)}${names.length ? `涉及 ${mentions.of(names)}` : ''}`];
  };
  const lines = [`【到期提醒】「${ledger.name}」`];
  if (overdue.length) {
    lines.push(`❗ 已过整改时限 ${overdue.length} 项：`);
    for (const d of shownOverdue) {
      const item = items.get(d.id)!;
      lines.push(`${item.code} ${truncate(item.title, titleWidth)}｜时限 ${d.due}，已逾期 ${d.days} 天｜${people(item)}`);
    }
    lines.push(...rest(overdue.slice(listed), '逾期'));
  }
  if (due.length) {
    lines.push(`⏰ 即将到期 ${due.length} 项：`);
    for (const d of shownDue) {
      const item = items.get(d.id)!;
      lines.push(`${item.code} ${truncate(item.title, titleWidth)}｜${whenDue(day, d.due)}（${d.due}）到期｜${people(item)}`);
    }
    lines.push(...rest(due.slice(listed), `${daysBetween(day, window.dueUntil)}天内到期`));
  }
  lines.push('请责任人抓紧推进，并回复"@督办 编号 进展"报告情况。');
  return {
    text: lines.join('\n'),
    mentions: mentions.names,
    reminded: [...overdue.map((d) => reminded(d, 'overdue')), ...due.map((d) => reminded(d, 'due'))],
  };
}

/** Items newly overdue for more than `afterDays`, not yet raised with the admins for their current deadline. */
export function escalation(ledgerDay: LedgerDay, afterDays: number): Reminder | undefined {
  const { db, ledger, day } = ledgerDay;
  const late = notReminded(db, adminsTarget, 'escalated', day, ledgerDay.overdue.filter((d) => d.days > afterDays));
  if (!late.length) return undefined;
  const items = ledgerDay.items(late.slice(0, listed).map((d) => d.id));
  const lines = [`【逾期督办】「${ledger.name}」新增 ${late.length} 项逾期超过 ${afterDays} 天，请督促：`];
  for (const d of late.slice(0, listed)) {
    const item = items.get(d.id)!;
    lines.push(`${item.code} ${truncate(item.title, titleWidth)}｜逾期 ${d.days} 天（${d.due}）｜责任人：${item.responsible.join('、') || '未指定'}`);
  }
  if (late.length > listed) lines.push(`……另有 ${late.length - listed} 项。`);
  lines.push(`全部逾期事项：发"逾期"给督办，或在绑定「${ledger.name}」的群里发"@督办 逾期"。`);
  return { text: lines.join('\n'), mentions: [], reminded: late.map((d) => reminded(d, 'escalated')) };
}

export const roomTarget = (topic: string) => `room:${topic}`;
/** Escalations are logged once for all admins: each gets the same direct message. */
export const adminsTarget = 'admins';

const reminded = (d: Due, kind: ReminderKind): Reminded => ({ itemId: d.id, kind, deadline: d.due });

/**
 * The dues `target` has not been reminded of: neither for this deadline, nor for the item at all today (a deadline
 * moved during the day waits for tomorrow).
 */
function notReminded(db: Db, target: string, kind: ReminderKind, day: string, dues: Due[]): Due[] {
  if (!dues.length) return [];
  const rows = remindersOf(db, target, kind, day, dues.map((d) => d.id), [...new Set(dues.map((d) => d.due))]);
  const sentToday = new Set(rows.filter((row) => row.day === day).map((row) => row.itemId));
  const sent = new Set(rows.map((row) => `${row.itemId}:${row.deadline}`));
  return dues.filter((d) => !sentToday.has(d.id) && !sent.has(`${d.id}:${d.due}`));
}

function whenDue(day: string, due: string): string {
  const days = daysBetween(day, due);
  if (days === 1) return '明天';
  return `${days === 2 ? '后天' : `${days} 天后`}，星期${weekdayNames[weekdayOf(due)]}`;
}
