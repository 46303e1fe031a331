/**
 * Importing a 2,000-item report built from the seeds' items into a fresh database, beside the floor: inserting the
 * same rows with bare prepared statements in one transaction. Aim: within 3x of the floor.
 */
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTextReport } from '../src/ingest/text-report.ts';
import { applyReport } from '../src/ledger/apply-report.ts';
import { type Db, openDatabase } from '../src/ledger/db.ts';
import type { ReportDraft } from '../src/ledger/types.ts';
import { median, reportBeside, time } from './support.ts';

const chinese = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'];

/** 20 sections of 100 items each, every item a seed item's title, problem and rectification. */
export function syntheticReport(itemCount: number): string {
  const samples = ['000_5c118598706826d0', '003_cf95e3e12b08fb36'].flatMap(
    (seed) => readTextReport(readFileSync(new URL(`../data/samples/${seed}.txt`, import.meta.url), 'utf8'), { today: '2021-01-01' }).items,
  );
  const perSection = Math.ceil(itemCount / chinese.length);
  const lines: string[] = ['关于巡察反馈意见整改情况的报告'];
  for (let n = 0; n < itemCount; n++) {
    if (n % perSection === 0) lines.push(`${chinese[n / perSection]}、第${n / perSection + 1}方面的问题`);
    const sample = samples[n % samples.length]!;
    lines.push(`${(n % perSection) + 1}、${sample.title}`, `问题内容：${sample.problem.replace(/\n/g, '')}`, `整改情况：${sample.rectification.replace(/\n/g, '')}`);
  }
  lines.push('2021年3月1日');
  return lines.join('\n');
}

export function bareInsert(db: Db, draft: ReportDraft): void {
  const at = new Date().toISOString();
  const ledger = db.prepare('INSERT INTO ledgers (name, report_date, report_date_source, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const item = db.prepare(`INSERT INTO items (ledger_id, code, seq, sections, title, problem, rectification, reported_status,
    status, long_term, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const measure = db.prepare('INSERT INTO measures (item_id, seq, marker, text, status, deadline) VALUES (?, ?, ?, ?, ?, ?)');
  const deadline = db.prepare('INSERT INTO deadlines (item_id, due_date, phrase, measure_seq) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    const ledgerId = ledger.run('bench', draft.reportDate, draft.reportDateSource, at, at).lastInsertRowid;
    draft.items.forEach((it, i) => {
      const id = item.run(ledgerId, it.code, i + 1, JSON.stringify(it.sections), it.title, it.problem, it.rectification,
        it.status, it.status, it.longTerm ? 1 : 0, at, at).lastInsertRowid;
      it.measures.forEach((m, j) => measure.run(id, j + 1, m.marker, m.text, m.status, m.deadline));
      for (const d of it.deadlines) deadline.run(id, d.date, d.phrase, d.measureSeq);
    });
  })();
}

export function run(): void {
  const itemCount = 2000;
  const text = syntheticReport(itemCount);
  const parsed = readTextReport(text, { today: '2021-03-01' });
  if (parsed.items.length !== itemCount) throw new Error(`synthetic report reads as ${parsed.items.length} items`);
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  const source = { fileName: 'bench.txt', sha256: '-', format: 'text', encoding: 'utf-8' };
  const imports: number[] = [];
  const floors: number[] = [];
  try {
    for (let round = 0; round < 7; round++) {
      const a = openDatabase(join(dir, `import-${round}.db`));
      imports.push(time(() => applyReport(a, 'bench', readTextReport(text, { today: '2021-03-01' }), source, new Date())));
      a.close();
      const b = openDatabase(join(dir, `floor-${round}.db`));
      floors.push(time(() => bareInsert(b, parsed)));
      b.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const value = median(imports);
  const baselineValue = median(floors);
  reportBeside(
    { bench: 'import.2000-items', unit: 'ms', baseline: 'bare prepared inserts of the same rows, one transaction', aim: 'ratio <= 3', digits: 1 },
    value,
    baselineValue,
    { items: itemCount, bytes: Buffer.byteLength(text) },
  );
}
