/** One message's turn in a conversation, and what duban says back. */
import type { Button, ChannelName, Group, Person } from '../message.ts';

export interface Turn {
  /** The group's room key (its topic on the web protocol); absent in a direct message. */
  room?: string;
  /** The group as its channel knows it, for a binding made from the group itself. */
  group?: Group;
  /** The channel the message came on; absent for an action in the web console. */
  channel?: ChannelName;
  person: Person;
  isAdmin: boolean;
  /** The message's id and words, kept with what it changes. */
  messageId?: string;
  text?: string;
  /** 'web' for an action in the console, recorded so in the audit trail. */
  via?: 'web';
}

/**
 * A reply to the person who spoke; a reply that asks them to answer with one of a few words, shown as buttons where
 * the channel has cards (the text still says what to type); or a message to someone else: the author of an update an
 * admin has just approved or returned, in the group the update came from (a direct message when it came from one).
 */
export type Said = string | { text: string; buttons: Button[] } | { text: string; room: string | null; person: string };

/** The words a proposal's author answers it with, as buttons that answer this proposal and no other. */
export const confirmButtons = (proposal: { id: number; person: string }): Button[] =>
  ['确认', '取消'].map((text) => ({ text, for: proposal.person, proposal: proposal.id }));
