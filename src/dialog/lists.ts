/**
 * Lists: the overview, the lists people ask for (open, in progress, done, long-term, all, overdue, due soon or by a
 * date, stalled, one person's), and their next page
 * ("更多"). Each list is one query over the whole ledger; long ones are paged.
 */
import { addDays } from '../clock.ts';
import type { More } from '../ledger/conversations.ts';
import { type List, countList, listPage, standing, unitsOf } from '../ledger/listings.ts';
import { findItems } from '../understand/retrieval.ts';
import type { Ledger } from '../ledger/types.ts';
import type { ListFilter } from '../understand/intent.ts';
import { listAnswer, overviewAnswer } from './answers.ts';
import { itemLines, search } from './asking.ts';
import { type DialogContext, type Handlers, facts, inLedger } from './context.ts';
import { replies } from './replies.ts';

/** The next page of a list; the conversation keeps where it stopped, for "更多". */
function page(context: DialogContext, ledger: Ledger, more: More): string {
  const page = listPage(context.db, ledger.id, more.list, more.after, context.settings.pageSize);
  const shown = more.shown + page.items.length;
  // The ledger may have changed since the list was asked: what follows is never said to be nothing while it is there.
  const rest = page.more ? Math.max(more.total - shown, 1) : 0;
  context.conversations.setMore(context.key, { ...more, after: page.last, shown, ...(rest ? {} : { ended: true as const }) });
  const title = more.shown ? more.title.replace(/：$/, '（续）：') : more.title;
  const ids = page.items.map((item) => item.id);
  return listAnswer(title, itemLines(context, ledger, ids, more.shown + 1, page.items, page.updates), rest);
}

/**
 * The unit as the ledger writes it: `县住建局` as said, or without the county it is in (`住建局` of `伊川县住建局`),
 * as long as some item's 责任单位 holds it; the whole cell when only one holds it.
 */
function unitIn(units: string[], said: string): string | undefined {
  for (const name of [said, said.replace(/^.{0,4}?[省市县区](?=.{2,})/u, '')]) {
    const holding = units.filter((unit) => unit.includes(name));
    if (holding.length === 1 && !/[、，,；;\s]/.test(holding[0]!)) return holding[0];
    if (holding.length) return name;
  }
  return undefined;
}

function list(context: DialogContext, ledger: Ledger, filter: ListFilter): string {
  const { db } = context;
  const today = facts(context).today;
  let list: List;
  let title: (total: number) => string;
  let empty: string;
  switch (filter.kind) {
    case 'open':
      list = { kind: 'open' };
      title = replies.listOpen;
      empty = replies.listOpenEmpty;
      break;
    case 'overdue':
      list = { kind: 'overdue', today };
      title = replies.listOverdue;
      empty = replies.listOverdueEmpty(today);
      break;
    case 'dueWithin':
      list = { kind: 'dueWithin', today, until: addDays(today, filter.days) };
      title = (total) => replies.listDue(filter.days, total);
      empty = replies.listDueEmpty(filter.days, addDays(today, filter.days));
      break;
    case 'responsible': {
      const name = filter.name ?? context.turn.person.name;
      // One's own go by every name bound to them (where the channel gives a key), not by whoever shows their name.
      list = filter.name ? { kind: 'responsible', name } : { kind: 'responsibleAny', names: context.roles.responsibleNames(context.turn.person) };
      title = (total) => replies.listPerson(name, total);
      empty = replies.listPersonEmpty(name);
      break;
    }
    case 'inProgress':
      list = { kind: 'inProgress' };
      title = replies.listInProgress;
      empty = replies.listInProgressEmpty;
      break;
    case 'notStarted':
      list = { kind: 'notStarted' };
      title = replies.listNotStarted;
      empty = replies.listNotStartedEmpty;
      break;
    case 'done':
      list = { kind: 'done' };
      title = replies.listDone;
      empty = replies.listDoneEmpty;
      break;
    case 'longTerm':
      list = { kind: 'longTerm' };
      title = replies.listLongTerm;
      empty = replies.listLongTermEmpty;
      break;
    case 'all':
      list = { kind: 'all' };
      title = replies.listAll;
      empty = replies.listAllEmpty;
      break;
    case 'dueBefore':
      list = { kind: 'dueBefore', until: filter.date };
      title = (total) => replies.listDueBefore(filter.words, filter.date, total);
      empty = replies.listDueBeforeEmpty(filter.words, filter.date);
      break;
    case 'unit': {
      const unit = unitIn(unitsOf(db, ledger.id), filter.unit);
      if (!unit) {
        // `营商服务部` alone may be an item's words rather than a unit of this ledger.
        if (findItems(db, ledger.id, filter.unit, 1)[0]?.exact) return search(context, ledger, filter.unit);
        context.conversations.setMore(context.key, undefined);
        return replies.listUnitEmpty(filter.unit, unitsOf(db, ledger.id));
      }
      list = { kind: 'unit', unit };
      title = (total) => replies.listUnit(unit, total);
      empty = replies.listUnitEmpty(unit, unitsOf(db, ledger.id));
      break;
    }
    case 'stalled':
      list = { kind: 'stalled', since: new Date(context.clock.now().getTime() - filter.days * 86_400_000).toISOString() };
      title = (total) => replies.listStalled(filter.days, total);
      empty = replies.listStalledEmpty(filter.days);
      break;
  }
  const total = countList(db, ledger.id, list);
  // `公租房的事项` reads like a person's list but is about 公租房.
  if (total === 0 && filter.kind === 'responsible' && filter.name && findItems(db, ledger.id, filter.name, 1)[0]?.exact) {
    return search(context, ledger, filter.name);
  }
  if (total === 0) {
    context.conversations.setMore(context.key, { title: title(0), list, shown: 0, total: 0, ended: true });
    return empty;
  }
  return page(context, ledger, { title: title(total), list, shown: 0, total });
}

export const lists = {
  overview: inLedger((context, ledger) => {
    const known = facts(context);
    const { overview, overdue, dueSoon } = standing(context.db, ledger.id, known.today, addDays(known.today, 7));
    return [overviewAnswer(ledger.name, overview, overdue, dueSoon, known)];
  }),
  list: inLedger((context, ledger, { filter }) => [list(context, ledger, filter)]),
  more: inLedger((context, ledger) => {
    const more = context.conversations.more(context.key);
    if (!more) return [replies.noListToContinue];
    if (more.ended) return [replies.noMore];
    return [page(context, ledger, more)];
  }),
} satisfies Partial<Handlers>;
