/**
 * Finding the item a person means: by a code, as written in the report or typed loosely (`2/3` for `二/3`), or among
 * the hits of a search by their words.
 */
import type { Db } from '../ledger/db.ts';
import { findItemByCode, itemCodes, listItems } from '../ledger/items.ts';
import type { Hit } from '../ledger/search.ts';
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

/**
 * The hits that match well (the whole phrase, or most of it), and among them the one a search clearly means: the
 * only good one, or the only one whose title holds most of the phrase.
 */
export function clearHit(hits: Hit[]): { strong: Hit[]; chosen?: Hit } {
  const strong = hits.filter((h) => h.exact || h.coverage >= 0.6);
  const titled = strong.filter((h) => h.titleCoverage >= 0.75);
  return { strong, chosen: strong.length === 1 ? strong[0] : titled.length === 1 ? titled[0] : undefined };
}
