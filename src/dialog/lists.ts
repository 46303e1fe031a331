/**
 * Lists: the overview, the lists people ask for (open, overdue, due soon, one person's), and their next page
 * ("更多"). Each list is one query over the whole ledger; long ones are paged.
 */
import { addDays } from '../clock.ts';
import { countDueWithin, countOverdue, dueWithin, itemIdsOf, openItemIds, overdueItems, overview } from '../ledger/listings.ts';
import { searchItems } from '../ledger/search.ts';
import type { Ledger } from '../ledger/types.ts';
import type { ListFilter } from '../understand/intent.ts';
import { listAnswer, overviewAnswer } from './answers.ts';
import { itemLines, search } from './asking.ts';
import { type DialogContext, type Handlers, facts, inLedger } from './context.ts';
import { replies } from './replies.ts';

function page(context: DialogContext, ledger: Ledger, title: string, ids: number[], shownBefore = 0): string {
  const size = context.settings.pageSize;
  const shown = ids.slice(0, size);
  const rest = ids.slice(size);
  context.conversations.setMore(context.key, rest.length ? { title, ids: rest, shown: shownBefore + shown.length } : undefined);
  return listAnswer(shownBefore ? title.replace(/：$/, '（续）：') : title, itemLines(context, ledger, shown, shownBefore + 1), rest.length);
}

function list(context: DialogContext, ledger: Ledger, filter: ListFilter): string {
  const { db } = context;
  const today = facts(context).today;
  let title: string;
  let ids: number[];
  let empty: string;
  switch (filter.kind) {
    case 'open':
      ids = openItemIds(db, ledger.id);
      title = replies.listOpen(ids.length);
      empty = replies.listOpenEmpty;
      break;
    case 'overdue':
      ids = overdueItems(db, ledger.id, today).map((d) => d.id);
      title = replies.listOverdue(ids.length);
      empty = replies.listOverdueEmpty(today);
      break;
    case 'dueWithin':
      ids = dueWithin(db, ledger.id, today, addDays(today, filter.days)).map((d) => d.id);
      title = replies.listDue(filter.days, ids.length);
      empty = replies.listDueEmpty(filter.days, addDays(today, filter.days));
      break;
    case 'responsible':
      ids = itemIdsOf(db, ledger.id, filter.name);
      // `公租房的事项` reads like a person's list but is about 公租房.
      if (ids.length === 0 && searchItems(db, ledger.id, filter.name, 1)[0]?.exact) return search(context, ledger, filter.name);
      title = replies.listPerson(filter.name, ids.length);
      empty = replies.listPersonEmpty(filter.name);
      break;
  }
  if (ids.length === 0) {
    context.conversations.setMore(context.key, undefined);
    return empty;
  }
  return page(context, ledger, title, ids);
}

export const lists = {
  overview: inLedger((context, ledger) => {
    const { today } = facts(context);
    const overdue = countOverdue(context.db, ledger.id, today);
    const soon = countDueWithin(context.db, ledger.id, today, addDays(today, 7));
    return [overviewAnswer(ledger.name, overview(context.db, ledger.id), overdue, soon, facts(context))];
  }),
  list: inLedger((context, ledger, { filter }) => [list(context, ledger, filter)]),
  more: inLedger((context, ledger) => {
    const more = context.conversations.more(context.key);
    if (!more) return [replies.noMore];
    return [page(context, ledger, more.title, more.ids, more.shown)];
  }),
} satisfies Partial<Handlers>;
