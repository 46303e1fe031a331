/**
 * Who may do what. Admins are named in the configuration or granted by an admin in a group; responsible people
 * are assigned per item by an admin. A person is known by their WeChat name or the bot's remark for them, never by
 * the group alias, which anyone can set to anything. A member may add notes; status, progress and deadline
 * changes come from an item's responsible people or an admin.
 */
import type { Person } from '../message.ts';
import type { Db } from '../ledger/db.ts';

const namesOf = (person: Person) => [person.name, ...(person.remark ? [person.remark] : [])];

export class Roles {
  readonly #admins: Set<string>;

  constructor(
    private readonly db: Db,
    admins: string[],
  ) {
    this.#admins = new Set(admins);
  }

  /** Named in DUBAN_ADMINS: cannot be revoked from a group. */
  isConfiguredAdmin(person: Person): boolean {
    return namesOf(person).some((name) => this.#admins.has(name));
  }

  isAdmin(person: Person): boolean {
    if (this.isConfiguredAdmin(person)) return true;
    const names = namesOf(person);
    return this.db.prepare(`SELECT 1 FROM grants WHERE name IN (${names.map(() => '?').join(',')})`).get(...names) !== undefined;
  }

  /** Every admin by name: the configured ones, then those granted in a group. */
  admins(): string[] {
    const granted = this.db.prepare('SELECT name FROM grants ORDER BY granted_at').pluck().all() as string[];
    return [...new Set([...this.#admins, ...granted])];
  }

  isResponsible(person: Person, itemId: number): boolean {
    const names = namesOf(person);
    return (
      this.db.prepare(`SELECT 1 FROM responsibles WHERE item_id = ? AND name IN (${names.map(() => '?').join(',')})`).get(itemId, ...names) !==
      undefined
    );
  }

  grant(name: string, by: string, at: Date): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO grants (name, granted_by, granted_at) VALUES (?, ?, ?)').run(name, by, at.toISOString()).changes > 0;
  }

  revoke(name: string): boolean {
    return this.db.prepare('DELETE FROM grants WHERE name = ?').run(name).changes > 0;
  }
}
