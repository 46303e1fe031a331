/** Examples in hints taken from the ledger in use, not from a sample: a code it has, a word of one of its titles. */
import { itemCodes, listItems } from '../ledger/items.ts';
import { openItemIds } from '../ledger/listings.ts';
import type { Ledger } from '../ledger/types.ts';
import { queryTerms } from '../understand/retrieval.ts';
import type { DialogContext } from './context.ts';

/** An open item's code (or any item's), for `例如"二/3 已完成"`. */
export function exampleCode(context: DialogContext, ledger: Ledger): string {
  const [open] = openItemIds(context.db, ledger.id);
  if (open !== undefined) return listItems(context.db, ledger.id, [open])[0]!.code;
  return itemCodes(context.db, ledger.id)[0]?.code ?? '一/1';
}

/** A code and a word to search by, both from this ledger. */
export function exampleSearch(context: DialogContext, ledger: Ledger): { code: string; word: string } {
  const code = exampleCode(context, ledger);
  const [item] = listItems(context.db, ledger.id, [itemCodes(context.db, ledger.id).find((row) => row.code === code)?.id ?? -1]);
  const word = item ? (queryTerms(item.title).sort((a, b) => b.weight - a.weight)[0]?.word ?? item.title.slice(0, 4)) : '关键词';
  return { code, word };
}
