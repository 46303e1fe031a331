/**
 * Which groups' notices are due at a moment, by the calendar where the groups are: each binding's time and weekdays,
 * minus configured holidays, plus make-up workdays (调休). Asked every minute, the same rule sends on time, catches up
 * after a restart (marked late) until the cut-off, and never twice, since a posted notice is logged for its day.
 */
import { dateIn, timeIn } from '../clock.ts';
import type { Binding } from '../ledger/bindings.ts';
import type { Db } from '../ledger/db.ts';

export interface Calendar {
  timeZone: string;
  /** YYYY-MM-DD days off that fall on a working weekday. */
  holidays: string[];
  /** YYYY-MM-DD weekend days worked instead (调休). */
  workdays: string[];
  /** HH:MM: a notice not posted by then is skipped for the day. */
  cutoff: string;
}

/** `1-5`, `1,3,5`, `0-6`: weekdays as cron writes them, 0 for Sunday. */
export function weekdaysOf(field: string): Set<number> {
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const [from, to = from] = part.split('-').map(Number);
    for (let d = from!; d <= to!; d++) days.add(d % 7);
  }
  return days;
}

export function isNoticeDay(day: string, weekdays: string, calendar: Calendar): boolean {
  if (calendar.holidays.includes(day)) return false;
  if (calendar.workdays.includes(day)) return true;
  return weekdaysOf(weekdays).has(new Date(`${day}T00:00:00Z`).getUTCDay());
}

export interface Due {
  binding: Binding;
  late: boolean;
}

/** The notices due now, and those whose cut-off passed unposted today (to be logged as skipped). */
export function dueNotices(db: Db, bindings: Binding[], now: Date, calendar: Calendar): { due: Due[]; missed: Binding[] } {
  const day = dateIn(now, calendar.timeZone);
  const time = timeIn(now, calendar.timeZone);
  const posted = new Set(db.prepare('SELECT room_topic FROM notices WHERE day = ?').pluck().all(day) as string[]);
  const due: Due[] = [];
  const missed: Binding[] = [];
  for (const binding of bindings) {
    if (posted.has(binding.roomTopic) || !isNoticeDay(day, binding.days, calendar) || time < binding.broadcastAt) continue;
    if (time >= calendar.cutoff) missed.push(binding);
    // A minute late is still on time: the check runs once a minute.
    else due.push({ binding, late: minutesBetween(binding.broadcastAt, time) > 1 });
  }
  return { due, missed };
}

const minutesBetween = (from: string, to: string) => {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return minutes(to) - minutes(from);
};
