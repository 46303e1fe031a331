/**
 * Importing a text report and an Excel ledger of 2,000, 20,000 and 100,000 items, and a Word table of 2,000 rows, into
 * a fresh database, beside the floor: the same rows inserted with bare prepared statements in one transaction and the
 * search index filled once. Each run is a process of its own, so that its peak memory is its own; beside the wall
 * time, each figure gives the CPU time of the same runs, which the other processes of a shared machine disturb less.
 * Aim: within 3x of the floor at every size, so that the cost per item stays flat as reports grow. The 100,000-item
 * sizes take minutes more on a 2-core machine: they run with `DUBAN_BENCH_LARGE=1`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDocxReport } from '../src/ingest/docx-report.ts';
import { readTextReport } from '../src/ingest/text-report.ts';
import { readXlsxLedger } from '../src/ingest/xlsx-ledger.ts';
import type { ReportDraft } from '../src/ledger/types.ts';
import { median, reportBeside, round } from './support.ts';
import { syntheticReport, syntheticWordTable, syntheticWorkbook, warmupItems } from './synthetic.ts';

const runner = fileURLToPath(new URL('./import-run.ts', import.meta.url));
type Format = 'text' | 'xlsx' | 'docx';
const large = process.env.DUBAN_BENCH_LARGE === '1' ? [100_000] : [];
const sizes: Record<Format, number[]> = { text: [2_000, 20_000, ...large], xlsx: [2_000, 20_000, ...large], docx: [2_000] };
const extensions: Record<Format, string> = { text: 'txt', xlsx: 'xlsx', docx: 'docx' };
/** Fewer rounds for the larger sizes: their runs are long enough to be steady; a run of 2,000 items is not. */
const rounds = (items: number) => (items <= 2_000 ? 7 : items <= 20_000 ? 3 : 1);

interface Run {
  ms: number;
  cpuMs: number;
  peakMB: number;
}

function measure(args: string[]): Run {
  const out = execFileSync(process.execPath, ['--import', 'tsx', runner, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Run;
}

async function write(format: Format, items: number, dir: string): Promise<string> {
  const file = join(dir, `${format}-${items}.${extensions[format]}`);
  if (format === 'text') writeFileSync(file, syntheticReport(items));
  else if (format === 'xlsx') await syntheticWorkbook(items, file);
  else await syntheticWordTable(items, file);
  return file;
}

async function inputs(format: Format, items: number, dir: string): Promise<{ file: string; draft: ReportDraft }> {
  const today = '2021-03-01';
  const file = await write(format, items, dir);
  const bytes = readFileSync(file);
  const read = { text: async () => readTextReport(bytes.toString('utf8'), { today }), xlsx: () => readXlsxLedger(bytes, { today }), docx: () => readDocxReport(bytes, { today }) };
  return { file, draft: await read[format]() };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  try {
    for (const format of ['text', 'xlsx', 'docx'] as const) {
      const warmup = await write(format, warmupItems, dir);
      for (const items of sizes[format]) {
        const { file, draft } = await inputs(format, items, dir);
        if (draft.items.length !== items) throw new Error(`the synthetic ${format} of ${items} items reads as ${draft.items.length}`);
        const draftFile = join(dir, 'draft.json');
        writeFileSync(draftFile, JSON.stringify(draft));
        const imports: Run[] = [];
        const floors: Run[] = [];
        for (let r = 0; r < rounds(items); r++) {
          const db = (name: string) => join(dir, `${name}-${format}-${items}-${r}.db`);
          imports.push(measure(['import', format, file, warmup, db('import')]));
          floors.push(measure(['bare', draftFile, db('bare')]));
        }
        reportBeside(
          {
            bench: `import.${format}.${items}-items`,
            unit: 'ms',
            baseline: 'bare prepared inserts of the same rows, one transaction, search index filled once',
            aim: 'ratio <= 3 at every size',
            digits: 0,
          },
          median(imports.map((i) => i.ms)),
          median(floors.map((f) => f.ms)),
          {
            items,
            fileBytes: readFileSync(file).length,
            cpuMs: round(median(imports.map((i) => i.cpuMs)), 0),
            baselineCpuMs: round(median(floors.map((f) => f.cpuMs)), 0),
            cpuRatio: round(median(imports.map((i) => i.cpuMs)) / median(floors.map((f) => f.cpuMs)), 2),
            peakMB: round(Math.max(...imports.map((i) => i.peakMB)), 0),
            baselinePeakMB: round(Math.max(...floors.map((f) => f.peakMB)), 0),
          },
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
