/**
 * Understanding by a language model, for the messages the rules are not sure of. The model sees the few items the
 * rules retrieved and this person's last turns, may call the ledger tools a few times, and ends with either a
 * checked answer or a proposed update; both come out as an Intent the dialog handles like any other, so a proposed
 * update takes the rules' own path to 确认, roles and approval. When the model is paused (breaker), over budget, slow,
 * failing or talking nonsense, the reading is empty and the rules' intent stands: the person gets the rules' answer.
 */
import { type Clock, dateIn } from '../../clock.ts';
import type { ModelSettings } from '../../config.ts';
import type { Db } from '../../ledger/db.ts';
import { findItemByCode } from '../../ledger/items.ts';
import type { Ledger } from '../../ledger/types.ts';
import type { Logger } from '../../log.ts';
import type { Intent } from '../intent.ts';
import { readAnswer, readMessage } from './answer.ts';
import { CircuitBreaker } from './breaker.ts';
import { TokenBudget } from './budget.ts';
import { ModelClient } from './client.ts';
import { itemRows, openingMessages, shown } from './context.ts';
import { ModelFailure } from './failure.ts';
import { type Prompts, instructionTexts, loadPrompts, systemPrompt } from './prompts.ts';
import { Secrets } from './secrets.ts';
import { LedgerTools, toolDefinitions } from './tools.ts';
import { recentTurns, rememberTurn } from './turns.ts';

export interface Question {
  ledger: Ledger;
  /** Group topic; '' for a direct message. */
  room: string;
  /** The name the model is told. */
  person: string;
  /** Whose earlier turns the model sees: the person's key (`ownerOf`), never a name someone else can take. */
  owner: string;
  text: string;
  /** The items the rules found for the message, best first. */
  itemIds: number[];
}

export interface Reading {
  /** What the model made of the message; absent when the rules' reading stands. */
  intent?: Intent;
  /** For the admins, once a day per group: the group's token budget is used up. */
  alert?: string;
}

/** Requests in one exchange: a few tool rounds, then an answer. */
const maxRequests = 4;
/**
 * Tool calls in one response and in one exchange. A model asking for more is not answering the question (or is
 * being made to dig through the ledger): what it says is of no use, and the rules answer.
 */
const maxCalls = { response: 3, exchange: 6 };

