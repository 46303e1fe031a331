/**
 * A picture or file sent after an update (or while it waits for 确认) is kept as its 佐证材料. The filter lets one
 * through only when there is something for it to support.
 */
import type { Clock } from '../clock.ts';
import type { Incoming } from '../chat/incoming.ts';
import type { Db } from '../ledger/db.ts';
import { evidenceTarget, saveEvidence } from '../ledger/evidence.ts';
import { codeOf } from '../ledger/items.ts';
import { replies } from './replies.ts';
import type { Said } from './turn.ts';

/** How long after an update a picture from its author still counts as its evidence. */
export const evidenceMinutes = 30;

export const awaitsEvidence = (db: Db, clock: Clock, room: string, person: Incoming['from']) =>
  evidenceTarget(db, room, person.name, clock.now(), evidenceMinutes) !== undefined;

export async function keepEvidence(db: Db, clock: Clock, dataDir: string, incoming: Incoming): Promise<Said[]> {
  const room = incoming.room!.topic;
  const author = incoming.from.name;
  const target = evidenceTarget(db, room, author, clock.now(), evidenceMinutes);
  if (!target || !incoming.file) return [];
  const file = await incoming.file();
  saveEvidence(db, dataDir, target, { ...file, kind: incoming.kind === 'image' ? 'image' : 'file' }, {
    author,
    room,
    messageId: incoming.id,
    at: clock.now(),
  });
  const code = target.itemId === undefined ? undefined : codeOf(db, target.itemId);
  const what = incoming.kind === 'image' ? '图片' : `文件「${file.name}」`;
  if ('updateId' in target) return [replies.evidenceAttached(what, code!, target.updateId)];
  return [replies.evidenceHeld(what, code)];
}
