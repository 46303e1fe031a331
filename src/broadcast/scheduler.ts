/**
 * The daily notices, on time: once a minute (node-cron, in the configured time zone) every due notice is posted, and
 * once at start, so a notice missed while duban was down goes out late, until the cut-off.
 */
import { type ScheduledTask, schedule } from 'node-cron';
import { dateIn } from '../clock.ts';
import type { Clock } from '../clock.ts';
import { listBindings } from '../ledger/bindings.ts';
import type { Db } from '../ledger/db.ts';
import type { Logger } from '../log.ts';
import type { LedgerDay } from './ledger-day.ts';
import { type Enqueue, ledgerDayOf, postNotice } from './post.ts';
import { type Calendar, dueNotices } from './schedule.ts';

export interface NoticeSettings extends Calendar {
  escalateAfterDays: number;
  /** The admins now: grants change while duban runs. */
  admins: () => string[];
}

export class NoticeScheduler {
  #task: ScheduledTask | undefined;
  readonly #missed = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: NoticeSettings,
    private readonly enqueue: Enqueue,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.tick();
    this.#task ??= schedule('* * * * *', () => this.tick(), { timezone: this.settings.timeZone, name: 'duban-notices', noOverlap: true });
  }

  stop(): void {
    void this.#task?.stop();
    this.#task = undefined;
  }

  /** Posts what is due now; logs, once a day, a notice whose cut-off passed unposted. */
  tick(): void {
    const now = this.clock.now();
    const { due, missed } = dueNotices(this.db, listBindings(this.db), now, this.settings);
    const { escalateAfterDays } = this.settings;
    const ledgerDays = new Map<string, LedgerDay>();
    for (const { binding, late } of due) {
      const options = { now, calendar: this.settings, admins: this.settings.admins(), escalateAfterDays, late };
      const ledgerDay = ledgerDays.get(binding.ledgerName) ?? ledgerDayOf(this.db, binding, options);
      ledgerDays.set(binding.ledgerName, ledgerDay);
      const posted = postNotice(this.db, this.enqueue, binding, options, ledgerDay);
      if (posted.posted) {
        this.log.info(
          { room: binding.roomTopic, late, parts: posted.parts, reminded: posted.reminder?.reminded.length ?? 0, escalated: posted.escalation?.reminded.length ?? 0 },
          late ? '补发日报 / late daily notice queued' : '日报已加入发送队列 / daily notice queued',
        );
      }
    }
    const day = dateIn(now, this.settings.timeZone);
    for (const binding of missed) {
      const key = `${binding.roomTopic}:${day}`;
      if (this.#missed.has(key)) continue;
      this.#missed.add(key);
      this.log.warn({ room: binding.roomTopic, day, cutoff: this.settings.cutoff }, '已过补发截止时间，今天的日报不再发送 / daily notice skipped after the cut-off');
    }
  }
}
