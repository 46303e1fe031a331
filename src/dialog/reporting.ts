/**
 * Progress reported in a group, made safe: duban says back what it understood and records it only on its author's
 * 确认. Status, progress and deadline changes come from an item's responsible people or an admin; a responsible
 * person's 已完成 waits for an admin's 销号 and a deadline change for an admin's approval; the author is told either
 * way. Every change is a row in the audit trail, and 撤销 adds a compensating one.
 */
import { listItems } from '../ledger/items.ts';
import { write } from '../ledger/db.ts';
import { closeProposal, confirmedSince, currentProposal, openProposal, type Proposal, settleCandidate } from '../ledger/proposals.ts';
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
import { searchItems } from '../ledger/search.ts';
import { type Item, type Ledger, statusNames } from '../ledger/types.ts';
import { codePattern, itemByCode } from '../understand/codes.ts';
import type { ProposedChange } from '../understand/updates.ts';
import { truncate } from '../text.ts';
import { type DialogContext, type Handlers, type IntentOf, inLedger } from './context.ts';
import { replies } from './replies.ts';
import { source } from './source.ts';
import type { Said, Turn } from './turn.ts';

/** What a proposal holds until it is confirmed: the change as understood, and the words it came from. */
interface Pending {
  change: ProposedChange;
  note: string;
}

const maxChoices = 5;

/**
 * The items a report may be about, best first: by code, by the quoted message, by its words, by the last item
 * talked about; or why none can be (a code the ledger does not have).
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
  if (intent.topic.length >= 2) {
    const hits = searchItems(db, ledger.id, intent.topic, 10).filter((h) => h.exact || h.coverage >= 0.6);
    const within = quoted.length ? hits.filter((h) => quoted.some((item) => item.id === h.id)) : hits;
    const exact = within.filter((h) => h.exact);
    const chosen = exact.length === 1 ? exact : within;
    if (chosen.length) {
      const items = listItems(db, ledger.id, chosen.slice(0, maxChoices).map((h) => h.id)).sort(
        (a, b) => chosen.findIndex((h) => h.id === a.id) - chosen.findIndex((h) => h.id === b.id),
      );
      // Found by words, a change is about an item still open: a closed one is offered only when nothing else fits.
      const open = intent.change.kind === 'note' ? items : items.filter((item) => item.status !== 'closed');
      return open.length ? open : items;
    }
  }
  if (quoted.length) return quoted.slice(0, maxChoices);
  const recent = context.conversations.recentItem(context.key, context.settings.proposalMinutes);
  if (recent !== undefined) return listItems(db, ledger.id, [recent]);
  return [];
}

function propose(context: DialogContext, ledger: Ledger, intent: IntentOf<'update'>): Said[] {
  const found = candidates(context, ledger, intent);
  if (typeof found === 'string') return [found];
  if (found.length === 0) return [replies.whichItemUnknown(intent.text, intent.change.phrase)];
  const { turn, key, settings } = context;
  const note = intent.text.replace(codePattern, '').replace(/^[\s,，:：]+|[\s,，。]+$/g, '') || intent.text;
  const now = context.clock.now();
  const proposal = openProposal<Pending>(context.db, {
    ledgerId: ledger.id,
    room: key.room,
    person: key.person,
    messageId: turn.messageId ?? null,
    sourceText: turn.text ?? intent.text,
    change: { change: intent.change, note },
    candidates: found.map((item) => item.id),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + settings.proposalMinutes * 60_000).toISOString(),
  });
  if (found.length === 1) return [echo(context, proposal, found[0]!)];
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
  const isAdmin = roles.isAdmin(turn.person);
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
  return [replies.confirmHead, replies.itemHead(item.code, item.title, 30), planned.summary, replies.confirmTail(context.settings.proposalMinutes)].join('\n');
}

function current(context: DialogContext, confirming = false): Proposal<Pending> | string {
  const { key, settings } = context;
  const now = context.clock.now();
  const { open, expired } = currentProposal<Pending>(context.db, key.room, key.person, now);
  if (open) return open;
  if (expired) return replies.proposalExpired(settings.proposalMinutes);
  // A second 确认 (sent twice, or heard by two processes at once) finds the first one's record.
  const confirmed = confirming && confirmedSince(context.db, key.room, key.person, new Date(now.getTime() - settings.proposalMinutes * 60_000));
  if (confirmed) return replies.alreadyRecorded(confirmed.updateId);
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
    return [planned];
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
    return recorded;
  });
  context.conversations.setRecentItem(context.key, item!.id);
  const next = planned.awaiting === 'closure' ? replies.awaitingClosure : planned.awaiting === 'deadline' ? replies.awaitingDeadline : replies.undoHint;
  return [replies.recorded(update.id, item!.code, item!.title, planned.summary, next)];
}

/**
 * 撤销: the speaker's own latest update (or, with a code, that item's latest update; an admin may take back
 * anyone's), within a day, and only while nothing has been recorded on the item after it.
 */
function undo(context: DialogContext, ledger: Ledger, code?: string): Said[] {
  const { db, roles, turn, settings } = context;
  const item = code === undefined ? undefined : itemByCode(db, ledger.id, code);
  if (code !== undefined && !item) return [replies.noSuchItem(ledger.name, code)];
  const isAdmin = roles.isAdmin(turn.person);
  const me = turn.person.name;
  const target = item ? undoableUpdate(db, item.id) : latestBy(db, ledger.id, me);
  const since = context.clock.now().getTime() - settings.undoHours * 3_600_000;
  if (!target || new Date(target.at).getTime() < since || (target.author !== me && !isAdmin)) {
    return [replies.nothingToUndo(settings.undoHours, isAdmin)];
  }
  const latest = undoableUpdate(db, target.itemId);
  const [changed] = listItems(db, ledger.id, [target.itemId]);
  if (latest?.id !== target.id) return [replies.undoTooLate(changed!.code, target.id)];
  const reverted = revert(db, target, source(context));
  const [now] = listItems(db, ledger.id, [target.itemId]);
  const said: Said[] = [replies.undone(target.id, target.author, target.sourceText ?? target.note ?? '', reverted.id, now!.code, statusNames[now!.status])];
  if (target.author !== me) said.push({ room: target.room, person: target.author, text: replies.undoneToAuthor(now!.code, target.id, me) });
  return said;
}

export const reporting = {
  update: inLedger((context, ledger, intent) => propose(context, ledger, intent)),
  confirm: (context) => confirm(context),
  cancel: (context) => {
    const proposal = current(context);
    if (typeof proposal === 'string') return [proposal];
    closeProposal(context.db, proposal.id, 'cancelled', context.clock.now());
    return [replies.cancelled];
  },
  choose: (context, { index }) => {
    const proposal = current(context);
    if (typeof proposal === 'string') return [proposal];
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
