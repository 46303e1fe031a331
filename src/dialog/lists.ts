/**
 * Lists: the overview, the lists people ask for (open, overdue, due soon, one person's), and their next page
 * ("更多"). Each list is one query over the whole ledger; long ones are paged.
 */
import { addDays } from '../clock.ts';
import {
  allItemIds,
  countDueWithin,
  countOverdue,
  dueBy,
  dueWithin,
  itemIdsByStatus,
  itemIdsOf,
  openItemIds,
  overdueItems,
  overview,
  stalledItems,
} from '../ledger/listings.ts';
import { findItems } from '../understand/retrieval.ts';
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
    case 'responsible': {
      const name = filter.name ?? context.turn.person.name;
      ids = itemIdsOf(db, ledger.id, name);
      // `公租房的事项` reads like a person's list but is about 公租房.
      if (ids.length === 0 && filter.name && findItems(db, ledger.id, filter.name, 1)[0]?.exact) return search(context, ledger, filter.name);
      title = replies.listPerson(name, ids.length);
      empty = replies.listPersonEmpty(name);
      break;
    }
    case 'inProgress':
      ids = itemIdsByStatus(db, ledger.id, ['in_progress']);
      title = replies.listInProgress(ids.length);
      empty = replies.listInProgressEmpty;
      break;
    case 'notStarted':
      ids = itemIdsByStatus(db, ledger.id, ['not_started']);
      title = replies.listNotStarted(ids.length);
      empty = replies.listNotStartedEmpty;
      break;
    case 'done':
      ids = itemIdsByStatus(db, ledger.id, ['done', 'closed']);
      title = replies.listDone(ids.length);
      empty = replies.listDoneEmpty;
      break;
    case 'longTerm':
      ids = itemIdsByStatus(db, ledger.id, ['done', 'closed'], true);
      title = replies.listLongTerm(ids.length);
      empty = replies.listLongTermEmpty;
      break;
    case 'all':
      ids = allItemIds(db, ledger.id);
      title = replies.listAll(ids.length);
      empty = replies.listAllEmpty;
      break;
    case 'dueBefore':
      ids = dueBy(db, ledger.id, filter.date);
      title = replies.listDueBefore(filter.words, filter.date, ids.length);
      empty = replies.listDueBeforeEmpty(filter.words, filter.date);
      break;
    case 'stalled': {
      const since = new Date(context.clock.now().getTime() - filter.days * 86_400_000).toISOString();
      ids = stalledItems(db, ledger.id, since);
      title = replies.listStalled(filter.days, ids.length);
      empty = replies.listStalledEmpty(filter.days);
      break;
    }
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
