/**
 * Admin rights granted in a group, kept as the audit trail keeps updates: a grant and a revocation are each a row,
 * never edited or deleted. A grant and a revocation are for one ledger, or (granted before grants had a ledger) for
 * all; what a person may do over a ledger is what the latest row about it, or about all, says.
 */
import type { Db } from './db.ts';
import { keptUntilTopicChange } from './generation.ts';

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

/**
 * A grant still in force: over one ledger (`@ledgerId`), a grant for it or for all with no later row for the same
 * person about it or about all (so a revocation in one ledger's group ends an old grant for all there, and only
 * there); over any ledger (`@ledgerId` NULL), a grant with no later row for the same person and scope.
 */
const active = `r.action = 'grant' AND (@ledgerId IS NULL OR r.ledger_id IS NULL OR r.ledger_id = @ledgerId) AND NOT EXISTS
  (SELECT 1 FROM role_changes l WHERE l.person = r.person AND l.id > r.id
    AND (CASE WHEN @ledgerId IS NULL THEN l.ledger_id IS r.ledger_id ELSE l.ledger_id IS NULL OR l.ledger_id = @ledgerId END))`;

/** People asked about per connection before the answers are all dropped. */
const answersKept = 10_000;

/**
 * Granted to any of these names over this ledger (or all ledgers); with no ledger, over any. Every message asks it of
 * its sender: the answers are kept until a right is granted or revoked.
 */
export function isGranted(db: Db, names: string[], ledgerId?: number): boolean {
  const answers = keptUntilTopicChange(db, 'settings', 'grants', () => new Map<string, boolean>());
  const key = JSON.stringify([names, ledgerId ?? null]);
  const kept = answers.get(key);
  if (kept !== undefined) return kept;
  const granted =
    db
      .prepare(`SELECT 1 FROM role_changes r WHERE r.person IN (SELECT value FROM json_each(@names)) AND ${active}`)
      .get({ names: JSON.stringify(names), ledgerId: ledgerId ?? null }) !== undefined;
  if (answers.size >= answersKept) answers.clear();
  answers.set(key, granted);
  return granted;
}

/** Everyone holding a grant over this ledger (or all ledgers); with no ledger, over any; earliest granted first. */
export function grantedPeople(db: Db, ledgerId?: number): string[] {
  return db
    .prepare(`SELECT r.person FROM role_changes r WHERE ${active} GROUP BY r.person ORDER BY min(r.id)`)
    .pluck()
    .all({ ledgerId: ledgerId ?? null }) as string[];
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

export function roleChanges(db: Db): RoleChange[] {
  return db
    .prepare('SELECT action, person, ledger_id AS ledgerId, room, by_person AS by, at FROM role_changes ORDER BY id')
    .all() as RoleChange[];
}
