/**
 * Progress reported in a group, made safe: duban says back what it understood and records it only on its author's
 * 确认. Status, progress and deadline changes come from an item's responsible people or an admin; a responsible
 * person's 已完成 waits for an admin's 销号 and a deadline change for an admin's approval; the author is told either
 * way. Every change is a row in the audit trail, and 撤销 adds a compensating one.
 */
import { listItems } from '../ledger/items.ts';
import { write } from '../ledger/db.ts';
import { closeProposal, confirmedSince, currentProposal, namesakeProposal, openProposal, type Proposal, settleCandidate } from '../ledger/proposals.ts';
import {
  type Change,
  type Source,
  type UpdateKind,
  awaitingUpdate,
  latestBy,
  recordUpdate,
  revert,
  undoableUpdate,
} from '../ledger/record.ts';
import { linkEvidence } from '../ledger/evidence.ts';
import type { Update } from '../ledger/updates.ts';
import { findItems, queryTerms } from '../understand/retrieval.ts';
import { itemIdsOf } from '../ledger/listings.ts';
import { clearHit } from './lookup.ts';
import { exampleCode } from './examples.ts';
import { type Item, type Ledger, statusNames } from '../ledger/types.ts';
import { codePattern, findCodes, headingCodePattern, itemByCode } from '../understand/codes.ts';
import { type ProposedChange, readChange } from '../understand/updates.ts';
import { truncate } from '../text.ts';
import { type DialogContext, type Handlers, type IntentOf, facts, inLedger, ownerIn } from './context.ts';
import { listedChoice } from './choices.ts';
import { replies } from './replies.ts';
import { source } from './source.ts';
import { type Said, type Turn, confirmButtons } from './turn.ts';

/** What a proposal holds until it is confirmed: the change as understood, and the words it came from. */
interface Pending {
  change: ProposedChange;
  note: string;
  /** The other parts of the same message, each proposed in turn once the one before is confirmed or cancelled. */
  queue?: Part[];
  /** The items of every part of the message, in order, to say which one this is. */
  codes?: string[];
}

/** One part of a long message that reports on one item, in its own words. */
interface Part {
  itemId: number;
  code: string;
  change: ProposedChange;
  note: string;
}

const maxChoices = 5;

/**
 * The items a report may be about, best first: by code, by the quoted message, by its words, by the last item
 * talked about, by the open items the person answers for; or why none can be (a code the ledger does not have).
 */
export function candidates(context: DialogContext, ledger: Ledger, intent: IntentOf<'update'>): Item[] | string {
  const { db } = context;
  if (intent.codes.length) {
    const items = intent.codes.map((code) => itemByCode(db, ledger.id, code));
    const missing = intent.codes.filter((_, i) => !items[i]);
    if (missing.length) return replies.noSuchCodes(ledger.name, missing);
    return items as Item[];
  }
  const quoted = intent.quoted.map((code) => itemByCode(db, ledger.id, code)).filter((item): item is Item => item !== undefined);
  const named = queryTerms(intent.topic).length > 0;
  const recent = context.conversations.recentItem(context.key, context.settings.proposalMinutes);
  if (named) {
    // Several items named at once: the first one that names an item clearly (each is proposed in turn when each part
    // reports something of its own: `propose`).
    const perClause = itemsPerClause(context, ledger, intent, quoted);
    if (perClause.length > 1) return perClause[0]!;
    // Right after an item was talked about, only words that clearly name another item take the report elsewhere.
    const found = byWords(context, ledger, intent.topic, quoted, intent.change.kind, recent !== undefined);
    if (found.length) return found;
  }
  if (quoted.length) return quoted.slice(0, maxChoices);
  if (recent !== undefined) return listItems(db, ledger.id, [recent]);
  // `已经弄完了` from someone who answers for open items: one of theirs (words that find nothing name none of them).
  if (named) return [];
  return ownOpenItems(context, ledger).slice(0, maxChoices);
}

