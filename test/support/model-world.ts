/**
 * duban in the mock WeChat world with a model configured: the real `openai` client talking to a fake
 * OpenAI-compatible server on 127.0.0.1, short timeouts and back-off so that failures are quick to test, and the
 * log kept in memory. `rulesSay` gives what the rules alone answer to the same words, over the same database.
 */
import { Bot } from '../../src/bot.ts';
import type { MockPerson } from '../../src/channels/wechaty/mock-world.ts';
import type { Incoming } from '../../src/message.ts';
import type { Clock } from '../../src/clock.ts';
import { silentLogger } from '../../src/log.ts';
import { type FakeModel, startFakeModel } from './fake-model.ts';
import { memoryLog } from './log.ts';
import { type TestWorld, startWorld } from './world.ts';

export const apiKey = 'sk-test-9f8e7d6c5b4a3210-do-not-leak';

/** A message @-mentioning duban, as the transport hands it to `Bot.handle`; no room is a direct message. */
export function incoming(clock: Clock, id: string, name: string, text: string, room?: string): Incoming {
  return {
    id,
    channel: 'wechaty',
    ...(room === undefined ? {} : { room: { channel: 'wechaty' as const, id: `room:${room}`, name: room, byName: true } }),
    from: { id: `person:${name}`, name, remark: name },
    text,
    kind: 'text',
    at: clock.now(),
    self: false,
    mentionsBot: true,
    botNames: ['督办'],
  };
}

export interface ModelWorld extends TestWorld {
  model: FakeModel;
  logLines: string[];
  /** The replies duban says to `text` with no model: today's rules answer. */
  rulesSay(name: string, text: string, room?: string): Promise<string[]>;
}

export async function startModelWorld(env: Record<string, string> = {}, people?: MockPerson[]): Promise<ModelWorld> {
  const model = await startFakeModel();
  const { log, lines } = memoryLog();
  const world = await startWorld({
    log,
    ...(people && { people }),
    env: {
      OPENAI_API_KEY: apiKey,
      OPENAI_BASE_URL: model.baseURL,
      DUBAN_MODEL: 'test-model',
      DUBAN_MODEL_TIMEOUT_MS: '5000',
      DUBAN_MODEL_BACKOFF_MS: '5',
      ...env,
    },
  });
  const rulesOnly = new Bot(world.db, world.clock, { ...world.config, model: undefined }, silentLogger);
  let asked = 0;
  return {
    ...world,
    model,
    logLines: lines,
    async rulesSay(name, text, room = '整改工作群') {
      const { replies } = await rulesOnly.handle(incoming(world.clock, `rules-${++asked}`, name, text, room));
      return replies.map((reply) => reply.text);
    },
    async close() {
      await world.close();
      await model.close();
    },
  };
}
