/** Admin rights granted in a group, and who answers for an item: the facts `Roles` decides by. */
import type { Db } from './db.ts';

const placeholders = (names: string[]) => names.map(() => '?').join(',');

export function isGranted(db: Db, names: string[]): boolean {
  return db.prepare(`SELECT 1 FROM grants WHERE name IN (${placeholders(names)})`).get(...names) !== undefined;
}

/** Those granted admin rights in a group, oldest grant first. */
export function grantedAdmins(db: Db): string[] {
  return db.prepare('SELECT name FROM grants ORDER BY granted_at').pluck().all() as string[];
}

export function grantAdmin(db: Db, name: string, by: string, at: Date): boolean {
  return db.prepare('INSERT OR IGNORE INTO grants (name, granted_by, granted_at) VALUES (?, ?, ?)').run(name, by, at.toISOString()).changes > 0;
}

export function revokeAdmin(db: Db, name: string): boolean {
  return db.prepare('DELETE FROM grants WHERE name = ?').run(name).changes > 0;
}

export function isResponsibleFor(db: Db, itemId: number, names: string[]): boolean {
  return db.prepare(`SELECT 1 FROM responsibles WHERE item_id = ? AND name IN (${placeholders(names)})`).get(itemId, ...names) !== undefined;
}