/** The items a report's words find: one the person answers for if the words fit it at all, else the clear one, else the good ones. */
function byWords(context: DialogContext, ledger: Ledger, words: string, quoted: Item[], kind: ProposedChange['kind'], clearOnly = false): Item[] {
  const { db } = context;
  const hits = findItems(db, ledger.id, words, 10);
  const within = quoted.length ? hits.filter((h) => quoted.some((item) => item.id === h.id)) : hits;
  const own = new Set(ownOpenItems(context, ledger).map((item) => item.id));
  const theirs = kind === 'note' ? [] : within.filter((h) => own.has(h.id) && h.coverage >= ownCoverage);
  const { strong, chosen } = clearHit(within);
  const ranked = theirs.length === 1 ? theirs : chosen ? [chosen] : clearOnly ? [] : strong;
  if (clearOnly && theirs.length !== 1 && chosen && chosen.titleCoverage < titled) return [];
  if (ranked.length === 0) return [];
  const items = listItems(db, ledger.id, ranked.slice(0, maxChoices).map((h) => h.id)).sort(
    (a, b) => ranked.findIndex((h) => h.id === a.id) - ranked.findIndex((h) => h.id === b.id),
  );
  // Found by words, a change is about an item still open: a closed one is offered only when nothing else fits.
  const open = kind === 'note' ? items : items.filter((item) => item.status !== 'closed');
  return open.length ? open : items;
}

/** How much of the words must be in an item's title for them to name it over the item just talked about. */
const titled = 0.5;

/** Someone reporting on their own item names it loosely: this much of their words in it is enough. */
const ownCoverage = 0.3;

const ownOpenItems = (context: DialogContext, ledger: Ledger) =>
  listItems(context.db, ledger.id, [...new Set(context.roles.responsibleNames(context.turn.person).flatMap((name) => itemIdsOf(context.db, ledger.id, name)))]).filter(
    (item) => item.status === 'not_started' || item.status === 'in_progress',
  );

/** For each part of the message that names one item clearly, that item: several when it reports on several. */
function itemsPerClause(context: DialogContext, ledger: Ledger, intent: IntentOf<'update'>, quoted: Item[]): Item[][] {
  return clauses(intent.text)
    .map((clause) => byWords(context, ledger, clause, quoted, intent.change.kind))
    .filter((items) => items.length === 1);
}

/** The parts of a long message, as people separate what they report (commas, 另外, 还有), that name items by words or codes. */
const clauses = (text: string) =>
  text
    .split(/[，,；;。！!\n]|另外|还有|此外/)
    .map((part) => part.trim())
    .filter((part) => queryTerms(part).length > 0 || findCodes(part).length > 0);

/** The person's words as the record keeps them: without the item's code, the 备注 label or the command. */
export function noteOf(text: string): string {
  const note = text
    .replace(codePattern, '')
    .replace(headingCodePattern, '')
    .replace(/(?:^|[\s,，;；])备注\s*[:：]\s*/g, ' ')
    .replace(/^[\s,，:：、]+|[\s,，。]+$/g, '')
    .trim();
  return note || text;
}

/**
 * The parts of a message that each report something of their own on one item they name clearly
 * (`公租房又入住了30户，另外厂房租金追回来5万`), and the parts that report something on no item duban can tell.
 */
function reportParts(context: DialogContext, ledger: Ledger, intent: IntentOf<'update'>): { parts: Part[]; unplaced: string[] } {
  const { db } = context;
  const today = facts(context).today;
  const parts: Part[] = [];
  const unplaced: string[] = [];
  for (const clause of clauses(intent.text)) {
    const reported = readChange(clause, today);
    const codes = findCodes(clause);
    const items = codes.length
      ? codes.map((code) => itemByCode(db, ledger.id, code)).filter((item): item is Item => item !== undefined)
      : byWords(context, ledger, clause, [], reported?.change.kind ?? intent.change.kind);
    if (!reported) continue;
    // `二/3、一/3 都已完成`: a part that names several items by their codes reports the same on each.
    const placed = codes.length > 1 ? items.length === codes.length : items.length === 1;
    if (!placed) {
      unplaced.push(clause);
      continue;
    }
    for (const item of items) {
      if (!parts.some((part) => part.itemId === item.id)) parts.push({ itemId: item.id, code: item.code, change: reported.change, note: noteOf(clause) });
    }
  }
  return { parts, unplaced };
}

/**
 * The parts of a message proposed one at a time: the first now, each next one once the one before is confirmed or
 * cancelled. A part its author may not report is refused at once, and the next one follows.
 */
