/**
 * Tokens the model used, counted per day and group in SQLite, against a daily budget per group. A group over its
 * budget gets the rules' answers until the next day (in DUBAN_TZ), and the admins are told once that day.
 */
import { type Clock, dateIn } from '../../clock.ts';
import type { Db } from '../../ledger/db.ts';
import { addUsage, markAlerted, tokensSpent } from '../../ledger/model-usage.ts';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export class TokenBudget {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly dailyTokens: number,
  ) {}

  #today(): string {
    return dateIn(this.clock.now(), this.timeZone);
  }

  spentToday(room: string): number {
    return tokensSpent(this.db, this.#today(), room);
  }

  exhausted(room: string): boolean {
    return this.spentToday(room) >= this.dailyTokens;
  }

  /** One request's tokens. */
  spend(room: string, usage: Usage): void {
    addUsage(this.db, this.#today(), room, usage);
  }

  /** True the first time it is asked on a day the group's budget is used up: the admins are told then, once. */
  firstAlert(room: string): boolean {
    return markAlerted(this.db, this.#today(), room, this.clock.now().toISOString());
  }
}
