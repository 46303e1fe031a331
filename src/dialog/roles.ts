/**
 * Who may do what. Admins are named in the configuration or granted by an admin in a group; responsible people
 * are assigned per item by an admin. A person is known by their WeChat name or the bot's remark for them, never by
 * the group alias, which anyone can set to anything. A member may add notes; status, progress and deadline
 * changes come from an item's responsible people or an admin.
 */
import type { Person } from '../chat/incoming.ts';
import type { Db } from '../ledger/db.ts';
import { grantAdmin, grantedAdmins, isGranted, isResponsibleFor, revokeAdmin } from '../ledger/grants.ts';

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
    return isGranted(this.db, namesOf(person));
  }

  /** Every admin by name: the configured ones, then those granted in a group. */
  admins(): string[] {
    return [...new Set([...this.#admins, ...grantedAdmins(this.db)])];
  }

  isResponsible(person: Person, itemId: number): boolean {
    return isResponsibleFor(this.db, itemId, namesOf(person));
  }

  grant(name: string, by: string, at: Date): boolean {
    return grantAdmin(this.db, name, by, at);
  }

  revoke(name: string): boolean {
    return revokeAdmin(this.db, name);
  }
}
