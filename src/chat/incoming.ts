/**
 * Reading an incoming message's text the same way on every channel: a quoted reply, an `@name` of the bot, the
 * prefix. (The message types themselves are in `src/message.ts`.)
 */
import type { Quote } from '../message.ts';

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
