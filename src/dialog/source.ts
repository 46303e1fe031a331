/** Where a change comes from, as the audit trail keeps it: who, which group, which message, when. */
import type { Source } from '../ledger/record.ts';
import { ownerOf } from '../message.ts';
import type { DialogContext } from './context.ts';

export const source = ({ turn, clock }: DialogContext): Source => ({
  author: turn.person.name,
  authorKey: ownerOf(turn.person),
  room: turn.room ?? null,
  messageId: turn.messageId ?? null,
  text: turn.text ?? null,
  at: clock.now(),
  ...(turn.via ? { via: turn.via } : {}),
});
