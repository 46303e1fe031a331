import { afterEach, expect, it } from 'vitest';
import { answer, messagesOf } from '../../support/fake-model.ts';
import { type ModelWorld, startModelWorld } from '../../support/model-world.ts';

let t: ModelWorld;
afterEach(async () => t?.close());

it('the instructions fit a direct chat as well as a group, and keep the model to looking up, proposing and asking', async () => {
  t = await startModelWorld();
  await t.ask('王主任', '使用 伊川', { room: undefined });
  t.model.play(answer('【一/4/三是】已完成（长期坚持）。', ['一/4/三是']));
  const [reply] = await t.ask('王主任', '上次说的那个规划的事怎么样了', { room: undefined });
  expect(reply).toEqual({ to: '王主任', text: '【一/4/三是】已完成（长期坚持）。' });

  const request = t.model.received[0]!;
  const system = messagesOf(request, 'system')[0]!;
  const tools = JSON.stringify(request.body.tools);
  // Nothing says "this group" to someone writing to duban alone.
  for (const words of [system, tools]) expect(words).not.toMatch(/本群|群成员|群里/);
  expect(system).toContain('当前的台账是「伊川县产业集聚区」，今天是 2021-07-01');
  // An item talked about before is looked up before it is answered about.
  expect(system).toMatch(/以前提过的事.*先用 get_item 按编号查看那一项，再回答/);
  // Only propose_update changes anything, and the reply never says a change was made.
  expect(system).toContain('更新只能用 propose_update 提出');
  expect(system).toContain('回答里不得说已经记录、修改、完成或销号了什么');
  // An unclear item: no proposal, the candidates' codes and a request to name one.
  expect(system).toContain('看不准说的是哪一项时，不要提出更新：列出可能的几项编号，请对方在消息里写上编号再发一次');
});