export class ModelReader {
  readonly #client: ModelClient;
  readonly #breaker: CircuitBreaker;
  readonly #budget: TokenBudget;
  readonly #prompts: Prompts;
  readonly #tools: ReturnType<typeof toolDefinitions>;
  readonly #secrets: Secrets;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly settings: ModelSettings,
    private readonly log: Logger,
    prompts: Prompts = loadPrompts(),
  ) {
    this.#client = new ModelClient(settings);
    this.#breaker = new CircuitBreaker(clock, settings.breakerFailures, settings.breakerMinutes * 60_000);
    this.#budget = new TokenBudget(db, clock, timeZone, settings.dailyTokens);
    this.#prompts = prompts;
    this.#tools = toolDefinitions(prompts);
    this.#secrets = new Secrets(settings.apiKey, instructionTexts(prompts));
  }

  /** Never throws: whatever goes wrong here, even in the budget's bookkeeping, the rules' reading stands. */
  async read(question: Question): Promise<Reading> {
    const { room } = question;
    try {
      if (!this.#breaker.admit()) {
        this.log.debug({ room }, '语言模型暂停中，按规则回答 / model paused by the breaker');
        return {};
      }
      try {
        return await this.#readWithBudget(question);
      } finally {
        this.#breaker.release();
      }
    } catch (error) {
      if (!(error instanceof ModelFailure)) {
        const stack = this.#secrets.redact((error as Error).stack ?? String(error), 4000);
        this.log.error({ room, reason: 'internal', error: stack }, '语言模型处理出错，按规则回答 / model reading failed, rules answer');
        return {};
      }
      this.log.warn({ room, reason: error.reason, detail: this.#secrets.redact(error.message) }, '语言模型未能作答，按规则回答 / model failed, rules answer');
      if (this.#breaker.failed()) {
        this.log.warn({ minutes: this.settings.breakerMinutes }, '语言模型连续出错，暂停使用 / model paused after repeated failures');
      }
      return {};
    }
  }

  async #readWithBudget(question: Question): Promise<Reading> {
    const { room } = question;
    if (this.#budget.exhausted(room)) {
      this.log.debug({ room }, '今日语言模型额度已用完，按规则回答 / daily token budget used up');
      if (!this.#budget.firstAlert(room)) return {};
      this.log.warn({ room, dailyTokens: this.settings.dailyTokens }, '今日语言模型额度已用完 / daily token budget used up');
      const where = room ? `群「${room}」` : '私聊';
      const limit = `${this.settings.dailyTokens} tokens`;
      return { alert: `${where}今天的语言模型用量已达上限（${limit}），今天余下的时间只按规则回答，明天恢复。上限可用 DUBAN_MODEL_DAILY_TOKENS 调整。` };
    }
    const today = dateIn(this.clock.now(), this.timeZone);
    const system = systemPrompt(this.#prompts, { ledger: question.ledger.name, today });
    const intent = await this.#exchange(question, today, system);
    this.#breaker.succeeded();
    this.log.info({ room, intent: intent.kind }, '语言模型已理解 / understood by the model');
    return { intent };
  }

  /** This person's message and duban's reply, for the next question's context; `owner` as in `Question`. */
  remember(room: string, owner: string, said: string, reply: string): void {
    rememberTurn(this.db, this.clock, { room, person: owner, said, reply });
  }

  async #exchange(question: Question, today: string, system: string): Promise<Intent> {
    const { ledger, room } = question;
    const deadline = Date.now() + this.settings.timeoutMs;
    const tools = new LedgerTools(this.db, ledger, today, this.timeZone);
    const retrieved = itemRows(this.db, ledger.id, question.itemIds.slice(0, shown.rows), this.timeZone);
    const seen = new Set(retrieved.codes);
    const turns = recentTurns(this.db, room, question.owner, shown.turns);
    const messages = openingMessages(system, turns, retrieved.rows, question.person, question.text);
    let callsMade = 0;

    for (let request = 0; request < maxRequests; request++) {
      const completion = await this.#client.complete({ messages, tools: this.#tools, tool_choice: 'auto' }, deadline, (usage) =>
        this.#budget.spend(room, usage),
      );
      const message = readMessage(completion);
      const calls = message.tool_calls ?? [];
      if (calls.length === 0) {
        const answer = readAnswer(message.content, (code) => findItemByCode(this.db, ledger.id, code) !== undefined, seen);
        if (this.#secrets.leaks(answer.reply)) throw new ModelFailure('leak', 'the reply quotes the key or the instructions');
        return { kind: 'answer', text: answer.reply, codes: answer.codes };
      }
      // duban records one item's progress at a time; proposals for several items at once are a bulk change.
      if (calls.filter((call) => call.function.name === 'propose_update').length > 1) return { kind: 'bulk' };
      callsMade += calls.length;
      if (calls.length > maxCalls.response) throw new ModelFailure('malformed', `${calls.length} tool calls in one response`);
      if (callsMade > maxCalls.exchange) throw new ModelFailure('malformed', `more than ${maxCalls.exchange} tool calls for one message`);
      messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: calls });
      for (const call of calls) {
        const outcome = tools.call(call.function.name, call.function.arguments);
        if ('proposal' in outcome) {
          const { item, change } = outcome.proposal;
          return { kind: 'update', change, codes: [item.code], quoted: [], topic: '', text: question.text };
        }
        for (const code of outcome.codes) seen.add(code);
        messages.push({ role: 'tool', tool_call_id: call.id, content: outcome.content });
      }
    }
    throw new ModelFailure('malformed', `no answer after ${maxRequests} requests`);
  }
}
