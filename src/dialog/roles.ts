/**
 * Who may do what. Admins are named in the configuration (over every ledger) or granted by an admin in a group
 * (over that group's ledger; every grant and revocation a row of the trail); responsible people
 * are assigned per item by an admin. A person is known by the bot's remark for them, else their WeChat name, never
 * by the group alias, which anyone can set to anything. A member may add notes; status, progress and deadline
 * changes come from an item's responsible people or an admin.
 */
import type { Person } from '../message.ts';
import type { Db } from '../ledger/db.ts';
import { isResponsibleFor } from '../ledger/responsibles.ts';
import { grantedPeople, grantedScopes, isGranted, recordRoleChange } from '../ledger/role-changes.ts';

/**
 * The names a person's rights are looked up by. A contact the bot account has a remark for (备注名, which only the bot
 * account sets) is known by that remark alone: renaming themselves to an admin's WeChat name then gets them nothing.
 */
const namesOf = (person: Person) => [person.remark || person.name];

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

  /** Configured, or granted over this ledger (or all); without a ledger, granted over any. */
  isAdmin(person: Person, ledgerId?: number): boolean {
    return this.isConfiguredAdmin(person) || isGranted(this.db, namesOf(person), ledgerId);
  }

  /** Every admin by name: the configured ones, then those granted in a group. */
  admins(): string[] {
    return [...new Set([...this.#admins, ...grantedPeople(this.db)])];
  }

  isResponsible(person: Person, itemId: number): boolean {
    const names = namesOf(person);
    return isResponsibleFor(this.db, itemId, names);
  }

  /** Grants admin rights over a ledger, as a row of the trail; false when they already hold them there. */
  grant(name: string, ledgerId: number, by: { name: string; room: string | null; at: Date }): boolean {
    if (isGranted(this.db, [name], ledgerId)) return false;
    recordRoleChange(this.db, { action: 'grant', person: name, ledgerId, room: by.room, by: by.name, at: by.at.toISOString() });
    return true;
  }

  /** Withdraws every grant the person holds, each with a row of its own; false when they held none. */
  revoke(name: string, by: { name: string; room: string | null; at: Date }): boolean {
    const scopes = grantedScopes(this.db, name);
    for (const ledgerId of scopes) recordRoleChange(this.db, { action: 'revoke', person: name, ledgerId, room: by.room, by: by.name, at: by.at.toISOString() });
    return scopes.length > 0;
  }
}
