import { afterEach, expect, it } from 'vitest';
import type { Handled } from '../../../src/bot.ts';
import { held, toolCall } from '../../support/fake-model.ts';
import { type ModelWorld, incoming, startModelWorld } from '../../support/model-world.ts';

let t: ModelWorld;
afterEach(async () => t?.close());

const room = '整改工作群';

it("one person's messages are answered in the order sent, even while the model thinks about the first", async () => {
  t = await startModelWorld();
  const slow = held(toolCall('propose_update', { code: '一/4/三是', change: 'note' }));
  t.model.play(slow.step);
  const order: string[] = [];
  const handle = (id: string, text: string) =>
    t.bot.handle(incoming(t.clock, id, '张三', text, room)).then((handled: Handled) => {
      order.push(id);
      return handled.replies.map((reply) => reply.text).join('\n');
    });

  const first = handle('A', '@督办 上次说的那个规划的事，已经进场了');
  await slow.arrived;
  // A report the rules understand by themselves, sent while the model is still on the first message.
  const second = handle('B', '@督办 二/3 已召开协调会');
  slow.release();
  const [a, b] = await Promise.all([first, second]);

  expect(order).toEqual(['A', 'B']);
  expect(a).toContain('请确认要记录的更新：\n【一/4/三是】');
  expect(b).toContain('请确认要记录的更新：\n【二/3】');
  // The later message's proposal is the one waiting for 确认: the model's late one did not replace it.
  expect(t.db.prepare("SELECT source_text FROM proposals WHERE room = ? AND person = '张三' AND state = 'open'").pluck().all(room)).toEqual(['二/3 已召开协调会']);
  expect(t.bot.queued).toBe(0);
});

it('other people do not wait for a model thinking about someone else', async () => {
  t = await startModelWorld();
  const slow = held(toolCall('propose_update', { code: '一/4/三是', change: 'note' }));
  t.model.play(slow.step);
  const first = t.bot.handle(incoming(t.clock, 'A', '张三', '@督办 上次说的那个规划的事，已经进场了', room));
  await slow.arrived;
  const other = await t.bot.handle(incoming(t.clock, 'B', '李四', '@督办 二/3 已召开协调会', room));
  expect(other.replies.map((reply) => reply.text).join('\n')).toContain('请确认要记录的更新：\n【二/3】');
  expect(t.bot.queued).toBe(1);
  slow.release();
  await first;
  expect(t.bot.queued).toBe(0);
});

it('a message delivered again after its answer is not read by the model again, and gets no second answer', async () => {
  t = await startModelWorld();
  t.model.play(toolCall('propose_update', { code: '一/4/三是', change: 'note' }));
  const said = async () =>
    (await t.bot.handle(incoming(t.clock, 'A', '张三', '@督办 上次说的那个规划的事，已经进场了', room))).replies.map((reply) => reply.text);
  expect((await said()).join('\n')).toContain('请确认要记录的更新：\n【一/4/三是】');
  expect(t.model.received).toHaveLength(1);
  expect(await said()).toEqual([]);
  expect(t.model.received).toHaveLength(1);
});
