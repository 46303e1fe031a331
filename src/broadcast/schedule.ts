/**
 * Which groups' notices are due at a moment, by the calendar where the groups are: each binding's time and weekdays,
 * minus configured holidays, plus make-up workdays (调休). Asked every minute, the same rule sends on time, catches up
 * after a restart (marked late) until the cut-off, and never twice, since a posted notice is logged for its day.
 */
import { addDays, dateIn, timeIn, weekdayOf } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Binding } from '../ledger/bindings.ts';
import type { Db } from '../ledger/db.ts';
import { roomsNoticedOn } from '../ledger/notices.ts';
import { weekdaysOf } from '../weekdays.ts';

export interface Calendar {
  timeZone: string;
  /** YYYY-MM-DD days off that fall on a working weekday. */
  holidays: string[];
  /** YYYY-MM-DD weekend days worked instead (调休). */
  workdays: string[];
  /** HH:MM: a notice not posted by then is skipped for the day. */
  cutoff: string;
}

export function calendarOf(config: Config): Calendar {
  return { timeZone: config.timeZone, ...config.notices };
}

export function isNoticeDay(day: string, weekdays: string, calendar: Calendar): boolean {
  if (calendar.holidays.includes(day)) return false;
  if (calendar.workdays.includes(day)) return true;
  return weekdaysOf(weekdays).has(weekdayOf(day));
}

/**
 * The notice day before (`step` -1) or after (+1) `day`: reminders cover the days between two notices, so a deadline on
 * a Sunday is reminded on Friday. A group with no notice day within a month has `day ± 1`.
 */
export function neighbourNoticeDay(day: string, weekdays: string, calendar: Calendar, step: 1 | -1): string {
  for (let n = 1; n <= 31; n++) {
    const candidate = addDays(day, n * step);
    if (isNoticeDay(candidate, weekdays, calendar)) return candidate;
  }
  return addDays(day, step);
}

export interface Due {
  binding: Binding;
  late: boolean;
}

/** The notices due now, and those whose cut-off passed unposted today (to be logged as skipped). */
export function dueNotices(db: Db, bindings: Binding[], now: Date, calendar: Calendar): { due: Due[]; missed: Binding[] } {
  const day = dateIn(now, calendar.timeZone);
  const time = timeIn(now, calendar.timeZone);
  const posted = roomsNoticedOn(db, day);
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
