/**
 * Tokens the model used, counted per day and group in SQLite, against a daily budget per group. A group over its
 * budget gets the rules' answers until the next day (in DUBAN_TZ), and the admins are told once that day.
 */
import { type Clock, dateIn } from '../../clock.ts';
import type { Db } from '../../ledger/db.ts';

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
    return (this.db.prepare('SELECT prompt_tokens + completion_tokens FROM model_usage WHERE day = ? AND room = ?').pluck().get(this.#today(), room) as
      | number
      | undefined) ?? 0;
  }

  exhausted(room: string): boolean {
    return this.spentToday(room) >= this.dailyTokens;
  }

  /** One request's tokens. */
  spend(room: string, usage: Usage): void {
    this.db
      .prepare(`INSERT INTO model_usage (day, room, requests, prompt_tokens, completion_tokens) VALUES (?, ?, 1, ?, ?)
        ON CONFLICT (day, room) DO UPDATE SET requests = requests + 1, prompt_tokens = prompt_tokens + excluded.prompt_tokens,
          completion_tokens = completion_tokens + excluded.completion_tokens`)
      .run(this.#today(), room, usage.promptTokens, usage.completionTokens);
  }

  /** True the first time it is asked on a day the group's budget is used up: the admins are told then, once. */
  firstAlert(room: string): boolean {
    const at = this.clock.now().toISOString();
    return this.db.prepare('UPDATE model_usage SET alerted_at = ? WHERE day = ? AND room = ? AND alerted_at IS NULL').run(at, this.#today(), room).changes > 0;
  }
}
