/**
 * The daily notices, on time: once a minute (node-cron, in the configured time zone) every due notice is posted, and
 * once at start, so a notice missed while duban was down goes out late, until the cut-off.
 */
import { type ScheduledTask, schedule } from 'node-cron';
import { dateIn } from '../clock.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { listBindings } from '../ledger/bindings.ts';
import type { Db } from '../ledger/db.ts';
import type { Logger } from '../log.ts';
import type { LedgerDay } from './ledger-day.ts';
import { type Enqueue, dailyOptions, ledgerDayOf, postNotice } from './post.ts';
import { calendarOf, dueNotices } from './schedule.ts';

export class NoticeScheduler {
  #task: ScheduledTask | undefined;
  readonly #missed = new Set<string>();
  #warnedNoAdmins = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Config,
    /** The admins now: grants change while duban runs. */
    private readonly admins: () => string[],
    private readonly enqueue: Enqueue,
    private readonly log: Logger,
    /** `images`: whether a group's channel can send pictures, so that each notice is followed by its chart. */
    private readonly options: { images?: (channel: string) => boolean } = {},
  ) {}

  start(): void {
    this.#task ??= schedule('* * * * *', () => this.tick(), { timezone: this.config.timeZone, name: 'duban-notices', noOverlap: true });
    this.tick();
  }

  stop(): void {
    void this.#task?.stop();
    this.#task = undefined;
  }

  /** Posts what is due now, each group on its own; logs, once a day, a notice whose cut-off passed unposted. */
  tick(): void {
    const now = this.clock.now();
    const calendar = calendarOf(this.config);
    const { due, missed } = dueNotices(this.db, listBindings(this.db), now, calendar);
    const ledgerDays = new Map<string, LedgerDay>();
    const admins = due.length ? this.admins() : [];
    if (due.length && !admins.length && !this.#warnedNoAdmins) {
      this.#warnedNoAdmins = true;
      this.log.warn('没有管理员（DUBAN_ADMINS），逾期事项不会私信督办 / no admins: long-overdue items are not raised by direct message');
    }
    for (const { binding, late } of due) {
      try {
        const options = { ...dailyOptions(this.config, now, admins, late), images: this.options.images?.(binding.channel) };
        const ledgerDay = ledgerDays.get(binding.ledgerName) ?? ledgerDayOf(this.db, binding, options);
        ledgerDays.set(binding.ledgerName, ledgerDay);
        const posted = postNotice(this.db, this.enqueue, binding, options, ledgerDay);
        if (!posted.posted) continue;
        this.log.info(
          { room: binding.roomTopic, late, parts: posted.parts, reminded: posted.reminder?.reminded.length ?? 0, escalated: posted.escalation?.reminded.length ?? 0 },
          late ? '补发日报 / late daily notice queued' : '日报已加入发送队列 / daily notice queued',
        );
      } catch (error) {
        // One group's failure must not keep the others from their notices; its own is tried again next minute.
        this.log.error({ room: binding.roomTopic, error: (error as Error).stack ?? String(error) }, '日报生成失败，下一分钟重试 / daily notice failed, retrying next minute');
      }
    }
    const day = dateIn(now, calendar.timeZone);
    for (const binding of missed) {
      const key = `${binding.roomTopic}:${day}`;
      if (this.#missed.has(key)) continue;
      this.#missed.add(key);
      this.log.warn({ room: binding.roomTopic, day, cutoff: calendar.cutoff }, '已过补发截止时间，今天的日报不再发送 / daily notice skipped after the cut-off');
    }
  }
}
