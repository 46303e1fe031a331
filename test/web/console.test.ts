import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, runBrowserTests } from '../support/browser.ts';
import { runCli } from '../support/cli.ts';
import { password, type RunningConsole, startConsoleProcess } from '../support/console.ts';

let web: RunningConsole;
let browser: Browser;

async function logIn(name: string, secret = password): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${web.url}/`);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', secret);
  await page.click('button[type=submit]');
  await page.waitForLoadState();
  return page;
}

interface JsonItem {
  code: string;
  status: string;
  deadlines: string[];
  responsible: string[];
}

describe.runIf(runBrowserTests)('the web console in chromium, against duban web on seed 003 (as of 2021-07-01)', () => {
  beforeAll(async () => {
    web = await startConsoleProcess({
      accounts: [
        { name: '王主任', role: 'admin' },
        { name: '李书记', role: 'viewer' },
        { name: '赵科员', role: 'admin' },
      ],
    });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('refuses a wrong password, lets the right one in, and throttles the tenth fast attempt', async () => {
    const wrong = await logIn('王主任', 'not-the-password');
    expect(await wrong.locator('.error').textContent()).toBe('账号或密码不对。');
    expect(new URL(wrong.url()).pathname).toBe('/login');
    await wrong.close();

    const right = await logIn('王主任');
    expect(new URL(right.url()).pathname).toBe('/l/1');
    expect(await right.locator('h1').textContent()).toContain('「伊川县产业集聚区」整改总览');
    await right.close();

    const page = await browser.newPage();
    await page.goto(`${web.url}/login`);
    const said: string[] = [];
    for (let attempt = 1; attempt <= 10; attempt++) {
      await page.fill('input[name=name]', '赵科员');
      // The tenth is the right password: refused all the same, without being checked.
      await page.fill('input[name=password]', attempt === 10 ? password : `guess-${attempt}`);
      await page.click('button[type=submit]');
      await page.waitForLoadState();
      said.push((await page.locator('.error').textContent()) ?? '');
    }
    expect(said.slice(0, 9)).toEqual(Array(9).fill('账号或密码不对。'));
    expect(said[9]).toMatch(/^登录失败次数过多，请 \d+ 分钟后再试。$/);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('shows on 总览 the numbers items --json gives', async () => {
    const items = JSON.parse((await runCli(['items', '--json'], web.env)).stdout) as JsonItem[];
    const today = '2021-07-01';
    const open = (i: JsonItem) => i.status === 'not_started' || i.status === 'in_progress';
    const count = (status: string) => items.filter((i) => i.status === status).length;
    const done = count('done') + count('closed');
    const expected = {
      total: String(items.length),
      completion: `${Math.round((done / items.length) * 100)}%`,
      not_started: String(count('not_started')),
      in_progress: String(count('in_progress')),
      done: String(count('done')),
      closed: String(count('closed')),
      overdue: String(items.filter((i) => open(i) && i.deadlines.length && i.deadlines.at(-1)! < today).length),
      soon: String(items.filter((i) => open(i) && i.deadlines.some((d) => d >= today && d <= '2021-07-08')).length),
    };
    const page = await logIn('李书记');
    const shown: Record<string, string> = {};
    for (const key of Object.keys(expected)) shown[key] = ((await page.locator(`[data-stat="${key}"]`).textContent()) ?? '').trim();
    expect(shown).toEqual(expected);
    expect(expected).toMatchObject({ total: '25', completion: '80%', overdue: '1' });
    // The charts are drawn on the server, in the page: no script.
    expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  it('filters 台账 to the overdue items: 一/3 alone, in red', async () => {
    const page = await logIn('李书记');
    await page.click('nav.sections >> text=台账');
    await page.selectOption('select[name=due]', 'overdue');
    await page.click('form.filters button[type=submit]');
    await page.waitForLoadState();
    const rows = page.locator('table.items tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-code')).toBe('一/3');
    expect(await rows.first().locator('td.deadline').textContent()).toBe('2021-06-30（已逾期 1 天）');
    const badge = rows.first().locator('.badge');
    expect(await badge.textContent()).toBe('正在整改');
    // Runs in the page, where getComputedStyle is a global (this project's types have no DOM).
    const colour = await badge.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
    expect(colour).toBe('rgb(198, 40, 40)');
    await page.close();
  });

  it('searches 台账 with the groups\' retrieval, two characters too', async () => {
    const page = await logIn('李书记');
    await page.goto(`${web.url}/l/1/items?q=${encodeURIComponent('租房')}`);
    const codes = await page.locator('table.items tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
    expect(codes).toContain('一/3');
    await page.close();
  });

  it('gives a viewer no action buttons and refuses a viewer\'s forged POST, changing nothing', async () => {
    const page = await logIn('李书记');
    await page.goto(`${web.url}/l/1/item?code=${encodeURIComponent('一/3')}`);
    expect(await page.locator('h1').textContent()).toBe('一/3 公租房闲置问题整改不力');
    expect(await page.locator('main form, main button').count()).toBe(0);
    expect(await page.locator('nav.sections a').allTextContents()).not.toContain('导入');
    // A valid form token of the viewer's own session (from the logout button), on a form the viewer was never shown.
    const token = await page.locator('form.who input[name=_csrf]').getAttribute('value');
    const forged = await page.request.post(`${web.url}/l/1/item/assign`, { form: { _csrf: token!, code: '一/3', names: '李书记' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('只读账号只能查看，不能操作');
    const items = JSON.parse((await runCli(['items', '--json'], web.env)).stdout) as JsonItem[];
    expect(items.find((i) => i.code === '一/3')!.responsible).toEqual([]);
    await page.close();
  });

  it('refuses an admin\'s form without its token, and the same form sent twice', async () => {
    const page = await logIn('王主任');
    const missing = await page.request.post(`${web.url}/l/1/item/assign`, { form: { code: '二/3', names: '张三' }, maxRedirects: 0 });
    expect(missing.status()).toBe(403);
    expect(await missing.text()).toContain('这个表单已经提交过、已过期，或不是从本系统的页面发出的，没有做任何改动');

    await page.goto(`${web.url}/l/1/item?code=${encodeURIComponent('二/3')}`);
    const token = await page.locator('section.actions input[name=_csrf]').getAttribute('value');
    await page.fill('section.actions input[name=names]', '张三');
    await page.click('section.actions button[type=submit]');
    await page.waitForLoadState();
    expect(await page.locator('.notice').textContent()).toContain('已指派 张三 为【二/3】');
    const replayed = await page.request.post(`${web.url}/l/1/item/assign`, { form: { _csrf: token!, code: '二/3', names: '李四' }, maxRedirects: 0 });
    expect(replayed.status()).toBe(403);

    const trail = JSON.parse((await runCli(['updates', '--json'], web.env)).stdout) as { code: string; kind: string; author: string; via: string | null; sourceText: string }[];
    expect(trail.filter((u) => u.kind === 'assign')).toEqual([expect.objectContaining({ code: '二/3', author: '王主任', via: 'web', sourceText: '指派 二/3 张三' })]);
    await page.close();
  });

  it('answers an unknown item, ledger or page with a 404 page and no stack trace', async () => {
    const page = await logIn('李书记');
    for (const path of [`/l/1/item?code=${encodeURIComponent('九/9')}`, '/l/99', '/l/abc/items', '/nothing']) {
      const response = await page.goto(`${web.url}${path}`);
      expect(response!.status()).toBe(404);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('找不到');
      expect(text).not.toMatch(/at .*\.ts|Error/);
    }
    await page.close();
  });

  it('sends HttpOnly, SameSite session cookies and security headers', async () => {
    const page = await logIn('李书记');
    const [session] = (await page.context().cookies()).filter((c) => c.name === 'duban_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const response = await page.goto(`${web.url}/l/1`);
    const headers = response!.headers();
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    await page.close();
  });
});
