/** Tokens the model used, per day and group. */
import type { Db } from './db.ts';

export const tokensSpent = (db: Db, day: string, room: string): number =>
  (db.prepare('SELECT prompt_tokens + completion_tokens FROM model_usage WHERE day = ? AND room = ?').pluck().get(day, room) as number | undefined) ?? 0;

/** One request's tokens. */
export function addUsage(db: Db, day: string, room: string, usage: { promptTokens: number; completionTokens: number }): void {
  db.prepare(`INSERT INTO model_usage (day, room, requests, prompt_tokens, completion_tokens) VALUES (?, ?, 1, ?, ?)
    ON CONFLICT (day, room) DO UPDATE SET requests = requests + 1, prompt_tokens = prompt_tokens + excluded.prompt_tokens,
      completion_tokens = completion_tokens + excluded.completion_tokens`).run(day, room, usage.promptTokens, usage.completionTokens);
}

/** Marks the group's day as alerted; false when it already was (or nothing was spent that day). */
export const markAlerted = (db: Db, day: string, room: string, at: string): boolean =>
  db.prepare('UPDATE model_usage SET alerted_at = ? WHERE day = ? AND room = ? AND alerted_at IS NULL').run(at, day, room).changes > 0;
