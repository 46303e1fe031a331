/** Why the model's help was not used for a message; the rules answer instead. */
export type FailureReason = 'timeout' | 'http' | 'connection' | 'malformed' | 'unknown-code' | 'leak';

export class ModelFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    detail: string,
  ) {
    super(detail);
  }
}
