/**
 * Who may do what. Rights rest on what a person cannot type: the channel's stable user id for them (`Person.key`)
 * where it has one, or the bot account's remark for them (备注名, which only the bot account sets); never on a name or
 * a group alias, which anyone can set to an admin's. Admins are named in the configuration (over every ledger, by key
 * or remark) or granted by an admin in a group (over that group's ledger; every grant and revocation a row of the
 * trail); responsible people are assigned per item by an admin, and where the channel has stable ids their name
 * is bound to the one person it means, so responsibility follows the person, not the name. A member may add notes;
 * status, progress and deadline changes come from an item's responsible people or an admin.
 */
import { type ChannelName, type Person, isPersonKey, personKey, splitKey, typedNames } from '../message.ts';
import type { Db } from '../ledger/db.ts';
import { knownUserId } from '../ledger/people.ts';
import { bindName, claimName, isResponsibleFor, namesOfUser } from '../ledger/responsibles.ts';
import { grantedPeople, isGranted, recordRoleChange } from '../ledger/role-changes.ts';

/** What a person's admin rights are looked up by: their key and the bot's remark for them, whichever they have. */
const proofsOf = (person: Person) => [person.key, person.remark].filter((proof): proof is string => proof !== undefined && proof !== '');

/**
 * The name a person goes by for responsibility. A contact the bot account has a remark for (备注名) is known by that
 * remark alone: renaming themselves to a responsible person's WeChat name then gets them nothing.
 */
const ownName = (person: Person) => person.remark || person.name;

export class Roles {
  readonly #admins: Set<string>;

  constructor(
    private readonly db: Db,
    admins: string[],
    private readonly now: () => Date,
  ) {
    this.#admins = new Set(admins);
  }

  /** Named in DUBAN_ADMINS (by key or remark): cannot be revoked from a group. */
  isConfigured(who: string): boolean {
    return this.#admins.has(who);
  }

  /** Configured, or granted over this ledger (or all); without a ledger, granted over any. */
  isAdmin(person: Person, ledgerId?: number): boolean {
    const proofs = proofsOf(person);
    return proofs.some((proof) => this.isConfigured(proof)) || (proofs.length > 0 && isGranted(this.db, proofs, ledgerId));
  }

  /** Every admin by key or remark (of this ledger, or of any): the configured ones, then those granted in a group. */
  admins(ledgerId?: number): string[] {
    return [...new Set([...this.#admins, ...grantedPeople(this.db, ledgerId)])];
  }

  /** The names this person answers for items by: bound to their user id, or where there is none, their own. */
  responsibleNames(person: Person): string[] {
    const key = person.key === undefined ? undefined : splitKey(person.key);
    return key ? namesOfUser(this.db, key.channel, key.userId, ownName(person)) : [ownName(person)];
  }

  /** Answers for the item; a name only a report gave becomes theirs the first time they act on its item. */
  isResponsible(person: Person, itemId: number): boolean {
    const names = this.responsibleNames(person);
    if (!isResponsibleFor(this.db, itemId, names)) return false;
    const key = person.key === undefined ? undefined : splitKey(person.key);
    if (key && isResponsibleFor(this.db, itemId, [ownName(person)])) claimName(this.db, key.channel, ownName(person), key.userId, this.now());
    return true;
  }

  /** An admin's 指派 of a name they could tell (`whoIs`) to a user id binds the name to that user. */
  bindResponsible(name: string, who: string, by: string): void {
    const key = splitKey(who);
    if (key) bindName(this.db, { channel: key.channel, name, userId: key.userId, by, at: this.now() });
  }

  /**
   * Whom a name an admin typed (`授权 张三`) stands for on a channel, as rights are held: a person key as written; on
   * WeChat the remark; on WeCom, which sends no names, the userid; elsewhere the one person duban has heard of by that
   * name. Undefined when it cannot tell (nobody, or two people, go by it).
   */
  whoIs(name: string, channel: ChannelName): string | undefined {
    if (isPersonKey(name)) return name;
    switch (typedNames[channel]) {
      case 'remark':
        return name;
      case 'userId':
        return personKey(channel, name);
      case 'lookedUp': {
        const userId = knownUserId(this.db, channel, name);
        return userId === undefined ? undefined : personKey(channel, userId);
      }
    }
  }

  /** Grants admin rights over a ledger, as a row of the trail; false when they already hold them there. */
  grant(who: string, ledgerId: number, by: { name: string; room: string | null; at: Date }): boolean {
    if (isGranted(this.db, [who], ledgerId)) return false;
    recordRoleChange(this.db, { action: 'grant', person: who, ledgerId, room: by.room, by: by.name, at: by.at.toISOString() });
    return true;
  }

  /** Withdraws the person's admin rights over this ledger (theirs over others stay), as a row of the trail; false when they held none. */
  revoke(who: string, ledgerId: number, by: { name: string; room: string | null; at: Date }): boolean {
    if (!isGranted(this.db, [who], ledgerId)) return false;
    recordRoleChange(this.db, { action: 'revoke', person: who, ledgerId, room: by.room, by: by.name, at: by.at.toISOString() });
    return true;
  }
}
