/** A numbered choice of items duban offered a person (`找到 2 项…请回复编号`): a bare `2` then shows the second. */
import { listItems } from '../ledger/items.ts';
import { showItem } from './asking.ts';
import { type DialogContext, ledgerFor } from './context.ts';
import type { Said } from './turn.ts';

/** How long an offered choice stands. */
export const choiceMinutes = 10;

export function offerChoice(context: DialogContext, itemIds: number[]): void {
  context.conversations.setChoices(context.key, itemIds);
}

export function listedChoice(context: DialogContext, index: number): Said[] | undefined {
  const itemId = context.conversations.choices(context.key, choiceMinutes)?.[index - 1];
  const ledger = ledgerFor(context);
  if (itemId === undefined || typeof ledger === 'string') return undefined;
  const [item] = listItems(context.db, ledger.id, [itemId]);
  return item ? [showItem(context, item)] : undefined;
}
