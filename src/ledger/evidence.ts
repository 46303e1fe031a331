/**
 * 佐证材料: pictures and files sent for an update, kept under the data folder and linked to the update they support.
 * One sent while the person's proposal waits for its 确认 is linked when it is confirmed, and goes (row and file)
 * when the proposal is cancelled, replaced or expires.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, write } from './db.ts';
import { keptUntilTopicChange } from './generation.ts';
import { type Owner, ownerKeyOf } from './owners.ts';
import { findOpenProposal, isLive, namesakeProposal } from './proposals.ts';

export type EvidenceTarget = { proposalId: number; itemId?: number } | { updateId: number; itemId: number };

/**
 * What a picture or file from this person in this group is evidence for: their open proposal, else their update
 * confirmed here within `minutes`.
 */
export function evidenceTarget(db: Db, room: string, owner: Owner, now: Date, minutes: number): EvidenceTarget | undefined {
  const proposal = findOpenProposal(db, room, owner.key);
  if (proposal && isLive(proposal, now)) {
    const { candidates } = proposal;
    return candidates.length === 1 ? { proposalId: proposal.id, itemId: candidates[0]! } : { proposalId: proposal.id };
  }
  const since = new Date(now.getTime() - minutes * 60_000).toISOString();
  const update = db
    .prepare(`SELECT id, item_id FROM updates u WHERE u.room = ? AND ${ownerKeyOf('u')} = ? AND u.confirmed_by IS NOT NULL AND u.at >= ?
      ORDER BY u.id DESC LIMIT 1`)
    .get(room, owner.key, since) as { id: number; item_id: number } | undefined;
  return update && { updateId: update.id, itemId: update.item_id };
}

/**
 * Whether someone else who shows this person's name has something here a picture would be evidence for: a picture
 * from this person in that name is then refused, and they are told why.
 */
export function namesakeAwaitsEvidence(db: Db, room: string, owner: Owner, now: Date, minutes: number): boolean {
  const proposal = namesakeProposal(db, room, owner);
  if (proposal && isLive(proposal, now)) return true;
  const since = new Date(now.getTime() - minutes * 60_000).toISOString();
  return (
    db
      .prepare(`SELECT 1 FROM updates u WHERE u.room = ? AND u.author = ? AND ${ownerKeyOf('u')} <> ? AND u.confirmed_by IS NOT NULL AND u.at >= ?`)
      .get(room, owner.name, owner.key, since) !== undefined
  );
}

export interface EvidenceFile {
  name: string;
  data: Buffer;
  kind: 'image' | 'file';
}

/**
 * How much evidence is kept: per proposal or update (what one report needs), and per person over a day (so that
 * nobody fills the disk, confirming or not).
 */
export const evidenceLimits = {
  perReport: { files: 10, bytes: 30 * 2 ** 20 },
  perPersonDay: { files: 30, bytes: 100 * 2 ** 20 },
};

export type Refusal = 'report-files' | 'report-bytes' | 'day-files' | 'day-bytes';

export type Kept = { kept: true; id: number; path: string; target: EvidenceTarget } | { kept: false; refused?: Refusal };

interface Usage {
  files: number;
  bytes: number;
}

function refusal(db: Db, target: EvidenceTarget, owner: Owner, at: Date, bytes: number): Refusal | undefined {
  const usage = (where: string, ...args: unknown[]) =>
    db.prepare(`SELECT count(*) AS files, coalesce(sum(bytes), 0) AS bytes FROM evidence WHERE ${where}`).get(...args) as Usage;
  const report = 'updateId' in target ? usage('update_id = ?', target.updateId) : usage('proposal_id = ? AND update_id IS NULL', target.proposalId);
  const { perReport, perPersonDay } = evidenceLimits;
  if (report.files >= perReport.files) return 'report-files';
  if (report.bytes + bytes > perReport.bytes) return 'report-bytes';
  const day = usage(`${ownerKeyOf('evidence')} = ? AND at > ?`, owner.key, new Date(at.getTime() - 86_400_000).toISOString());
  if (day.files >= perPersonDay.files) return 'day-files';
  if (day.bytes + bytes > perPersonDay.bytes) return 'day-bytes';
  return undefined;
}

/**
 * Keeps a picture or file as evidence for what it supports now (looked at again under the write lock), within the
 * limits. The file is written first and removed again when it is not kept: a row never points at a missing file.
 */
export function saveEvidence(
  db: Db,
  dataDir: string,
  file: EvidenceFile,
  source: { author: Owner; room: string; messageId: string; at: Date; minutes: number },
): Kept {
  const day = source.at.toISOString().slice(0, 10);
  const safe = (text: string) => text.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(-80);
  const path = join('evidence', day, `${safe(source.messageId)}-${safe(file.name) || 'file'}`);
  mkdirSync(join(dataDir, 'evidence', day), { recursive: true });
  writeFileSync(join(dataDir, path), file.data);
  let kept: Kept = { kept: false };
  try {
    kept = write(db, (): Kept => {
      const target = evidenceTarget(db, source.room, source.author, source.at, source.minutes);
      if (!target) return { kept: false };
      const refused = refusal(db, target, source.author, source.at, file.data.length);
      if (refused) return { kept: false, refused };
      const id = db
        .prepare(`INSERT INTO evidence (update_id, proposal_id, path, file_name, kind, author, author_key, room, message_id, at, bytes)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(
          'updateId' in target ? target.updateId : null,
          'proposalId' in target ? target.proposalId : null,
          path,
          file.name,
          file.kind,
          source.author.name,
          source.author.key,
          source.room,
          source.messageId,
          source.at.toISOString(),
          file.data.length,
        ).lastInsertRowid;
      return { kept: true, id: Number(id), path, target };
    });
  } finally {
    if (!kept.kept) rmSync(join(dataDir, path), { force: true });
  }
  return kept;
}

/** The files of evidence whose rows are gone: asked after every message, kept until a proposal closes or a file goes. */
export const discardedEvidence = (db: Db): readonly string[] =>
  keptUntilTopicChange(db, 'proposals', 'discarded evidence', () => Object.freeze(db.prepare('SELECT path FROM evidence_discarded').pluck().all() as string[]));

/**
 * Removes the files of evidence whose rows are gone (a proposal cancelled, replaced or expired), once the
 * transaction that dropped the rows has committed; returns how many.
 */
export function removeDiscardedEvidence(db: Db, dataDir: string): number {
  const paths = discardedEvidence(db);
  if (paths.length === 0) return 0;
  const forget = db.prepare('DELETE FROM evidence_discarded WHERE path = ?');
  for (const path of paths) {
    rmSync(join(dataDir, path), { force: true });
    forget.run(path);
  }
  return paths.length;
}

/** A confirmed proposal's evidence now belongs to the update it became. */
export function linkEvidence(db: Db, proposalId: number, updateId: number): number {
  return db.prepare('UPDATE evidence SET update_id = ? WHERE proposal_id = ? AND update_id IS NULL').run(updateId, proposalId).changes;
}

export function evidenceOf(db: Db, updateId: number): { path: string; fileName: string; kind: string }[] {
  return db.prepare('SELECT path, file_name AS fileName, kind FROM evidence WHERE update_id = ? ORDER BY id').all(updateId) as {
    path: string;
    fileName: string;
    kind: string;
  }[];
}
