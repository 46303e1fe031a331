/**
 * What must never leave duban: the API key and the system prompt. A model can be talked into repeating its
 * instructions, and a server's error message can quote a key back, so every reply made from the model's words is
 * checked, and every log line about the model is redacted. Any run of `window` characters of the prompt's fixed
 * text counts as the prompt: a reply quoting part of a line is caught too.
 */
const window = 20;

const runs = (text: string): string[] => {
  const chars = [...text];
  if (chars.length <= window) return [text];
  return chars.slice(0, chars.length - window + 1).map((_, i) => chars.slice(i, i + window).join(''));
};

export class Secrets {
  readonly #apiKey: string;
  readonly #runs: string[];

  /** `systemPrompt` may hold `{{…}}` placeholders: the fixed text between them is what is guarded. */
  constructor(apiKey: string, systemPrompt: string) {
    this.#apiKey = apiKey;
    const fixed = systemPrompt.split(/\{\{\w+\}\}|\n/).map((part) => part.trim());
    this.#runs = [...new Set(fixed.filter((part) => [...part].length >= window).flatMap(runs))];
  }

  /** The key, or a part of the system prompt, stands in the text. */
  leaks(text: string): boolean {
    return text.includes(this.#apiKey) || this.#runs.some((run) => text.includes(run));
  }

  /** Fit for a log line: the secrets blanked out, and short. */
  redact(text: string, max = 200): string {
    let out = text.replaceAll(this.#apiKey, '[redacted]');
    for (const run of this.#runs) out = out.replaceAll(run, '[redacted]');
    return [...out].length > max ? [...out].slice(0, max).join('') + '…' : out;
  }
}
