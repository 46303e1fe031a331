/**
 * What must never leave duban: the API key and the system prompt. A model can be talked into repeating its
 * instructions, and a server's error message can quote a key back, so every reply made from the model's words is
 * checked, and every log line about the model is redacted. Any run of `window` characters of a line of the prompt
 * counts as the prompt: a reply quoting part of a line is caught too.
 */
const window = 20;

function runs(line: string): string[] {
  const chars = [...line];
  if (chars.length < window) return [];
  return chars.slice(0, chars.length - window + 1).map((_, i) => chars.slice(i, i + window).join(''));
}

export class Secrets {
  readonly #apiKey: string;
  readonly #runs: string[];

  /** `systemPrompt`: as the model was sent it. */
  constructor(apiKey: string, systemPrompt: string) {
    this.#apiKey = apiKey;
    this.#runs = [...new Set(systemPrompt.split('\n').flatMap((line) => runs(line.trim())))];
  }

  /** Where the secrets stand in a text: [start, end) ranges, in order, possibly overlapping. */
  #found(text: string): [number, number][] {
    const ranges: [number, number][] = [];
    for (const secret of [this.#apiKey, ...this.#runs]) {
      for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) ranges.push([at, at + secret.length]);
    }
    return ranges.sort((a, b) => a[0] - b[0]);
  }

  /** The key, or a part of the system prompt, stands in the text. */
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
    return [...out].length > max ? [...out].slice(0, max).join('') + '…' : out;
  }
}
