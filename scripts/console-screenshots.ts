/**
 * `npm run screenshots [-- OUT_DIR]`: looks at the console as a person would. Seed 003 in a fresh database, a few
 * people assigned and a closure waiting, the console on a free port, and Debian's chromium photographing 总览, 台账
 * and an item's page at a desktop's and a phone's size. Needs `apt-get install chromium fonts-noto-cjk`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { ManualClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { dateIn } from '../src/clock.ts';
import { readReportFile } from '../src/ingest/import-file.ts';
import { samples } from '../src/ingest/samples.ts';
import { addAccount } from '../src/ledger/accounts.ts';
import { applyReport } from '../src/ledger/apply-report.ts';
import { openDatabase } from '../src/ledger/db.ts';
import { findItemByCode } from '../src/ledger/items.ts';
import { findLedger } from '../src/ledger/ledgers.ts';
import { assignResponsible, recordUpdate } from '../src/ledger/record.ts';
import { silentLogger } from '../src/log.ts';
import { buildConsole } from '../src/web/console.ts';
import { hashPassword } from '../src/web/passwords.ts';

const out = resolve(process.argv[2] ?? join(tmpdir(), 'duban-screens'));
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'duban-screens-db-'));
const config = loadConfig({ DUBAN_DB: join(dir, 'duban.db'), DUBAN_DATA_DIR: dir });
const clock = new ManualClock('2021-07-01T09:00:00+08:00');
const db = openDatabase(config.db);
const { draft, source } = readReportFile(samples['003'].file, { today: dateIn(clock.now(), config.timeZone) });
applyReport(db, samples['003'].ledger, draft, source, clock.now());
const ledger = findLedger(db, samples['003'].ledger)!;
const said = (author: string, text: string, room: string | null = '整改工作群') => ({ author, room, messageId: null, text, at: clock.now() });
for (const [code, name] of [['一/3', '张三'], ['二/3', '张三'], ['一/7/一是', '李四'], ['三/5', '王五']] as const) {
  assignResponsible(db, findItemByCode(db, ledger.id, code)!.id, name, said('王主任', `指派 ${code} ${name}`));
}
recordUpdate(db, { itemId: findItemByCode(db, ledger.id, '二/3')!.id, kind: 'status', change: { status: 'done', progress: 100 }, source: said('张三', '二/3 已全部收缴'), confirmedBy: '张三', awaiting: 'closure' });
addAccount(db, { name: '王主任', role: 'admin', passwordHash: await hashPassword('screens-only') }, clock.now());

const app = buildConsole({ db, clock, config, log: silentLogger, enqueue: () => {} });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const [device, viewport, scale] of [['desktop', { width: 1366, height: 768 }, 1], ['phone', { width: 390, height: 844 }, 2]] as const) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: scale, isMobile: device === 'phone' });
    await page.goto(`${url}/login`);
    await page.fill('input[name=name]', '王主任');
    await page.fill('input[name=password]', 'screens-only');
    await page.click('button[type=submit]');
    await page.waitForLoadState();
    for (const [name, path] of [['overview', `/l/${ledger.id}`], ['items', `/l/${ledger.id}/items`], ['item', `/l/${ledger.id}/item?code=${encodeURIComponent('一/3')}`]] as const) {
      await page.goto(`${url}${path}`);
      const file = join(out, `${name}-${device}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await app.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