function proposeInTurn(context: DialogContext, ledgerId: number, parts: Part[], codes: string[], from: { sourceText: string; messageId: string | null }): Said[] {
  const { db, key, settings } = context;
  const refused: Said[] = [];
  for (const [i, part] of parts.entries()) {
    const rest = parts.slice(i + 1);
    const [item] = listItems(db, ledgerId, [part.itemId]);
    const now = context.clock.now();
    const proposal = openProposal<Pending>(db, {
      ledgerId,
      room: key.room,
      person: context.turn.person.name,
      personKey: key.personKey,
      messageId: from.messageId,
      sourceText: from.sourceText,
      change: { change: part.change, note: part.note, queue: rest, codes },
      candidates: [part.itemId],
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + settings.proposalMinutes * 60_000).toISOString(),
    });
    const said = echo(context, proposal, item!);
    if (typeof said === 'string' || !('buttons' in said)) {
      refused.push(said);
      continue;
    }
    if (codes.length < 2) return [...refused, said];
    const place = replies.inTurn(codes, codes.length - rest.length, rest[0]?.code);
    return [...refused, { ...said, text: `${said.text}\n${place}` }];
  }
  return refused;
}

/** What comes after a proposal of several in turn is settled: the next one, if any. */
const nextInTurn = (context: DialogContext, proposal: Proposal<Pending>): Said[] =>
  proposal.change.queue?.length
    ? proposeInTurn(context, proposal.ledgerId, proposal.change.queue, proposal.change.codes ?? [], proposal)
    : [];

function propose(context: DialogContext, ledger: Ledger, intent: IntentOf<'update'>): Said[] {
  const { parts, unplaced } = reportParts(context, ledger, intent);
  const unplacedLine = unplaced.length && parts.length ? [replies.partsNotPlaced(unplaced, exampleCode(context, ledger))] : [];
  // Several parts, or one beside parts that name no item (`公租房又入住了10户，另外火星基地也建好了`): each part as it said.
  if (parts.length > 1 || unplacedLine.length) {
    const said = proposeInTurn(context, ledger.id, parts, parts.map((part) => part.code), {
      sourceText: context.turn.text ?? intent.text,
      messageId: context.turn.messageId ?? null,
    });
    return [...said, ...unplacedLine];
  }
  const found = candidates(context, ledger, intent);
  if (typeof found === 'string') return [found];
  if (found.length === 0) return [replies.whichItemUnknown(intent.text, intent.change.phrase, exampleCode(context, ledger))];
  const { turn, key, settings, roles } = context;
  // A status change from someone who answers for none of the items it may be about is refused at once.
  if (found.length > 1 && intent.change.kind !== 'note' && !roles.isAdmin(turn.person, ledger.id)) {
    const theirs = found.filter((item) => roles.isResponsible(turn.person, item.id));
    if (theirs.length === 0) return [replies.notResponsibleAny(found.map((item) => item.code))];
    found.splice(0, found.length, ...theirs);
  }
  const note = noteOf(intent.text);
  const now = context.clock.now();
  const proposal = openProposal<Pending>(context.db, {
    ledgerId: ledger.id,
    room: key.room,
    person: turn.person.name,
    personKey: key.personKey,
    messageId: turn.messageId ?? null,
    sourceText: turn.text ?? intent.text,
    change: { change: intent.change, note },
    candidates: found.map((item) => item.id),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + settings.proposalMinutes * 60_000).toISOString(),
  });
  if (found.length === 1) {
    // Other items the message names without reporting anything of their own on them (`监控装好了，红绿灯还没装`).
    const others = [...new Set(itemsPerClause(context, ledger, intent, []).map(([item]) => item!.code))].filter((code) => code !== found[0]!.code);
    const said = echo(context, proposal, found[0]!);
    if (!others.length || typeof said === 'string' || !('buttons' in said)) return [said];
    return [{ ...said, text: `${said.text}\n${replies.othersNotRecorded(others, found[0]!.code)}` }];
  }
  const lines = found.map((item, i) => `${i + 1}. ${item.code} ${truncate(item.title, 24)}（${statusNames[item.status]}）`);
  return [[replies.whichItem(intent.text), ...lines, replies.cancelHint].join('\n')];
}

interface Plan {
  kind: UpdateKind;
  change: Change;
  awaiting?: 'closure' | 'deadline';
  summary: string;
}

