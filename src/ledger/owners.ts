/**
 * Whose a row is: the person's key as stored (`ownerOf` in src/message.ts: `channel:userId`, `remark:…` or `name:…`)
 * and the name shown for them. A proposal, an update or a piece of evidence is answered, taken back or added to by
 * its owner alone; someone else who shows the same name is its owner's namesake, told so rather than ignored.
 */
export interface Owner {
  key: string;
  name: string;
}

/**
 * The owner key of a row of `updates` or `evidence` (by its alias): its `author_key`, or for a row written before
 * migration 0018, which the trail never edits, its author's name as a key.
 */
export const ownerKeyOf = (alias: string) => `coalesce(${alias}.author_key, 'name:' || ${alias}.author)`;
