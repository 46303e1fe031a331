/**
 * Posting a group's daily notice with its reminders: all queued in the outbox and logged in one transaction, so a
 * notice or a reminder is never posted twice, whatever stops the process and wherever.
 */
import { type Outgoing, asChannel, reachableOn } from '../message.ts';
import { addDays, dateIn } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Binding } from '../ledger/bindings.ts';
import { type Db, write } from '../ledger/db.ts';
import { findLedger } from '../ledger/ledgers.ts';
import { lastNoticeBefore, noticePostedAt, recordNotice } from '../ledger/notices.ts';
import { logReminders } from '../ledger/reminders.ts';
import { LedgerDay } from './ledger-day.ts';
import { noticeChart } from './notice-chart.ts';
import { type Notice, composeNotice } from './notice.ts';
import { type Reminder, adminsTarget, escalation, groupReminder, roomTarget } from './reminders.ts';
import { type Calendar, calendarOf, neighbourNoticeDay } from './schedule.ts';

/** The outbox's enqueue: messages in, ids of the queued parts out (the chat stage sends them). */
export type Enqueue = (messages: Outgoing[]) => number[];

export interface DailyOptions {
  now: Date;
  calendar: Calendar;
  /** Who gets the escalations by direct message. */
  admins: string[];
  /** Overdue for more than this many days goes to the admins. */
  escalateAfterDays: number;
  late?: boolean;
  /** The channel can send pictures: the notice is followed by its chart. */
  images?: boolean;
}

/** What a group gets on a day: the notice, a reminder when something falls due, an escalation for the admins. */
export interface Daily {
  day: string;
  notice: Notice;
  reminder?: Reminder;
  escalation?: Reminder;
}

export type Posted = ({ posted: true; parts: number } & Daily) | { posted: false; postedAt: string };

/** The options of a day's posting as the configuration sets them. */
export function dailyOptions(config: Config, now: Date, admins: string[], late = false): DailyOptions {
  return { now, calendar: calendarOf(config), admins, escalateAfterDays: config.escalateAfterDays, late };
}

/** The ledger a group is bound to, as it stands today: shared by every group bound to it in one scheduler tick. */
export function ledgerDayOf(db: Db, binding: Binding, options: DailyOptions): LedgerDay {
  return new LedgerDay(db, findLedger(db, binding.ledgerName)!, dateIn(options.now, options.calendar.timeZone), options.calendar.timeZone);
}

/** Composes the day's messages for a group without sending or logging anything (`broadcast --dry-run`). */
export function composeDaily(db: Db, binding: Binding, options: DailyOptions, ledgerDay = ledgerDayOf(db, binding, options)): Daily {
  const { calendar } = options;
  const { day } = ledgerDay;
  const last = lastNoticeBefore(db, binding.roomTopic, day);
  const notice = composeNotice(ledgerDay, { since: last.at ? new Date(last.at) : undefined, late: options.late });
  // Overdue since the group last heard (a missed day included, up to two weeks), or since the previous notice day.
  const previous = neighbourNoticeDay(day, binding.days, calendar, -1);
  const missedDays = last.day !== null && last.day >= addDays(day, -14) && last.day < previous;
  const reminder = groupReminder(ledgerDay, binding.roomTopic, {
    overdueFrom: missedDays ? last.day! : previous,
    dueUntil: neighbourNoticeDay(day, binding.days, calendar, 1),
  });
  const escalated = options.admins.length ? escalation(ledgerDay, options.escalateAfterDays) : undefined;
  // Whoever hears of an item in today's reminder is @-mentioned there, not twice within seconds.
  const notified = new Set(reminder?.mentions);
  return { day, notice: { ...notice, mentions: notice.mentions.filter((name) => !notified.has(name)) }, reminder, escalation: escalated };
}

export function postNotice(db: Db, enqueue: Enqueue, binding: Binding, options: DailyOptions, ledgerDay = ledgerDayOf(db, binding, options)): Posted {
  const { day } = ledgerDay;
  return write(db, (): Posted => {
    const done = noticePostedAt(db, binding.roomTopic, day);
    if (done) return { posted: false, postedAt: done };
    const daily = composeDaily(db, binding, options, ledgerDay);
    const channel = asChannel(binding.channel);
    const room = { channel, room: binding.roomTopic };
    const messages: Outgoing[] = [{ target: room, ...daily.notice, ref: `notice:${binding.roomTopic}:${day}` }];
    const chart = options.images ? noticeChart(db, ledgerDay.ledger, day) : undefined;
    if (chart) messages.push({ target: room, text: `[图] ${ledgerDay.ledger.name} 完成情况（${day}）`, image: chart, ref: `chart:${binding.roomTopic}:${day}` });
    if (daily.reminder) {
      messages.push({ target: room, text: daily.reminder.text, mentions: daily.reminder.mentions, ref: `reminder:${binding.roomTopic}:${day}` });
      logReminders(db, roomTarget(binding.roomTopic), daily.reminder.reminded, day, options.now);
    }
    if (daily.escalation) {
      for (const admin of options.admins.filter((one) => reachableOn(channel, one))) messages.push({ target: { channel, contact: admin }, text: daily.escalation.text, ref: `escalation:${day}` });
      logReminders(db, adminsTarget, daily.escalation.reminded, day, options.now);
    }
    const ids = enqueue(messages);
    recordNotice(db, { roomTopic: binding.roomTopic, day, ledgerId: binding.ledgerId, postedAt: options.now.toISOString(), late: options.late === true, outboxIds: ids });
    return { posted: true, parts: ids.length, ...daily };
  });
}
