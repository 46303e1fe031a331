/**
 * A message as duban sees it, whatever transport brought it: Wechaty in a real group, the mock puppet in the demo,
 * or `duban chat` on the command line. The transport fills it in; nothing after this point knows which it was.
 */

export interface Person {
  /** Transport id; web-protocol ids change across logins, so nothing is stored by it. */
  id: string;
  /** WeChat name. */
  name: string;
  /** Group alias (群昵称): what people see, set by the person themselves, so never a proof of who they are. */
  alias?: string;
  /** The bot account's own remark for the contact (备注名): set by whoever runs duban, so it may name an admin. */
  remark?: string;
}

export interface Incoming {
  id: string;
  /** Absent for a direct message. */
  room?: { id: string; topic: string };
  from: Person;
  text: string;
  kind: 'text' | 'image' | 'file' | 'other';
  at: Date;
  /** Sent by the bot itself: every transport hands those back. */
  self: boolean;
  /** The transport knows the message @-mentions the bot. */
  mentionsBot: boolean;
  /** The bot's own names here (its WeChat name, its group alias), to find `@name` in the text. */
  botNames: string[];
  /** A picture's or file's content, fetched only when it is kept (as evidence for an update). */
  file?: () => Promise<{ name: string; data: Buffer }>;
}

export interface Quote {
  author: string;
  text: string;
}

/** The name people see: the group alias if there is one. */
export const displayName = (person: Person) => person.alias || person.name;

/**
 * A quoted reply (引用) arrives as text: `「张三：被引用的话」`, a line of `- - -`, then the reply.
 */
export function readQuote(text: string): { quote?: Quote; rest: string } {
  const match = /^「([^：:」]{1,40})[：:]([\s\S]*?)」\s*\n\s*(?:-\s*){3,}\n?([\s\S]*)$/.exec(text);
  if (!match) return { rest: text };
  return { quote: { author: match[1]!.trim(), text: match[2]!.trim() }, rest: match[3]!.trim() };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes `@name` (or `＠name`, followed by U+2005, a space of any width or the end) for each of the names; says
 * whether any was there.
 */
export function stripMentions(text: string, names: string[]): { text: string; mentioned: boolean } {
  let mentioned = false;
  let rest = text;
  for (const name of names.filter(Boolean)) {
    const pattern = new RegExp(`[@＠]${escape(name)}(?:[\\u2005\\u0020\\u3000\\u00a0]|$)`, 'g');
    const next = rest.replace(pattern, ' ');
    if (next !== rest) mentioned = true;
    rest = next;
  }
  return { text: rest.replace(/\s+/g, ' ').trim(), mentioned };
}

/** Removes the configured prefix (`督办 …`, `督办：…`); says whether it was there. */
export function stripPrefix(text: string, prefix: string): { text: string; prefixed: boolean } {
  if (!text.startsWith(prefix)) return { text, prefixed: false };
  const rest = text.slice(prefix.length);
  if (rest && !/^[\s,，:：、]/.test(rest) && !/^[?？]/.test(rest)) return { text, prefixed: false };
  return { text: rest.replace(/^[\s,，:：、]+/, '').trim(), prefixed: true };
}
