/**
 * A circuit breaker in front of the model. A model that keeps failing (down, overloaded, answering nonsense) would
 * make every unsure message wait for its timeout; after `failures` failures in a row the model is left alone for a
 * while and the rules answer at once. After the pause one message tries again; one more failure opens it again.
 */
import type { Clock } from '../../clock.ts';

export class CircuitBreaker {
  #failures = 0;
  #openUntil = 0;

  constructor(
    private readonly clock: Clock,
    private readonly failures: number,
    private readonly pauseMs: number,
  ) {}

  /** Whether the model may be asked now. */
  closed(): boolean {
    return this.clock.now().getTime() >= this.#openUntil;
  }

  succeeded(): void {
    this.#failures = 0;
  }

  /** Counts a failure; true when it opens the breaker, so that the opening is logged once. */
  failed(): boolean {
    this.#failures++;
    if (this.#failures < this.failures) return false;
    this.#openUntil = this.clock.now().getTime() + this.pauseMs;
    // Half open afterwards: the next failure opens it again at once.
    this.#failures = this.failures - 1;
    return true;
  }
}