/** What would be recorded, or why it cannot be (the caller then closes the proposal). */
function plan(context: DialogContext, turn: Turn, item: Item, pending: Pending): Plan | string {
  const { change } = pending;
  const { roles, db } = context;
  const isAdmin = roles.isAdmin(turn.person, item.ledgerId);
  if (change.kind === 'note') return { kind: 'note', change: { note: pending.note }, summary: replies.noteSummary(pending.note) };
  if (!isAdmin && !roles.isResponsible(turn.person, item.id)) {
    const who = item.responsible.length ? replies.responsibleList(item.responsible) : replies.nobodyResponsible;
    return replies.notResponsible(item.code, who);
  }
  const waiting = awaitingUpdate(db, item.id);
  if (waiting && change.kind !== 'progress') return replies.alreadyWaiting(item.code, waiting.author, waiting.sourceText ?? '');
  // A finished step or a percentage for an item already done (a measure of a 长期坚持 item): worth keeping, as progress.
  const finished = item.status === 'done' || item.status === 'closed';
  const asProgress = (): Plan => ({ kind: 'progress', change: { note: pending.note }, summary: replies.progressOfFinished(pending.note, statusNames[item.status]) });
  switch (change.kind) {
    case 'done': {
      if (finished) return asProgress();
      const summary = replies.statusChange(statusNames[item.status], statusNames.done);
      return isAdmin
        ? { kind: 'status', change: { status: 'done', progress: 100 }, summary }
        : { kind: 'status', change: { status: 'done', progress: 100 }, awaiting: 'closure', summary: `${summary}${replies.needsClosure}` };
    }
    case 'progress': {
      if (finished) return asProgress();
      const status = item.status === 'not_started' ? ({ status: 'in_progress' } as const) : {};
      const parts = [
        ...(status.status ? [replies.statusChange(statusNames.not_started, statusNames.in_progress)] : []),
        ...(change.progress !== undefined
          ? [replies.progressChange(item.progress === null ? replies.progressNotReported : `${item.progress}%`, change.progress)]
          : []),
        replies.progressNote(pending.note),
      ];
      return {
        kind: 'progress',
        change: { ...status, ...(change.progress !== undefined ? { progress: change.progress } : {}), note: pending.note },
        summary: parts.join('\n'),
      };
    }
    case 'deadline': {
      if (item.status === 'closed') return replies.closedNoDeadline(item.code);
      const summary = replies.deadlineChange(item.deadlines.at(-1) ?? replies.deadlineUnset, change.deadline);
      return isAdmin
        ? { kind: 'deadline', change: { deadline: change.deadline }, summary }
        : { kind: 'deadline', change: { deadline: change.deadline }, awaiting: 'deadline', summary: `${summary}${replies.needsApproval}` };
    }
  }
}

function echo(context: DialogContext, proposal: Proposal<Pending>, item: Item): Said {
  const planned = plan(context, context.turn, item, proposal.change);
  if (typeof planned === 'string') {
    closeProposal(context.db, proposal.id, 'cancelled', context.clock.now());
    return planned;
  }
  const text = [replies.confirmHead, replies.itemHead(item.code, item.title, 30), planned.summary, replies.confirmTail(context.settings.proposalMinutes)].join('\n');
  return { text, buttons: confirmButtons(proposal) };
}

function current(context: DialogContext, confirming = false): Proposal<Pending> | string {
  const { key, settings } = context;
  const now = context.clock.now();
  const { open, expired } = currentProposal<Pending>(context.db, key.room, key.personKey, now);
  if (open) return open;
  if (expired) return replies.proposalExpired(settings.proposalMinutes);
  // A second 确认 (sent twice, or heard by two processes at once) finds the first one's record.
  const confirmed = confirming && confirmedSince(context.db, key.room, key.personKey, new Date(now.getTime() - settings.proposalMinutes * 60_000));
  if (confirmed) return replies.alreadyRecorded(confirmed.updateId);
  if (namesakeProposal(context.db, key.room, ownerIn(context))) return replies.notYourProposal(context.turn.person.name);
  return replies.noProposal;
}

function confirm(context: DialogContext): Said[] {
  const { db, turn } = context;
  const proposal = current(context, true);
  if (typeof proposal === 'string') return [proposal];
  if (proposal.candidates.length !== 1) return [replies.chooseFirst];
  const [item] = listItems(db, proposal.ledgerId, proposal.candidates);
  const planned = plan(context, turn, item!, proposal.change);
  if (typeof planned === 'string') {
    closeProposal(db, proposal.id, 'cancelled', context.clock.now());
    return [planned, ...nextInTurn(context, proposal)];
  }
  const from: Source = { ...source(context), messageId: proposal.messageId, text: proposal.sourceText };
  const update = write(db, () => {
    const recorded = recordUpdate(db, {
      itemId: item!.id,
      kind: planned.kind,
      change: planned.change,
      source: from,
      confirmedBy: turn.person.name,
      awaiting: planned.awaiting,
    });
    closeProposal(db, proposal.id, 'confirmed', context.clock.now(), recorded.id);
    linkEvidence(db, proposal.id, recorded.id);
    return { recorded, following: nextInTurn(context, proposal) };
  });
  context.conversations.setRecentItem(context.key, item!.id);
  const next = planned.awaiting === 'closure' ? replies.awaitingClosure : planned.awaiting === 'deadline' ? replies.awaitingDeadline : replies.undoHint;
  return [replies.recorded(update.recorded.id, item!.code, item!.title, planned.summary, next), ...update.following];
}

