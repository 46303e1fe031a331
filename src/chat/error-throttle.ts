/**
 * Keeps one failing condition from flooding the log: the first occurrence of an error is logged, repeats within the
 * window are only counted, and the next one logged after it says how many were left out.
 */
import type { Clock } from '../clock.ts';

export class ErrorThrottle {
  readonly #seen = new Map<string, { loggedAt: number; suppressed: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs = 60_000,
  ) {}

  /** Whether to log this occurrence now, and how many of its kind were left out since the last one logged. */
  admit(key: string): { log: boolean; suppressed: number } {
    const now = this.clock.now().getTime();
    const seen = this.#seen.get(key);
    if (seen && now - seen.loggedAt < this.windowMs) {
      seen.suppressed++;
      return { log: false, suppressed: 0 };
    }
    this.#seen.set(key, { loggedAt: now, suppressed: 0 });
    return { log: true, suppressed: seen?.suppressed ?? 0 };
  }
}
