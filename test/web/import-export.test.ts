import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImportFile } from '../../src/ingest/import-file.ts';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { listItems } from '../../src/ledger/items.ts';
import { findLedger } from '../../src/ledger/ledgers.ts';
import { launchBrowser, runBrowserTests } from '../support/browser.ts';
import { password, type RunningConsole, startConsoleProcess } from '../support/console.ts';
import { seedText } from '../support/files.ts';
import { reportDocx } from '../support/office.ts';

let web: RunningConsole;
let browser: Browser;
let page: Page;

/** The database as bytes on disk, its write-ahead log included. */
function databaseBytes(): string {
  const hash = createHash('sha256');
  for (const file of [web.db, `${web.db}-wal`]) if (existsSync(file)) hash.update(readFileSync(file));
  return hash.digest('hex');
}

async function upload(path: string, ledger = ''): Promise<void> {
  await page.goto(`${web.url}/import`);
  await page.setInputFiles('input[name=file]', path);
  if (ledger) await page.fill('input[name=ledger]', ledger);
  await page.click('main button[type=submit]');
  await page.waitForLoadState();
}

describe.runIf(runBrowserTests)('导入 and 导出 in chromium, against duban web on seed 003', () => {
  beforeAll(async () => {
    web = await startConsoleProcess({ accounts: [{ name: '王主任', role: 'admin' }] });
    browser = await launchBrowser();
    page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await page.goto(`${web.url}/login`);
    await page.fill('input[name=name]', '王主任');
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForLoadState();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('reads an uploaded .docx for review, and a cancel leaves the database bytes as they were', async () => {
    const docx = join(web.dir, '产业集聚区党工委整改报告.docx');
    writeFileSync(docx, await reportDocx(seedText('000'), { numbered: true }));
    const before = databaseBytes();
    await upload(docx);
    expect(await page.locator('h1').textContent()).toBe('导入预览 产业集聚区党工委整改报告.docx');
    expect(await page.locator('main').textContent()).toContain('将导入到台账「产业集聚区党工委整改报告」（新建）');
    expect(Number(await page.locator('[data-stat=items]').textContent())).toBeGreaterThan(10);
    expect(await page.locator('table.items tbody tr').count()).toBe(Number(await page.locator('[data-stat=items]').textContent()));
    await page.click('button:has-text("取消")');
    await page.waitForLoadState();
    expect(await page.locator('main p').first().textContent()).toBe('已取消，没有导入任何内容。');
    expect(databaseBytes()).toBe(before);
    expect(readdirSync(join(web.dir, 'uploads'))).toEqual([]);
  });

  it('imports after the review: the ledger is there with what the review showed', async () => {
    const docx = join(web.dir, 'report.docx');
    writeFileSync(docx, await reportDocx(seedText('000'), { numbered: true }));
    await upload(docx, '党工委台账');
    const shown = Number(await page.locator('[data-stat=items]').textContent());
    await page.click('button:has-text("确认导入")');
    await page.waitForLoadState();
    expect(await page.locator('.notice').textContent()).toBe(`已导入台账「党工委台账」：新建台账，新增 ${shown} 项。`);
    const db = openDatabase(web.db);
    expect(listItems(db, findLedger(db, '党工委台账')!.id)).toHaveLength(shown);
    db.close();
  });

  it('says plainly why a file of the wrong type, a corrupt one or one too large is not imported, writing nothing', async () => {
    const before = databaseBytes();
    const cases: [string, Buffer, RegExp][] = [
      ['扫描件.pdf', Buffer.from('%PDF-1.4'), /只接受 \.txt、\.docx 或 \.xlsx 文件/],
      ['损坏.docx', Buffer.from('PK\u0003\u0004 not really a zip'), /损坏\.docx：/],
      ['太大.txt', Buffer.alloc(11 * 1024 * 1024, 0x41), /上传的文件超过 10 MB，没有导入任何内容/],
    ];
    for (const [name, bytes, said] of cases) {
      const path = join(web.dir, name);
      writeFileSync(path, bytes);
      await upload(path);
      expect(await page.locator('main').textContent()).toMatch(said);
    }
    expect(databaseBytes()).toBe(before);
  });

  it('downloads the ledger as a workbook that imports back as the same ledger', async () => {
    await page.goto(`${web.url}/l/1/export`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="ledger.xlsx"]')]);
    expect(download.suggestedFilename()).toBe('伊川县产业集聚区-整改台账.xlsx');
    const file = join(web.dir, 'exported.xlsx');
    await download.saveAs(file);

    const db = openDatabase(join(web.dir, 'read-back.db'));
    const { draft, source } = await readImportFile(file, { today: '2021-07-01' });
    applyReport(db, '回读', draft, source, new Date('2021-07-01T01:00:00Z'));
    const original = openDatabase(web.db);
    const shape = (d: typeof db, name: string) =>
      listItems(d, findLedger(d, name)!.id).map((i) => ({ code: i.code, title: i.title, status: i.status, deadlines: i.deadlines, responsible: i.responsible }));
    expect(shape(db, '回读')).toEqual(shape(original, '伊川县产业集聚区'));
    db.close();
    original.close();

    const [report] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="report.docx"]')]);
    expect(report.suggestedFilename()).toBe('伊川县产业集聚区-整改情况公布.docx');
  });
});
