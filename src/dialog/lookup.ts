/** Finding the item a person means among the items their words find (by code: `itemByCode`). */
import type { Found } from '../understand/retrieval.ts';

/** A message whose words are this much in an item is about it, or about one of the items that hold as much. */
const strongCoverage = 0.6;
/** How far ahead of the next the best must be to be the one meant, rather than one to ask about. */
const clearLead = 0.25;

const score = (found: Found) => found.coverage + 0.5 * found.titleCoverage;

/**
 * The items that match well, and among them the one a message clearly means: the only good one, or one well ahead
 * of the rest (most of the message in its title, say, where the others only mention it).
 */
export function clearHit(hits: Found[]): { strong: Found[]; chosen?: Found } {
  const strong = hits.filter((h) => h.coverage >= strongCoverage);
  const [best, next] = strong;
  if (!best) return { strong };
  const chosen = !next || score(best) - score(next) >= clearLead ? best : undefined;
  return { strong, chosen };
}
