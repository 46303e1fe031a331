import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MockWorld } from '../../src/channels/wechaty/mock-world.ts';
import { Outbox } from '../../src/chat/outbox.ts';
import { WechatyAdapter, wechatyCapabilities } from '../../src/channels/wechaty/adapter.ts';
import { sendThrough } from '../../src/runtime/connect.ts';
import { ManualClock } from '../../src/clock.ts';
import { type Db, openDatabase } from '../../src/ledger/db.ts';
import { silentLogger } from '../../src/log.ts';
import { tempDir } from '../support/files.ts';

const settings = { gapMs: 3000, jitterMs: 1000, perMinute: 4, maxBytes: 2048 };
const start = new Date('2021-07-01T01:00:00Z');

let world: MockWorld | undefined;
let db: Db | undefined;
afterEach(async () => {
  await world?.stop();
  db?.close();
  world = undefined;
  db = undefined;
});

async function setup() {
  const clock = new ManualClock(start);
  db = openDatabase(join(tempDir(), 'duban.db'));
  world = new MockWorld({
    clock,
    botName: '督办',
    people: ['张三'],
    rooms: [
      { topic: 'A群', members: ['张三'] },
      { topic: 'B群', members: ['张三'] },
    ],
  });
  const received: { room: string; text: string; at: number }[] = [];
  world.onBotMessage((m) => received.push({ room: m.room!, text: m.text, at: clock.now().getTime() - start.getTime() }));
  await world.start();
  const adapter = sendThrough(new WechatyAdapter(world.wechaty, wechatyCapabilities('wechaty-puppet-mock', settings.maxBytes, settings.perMinute), silentLogger));
  // Jitter drawn as half its range every time, so the schedule is exact.
  const outbox = new Outbox(db, clock, settings, silentLogger, () => 0.5);
  const pump = async () => {
    const wait = await outbox.pump(adapter);
    await new Promise((resolve) => setTimeout(resolve, 30));
    return wait;
  };
  return { clock, outbox, adapter, received, pump };
}

describe('the outbox, sending through Wechaty with the injected clock', () => {
  it('keeps order per group, a gap with jitter between messages to one group, and the global rate', async () => {
    const { clock, outbox, received, pump } = await setup();
    outbox.enqueue(['A1', 'A2', 'A3'].map((text) => ({ target: { channel: 'wechaty', room: 'A群' }, text })));
    outbox.enqueue(['B1', 'B2'].map((text) => ({ target: { channel: 'wechaty', room: 'B群' }, text })));

    expect(await pump()).toBe(3500);
    expect(received.map((m) => m.text)).toEqual(['A1', 'B1']);

    clock.advance(3499);
    expect(await pump()).toBe(1);
    expect(received).toHaveLength(2);

    clock.advance(1);
    await pump();
    expect(received.map((m) => m.text)).toEqual(['A1', 'B1', 'A2', 'B2']);

    // Four sent within the minute: A3 waits for the oldest to leave the window, though its gap has passed.
    clock.advance(3500);
    expect(await pump()).toBe(60_000 - 7000);
    expect(received).toHaveLength(4);
    clock.set(new Date(start.getTime() + 60_000));
    expect(await pump()).toBeUndefined();
    expect(received.map((m) => `${m.room}:${m.text}@${m.at}`)).toEqual([
      'A群:A1@0',
      'B群:B1@0',
      'A群:A2@3500',
      'B群:B2@3500',
      'A群:A3@60000',
    ]);
  });

  it('splits a long message at line boundaries under the byte limit and sends the parts in order', async () => {
    const { clock, outbox, received, pump } = await setup();
    const lines = Array.from({ length: 60 }, (_, i) => `第${i + 1}行：纬七路西段污水管网设计工作已经完成，计划于5月底完成该项工程。`);
    outbox.enqueue([{ target: { channel: 'wechaty', room: 'A群' }, text: lines.join('\n') }]);
    for (let i = 0; i < 10 && outbox.pending().length; i++) {
      await pump();
      clock.advance(3500);
    }
    expect(received.length).toBeGreaterThan(1);
    for (const part of received) expect(Buffer.byteLength(part.text)).toBeLessThanOrEqual(2048);
    expect(received.map((m) => m.text).join('\n')).toBe(lines.join('\n'));
  });

  it('keeps unsent messages across a restart', async () => {
    const { clock, outbox, adapter, received } = await setup();
    outbox.enqueue([{ target: { channel: 'wechaty', room: 'A群' }, text: '重启前排队的消息' }]);
    outbox.stop();
    const restarted = new Outbox(db!, clock, settings, silentLogger, () => 0.5);
    expect(restarted.pending().map((m) => m.text)).toEqual(['重启前排队的消息']);
    await restarted.pump(adapter);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(received.map((m) => m.text)).toEqual(['重启前排队的消息']);
  });

  it('backs off when a send fails, and nothing overtakes the failed message', async () => {
    const { clock, outbox, received, pump } = await setup();
    outbox.enqueue(['新群第一条', '新群第二条'].map((text) => ({ target: { channel: 'wechaty', room: '新群' }, text })));
    // The bot is not in 新群 yet: the send fails, and the retry waits 2 s, then 4 s.
    expect(await pump()).toBe(2000);
    clock.advance(2000);
    expect(await pump()).toBe(4000);
    expect(outbox.pending()[0]).toMatchObject({ text: '新群第一条', attempts: 2 });
    world!.addRoom('新群', ['张三']);
    clock.advance(1000);
    expect(await pump()).toBe(3000);
    expect(received).toEqual([]);
    clock.advance(3000);
    await pump();
    clock.advance(3500);
    await pump();
    expect(received.map((m) => m.text)).toEqual(['新群第一条', '新群第二条']);
  });
});
