/**
 * Changes understood from a message and waiting for their author's 确认: one open proposal per person and group,
 * kept in SQLite so that a restart forgets nothing, and expiring so that a stray 确认 an hour later records nothing.
 */
import { type Db, write } from './db.ts';
import { keptUntilTopicChange } from './generation.ts';
import type { Owner } from './owners.ts';

export interface Proposal<Change = unknown> {
  id: number;
  ledgerId: number;
  room: string;
  /** The name its author was shown by: what the buttons and an @ of them say. */
  person: string;
  /** Whose it is (`Owner.key`): only they may confirm, cancel or choose for it, or add evidence to it. */
  personKey: string;
  messageId: string | null;
  sourceText: string;
  change: Change;
  /** Candidate item ids; exactly one once the item is settled. */
  candidates: number[];
  createdAt: string;
  expiresAt: string;
}

interface Row {
  id: number;
  ledger_id: number;
  room: string;
  person: string;
  person_key: string;
  message_id: string | null;
  source_text: string;
  change: string;
  candidates: string;
  created_at: string;
  expires_at: string;
}

const toProposal = <Change>(row: Row): Proposal<Change> => ({
  id: row.id,
  ledgerId: row.ledger_id,
  room: row.room,
  person: row.person,
  personKey: row.person_key,
  messageId: row.message_id,
  sourceText: row.source_text,
  change: JSON.parse(row.change) as Change,
  candidates: JSON.parse(row.candidates) as number[],
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

/** Opens a proposal, replacing the person's open one in this group. */
export function openProposal<Change>(db: Db, proposal: Omit<Proposal<Change>, 'id'>): Proposal<Change> {
  return write(db, () => {
    db.prepare("UPDATE proposals SET state = 'replaced', closed_at = ? WHERE room = ? AND person_key = ? AND state = 'open'").run(
      proposal.createdAt,
      proposal.room,
      proposal.personKey,
    );
    const id = Number(
      db
        .prepare(`INSERT INTO proposals (ledger_id, room, person, person_key, message_id, source_text, change, candidates, created_at, expires_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(
          proposal.ledgerId,
          proposal.room,
          proposal.person,
          proposal.personKey,
          proposal.messageId,
          proposal.sourceText,
          JSON.stringify(proposal.change),
          JSON.stringify(proposal.candidates),
          proposal.createdAt,
          proposal.expiresAt,
        ).lastInsertRowid,
    );
    return { ...proposal, id };
  });
}

/**
 * The person's open proposal in this group. One past its time is closed as expired and returned as such, so the
 * person can be told rather than ignored.
 */
export function currentProposal<Change>(db: Db, room: string, personKey: string, now: Date): { open?: Proposal<Change>; expired?: Proposal<Change> } {
  const proposal = findOpenProposal<Change>(db, room, personKey);
  if (!proposal) return {};
  if (isLive(proposal, now)) return { open: proposal };
  closeProposal(db, proposal.id, 'expired', now);
  return { expired: proposal };
}

/** The person's open proposal in this group, past its time or not (closing an expired one is `currentProposal`'s). */
export function findOpenProposal<Change>(db: Db, room: string, personKey: string): Proposal<Change> | undefined {
  const row = db.prepare("SELECT * FROM proposals WHERE room = ? AND person_key = ? AND state = 'open'").get(room, personKey) as Row | undefined;
  return row && toProposal<Change>(row);
}

export function findProposal<Change>(db: Db, id: number): Proposal<Change> | undefined {
  const row = db.prepare('SELECT * FROM proposals WHERE id = ?').get(id) as Row | undefined;
  return row && toProposal<Change>(row);
}

/** An open proposal in this group by someone else who shows the same name: what a 确认 in that name is told is not theirs. */
export function namesakeProposal(db: Db, room: string, owner: Owner): Proposal<unknown> | undefined {
  const row = db
    .prepare("SELECT * FROM proposals WHERE room = ? AND person = ? AND person_key <> ? AND state = 'open' ORDER BY id DESC LIMIT 1")
    .get(room, owner.name, owner.key) as Row | undefined;
  return row && toProposal(row);
}

export const isLive = (proposal: Proposal<unknown>, now: Date) => new Date(proposal.expiresAt) > now;

/** Open, expired or not: a late 确认 is still answered, with the news that it came too late. */
export function hasOpenProposal(db: Db, room: string, personKey: string): boolean {
  return findOpenProposal(db, room, personKey) !== undefined;
}

export function settleCandidate(db: Db, id: number, itemId: number): void {
  db.prepare("UPDATE proposals SET candidates = ? WHERE id = ? AND state = 'open'").run(JSON.stringify([itemId]), id);
}

export function closeProposal(db: Db, id: number, state: 'confirmed' | 'cancelled' | 'expired', at: Date, updateId?: number): void {
  db.prepare("UPDATE proposals SET state = ?, closed_at = ?, update_id = ? WHERE id = ? AND state = 'open'").run(
    state,
    at.toISOString(),
    updateId ?? null,
    id,
  );
}

/** The person's proposal here confirmed since `since`, if any: a second 确认 of it is told it is already recorded. */
export function confirmedSince(db: Db, room: string, personKey: string, since: Date): { updateId: number } | undefined {
  const updateId = db
    .prepare("SELECT update_id FROM proposals WHERE room = ? AND person_key = ? AND state = 'confirmed' AND closed_at >= ? ORDER BY id DESC LIMIT 1")
    .pluck()
    .get(room, personKey, since.toISOString()) as number | undefined;
  return updateId === undefined ? undefined : { updateId };
}

/**
 * Closes every open proposal that expired before `before` (its evidence goes with it); returns how many. One that
 * expired only just is left to `currentProposal`, so that its author's late 确认 is told it came too late.
 */
export function expireProposals(db: Db, before: Date, now: Date): number {
  if (!hasExpired(db, before)) return 0;
  return db
    .prepare("UPDATE proposals SET state = 'expired', closed_at = ? WHERE state = 'open' AND expires_at <= ?")
    .run(now.toISOString(), before.toISOString()).changes;
}

/** Whether a proposal still open expired before then: asked after every message, kept until a proposal changes. */
export function hasExpired(db: Db, before: Date): boolean {
  const earliest = keptUntilTopicChange(db, 'proposals', 'earliest expiry', () =>
    db.prepare("SELECT min(expires_at) FROM proposals WHERE state = 'open'").pluck().get(),
  ) as string | null;
  return earliest !== null && earliest <= before.toISOString();
}
