/** Finding the item a person means by a code, as written in the report or typed loosely (`2/3` for `二/3`). */
import type { Db } from '../ledger/db.ts';
import { findItemByCode, itemCodes, listItems } from '../ledger/items.ts';
import type { Item } from '../ledger/types.ts';
import { codeKey } from '../understand/codes.ts';

export function itemByCode(db: Db, ledgerId: number, code: string): Item | undefined {
  const exact = findItemByCode(db, ledgerId, code);
  if (exact) return exact;
  const key = codeKey(code);
  const ids = itemCodes(db, ledgerId)
    .filter((row) => codeKey(row.code) === key)
    .map((row) => row.id);
  return ids.length === 1 ? listItems(db, ledgerId, ids)[0] : undefined;
}
