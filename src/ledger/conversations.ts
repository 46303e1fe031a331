/** What duban remembers of a conversation with one person in one group (or in a direct message). */
import type { Clock } from '../clock.ts';
import type { Db } from './db.ts';
import type { List, Position } from './listings.ts';

/** A list being paged: what it is, where it stopped, how much of it has been shown. */
export interface More {
  title: string;
  list: List;
  after?: Position;
  /** Shown already. */
  shown: number;
  /** The list's length when it was asked. */
  total: number;
  /** Shown to its end: `更多` has nothing to add. */
  ended?: true;
}

export interface ConversationKey {
  /** Group topic; '' for a direct message. */
  room: string;
  /** Whose conversation it is (`Owner.key`), never a name someone else could take. */
  personKey: string;
}

/** Setting one column, built once: a statement's text is looked up by value at every use. */
const upserts = Object.fromEntries(
  (['more', 'ledger_id'] as const).map((column) => [
    column,
    `INSERT INTO conversations (room, person_key, ${column}, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (room, person_key) DO UPDATE SET ${column} = excluded.${column}, updated_at = excluded.updated_at`,
  ]),
) as Record<'more' | 'ledger_id', string>;

export class Conversations {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  #upsert(key: ConversationKey, column: 'more' | 'ledger_id', value: string | number | null): void {
    this.db.prepare(upserts[column]).run(key.room, key.personKey, value, this.clock.now().toISOString());
  }

  /**
   * The last list, for "更多"; none when this person asked none here, or when it was lost (migration 0009 cleared the
   * lists begun before it).
   */
  more(key: ConversationKey): More | undefined {
    const json = this.db.prepare('SELECT more FROM conversations WHERE room = ? AND person_key = ?').pluck().get(key.room, key.personKey) as
      | string
      | null
      | undefined;
    return json ? (JSON.parse(json) as More) : undefined;
  }

  /** `undefined` forgets the last list: `更多` then says to ask again. */
  setMore(key: ConversationKey, more: More | undefined): void {
    this.#upsert(key, 'more', more ? JSON.stringify(more) : null);
  }

  /** The ledger an admin chose for direct messages. */
  ledgerId(key: ConversationKey): number | undefined {
    const id = this.db.prepare('SELECT ledger_id FROM conversations WHERE room = ? AND person_key = ?').pluck().get(key.room, key.personKey) as
      | number
      | null
      | undefined;
    return id ?? undefined;
  }

  setLedgerId(key: ConversationKey, ledgerId: number): void {
    this.#upsert(key, 'ledger_id', ledgerId);
  }

  /** The item this person was talking about here, if within the last `minutes`: what a bare 已完成 is about. */
  recentItem(key: ConversationKey, minutes: number): number | undefined {
    const since = new Date(this.clock.now().getTime() - minutes * 60_000).toISOString();
    const id = this.db.prepare('SELECT item_id FROM conversations WHERE room = ? AND person_key = ? AND item_at >= ?').pluck().get(key.room, key.personKey, since) as
      | number
      | null
      | undefined;
    return id ?? undefined;
  }

  setRecentItem(key: ConversationKey, itemId: number): void {
    const at = this.clock.now().toISOString();
    this.db
      .prepare(`INSERT INTO conversations (room, person_key, item_id, item_at, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (room, person_key) DO UPDATE SET item_id = excluded.item_id, item_at = excluded.item_at, updated_at = excluded.updated_at`)
      .run(key.room, key.personKey, itemId, at, at);
  }

  /** The items last offered to choose from here, if within the last `minutes`. */
  choices(key: ConversationKey, minutes: number): number[] | undefined {
    const since = new Date(this.clock.now().getTime() - minutes * 60_000).toISOString();
    const json = this.db.prepare('SELECT choices FROM conversations WHERE room = ? AND person_key = ? AND choices_at >= ?').pluck().get(key.room, key.personKey, since) as
      | string
      | null
      | undefined;
    return json ? (JSON.parse(json) as number[]) : undefined;
  }

  setChoices(key: ConversationKey, itemIds: number[] | undefined): void {
    const at = this.clock.now().toISOString();
    this.db
      .prepare(`INSERT INTO conversations (room, person_key, choices, choices_at, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (room, person_key) DO UPDATE SET choices = excluded.choices, choices_at = excluded.choices_at, updated_at = excluded.updated_at`)
      .run(key.room, key.personKey, itemIds ? JSON.stringify(itemIds) : null, itemIds ? at : null, at);
  }
}
