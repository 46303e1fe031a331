import { afterEach, expect, it } from 'vitest';
import { answer, held } from '../../support/fake-model.ts';
import { type ModelWorld, incoming, startModelWorld } from '../../support/model-world.ts';

let t: ModelWorld;
afterEach(async () => t?.close());

const question = '上次说的那个规划的事怎么样了';

it('after several failures in a row the model is left alone for a while (the clock), then tried again', async () => {
  t = await startModelWorld({ DUBAN_MODEL_RETRIES: '0', DUBAN_MODEL_BREAKER_FAILURES: '2', DUBAN_MODEL_BREAKER_MINUTES: '5' });
  const rules = await t.rulesSay('张三', question);
  const ask = async () => (await t.ask('张三', `@督办 ${question}`)).map((m) => m.text);
  t.model.play({ status: 500 }, { status: 500 });
  expect(await ask()).toEqual(rules);
  expect(await ask()).toEqual(rules);
  expect(t.model.received).toHaveLength(2);
  expect(t.logLines.join('\n')).toContain('model paused after repeated failures');

  // Open: the rules answer at once, the model is not asked.
  t.model.play(answer('【一/4/三是】已完成。', ['一/4/三是']));
  t.clock.advance(4 * 60_000);
  expect(await ask()).toEqual(rules);
  expect(t.model.received).toHaveLength(2);

  // Five minutes on, one message tries again; it succeeds and the model is back.
  t.clock.advance(60_000);
  expect(await ask()).toEqual(['@张三\u2005【一/4/三是】已完成。']);
  expect(t.model.received).toHaveLength(3);
});

it('after the pause, one more failure opens it again at once', async () => {
  t = await startModelWorld({ DUBAN_MODEL_RETRIES: '0', DUBAN_MODEL_BREAKER_FAILURES: '3', DUBAN_MODEL_BREAKER_MINUTES: '5' });
  t.model.play({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
  for (let i = 0; i < 3; i++) await t.ask('张三', `@督办 ${question}`);
  t.clock.advance(5 * 60_000);
  await t.ask('张三', `@督办 ${question}`);
  await t.ask('张三', `@督办 ${question}`);
  expect(t.model.received).toHaveLength(4);
});

it('after the pause, one message tries the model; until it has settled, the others get the rules at once', async () => {
  t = await startModelWorld({ DUBAN_MODEL_RETRIES: '0', DUBAN_MODEL_BREAKER_FAILURES: '1', DUBAN_MODEL_BREAKER_MINUTES: '5' });
  const rules = await t.rulesSay('李四', question);
  const ask = async (id: string, name: string) =>
    (await t.bot.handle(incoming(t.clock, id, name, `@督办 ${question}`, '整改工作群'))).replies.map((reply) => reply.text);
  t.model.play({ status: 500 });
  await ask('first', '张三');
  t.clock.advance(5 * 60_000);

  const slow = held(answer('【一/4/三是】已完成。', ['一/4/三是']));
  t.model.play(slow.step);
  const trying = ask('trial', '张三');
  await slow.arrived;
  expect(await ask('meanwhile', '李四')).toEqual(rules);
  expect(t.model.received).toHaveLength(2);
  slow.release();
  expect(await trying).toEqual(['@张三\u2005【一/4/三是】已完成。']);

  // It succeeded: the model is back for everyone.
  t.model.play(answer('【一/4/三是】已完成。', ['一/4/三是']));
  expect(await ask('after', '李四')).toEqual(['@李四\u2005【一/4/三是】已完成。']);
  expect(t.model.received).toHaveLength(3);
});
