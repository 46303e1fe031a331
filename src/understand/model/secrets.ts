/**
 * What must never leave duban: the API key and the instructions (the system prompt and the tools' descriptions). A
 * model can be talked into repeating its instructions, and a server's error message can quote a key back, so every
 * reply made from the model's words is checked, and every log line about the model is redacted. Any run of `window`
 * characters of a line of the instructions counts as the instructions: a reply quoting part of a line is caught too.
 *
 * The instructions are taken as written, cut at their `{{…}}` placeholders: what fills them in (the ledger's name,
 * the date) is no secret, and a reply naming the ledger beside a few words of the prompt must not be refused for it.
 * A key shorter than `minKeyChars` (Ollama and vLLM take any text, `ollama` say) is no secret either: blanking every
 * `0` or `ollama` out of replies and logs would refuse good answers and protect nothing.
 */
import { truncate } from '../../text.ts';

const window = 20;
const minKeyChars = 8;

function runs(line: string): string[] {
  const chars = [...line];
  if (chars.length < window) return [];
  return chars.slice(0, chars.length - window + 1).map((_, i) => chars.slice(i, i + window).join(''));
}

export class Secrets {
  readonly #secrets: string[];

  /** `instructions`: the texts as written, placeholders and all. */
  constructor(apiKey: string, instructions: string[]) {
    const pieces = instructions.flatMap((text) => text.split('\n')).flatMap((line) => line.split(/\{\{\w+\}\}/));
    const promptRuns = new Set(pieces.flatMap((piece) => runs(piece.trim())));
    this.#secrets = [...(apiKey.length >= minKeyChars ? [apiKey] : []), ...promptRuns];
  }

  /** Where the secrets stand in a text: [start, end) ranges, in order, possibly overlapping. */
  #found(text: string): [number, number][] {
    const ranges: [number, number][] = [];
    for (const secret of this.#secrets) {
      for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) ranges.push([at, at + secret.length]);
    }
    return ranges.sort((a, b) => a[0] - b[0]);
  }

  /** The key, or a part of the instructions, stands in the text. */
  leaks(text: string): boolean {
    return this.#found(text).length > 0;
  }

  /** Fit for a log line: each stretch of secret text blanked out whole, and short. */
  redact(text: string, max = 200): string {
    let out = '';
    let blankedTo = -1;
    for (const [start, end] of this.#found(text)) {
      if (start > blankedTo) out += text.slice(Math.max(blankedTo, 0), start) + '[redacted]';
      blankedTo = Math.max(blankedTo, end);
    }
    out += text.slice(Math.max(blankedTo, 0));
    return truncate(out, max);
  }
}
