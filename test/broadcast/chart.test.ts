import type { Message } from 'wechaty';
import { afterEach, describe, expect, it } from 'vitest';
import { noticeChart } from '../../src/broadcast/notice-chart.ts';
import { dailyOptions, postNotice } from '../../src/broadcast/post.ts';
import { Outbox } from '../../src/chat/outbox.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { importSamples } from '../../src/ingest/samples.ts';
import { bindRoom, findBinding } from '../../src/ledger/bindings.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { silentLogger } from '../../src/log.ts';
import { chartFonts } from '../../src/report/chart-png.ts';
import { decodePng, type Picture } from '../support/png.ts';
import { startWorld, type TestWorld } from '../support/world.ts';

const near = (rgb: [number, number, number], [r, g, b]: [number, number, number]) => Math.abs(rgb[0] - r) + Math.abs(rgb[1] - g) + Math.abs(rgb[2] - b) < 30;

function census(picture: Picture): { inked: number; red: number; green: number; total: number } {
  let inked = 0;
  let red = 0;
  let green = 0;
  for (let y = 0; y < picture.height; y++) {
    for (let x = 0; x < picture.width; x++) {
      const rgb = picture.pixel(x, y);
      if (rgb[0] + rgb[1] + rgb[2] < 720) inked++;
      if (near(rgb, [198, 40, 40])) red++;
      if (near(rgb, [46, 125, 50])) green++;
    }
  }
  return { inked, red, green, total: picture.width * picture.height };
}

function ledgerDb() {
  const clock = new ManualClock('2021-07-01T09:00:00+08:00');
  const db = openDatabase(':memory:');
  importSamples(db, clock.now(), 'Asia/Shanghai');
  const ledger = findLedger(db, '伊川县产业集聚区')!;
  for (const room of ['只收文字的群', '能收图片的群']) bindRoom(db, { roomTopic: room, ledgerId: ledger.id, by: 'test' }, clock.now());
  return { db, clock, ledger };
}

let t: TestWorld | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

// Debian's fonts-noto-cjk (.ci/run installs it); without a CJK font there is no picture, and the text says everything.
describe.runIf(chartFonts().length > 0 || process.env.CI)('the daily notice\'s chart', () => {
  it('is a PNG of the size it says, not blank, with the overdue in red and the done in green', () => {
    const { db, ledger } = ledgerDb();
    const png = noticeChart(db, ledger, '2021-07-01')!;
    const picture = decodePng(png);
    expect(picture.width).toBe(1120);
    expect(picture.height).toBeGreaterThanOrEqual(320);
    const seen = census(picture);
    expect(seen.inked / seen.total).toBeGreaterThan(0.03);
    expect(seen.red).toBeGreaterThan(200);
    expect(seen.green).toBeGreaterThan(seen.red);
  });

  it('follows the notice where pictures can be sent, and leaves the text notice as it is', () => {
    const { db, clock } = ledgerDb();
    const outbox = new Outbox(db, clock, loadConfig({}).outbox, silentLogger);
    const options = dailyOptions(loadConfig({}), clock.now(), []);
    const text = postNotice(db, (m) => outbox.enqueue(m), findBinding(db, '只收文字的群')!, options);
    const pictured = postNotice(db, (m) => outbox.enqueue(m), findBinding(db, '能收图片的群')!, { ...options, images: true });
    expect(text.posted && pictured.posted).toBe(true);
    if (!text.posted || !pictured.posted) return;
    expect(pictured.notice).toEqual(text.notice);
    const queued = outbox.pending();
    const of = (room: string) => queued.filter((m) => 'room' in m.target && m.target.room === room);
    expect(of('只收文字的群').map((m) => m.text)).toEqual(of('能收图片的群').filter((m) => !m.image).map((m) => m.text));
    const [image] = of('能收图片的群').filter((m) => m.image);
    expect(image!.text).toBe('[图] 伊川县产业集聚区 完成情况（2021-07-01）');
    expect(decodePng(image!.image!).width).toBe(1120);
    expect(of('只收文字的群').some((m) => m.image)).toBe(false);
  });

  it('reaches the group as a picture through Wechaty (mock puppet)', async () => {
    t = await startWorld();
    const pictures: Buffer[] = [];
    t.world.wechaty.on('message', async (message: Message) => {
      if (message.self() && message.type() === t!.world.wechaty.Message.Type.Image) pictures.push(await (await message.toFileBox()).toBuffer());
    });
    const binding = findBinding(t.db, '整改工作群')!;
    postNotice(t.db, (m) => t!.outbox.enqueue(m), binding, { ...dailyOptions(t.config, t.clock.now(), []), images: true });
    await t.quiet();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.said.filter((m) => m.room === '整改工作群')[0]!.text).toMatch(/^【整改进展日报】/);
    expect(pictures).toHaveLength(1);
    expect(census(decodePng(pictures[0]!)).red).toBeGreaterThan(200);
  });
});
