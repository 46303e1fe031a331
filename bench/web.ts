/**
 * The console's two busiest pages on a 10,000-item ledger: 总览 (counts, by unit, by person, completion over time,
 * three charts) and 台账 (a filtered, sorted page of 50), each a whole request through Fastify (session check and
 * security headers included, in process, no network). Beside each, in the same run and interleaved: the very SQL
 * calls the request made, recorded once and replayed on prepared statements.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { readTextReport } from '../src/ingest/text-report.ts';
import { addAccount, createSession } from '../src/ledger/accounts.ts';
import { applyReport } from '../src/ledger/apply-report.ts';
import { type Db, openDatabase } from '../src/ledger/db.ts';
import { listItems } from '../src/ledger/items.ts';
import { findLedger } from '../src/ledger/ledgers.ts';
import { assignResponsible, recordUpdate } from '../src/ledger/record.ts';
import { silentLogger } from '../src/log.ts';
import { buildConsole } from '../src/web/console.ts';
import { sessionCookie, tokenHash } from '../src/web/session.ts';
import { syntheticReport } from './synthetic.ts';
import { type Call, recording, replayer } from './notices.ts';
import { median, reportBeside } from './support.ts';

const itemCount = 10_000;
const rounds = 9;
const at = (text: string) => new Date(`${text}+08:00`);

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-web-'));
  const config = loadConfig({ DUBAN_DB: join(dir, 'duban.db'), DUBAN_DATA_DIR: dir });
  const clock = new ManualClock('2021-07-01T09:00:00+08:00');
  const db = openDatabase(config.db);
  const ledgerId = benchLedger(db);
  addAccount(db, { name: '李书记', role: 'viewer', passwordHash: 'scrypt$-' }, clock.now());
  createSession(db, { tokenHash: tokenHash('bench'), accountId: 1, csrfKey: 'bench', expiresAt: at('2021-07-02T09:00') }, clock.now());
  const cookie = `${sessionCookie}=bench`;

  const pages = [
    { name: 'overview', path: `/l/${ledgerId}` },
    { name: 'items-overdue-by-deadline', path: `/l/${ledgerId}/items?due=overdue&sort=deadline` },
    { name: 'items-search', path: `/l/${ledgerId}/items?q=${encodeURIComponent('公租房')}` },
  ];
  for (const page of pages) {
    const calls: Call[] = [];
    const recorded = buildConsole({ db: recording(db, calls), clock, config, log: silentLogger, enqueue: () => {} });
    const first = await recorded.inject({ method: 'GET', url: page.path, headers: { cookie } });
    if (first.statusCode !== 200) throw new Error(`${page.path}: ${first.statusCode}`);
    await recorded.close();
    const app = buildConsole({ db, clock, config, log: silentLogger, enqueue: () => {} });
    const replay = replayer(db, calls);
    const renderMs: number[] = [];
    const sqlMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let start = performance.now();
      const response = await app.inject({ method: 'GET', url: page.path, headers: { cookie } });
      renderMs.push(performance.now() - start);
      if (response.statusCode !== 200) throw new Error(`${page.path}: ${response.statusCode}`);
      start = performance.now();
      replay();
      sqlMs.push(performance.now() - start);
    }
    await app.close();
    reportBeside({ bench: `web.${page.name}-10000-items`, unit: 'ms', baseline: 'the same SQL calls alone, replayed', aim: 'value <= 300', digits: 1 }, median(renderMs), median(sqlMs), {
      items: itemCount,
      sqlCalls: calls.length,
      htmlBytes: first.body.length,
    });
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

/** The synthetic ledger with 40 units, a responsible person on every tenth item and some progress reported. */
function benchLedger(db: Db): number {
  const draft = readTextReport(syntheticReport(itemCount), { today: '2021-03-01' });
  applyReport(db, 'bench', draft, { fileName: 'bench.txt', sha256: '-', format: 'text', encoding: 'utf-8' }, at('2021-03-01T09:00'));
  const ledger = findLedger(db, 'bench')!;
  const said = (when: string) => ({ author: '王主任', room: '群0001', messageId: null, text: '已完成', at: at(when) });
  db.transaction(() => {
    db.prepare("UPDATE items SET unit = '第' || (seq % 40 + 1) || '责任单位' WHERE ledger_id = ?").run(ledger.id);
    listItems(db, ledger.id).forEach((item, i) => {
      if (i % 10 === 0) assignResponsible(db, item.id, `责任人${i % 37}`, said('2021-03-02T10:00'));
      if (i % 50 === 0) recordUpdate(db, { itemId: item.id, kind: 'status', change: { status: 'done', progress: 100 }, source: said(`2021-0${4 + (i % 3)}-1${i % 9}T15:00`), confirmedBy: '王主任' });
    });
  })();
  return ledger.id;
}
