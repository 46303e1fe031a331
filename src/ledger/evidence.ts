/**
 * 佐证材料: pictures and files sent for an update, kept under the data folder and linked to the update they support.
 * One sent while the person's proposal waits for its 确认 is linked when it is confirmed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db.ts';
import { findOpenProposal, isLive } from './proposals.ts';

export type EvidenceTarget = { proposalId: number; itemId?: number } | { updateId: number; itemId: number };

/**
 * What a picture or file from this person in this group is evidence for: their open proposal, else their update
 * confirmed here within `minutes`.
 */
export function evidenceTarget(db: Db, room: string, person: string, now: Date, minutes: number): EvidenceTarget | undefined {
  const proposal = findOpenProposal(db, room, person);
  if (proposal && isLive(proposal, now)) {
    const { candidates } = proposal;
    return candidates.length === 1 ? { proposalId: proposal.id, itemId: candidates[0]! } : { proposalId: proposal.id };
  }
  const since = new Date(now.getTime() - minutes * 60_000).toISOString();
  const update = db
    .prepare(`SELECT id, item_id FROM updates WHERE room = ? AND confirmed_by = ? AND at >= ? ORDER BY id DESC LIMIT 1`)
    .get(room, person, since) as { id: number; item_id: number } | undefined;
  return update && { updateId: update.id, itemId: update.item_id };
}

export interface EvidenceFile {
  name: string;
  data: Buffer;
  kind: 'image' | 'file';
}

/** Writes the file under `dataDir/evidence/` and records it, in that order: a row never points at a missing file. */
export function saveEvidence(
  db: Db,
  dataDir: string,
  target: EvidenceTarget,
  file: EvidenceFile,
  source: { author: string; room: string; messageId: string; at: Date },
): { id: number; path: string } {
  const day = source.at.toISOString().slice(0, 10);
  const safe = (text: string) => text.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(-80);
  const path = join('evidence', day, `${safe(source.messageId)}-${safe(file.name) || 'file'}`);
  mkdirSync(join(dataDir, 'evidence', day), { recursive: true });
  writeFileSync(join(dataDir, path), file.data);
  const id = db
    .prepare(`INSERT INTO evidence (update_id, proposal_id, path, file_name, kind, author, room, message_id, at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(
      'updateId' in target ? target.updateId : null,
      'proposalId' in target ? target.proposalId : null,
      path,
      file.name,
      file.kind,
      source.author,
      source.room,
      source.messageId,
      source.at.toISOString(),
    ).lastInsertRowid;
  return { id: Number(id), path };
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
