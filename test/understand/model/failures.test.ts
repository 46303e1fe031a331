import { afterEach, describe, expect, it } from 'vitest';
import { type Step, answer, says, toolCall, toolCalls } from '../../support/fake-model.ts';
import { type ModelWorld, startModelWorld } from '../../support/model-world.ts';

let t: ModelWorld;
afterEach(async () => t?.close());

const question = '上次说的那个规划的事怎么样了';
const count = (table: string) => t.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

/** Asks the question the rules cannot place; the replies must be exactly the rules' own, and nothing recorded. */
async function expectRulesAnswer(): Promise<void> {
  const rules = await t.rulesSay('张三', question);
  const said = await t.ask('张三', `@督办 ${question}`);
  expect(said.map((m) => m.text)).toEqual(rules);
  expect(rules[0]).toContain('找到 2 项与"上次说的那个规划"相关的问题');
  expect(count('updates')).toBe(0);
  expect(count('proposals')).toBe(0);
}

const failureLogged = (reason: string) => expect(t.logLines.join('\n')).toContain(`"reason":"${reason}"`);

describe('malformed or empty output from the model: the rules answer, once asked', () => {
  it.each<[string, Step]>([
    ['a body that is not JSON', { raw: '{"id": "chatcmpl-1", "choices": [' }],
    ['a completion with no choices', { raw: JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'fake', choices: [] }) }],
    ['an empty answer', says('')],
    ['no content and no tool calls', says(null)],
    ['an answer that is not JSON', says('污水管网已经完工了。')],
    ['an answer of another shape', says(JSON.stringify({ answer: '已完工', items: ['一/4/三是'] }))],
    ['tool arguments that are not JSON', toolCall('search_items', '{"query": "污水')],
    ['tool arguments of another shape', toolCall('list_items', { filter: 'everything' })],
    ['a tool that does not exist', toolCall('mark_all_done', {})],
    ['more than 3 tool calls in one response', toolCalls(...['污水', '管网', '纬七路', '道路'].map((query) => ({ name: 'search_items', args: { query } })))],
    [
      'a tool call that is not a function call',
      {
        raw: JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          created: 0,
          model: 'fake',
          choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'custom', custom: { name: 'shell', input: 'rm -rf /' } }] } }],
        }),
      },
    ],
  ])('%s', async (_, step) => {
    t = await startModelWorld();
    t.model.play(step);
    await expectRulesAnswer();
    expect(t.model.received).toHaveLength(1);
    failureLogged('malformed');
  });
});

it('more than 6 tool calls for one message: the rules answer', async () => {
  t = await startModelWorld();
  const searches = (...queries: string[]) => toolCalls(...queries.map((query) => ({ name: 'search_items', args: { query } })));
  t.model.play(searches('污水', '管网', '纬七路'), searches('道路', '厂房', '租金'), searches('公租房'), answer('【一/4/三是】已完成。', ['一/4/三是']));
  await expectRulesAnswer();
  expect(t.model.received).toHaveLength(3);
  failureLogged('malformed');
});

it("a failure in duban's own bookkeeping around the model (the usage table gone): the rules answer, not an error", async () => {
  t = await startModelWorld();
  t.model.play(answer('不该用到'));
  t.db.exec('DROP TABLE model_usage');
  const rules = await t.rulesSay('张三', question);
  expect((await t.ask('张三', `@督办 ${question}`)).map((m) => m.text)).toEqual(rules);
  expect(t.model.received).toHaveLength(0);
  failureLogged('internal');
});

describe('HTTP failures', () => {
  it('HTTP 500 is retried a limited number of times, then the rules answer', async () => {
    t = await startModelWorld({ DUBAN_MODEL_RETRIES: '2' });
    t.model.play({ status: 500 }, { status: 502 }, { status: 503 }, answer('不该用到'));
    await expectRulesAnswer();
    expect(t.model.received).toHaveLength(3);
    failureLogged('http');
  });

  it('a 429 asking to wait past the message\'s deadline is not waited for: the rules answer at once', async () => {
    t = await startModelWorld({ DUBAN_MODEL_RETRIES: '2' });
    t.model.play({ status: 429, headers: { 'retry-after-ms': '60000' } }, answer('不该用到'));
    await expectRulesAnswer();
    expect(t.model.received).toHaveLength(1);
  });

  it('a 429 is waited out (Retry-After) and asked again', async () => {
    t = await startModelWorld({ DUBAN_MODEL_RETRIES: '1' });
    t.model.play({ status: 429, headers: { 'retry-after-ms': '20' } }, toolCall('search_items', { query: '污水管网' }), answer('【一/4/三是】已完成。', ['一/4/三是']));
    expect((await t.ask('张三', `@督办 ${question}`)).map((m) => m.text)).toEqual(['@张三\u2005【一/4/三是】已完成。']);
    expect(t.model.received).toHaveLength(3);
  });

  it('a 400 is not retried', async () => {
    t = await startModelWorld({ DUBAN_MODEL_RETRIES: '2' });
    t.model.play({ status: 400 }, answer('不该用到'));
    await expectRulesAnswer();
    expect(t.model.received).toHaveLength(1);
  });

  it.each<[string, Step]>([
    ['never answers', { hang: true }],
    ['sends its headers, then stalls halfway through the body', { stall: true }],
  ])('a server that %s: the rules answer once the timeout passes, without retrying', async (_, step) => {
    t = await startModelWorld({ DUBAN_MODEL_TIMEOUT_MS: '300', DUBAN_MODEL_RETRIES: '2' });
    t.model.play(step, answer('不该用到'));
    await expectRulesAnswer();
    expect(t.model.received).toHaveLength(1);
    failureLogged('timeout');
  });

  it('a server that cannot be reached: the rules answer', async () => {
    t = await startModelWorld({ DUBAN_MODEL_RETRIES: '1', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    await expectRulesAnswer();
    failureLogged('connection');
  });
});
