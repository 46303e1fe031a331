/** Examples in hints taken from the ledger in use, not from a sample: a code it has, a word of one of its titles. */
import { firstItem, listItems } from '../ledger/items.ts';
import type { Ledger } from '../ledger/types.ts';
import { queryTerms } from '../understand/retrieval.ts';
import type { DialogContext } from './context.ts';

/** An open item's code (or any item's), for `例如"二/3 已完成"`. */
export function exampleCode(context: DialogContext, ledger: Ledger): string {
  return firstItem(context.db, ledger.id)?.code ?? '一/1';
}

/** A code and a word to search by, both from this ledger. */
export function exampleSearch(context: DialogContext, ledger: Ledger): { code: string; word: string } {
  const first = firstItem(context.db, ledger.id);
  const [item] = first ? listItems(context.db, ledger.id, [first.id]) : [];
  const word = item ? (queryTerms(item.title).sort((a, b) => b.weight - a.weight)[0]?.word ?? item.title.slice(0, 4)) : '关键词';
  return { code: first?.code ?? '一/1', word };
}
