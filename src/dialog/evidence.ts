/**
 * A picture or file sent after an update (or while it waits for 确认) is kept as its 佐证材料. The filter lets one
 * through only when there is something for it to support.
 */
import type { Clock } from '../clock.ts';
import { type Incoming, ownerOf, roomKey } from '../message.ts';
import type { Db } from '../ledger/db.ts';
import { type Refusal, evidenceLimits, evidenceTarget, namesakeAwaitsEvidence, saveEvidence } from '../ledger/evidence.ts';
import type { Owner } from '../ledger/owners.ts';
import { codeOf } from '../ledger/items.ts';
import { echo } from '../text.ts';
import { replies } from './replies.ts';
import type { Said } from './turn.ts';

/** How long after an update a picture from its author still counts as its evidence. */
export const evidenceMinutes = 30;

const ownerOfPerson = (person: Incoming['from']): Owner => ({ key: ownerOf(person), name: person.name });

/** Theirs to support, or (so that they are told it is not theirs) that of someone else showing their name. */
export function awaitsEvidence(db: Db, clock: Clock, room: string, person: Incoming['from']): boolean {
  const owner = ownerOfPerson(person);
  return evidenceTarget(db, room, owner, clock.now(), evidenceMinutes) !== undefined || namesakeAwaitsEvidence(db, room, owner, clock.now(), evidenceMinutes);
}

const megabytes = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

const refusals: Record<Refusal, string> = {
  'report-files': `这次更新的佐证材料已有 ${evidenceLimits.perReport.files} 个（上限），这个没有保存。`,
  'report-bytes': `这次更新的佐证材料合计不能超过 ${megabytes(evidenceLimits.perReport.bytes)}，这个没有保存。`,
  'day-files': `你今天发的佐证材料已有 ${evidenceLimits.perPersonDay.files} 个（上限），这个没有保存，请明天再发。`,
  'day-bytes': `你今天发的佐证材料合计不能超过 ${megabytes(evidenceLimits.perPersonDay.bytes)}，这个没有保存，请明天再发。`,
};

export async function keepEvidence(db: Db, clock: Clock, dataDir: string, incoming: Incoming): Promise<Said[]> {
  const room = roomKey(incoming.room!);
  const author = ownerOfPerson(incoming.from);
  if (!incoming.file) return [];
  if (!evidenceTarget(db, room, author, clock.now(), evidenceMinutes)) {
    const namesake = namesakeAwaitsEvidence(db, room, author, clock.now(), evidenceMinutes);
    return namesake ? [replies.evidenceNotYours(incoming.kind === 'image' ? '图片' : '文件', author.name)] : [];
  }
  const file = await incoming.file();
  const saved = saveEvidence(db, dataDir, { ...file, kind: incoming.kind === 'image' ? 'image' : 'file' }, {
    author,
    room,
    messageId: incoming.id,
    at: clock.now(),
    minutes: evidenceMinutes,
  });
  if (!saved.kept) return saved.refused ? [refusals[saved.refused]] : [];
  const { target } = saved;
  const code = target.itemId === undefined ? undefined : codeOf(db, target.itemId);
  const what = incoming.kind === 'image' ? '图片' : `文件「${echo(file.name, 40)}」`;
  if ('updateId' in target) return [replies.evidenceAttached(what, code!, target.updateId)];
  return [replies.evidenceHeld(what, code)];
}
