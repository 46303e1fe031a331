/**
 * One measured import in a process of its own, so that its peak memory is its own: `import` reads the file and
 * writes it into a fresh database as `duban import` does; `bare` takes the rows already read (as JSON) and inserts
 * them with bare prepared statements, then fills the search index once. Each first does the same with a 2,000-item input
 * in memory, so that neither is measured while its code is still cold. Prints `{ ms, cpuMs, peakMB }`: wall and CPU
 * time of the measured run (CPU time is what other processes on a shared machine change least).
 *
 *   tsx bench/import-run.ts import text|xlsx|docx FILE WARMUP-FILE DB
 *   tsx bench/import-run.ts bare DRAFT.json DB
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { decodeText } from '../src/ingest/decode.ts';
import { readDocxReport } from '../src/ingest/docx-report.ts';
import { readTextReport } from '../src/ingest/text-report.ts';
import { readXlsxLedger } from '../src/ingest/xlsx-ledger.ts';
import { applyReport } from '../src/ledger/apply-report.ts';
import { type Db, openDatabase } from '../src/ledger/db.ts';
import type { ReportDraft } from '../src/ledger/types.ts';
import { warmupItems } from './synthetic.ts';

const today = '2021-03-01';

async function imported(format: string, file: string, db: Db): Promise<void> {
  const bytes = readFileSync(file);
  const draft =
    format === 'xlsx'
      ? await readXlsxLedger(bytes, { today })
      : format === 'docx'
        ? await readDocxReport(bytes, { today })
        : readTextReport(decodeText(bytes, file).text, { today });
  applyReport(db, 'bench', draft, { fileName: file, sha256: '-', format, encoding: null }, new Date());
}

/**
 * The floor: the same rows, bare prepared inserts in one transaction, and the search index filled once, with the
 * page cache and merge setting a bulk fill deserves.
 */
function bareInsert(db: Db, draft: ReportDraft): void {
  db.pragma('cache_size = -65536');
  const at = new Date().toISOString();
  const ledger = db.prepare('INSERT INTO ledgers (name, report_date, report_date_source, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const item = db.prepare(`INSERT INTO items (ledger_id, code, seq, sections, title, problem, rectification, reported_status,
    status, long_term, planned_measures, leader, unit, remark, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const measure = db.prepare('INSERT INTO measures (item_id, seq, marker, text, status, deadline) VALUES (?, ?, ?, ?, ?, ?)');
  const deadline = db.prepare('INSERT INTO deadlines (item_id, due_date, phrase, measure_seq) VALUES (?, ?, ?, ?)');
  const responsible = db.prepare('INSERT INTO responsibles (item_id, name, assigned_by, assigned_at) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    const ledgerId = Number(ledger.run('bench', draft.reportDate, draft.reportDateSource, at, at).lastInsertRowid);
    db.prepare('INSERT INTO search_deferred (ledger_id) VALUES (?)').run(ledgerId);
    draft.items.forEach((it, i) => {
      const id = item.run(ledgerId, it.code, i + 1, JSON.stringify(it.sections), it.title, it.problem, it.rectification,
        it.status, it.status, it.longTerm ? 1 : 0, it.plannedMeasures ?? '', it.leader ?? '', it.unit ?? '', it.remark ?? '', at, at).lastInsertRowid;
      it.measures.forEach((m, j) => measure.run(id, j + 1, m.marker, m.text, m.status, m.deadline));
      for (const d of it.deadlines) deadline.run(id, d.date, d.phrase, d.measureSeq);
      for (const name of it.responsible ?? []) responsible.run(id, name, 'bench', at);
    });
    db.prepare('DELETE FROM search_deferred').run();
    db.exec("INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', 0)");
    db.exec('INSERT INTO items_fts (rowid, title, problem, rectification) SELECT id, title, problem, rectification FROM items');
    db.exec("INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', 4)");
  })();
}

const [mode, ...args] = process.argv.slice(2);
let ms: number;
let cpu: NodeJS.CpuUsage;
if (mode === 'import') {
  const [format, file, warmup, path] = args as [string, string, string, string];
  await imported(format, warmup, openDatabase(':memory:'));
  const db = openDatabase(path);
  const [start, startCpu] = [performance.now(), process.cpuUsage()];
  await imported(format, file, db);
  [ms, cpu] = [performance.now() - start, process.cpuUsage(startCpu)];
  db.close();
} else {
  const [draftFile, path] = args as [string, string];
  const draft = JSON.parse(readFileSync(draftFile, 'utf8')) as ReportDraft;
  bareInsert(openDatabase(':memory:'), { ...draft, items: draft.items.slice(0, warmupItems) });
  const db = openDatabase(path);
  const [start, startCpu] = [performance.now(), process.cpuUsage()];
  bareInsert(db, draft);
  [ms, cpu] = [performance.now() - start, process.cpuUsage(startCpu)];
  db.close();
}
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, peakMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
