/**
 * An error the person at the keyboard or in the group can act on. It carries the message in Chinese, for our users,
 * and in English, for the engineers and the logs; anything else thrown is a bug and is reported as one.
 */
export class UserError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'UserError';
  }

  /** Both languages, Chinese first: what the command line prints. */
  get bilingual(): string {
    return `${this.zh}\n${this.en}`;
  }
}
