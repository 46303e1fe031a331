/** Who answers for an item: the fact `Roles` decides a status change by. */
import type { Db } from './db.ts';

export function isResponsibleFor(db: Db, itemId: number, names: string[]): boolean {
  return db.prepare(`SELECT 1 FROM responsibles WHERE item_id = ? AND name IN (${names.map(() => '?').join(',')})`).get(itemId, ...names) !== undefined;
}
