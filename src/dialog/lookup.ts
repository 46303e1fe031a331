/** Finding the item a person means among the hits of a search by their words (by code: `itemByCode`). */
import type { Hit } from '../ledger/search.ts';

/**
 * The hits that match well (the whole phrase, or most of it), and among them the one a search clearly means: the
 * only good one, or the only one whose title holds most of the phrase.
 */
export function clearHit(hits: Hit[]): { strong: Hit[]; chosen?: Hit } {
  const strong = hits.filter((h) => h.exact || h.coverage >= 0.6);
  const titled = strong.filter((h) => h.titleCoverage >= 0.75);
  return { strong, chosen: strong.length === 1 ? strong[0] : titled.length === 1 ? titled[0] : undefined };
}
