/** Who may do what: admins are named in the configuration by WeChat name or alias. */
import type { Person } from '../chat/incoming.ts';

export class Roles {
  readonly #admins: Set<string>;

  constructor(admins: string[]) {
    this.#admins = new Set(admins);
  }

  isAdmin(person: Person): boolean {
    return this.#admins.has(person.name) || (person.alias !== undefined && this.#admins.has(person.alias));
  }
}
