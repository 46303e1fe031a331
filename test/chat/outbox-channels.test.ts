import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Outbox, type QueuedMessage } from '../../src/chat/outbox.ts';
import { ManualClock } from '../../src/clock.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { silentLogger } from '../../src/log.ts';
import { tempDir } from '../support/files.ts';

describe("the outbox keeps each channel to its own rate and size", () => {
  it('sends WeCom at most 2 a minute when its limit says so, WeChat meanwhile as fast as the settings allow', async () => {
    const clock = new ManualClock('2021-07-01T09:00:00+08:00');
    const db = openDatabase(join(tempDir(), 'duban.db'));
    const outbox = new Outbox(db, clock, { gapMs: 0, jitterMs: 0, perMinute: 100, maxBytes: 2048 }, silentLogger);
    outbox.limit('wecom', { perMinute: 2, maxBytes: 120 });
    const sent: QueuedMessage[] = [];
    const send = async (message: QueuedMessage) => void sent.push(message);
    outbox.enqueue(['W1', 'W2', 'W3'].map((text) => ({ target: { channel: 'wecom' as const, room: 'wecom:chat' }, text })));
    outbox.enqueue(['C1', 'C2'].map((text) => ({ target: { channel: 'wechaty' as const, room: '整改工作群' }, text })));

    expect(await outbox.pump(send)).toBe(60_000);
    expect(sent.map((m) => m.text)).toEqual(['W1', 'W2', 'C1', 'C2']);
    clock.advance(60_000);
    expect(await outbox.pump(send)).toBeUndefined();
    expect(sent.map((m) => m.text).at(-1)).toBe('W3');

    const long = Array.from({ length: 8 }, (_, i) => `第${i + 1}行：一/3 公租房闲置问题`).join('\n');
    const parts = outbox.enqueue([{ target: { channel: 'wecom', room: 'wecom:chat' }, text: long }, { target: { channel: 'wechaty', room: '整改工作群' }, text: long }]);
    const rows = db.prepare(`SELECT channel, length(CAST(text AS BLOB)) AS bytes FROM outbox WHERE id IN (${parts.join(',')})`).all() as { channel: string; bytes: number }[];
    expect(rows.filter((r) => r.channel === 'wechaty')).toHaveLength(1);
    expect(rows.filter((r) => r.channel === 'wecom').length).toBeGreaterThan(2);
    expect(Math.max(...rows.filter((r) => r.channel === 'wecom').map((r) => r.bytes))).toBeLessThanOrEqual(120);
    db.close();
  });
});
