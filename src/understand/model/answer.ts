/**
 * The model's output, checked before it is used: each message's shape (text, or function calls with their names and
 * arguments as strings), and the final answer: a JSON object `{"reply", "codes"}` (a code fence around it is
 * forgiven), a reply of sensible length, and every item code it names, in `codes` or anywhere in the reply (in 【】
 * or not: whatever the rules would read as a code), one the model was shown in this exchange (and so one the ledger
 * has). Anything else is of no use, and the rules answer instead.
 */
import { z } from 'zod';
import { findCodes, normalizeCode } from '../codes.ts';
import { ModelFailure } from './failure.ts';

const message = z.object({
  content: z.string().nullish(),
  tool_calls: z
    .array(z.object({ id: z.string().min(1), type: z.literal('function'), function: z.object({ name: z.string(), arguments: z.string() }) }))
    .nullish(),
});
export type ModelMessage = z.infer<typeof message>;

/** The first choice's message of a completion. */
export function readMessage(completion: { choices?: { message?: unknown }[] }): ModelMessage {
  const parsed = message.safeParse(completion.choices?.[0]?.message);
  if (!parsed.success) throw new ModelFailure('malformed', `not a message of text or function calls: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

const finalAnswer = z.object({
  reply: z.string().trim().min(1).max(600),
  codes: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
});

export interface Answer {
  reply: string;
  /** The item codes it names, as the ledger writes them. */
  codes: string[];
}

function parse(content: string): unknown {
  const json = content.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
  try {
    return JSON.parse(json);
  } catch {
    throw new ModelFailure('malformed', 'the answer is not JSON');
  }
}

/**
 * `known(code)`: whether the ledger has the code, `shown`: the codes the model was shown. A code the ledger does not
 * have is an invented item; one it has but the model was not shown is an answer not grounded in what it read.
 */
export function readAnswer(content: string | null | undefined, known: (code: string) => boolean, shown: Set<string>): Answer {
  if (!content?.trim()) throw new ModelFailure('malformed', 'empty answer');
  const parsed = finalAnswer.safeParse(parse(content));
  if (!parsed.success) throw new ModelFailure('malformed', `the answer is not {reply, codes}: ${parsed.error.issues[0]!.message}`);
  const { reply, codes } = parsed.data;
  // A code written without 【】 names an item just as well: people read it, and the rules would find it.
  const named = [...new Set([...codes.map(normalizeCode), ...findCodes(reply)])];
  const unknown = named.filter((code) => !known(code));
  if (unknown.length) throw new ModelFailure('unknown-code', `names items the ledger does not have: ${unknown.join(', ')}`);
  const unseen = named.filter((code) => !shown.has(code));
  if (unseen.length) throw new ModelFailure('unknown-code', `names items it was not shown: ${unseen.join(', ')}`);
  return { reply, codes: named };
}
