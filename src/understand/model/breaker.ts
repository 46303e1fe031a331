/**
 * A circuit breaker in front of the model. A model that keeps failing (down, overloaded, answering nonsense) would
 * make every unsure message wait for its timeout; after `failures` failures in a row the model is left alone for a
 * while and the rules answer at once. After the pause it is half open: one message tries again, and until that one
 * has settled the others keep to the rules, so that a model still down costs one wait, not one per message. Its
 * success closes the breaker; its failure opens it again at once.
 */
import type { Clock } from '../../clock.ts';

export class CircuitBreaker {
  #failures = 0;
  #openUntil = 0;
  /** It has opened, and no message has succeeded since. */
  #halfOpen = false;
  /** The one message let through while half open is still with the model. */
  #trying = false;

  constructor(
    private readonly clock: Clock,
    private readonly failures: number,
    private readonly pauseMs: number,
  ) {}

  /** Whether this message may ask the model; each one admitted is `release`d once it has settled. */
  admit(): boolean {
    if (this.clock.now().getTime() < this.#openUntil) return false;
    if (!this.#halfOpen) return true;
    if (this.#trying) return false;
    this.#trying = true;
    return true;
  }

  /** The admitted message is done with the model, however it went. */
  release(): void {
    this.#trying = false;
  }

  succeeded(): void {
    this.#failures = 0;
    this.#halfOpen = false;
  }

  /** Counts a failure; true when it opens the breaker, so that the opening is logged once. */
  failed(): boolean {
    this.#failures++;
    if (!this.#halfOpen && this.#failures < this.failures) return false;
    this.#openUntil = this.clock.now().getTime() + this.pauseMs;
    this.#halfOpen = true;
    this.#failures = 0;
    return true;
  }
}
