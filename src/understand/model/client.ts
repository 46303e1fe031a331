/**
 * The model behind any OpenAI-compatible API (OpenAI, DeepSeek, Qwen, Ollama, vLLM) through the `openai` client. The
 * client's own retries are off and its logger silent: how long a message may wait, what is retried and what is
 * logged are decided here. A 429, a 5xx or a lost connection is retried after a back-off that doubles (a longer
 * Retry-After wins), as long as the message's deadline allows; anything else fails at once. The deadline is an abort
 * signal as well as the client's timeout: the client stops its timer once the headers arrive, and a server that then
 * stalls halfway through the body would otherwise keep the person waiting for ever.
 */
import type OpenAI from 'openai';
import type { APIError } from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { ModelSettings } from '../../config.ts';
import type { Usage } from './budget.ts';
import { ModelFailure } from './failure.ts';

export type CompletionRequest = Omit<ChatCompletionCreateParamsNonStreaming, 'model'>;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a server asks us to wait before retrying, in milliseconds (0 when it does not say). */
function retryAfter(error: APIError): number {
  const header = error.headers?.get('retry-after-ms') ?? undefined;
  if (header !== undefined) return Number(header) || 0;
  const seconds = Number(error.headers?.get('retry-after'));
  return Number.isFinite(seconds) ? seconds * 1000 : 0;
}

type Sdk = typeof import('openai');

/** The deadline's signal fired: before the headers the client says so, while the body is read the fetch does. */
const timedOut = (error: unknown, { APIConnectionTimeoutError, APIUserAbortError }: Sdk) =>
  error instanceof APIConnectionTimeoutError ||
  error instanceof APIUserAbortError ||
  (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'));

/** A failure, and whether asking again may help. */
function classify(error: unknown, sdk: Sdk): { failure: ModelFailure; retry: boolean; wait: number } {
  const { APIConnectionError, APIError } = sdk;
  if (timedOut(error, sdk)) {
    return { failure: new ModelFailure('timeout', 'no answer in time'), retry: false, wait: 0 };
  }
  if (error instanceof APIConnectionError) return { failure: new ModelFailure('connection', error.message), retry: true, wait: 0 };
  if (error instanceof APIError) {
    const retry = error.status === 429 || (error.status !== undefined && error.status >= 500);
    return { failure: new ModelFailure('http', `HTTP ${error.status}: ${error.message}`), retry, wait: retryAfter(error) };
  }
  // A body that is not JSON, or not a chat completion.
  return { failure: new ModelFailure('malformed', (error as Error).message), retry: false, wait: 0 };
}

/** Tokens by the server's count; a server that gives none is charged about one token per three bytes, both ways. */
function usageOf(completion: ChatCompletion, request: CompletionRequest): Usage {
  if (completion.usage) return { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens };
  const tokens = (value: unknown) => Math.ceil(Buffer.byteLength(JSON.stringify(value ?? '')) / 3);
  return { promptTokens: tokens(request.messages), completionTokens: tokens(completion.choices) };
}

export class ModelClient {
  /** The `openai` package is loaded on the first request, so a command that never asks the model never loads it. */
  #client?: Promise<{ sdk: Sdk; openai: OpenAI }>;

  constructor(private readonly settings: Pick<ModelSettings, 'apiKey' | 'baseURL' | 'model' | 'retries' | 'backoffMs'>) {}

  #connect(): Promise<{ sdk: Sdk; openai: OpenAI }> {
    const { apiKey, baseURL } = this.settings;
    return (this.#client ??= import('openai').then((sdk) => ({ sdk, openai: new sdk.OpenAI({ apiKey, baseURL, maxRetries: 0, logLevel: 'off' }) })));
  }

  /**
   * One chat completion, by `deadline` (epoch milliseconds). `spend` is told the tokens of every answered request,
   * also of one whose answer turns out to be of no use.
   */
  async complete(request: CompletionRequest, deadline: number, spend: (usage: Usage) => void): Promise<ChatCompletion> {
    const { sdk, openai } = await this.#connect();
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) throw new ModelFailure('timeout', 'no answer in time');
      try {
        const completion = await openai.chat.completions.create({ ...request, model: this.settings.model }, {
          timeout: left,
          signal: AbortSignal.timeout(left),
        });
        if (!Array.isArray(completion?.choices)) throw new ModelFailure('malformed', 'not a chat completion');
        spend(usageOf(completion, request));
        return completion;
      } catch (error) {
        if (error instanceof ModelFailure) throw error;
        const { failure, retry, wait } = classify(error, sdk);
        const backoff = Math.max(this.settings.backoffMs * 2 ** attempt, wait);
        if (!retry || attempt >= this.settings.retries || Date.now() + backoff >= deadline) throw failure;
        await pause(backoff);
      }
    }
  }
}
