/**
 * One ledger as it stands on one day, each list read from SQLite once: at 09:00 every group bound to the ledger gets
 * a notice and reminders built from the same lists, and nothing in them changes while they are composed (a tick of
 * the scheduler runs to its end before any message is handled).
 */
import { addDays, startOfDay } from '../clock.ts';
import type { Db } from '../ledger/db.ts';
import { listItems } from '../ledger/items.ts';
import { type Due, type Overview, dueWithin, overdueItems, overview, staleCodes } from '../ledger/listings.ts';
import { awaitingUpdates } from '../ledger/record.ts';
import type { Item, Ledger } from '../ledger/types.ts';
import type { Update } from '../ledger/updates.ts';

const soonDays = 7;
const staleDays = 14;

export class LedgerDay {
  readonly soonDays = soonDays;
  readonly staleDays = staleDays;
  readonly #memo = new Map<string, unknown>();
  readonly #items = new Map<number, Item>();

  constructor(
    readonly db: Db,
    readonly ledger: Ledger,
    /** YYYY-MM-DD where the groups are. */
    readonly day: string,
    readonly timeZone: string,
  ) {}

  get overview(): Overview {
    return this.#once('overview', () => overview(this.db, this.ledger.id));
  }

  /** Open items past their last deadline, longest overdue first. */
  get overdue(): Due[] {
    return this.#once('overdue', () => overdueItems(this.db, this.ledger.id, this.day));
  }

  /** Open items with a deadline from today to `soonDays` ahead. */
  get dueSoon(): Due[] {
    return this.#once('dueSoon', () => dueWithin(this.db, this.ledger.id, this.day, addDays(this.day, soonDays)));
  }

  /** Open items with a deadline after today, up to and including `until`. */
  dueAfterToday(until: string): Due[] {
    return this.#once(`due:${until}`, () => dueWithin(this.db, this.ledger.id, addDays(this.day, 1), until));
  }

  get waiting(): Update[] {
    return this.#once('waiting', () => awaitingUpdates(this.db, this.ledger.id));
  }

  /** Codes of open items with no update (or, with none, no import) for `staleDays`. */
  get stale(): string[] {
    return this.#once('stale', () => {
      const before = startOfDay(addDays(this.day, -staleDays), this.timeZone).toISOString();
      return staleCodes(this.db, this.ledger.id, before);
    });
  }

  /** The items with these ids, by id; each read once. */
  items(ids: number[]): Map<number, Item> {
    const missing = ids.filter((id) => !this.#items.has(id));
    if (missing.length) for (const item of listItems(this.db, this.ledger.id, missing)) this.#items.set(item.id, item);
    return new Map(ids.map((id) => [id, this.#items.get(id)!]));
  }

  #once<T>(key: string, read: () => T): T {
    if (!this.#memo.has(key)) this.#memo.set(key, read());
    return this.#memo.get(key) as T;
  }
}
