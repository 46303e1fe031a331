import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { dailyOptions, postNotice } from '../../src/broadcast/post.ts';
import { addAccount } from '../../src/ledger/accounts.ts';
import { findBinding } from '../../src/ledger/bindings.ts';
import { listUpdates } from '../../src/ledger/updates.ts';
import { silentLogger } from '../../src/log.ts';
import { buildConsole } from '../../src/web/console.ts';
import { hashPassword } from '../../src/web/passwords.ts';
import { launchBrowser, runBrowserTests } from '../support/browser.ts';
import { password } from '../support/console.ts';
import { startWorld, type TestWorld } from '../support/world.ts';

let t: TestWorld | undefined;
let app: FastifyInstance | undefined;
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  await app?.close();
  await t?.close();
  browser = app = t = undefined;
});

/** The group world (wechaty-puppet-mock) and the console in one process, on one database and one outbox, as `serve` runs them. */
async function consoleBesideGroups(): Promise<{ url: string; world: TestWorld }> {
  const world = await startWorld();
  const passwordHash = await hashPassword(password);
  addAccount(world.db, { name: '刘主任', role: 'admin', passwordHash }, world.clock.now());
  addAccount(world.db, { name: '李书记', role: 'viewer', passwordHash }, world.clock.now());
  app = buildConsole({ db: world.db, clock: world.clock, config: world.config, log: silentLogger, enqueue: (messages) => world.outbox.enqueue(messages) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
  return { url, world };
}

async function logIn(url: string, name: string): Promise<Page> {
  const page = await browser!.newPage();
  await page.goto(`${url}/login`);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForLoadState();
  return page;
}

describe.runIf(runBrowserTests)('审核 in the console, beside the groups (mock puppet)', () => {
  it('approves a waiting closure: the item is closed by the account, via web, and the reporter is told in their group', async () => {
    const { url, world } = await consoleBesideGroups();
    t = world;
    await world.ask('王主任', '@督办 指派 一/3 张三');
    await world.ask('张三', '@督办 一/3 已完成');
    await world.ask('张三', '确认');
    const photo = Buffer.from('\xff\xd8\xff\xe0 a photo of the housing, as evidence', 'latin1');
    world.world.send('张三', { name: '入住现场.jpg', data: photo }, '整改工作群');
    await world.quiet();

    // A leader sees what waits, with no button to act on it, and a POST of theirs is refused.
    const leader = await logIn(url, '李书记');
    await leader.goto(`${url}/l/2/review`);
    expect(await leader.locator('table.review tbody tr[data-code="一/3"]').count()).toBe(1);
    expect(await leader.locator('main form, main button').count()).toBe(0);
    const token = await leader.locator('form.who input[name=_csrf]').getAttribute('value');
    const forged = await leader.request.post(`${url}/l/2/review/approve`, { form: { _csrf: token!, code: '一/3', what: 'closure' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(listUpdates(world.db, {}).at(-1)!.kind).not.toBe('approve');
    await leader.close();

    const page = await logIn(url, '刘主任');
    await page.goto(`${url}/l/2/review`);
    const row = page.locator('table.review tbody tr[data-code="一/3"]');
    // The evidence opens in the page, and downloads.
    const link = row.locator('a', { hasText: '入住现场.jpg' });
    const shown = await page.request.get(`${url}${await link.getAttribute('href')}`);
    expect(shown.headers()['content-type']).toBe('image/jpeg');
    expect(Buffer.from(await shown.body())).toEqual(photo);
    await page.goto(`${url}/l/2/item?code=${encodeURIComponent('一/3')}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('table.trail a', { hasText: '下载' }).click()]);
    expect(download.suggestedFilename()).toBe('入住现场.jpg');
    await page.goto(`${url}/l/2/review`);
    expect(await row.locator('td').nth(4).textContent()).toBe('报已完成，申请销号');
    expect(await row.locator('td.source').textContent()).toBe('一/3 已完成');
    const before = world.said.length;
    await row.locator('button', { hasText: '销号' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.notice').textContent()).toMatch(/^【一\/3】公租房闲置问题整改不力：已销号（#\d+）。已把结果排入发送队列，通知报告人所在的群。$/);
    expect(await page.locator('table.review tbody tr').count()).toBe(0);

    await world.quiet();
    const told = world.said.slice(before);
    expect(told.map((m) => [m.room, m.text])).toEqual([['整改工作群', '@张三\u2005你报的【一/3】完成情况已审核销号（刘主任）。']]);
    const approval = listUpdates(world.db, {}).at(-1)!;
    expect(approval).toMatchObject({ code: '一/3', kind: 'approve', author: '刘主任', approvedBy: '刘主任', via: 'web', sourceText: '销号 一/3', newStatus: 'closed' });
    const [answer] = await world.ask('李四', '@督办 一/3');
    expect(answer!.text).toContain('状态：已销号');
  });

  it('returns a deadline change with the reason, and the reporter is told so', async () => {
    const { url, world } = await consoleBesideGroups();
    t = world;
    await world.ask('王主任', '@督办 指派 二/3 张三');
    await world.ask('张三', '@督办 二/3 申请延期到9月底');
    await world.ask('张三', '确认');

    const page = await logIn(url, '刘主任');
    await page.goto(`${url}/l/2/review`);
    const row = page.locator('table.review tbody tr[data-code="二/3"]');
    expect(await row.locator('td').nth(4).textContent()).toBe('申请把时限改到 2021-09-30');
    const before = world.said.length;
    await row.locator('input[name=reason]').fill('缺少上级批复');
    await row.locator('button', { hasText: '退回' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.notice').textContent()).toContain('已退回【二/3】的延期申请：缺少上级批复。');
    await world.quiet();
    expect(world.said.slice(before).map((m) => m.text)).toEqual(['@张三\u2005你报的【二/3】延期申请被退回：缺少上级批复。请补充后重新报送。']);
    const [answer] = await world.ask('李四', '@督办 二/3');
    expect(answer!.text).toContain('时限：2021-12-31');
  });

  it('shows on 群组 each bound group\'s ledger, notice time and days, last notice and what waits in the outbox', async () => {
    const { url, world } = await consoleBesideGroups();
    t = world;
    const binding = findBinding(world.db, '整改工作群')!;
    postNotice(world.db, (m) => world.outbox.enqueue(m), binding, dailyOptions(world.config, world.clock.now(), []));
    await world.quiet();
    // WeChat unreachable: what is queued now waits.
    world.outbox.stop();
    world.outbox.enqueue([{ target: { channel: 'wechaty', room: '整改工作群' }, text: '一条还没发出的消息' }]);

    const page = await logIn(url, '刘主任');
    await page.goto(`${url}/groups`);
    const cells = await page.locator('table.groups tr[data-room="整改工作群"] td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['整改工作群', '伊川县产业集聚区', '每周一至周五 09:00']);
    expect(cells[3]).toMatch(/^2021-07-01，2021-07-01 09:00 排入队列，已发出 (\d+)\/\1 条$/);
    expect(cells[4]).toBe('1 条：一条还没发出的消息');
  });
});
