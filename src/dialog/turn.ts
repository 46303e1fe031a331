/** One message's turn in a conversation, and what duban says back. */
import type { Person } from '../chat/incoming.ts';

export interface Turn {
  /** Group topic; absent in a direct message. */
  room?: string;
  person: Person;
  isAdmin: boolean;
  /** The message's id and words, kept with what it changes. */
  messageId?: string;
  text?: string;
  /** 'web' for an action in the console, recorded so in the audit trail. */
  via?: 'web';
}

/**
 * A reply to the person who spoke, or a message to someone else: the author of an update an admin has just approved
 * or returned, in the group the update came from (a direct message when it came from one).
 */
export type Said = string | { text: string; room: string | null; person: string };
