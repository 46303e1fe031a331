/**
 * Asking: help, courtesies, an item by its code, items found by words, and a model's answer. Every fact comes from
 * the ledger; an item shown in full becomes what this person is talking about, so a following 已完成 is about it.
 */
import { childCodes, itemSummaries, listItems } from '../ledger/items.ts';
import { hasOpenProposal } from '../ledger/proposals.ts';
import { findItems } from '../understand/retrieval.ts';
import type { Item, Ledger } from '../ledger/types.ts';
import { latestUpdates } from '../ledger/updates.ts';
import { itemByCode } from '../understand/codes.ts';
import { itemAnswer, itemLine } from './answers.ts';
import { type DialogContext, type Handlers, facts, inLedger, ledgerNames } from './context.ts';
import { clearHit } from './lookup.ts';
import { replies } from './replies.ts';
import { offerChoice } from './choices.ts';
import { exampleSearch } from './examples.ts';
import { chooseByCode } from './reporting.ts';
import { findBinding } from '../ledger/bindings.ts';

/** How long after an item was talked about `那它现在谁负责` is still about it. */
const followUpMinutes = 10;

/** One item in full; it becomes what this person is talking about. */
export function showItem(context: DialogContext, item: Item): string {
  context.conversations.setRecentItem(context.key, item.id);
  return itemAnswer(item, latestUpdates(context.db, [item.id]).get(item.id), facts(context));
}

/** Lines for items in the order given, numbered from `from`; what they show is read unless the caller has it. */
export function itemLines(
  context: DialogContext,
  ledger: Ledger,
  ids: number[],
  from = 1,
  items = itemSummaries(context.db, ledger.id, ids),
  updates = latestUpdates(context.db, ids),
): string[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const known = facts(context);
  return ids.map((id, i) => itemLine(byId.get(id)!, updates.get(id), known, from + i));
}

function byCode(context: DialogContext, ledger: Ledger, code: string): string {
  const item = itemByCode(context.db, ledger.id, code);
  if (item) return showItem(context, item);
  const children = childCodes(context.db, ledger.id, code, 8);
  if (children.length) return replies.children(code, children);
  return replies.noSuchCode(ledger.name, code);
}

export function search(context: DialogContext, ledger: Ledger, query: string): string {
  const { db } = context;
  const hits = findItems(db, ledger.id, query, 10);
  const { strong, chosen } = clearHit(hits);
  if (chosen) {
    const others = strong.filter((h) => h !== chosen).slice(0, 5);
    // The item and the others it names, in one read.
    const items = listItems(db, ledger.id, [chosen.id, ...others.map((h) => h.id)]);
    const answer = showItem(context, items.find((i) => i.id === chosen.id)!);
    if (others.length === 0) return answer;
    const codes = items.filter((i) => i.id !== chosen.id).map((i) => i.code);
    return `${answer}\n${replies.alsoMention(codes.length, query, codes)}`;
  }
  if (strong.length > 1) {
    const shown = strong.slice(0, 5).map((h) => h.id);
    const items = itemSummaries(db, ledger.id, shown);
    offerChoice(context, shown);
    return replies.candidates(query, itemLines(context, ledger, shown, 1, items), items.find((i) => i.id === shown[0])!.code);
  }
  const weak = hits.filter((h) => h.coverage >= 0.34).slice(0, 3);
  const suggestions = weak.length ? listItems(db, ledger.id, weak.map((h) => h.id)).map((i) => `${i.code} ${i.title}`) : [];
  return replies.notFound(query, suggestions, exampleSearch(context, ledger));
}

function unboundNote(context: DialogContext): string {
  const { room } = context.turn;
  if (!room || findBinding(context.db, room)) return '';
  return replies.unboundNote(ledgerNames(context));
}

export const asking = {
  help: (context) => [replies.help(context.settings.prefix, context.turn.isAdmin, context.settings.model) + unboundNote(context)],
  courtesy: (context, { what }) => {
    // An acknowledgement (收到) needs no answer: in a group it would only add noise. But 好的 to a proposal
    // waiting for 确认 must not look like a confirmation.
    if (what === 'ack') return hasOpenProposal(context.db, context.key.room, context.key.personKey) ? [replies.confirmOrCancel] : [];
    return [what === 'thanks' ? replies.welcome : replies.greeting(context.settings.prefix)];
  },
  items: inLedger((context, ledger, { codes }) => {
    const item = codes.length === 1 ? itemByCode(context.db, ledger.id, codes[0]!) : undefined;
    // A code in reply to `说的是哪一项？` picks that candidate.
    if (item) return chooseByCode(context, item.id) ?? [showItem(context, item)];
    return [codes.map((code) => byCode(context, ledger, code)).join('\n\n')];
  }),
  search: inLedger((context, ledger, { query }) => [search(context, ledger, query)]),
  followUp: inLedger((context, ledger) => {
    const recent = context.conversations.recentItem(context.key, followUpMinutes);
    const [item] = recent === undefined ? [] : listItems(context.db, ledger.id, [recent]);
    return [item ? showItem(context, item) : replies.followUpWhich];
  }),
  foreign: () => [replies.foreign],
  /** A model's answer. The one item it names becomes what this person is talking about, as after a rules answer. */
  answer: inLedger((context, ledger, { text, codes }) => {
    const items = codes.map((code) => itemByCode(context.db, ledger.id, code)).filter((item): item is Item => item !== undefined);
    if (items.length === 1) context.conversations.setRecentItem(context.key, items[0]!.id);
    return [text];
  }),
} satisfies Partial<Handlers>;
