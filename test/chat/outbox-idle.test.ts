import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Outbox } from '../../src/chat/outbox.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { silentLogger } from '../../src/log.ts';
import { tempDir } from '../support/files.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('the outbox of serve, with duban web in another process', () => {
  it('sends within half a minute what the other process queued while its own queue was empty', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const path = join(tempDir(), 'duban.db');
    const clock = new ManualClock('2021-07-01T09:00:00+08:00');
    const settings = loadConfig({}).outbox;
    const serving = openDatabase(path);
    const console = openDatabase(path);
    const sent: string[] = [];
    const outbox = new Outbox(serving, clock, settings, silentLogger);
    outbox.start(async (message) => {
      sent.push(message.text);
    });
    await vi.advanceTimersByTimeAsync(1_000);
    new Outbox(console, clock, settings, silentLogger).enqueue([{ target: { channel: 'wechaty', room: '整改工作群' }, text: '@张三\u2005你报的【一/3】完成情况已审核销号（刘主任）。' }]);
    await vi.advanceTimersByTimeAsync(28_000);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent).toEqual(['@张三\u2005你报的【一/3】完成情况已审核销号（刘主任）。']);
    outbox.stop();
    serving.close();
    console.close();
  });
});
