/**
 * Approving: an admin's 销号 of a reported closure (or of an item that is done), 批准 of a deadline change, 退回
 * with a reason, and the list of what waits. The person who reported is told either way.
 */
import { listItems } from '../ledger/items.ts';
import { approve, awaitingUpdate, awaitingUpdates, returnUpdate } from '../ledger/record.ts';
import { type Ledger, statusNames } from '../ledger/types.ts';
import type { Update } from '../ledger/updates.ts';
import { ownerOf } from '../message.ts';
import { itemByCode } from '../understand/codes.ts';
import { adminOnly } from './administering.ts';
import { type DialogContext, type Handlers, type IntentOf, inLedger } from './context.ts';
import { replies } from './replies.ts';
import { source } from './source.ts';
import type { Said } from './turn.ts';

/** 销号 or 批准: also what an admin does in the web console, with the ledger it shows. */
export function approveIn(context: DialogContext, ledger: Ledger, { code, what }: IntentOf<'approve'>): Said[] {
  const refused = adminOnly(context, ledger, '销号和批准');
  if (refused) return [refused];
  const { db, turn } = context;
  const item = itemByCode(db, ledger.id, code);
  if (!item) return [replies.noSuchItem(ledger.name, code)];
  const waiting = awaitingUpdate(db, item.id);
  if (what === 'deadline' && waiting?.awaiting !== 'deadline') return [replies.noDeadlineRequest(item.code)];
  if (what === 'closure' && waiting?.awaiting === 'deadline') return [replies.isDeadlineRequest(item.code)];
  if (what === 'closure' && !waiting && item.status !== 'done') return [replies.cannotClose(item.code, statusNames[item.status])];
  const update = approve(db, item.id, source(context));
  const done = what === 'deadline' ? replies.deadlineApproved(update.newDeadline) : replies.closed;
  const said: Said[] = [replies.approved(item.code, item.title, done, update.id)];
  if (waiting && waiting.authorKey !== ownerOf(turn.person)) {
    said.push({ room: waiting.room, person: waiting.author, text: replies.approvedToAuthor(item.code, waiting.awaiting === 'deadline', turn.person.name) });
  }
  return said;
}

/** 退回 with a reason. */
export function returnIn(context: DialogContext, ledger: Ledger, { code, reason }: IntentOf<'return'>): Said[] {
  const refused = adminOnly(context, ledger, '退回申报');
  if (refused) return [refused];
  if (!reason) return [replies.returnHow(code)];
  const { db } = context;
  const item = itemByCode(db, ledger.id, code);
  if (!item) return [replies.noSuchItem(ledger.name, code)];
  const waiting = awaitingUpdate(db, item.id);
  if (!waiting) return [replies.nothingWaiting(item.code)];
  returnUpdate(db, waiting, reason, source(context));
  const what = waiting.awaiting === 'deadline' ? replies.deadlineRequest : replies.closureRequest;
  return [
    replies.returned(item.code, what, reason),
    { room: waiting.room, person: waiting.author, text: replies.returnedToAuthor(item.code, what, reason) },
  ];
}

export const approving = {
  approve: inLedger(approveIn),
  return: inLedger(returnIn),
  pending: inLedger((context, ledger) => {
    const { db } = context;
    const waiting = awaitingUpdates(db, ledger.id);
    if (waiting.length === 0) return [replies.noPending];
    const items = new Map(listItems(db, ledger.id, waiting.map((u) => u.itemId)).map((item) => [item.id, item]));
    const lines = waiting.map((u: Update, i) => {
      const item = items.get(u.itemId)!;
      const what = u.awaiting === 'deadline' ? replies.pendingDeadline(u.newDeadline) : replies.pendingClosure;
      return replies.pendingLine(i + 1, item.code, item.title, u.author, what, u.id);
    });
    return [[replies.pendingHead(waiting.length), ...lines, replies.pendingTail].join('\n')];
  }),
} satisfies Partial<Handlers>;
