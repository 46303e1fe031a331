import { afterEach, expect, it } from 'vitest';
import { bindRoom } from '../../../src/ledger/bindings.ts';
import { findLedger } from '../../../src/ledger/ledgers.ts';
import { type ModelWorld, startModelWorld } from '../../support/model-world.ts';
import { ledgers } from '../../support/world.ts';

let t: ModelWorld;
afterEach(async () => t?.close());

const question = '上次说的那个规划的事怎么样了';

it('counts tokens per day and group; over the budget the rules answer and the admins are told once', async () => {
  t = await startModelWorld({ DUBAN_MODEL_DAILY_TOKENS: '1000' });
  const rules = await t.rulesSay('张三', question);
  const ask = async () => (await t.ask('张三', `@督办 ${question}`)).map((m) => ({ to: m.to ?? m.room, text: m.text }));
  const modelSays = { message: { content: JSON.stringify({ reply: '【一/4/三是】已完成。', codes: ['一/4/三是'] }) }, usage: { prompt_tokens: 900, completion_tokens: 200 } };

  t.model.play(modelSays);
  expect(await ask()).toEqual([{ to: '整改工作群', text: '@张三\u2005【一/4/三是】已完成。' }]);
  const usage = () => t.db.prepare('SELECT day, room, requests, prompt_tokens, completion_tokens FROM model_usage ORDER BY day').all();
  expect(usage()).toEqual([{ day: '2021-07-01', room: '整改工作群', requests: 1, prompt_tokens: 900, completion_tokens: 200 }]);

  t.model.play(modelSays);
  const over = await ask();
  expect(over).toEqual([
    { to: '整改工作群', text: rules[0] },
    { to: '王主任', text: expect.stringContaining('群「整改工作群」今天的语言模型用量已达上限（1000 tokens），今天余下的时间只按规则回答，明天恢复') },
  ]);
  expect(await ask()).toEqual([{ to: '整改工作群', text: rules[0] }]);
  expect(t.model.received).toHaveLength(1);

  // Another group has its own budget.
  t.model.play(modelSays);
  t.world.addRoom('二组', ['张三']);
  bindRoom(t.db, { roomTopic: '二组', ledgerId: findLedger(t.db, ledgers['003'])!.id, by: 'test' }, t.clock.now());
  expect((await t.ask('张三', `@督办 ${question}`, { room: '二组' })).map((m) => m.text)).toEqual(['@张三\u2005【一/4/三是】已完成。']);
  expect(t.model.received).toHaveLength(2);

  // A new day in Asia/Shanghai (16:00 UTC), a new budget.
  t.clock.set('2021-07-01T23:59:00+08:00');
  expect(await ask()).toEqual([{ to: '整改工作群', text: rules[0] }]);
  t.clock.set('2021-07-02T00:00:00+08:00');
  t.model.play(modelSays);
  expect(await ask()).toEqual([{ to: '整改工作群', text: '@张三\u2005【一/4/三是】已完成。' }]);
  expect(t.model.received).toHaveLength(3);
});

it('tells the admins granted in a group as well as those configured', async () => {
  t = await startModelWorld({ DUBAN_MODEL_DAILY_TOKENS: '1000' });
  expect((await t.ask('王主任', '@督办 授权 李四')).map((m) => m.text).join('\n')).toContain('李四');
  t.model.play({ message: { content: JSON.stringify({ reply: '【一/4/三是】已完成。', codes: ['一/4/三是'] }) }, usage: { prompt_tokens: 900, completion_tokens: 200 } });
  await t.ask('张三', `@督办 ${question}`);
  const over = await t.ask('张三', `@督办 ${question}`);
  const alerted = over.filter((m) => m.text.includes('今天的语言模型用量已达上限')).map((m) => m.to);
  expect(alerted.sort()).toEqual(['李四', '王主任'].sort());
});