/**
 * 撤销: the speaker's own latest update (or, with a code, that item's latest update; an admin may take back
 * anyone's), within a day, and only while nothing has been recorded on the item after it.
 */
function undo(context: DialogContext, ledger: Ledger, code?: string): Said[] {
  const { db, roles, turn, settings } = context;
  const item = code === undefined ? undefined : itemByCode(db, ledger.id, code);
  if (code !== undefined && !item) return [replies.noSuchItem(ledger.name, code)];
  const isAdmin = roles.isAdmin(turn.person, ledger.id);
  const me = ownerIn(context);
  const target = item ? undoableUpdate(db, item.id) : latestBy(db, ledger.id, me);
  const since = context.clock.now().getTime() - settings.undoHours * 3_600_000;
  const recent = (update: Update | undefined): update is Update => update !== undefined && new Date(update.at).getTime() >= since;
  if (!recent(target) || (target.authorKey !== me.key && !isAdmin)) {
    // Someone else who shows the same name recorded it: they are told it is not theirs, not that there is nothing.
    const namesake = recent(target) ? target : item ? undefined : latestBy(db, ledger.id, me, 'name');
    if (recent(namesake) && namesake.author === me.name && namesake.authorKey !== me.key) return [replies.undoNotYours(me.name)];
    return [replies.nothingToUndo(settings.undoHours, isAdmin)];
  }
  const latest = undoableUpdate(db, target.itemId);
  const [changed] = listItems(db, ledger.id, [target.itemId]);
  if (latest?.id !== target.id) return [replies.undoTooLate(changed!.code, target.id)];
  const reverted = revert(db, target, source(context));
  const [now] = listItems(db, ledger.id, [target.itemId]);
  const said: Said[] = [replies.undone(target.id, target.author, target.sourceText ?? target.note ?? '', reverted.id, now!.code, statusNames[now!.status])];
  if (target.authorKey !== me.key) said.push({ room: target.room, person: target.author, text: replies.undoneToAuthor(now!.code, target.id, me.name) });
  return said;
}

/** A code given in reply to `说的是哪一项？`: that candidate chosen, if it is one. */
export function chooseByCode(context: DialogContext, itemId: number): Said[] | undefined {
  // Only a live proposal is chosen in: what else `current` would say of it is not asked for.
  const { open: proposal } = currentProposal<Pending>(context.db, context.key.room, context.key.personKey, context.clock.now());
  if (!proposal || proposal.candidates.length < 2 || !proposal.candidates.includes(itemId)) return undefined;
  settleCandidate(context.db, proposal.id, itemId);
  const [item] = listItems(context.db, proposal.ledgerId, [itemId]);
  return [echo(context, { ...proposal, candidates: [itemId] }, item!)];
}

export const reporting = {
  update: inLedger((context, ledger, intent) => propose(context, ledger, intent)),
  confirm: (context) => confirm(context),
  cancel: (context) => {
    const proposal = current(context);
    if (typeof proposal === 'string') return [proposal];
    closeProposal(context.db, proposal.id, 'cancelled', context.clock.now());
    return [replies.cancelled, ...nextInTurn(context, proposal)];
  },
  choose: (context, { index }) => {
    const proposal = current(context);
    if (typeof proposal === 'string') return listedChoice(context, index) ?? [proposal];
    const itemId = proposal.candidates[index - 1];
    if (proposal.candidates.length < 2 || itemId === undefined) {
      return [proposal.candidates.length < 2 ? replies.confirmOrCancelOnly : replies.chooseRange(proposal.candidates.length)];
    }
    settleCandidate(context.db, proposal.id, itemId);
    const [item] = listItems(context.db, proposal.ledgerId, [itemId]);
    return [echo(context, { ...proposal, candidates: [itemId] }, item!)];
  },
  undo: inLedger((context, ledger, { code }) => undo(context, ledger, code)),
  bulk: () => [replies.bulk],
} satisfies Partial<Handlers>;
