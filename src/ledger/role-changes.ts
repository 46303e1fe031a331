/**
 * Admin rights granted in a group, kept as the audit trail keeps updates: a grant and a revocation are each a row,
 * never edited or deleted. A grant is for one ledger, or (granted before grants had a ledger) for all; what a person
 * may do over a scope is what its latest row says.
 */
import type { Db } from './db.ts';

export interface RoleChange {
  action: 'grant' | 'revoke';
  /** As the admin named them: a name, a remark, or `id:` and a platform user id. */
  person: string;
  /** null: every ledger. */
  ledgerId: number | null;
  room: string | null;
  by: string;
  at: string;
}

/** A grant still in force: no later row for the same person and scope. */
const active = `r.action = 'grant' AND NOT EXISTS
  (SELECT 1 FROM role_changes l WHERE l.person = r.person AND l.ledger_id IS r.ledger_id AND l.id > r.id)`;

const marks = (list: unknown[]) => list.map(() => '?').join(',');

/** Granted to any of these names over this ledger (or all ledgers); with no ledger, over any. */
export function isGranted(db: Db, names: string[], ledgerId?: number): boolean {
  const scope = ledgerId === undefined ? '' : 'AND (r.ledger_id IS NULL OR r.ledger_id = ?)';
  const args = ledgerId === undefined ? names : [...names, ledgerId];
  return db.prepare(`SELECT 1 FROM role_changes r WHERE r.person IN (${marks(names)}) ${scope} AND ${active}`).get(...args) !== undefined;
}

/** Everyone holding a grant over some ledger, earliest granted first. */
export function grantedPeople(db: Db): string[] {
  return db.prepare(`SELECT r.person FROM role_changes r WHERE ${active} GROUP BY r.person ORDER BY min(r.id)`).pluck().all() as string[];
}

export function recordRoleChange(db: Db, change: RoleChange): void {
  db.prepare('INSERT INTO role_changes (action, person, ledger_id, room, by_person, at) VALUES (?, ?, ?, ?, ?, ?)').run(
    change.action,
    change.person,
    change.ledgerId,
    change.room,
    change.by,
    change.at,
  );
}

/** The scopes (ledger ids, null for all) over which this person holds a grant now. */
export function grantedScopes(db: Db, person: string): (number | null)[] {
  return db.prepare(`SELECT r.ledger_id FROM role_changes r WHERE r.person = ? AND ${active}`).pluck().all(person) as (number | null)[];
}

export function roleChanges(db: Db): RoleChange[] {
  return db
    .prepare('SELECT action, person, ledger_id AS ledgerId, room, by_person AS by, at FROM role_changes ORDER BY id')
    .all() as RoleChange[];
}
