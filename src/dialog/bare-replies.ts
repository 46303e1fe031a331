/**
 * Replies that need no @: in the group where duban asked, from the person it asked, for a short while. 确认 or 取消
 * while a proposal waits; a number or a code while a numbered choice stands; 撤销 right after something was recorded.
 * One from someone else who shows the asked person's name is heard too, so that they are told it is not theirs.
 */
import type { Clock } from '../clock.ts';
import { Conversations } from '../ledger/conversations.ts';
import type { Db } from '../ledger/db.ts';
import { hasOpenProposal, namesakeProposal } from '../ledger/proposals.ts';
import { recordedSince } from '../ledger/record.ts';
import { type Person, ownerOf } from '../message.ts';
import { bareReply } from '../understand/rules.ts';

export function awaitsBareReply(db: Db, clock: Clock, minutes: number, room: string, person: Person, text: string): boolean {
  const reply = bareReply(text);
  if (!reply) return false;
  const owner = { key: ownerOf(person), name: person.name };
  if (reply === 'undo') return recordedSince(db, room, owner, new Date(clock.now().getTime() - minutes * 60_000));
  if (hasOpenProposal(db, room, owner.key) || namesakeProposal(db, room, owner)) return true;
  return reply === 'choice' && new Conversations(db, clock).choices({ room, personKey: owner.key }, minutes) !== undefined;
}
