/**
 * A question's latency on a 10,000-item ledger, words as people write them: the retrieval before this version (the
 * phrase peeled at its ends, all of it through the trigram index), the retrieval now (cut into words, fillers dropped,
 * synonyms and typos, scored), and the whole answer now (rules, retrieval, the card) — beside the bare FTS query for
 * the same words, in the same run, interleaved. Aim: the answer's p50 within 3x of the bare query's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../src/clock.ts';
import { Dialog } from '../src/dialog/dialog.ts';
import { Roles } from '../src/dialog/roles.ts';
import { readTextReport } from '../src/ingest/text-report.ts';
import { applyReport } from '../src/ledger/apply-report.ts';
import { openDatabase } from '../src/ledger/db.ts';
import { findLedger } from '../src/ledger/ledgers.ts';
import { searchItems } from '../src/ledger/search.ts';
import { findItems, queryTerms } from '../src/understand/retrieval.ts';
import { understand } from '../src/understand/rules.ts';
import { searchTerms } from '../src/understand/terms.ts';
import { median, percentile, reportBeside, round, time } from './support.ts';
import { syntheticReport } from './synthetic.ts';

const itemCount = 10_000;
/** Questions whose words the trigram index can see (three characters or more), so the bare query is a real one. */
const questions = ['公租房咋样了', '污水管网那个事弄完没', '标准化厂房租赁费收缴得咋样', '问下公租房闲置那个问题整改到哪了', '公祖房咋样了'];
const rounds = 200;
const warmup = 20;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  const db = openDatabase(join(dir, 'duban.db'));
  try {
    const clock = new ManualClock('2021-07-01T09:00:00+08:00');
    const draft = readTextReport(syntheticReport(itemCount), { today: '2021-01-01' });
    applyReport(db, 'bench', draft, { fileName: 'bench.txt', sha256: '-', format: 'text', encoding: 'utf-8' }, clock.now());
    const ledger = findLedger(db, 'bench')!;
    const dialog = new Dialog(db, clock, new Roles(db, ['王主任'], () => clock.now()), {
      timeZone: 'Asia/Shanghai',
      pageSize: 10,
      prefix: '督办',
      noticeCutoff: '18:00',
      proposalMinutes: 10,
      undoHours: 24,
    });
    const bare = db.prepare(`SELECT i.id FROM items_fts f JOIN items i ON i.id = f.rowid
      WHERE items_fts MATCH ? AND i.ledger_id = ? ORDER BY bm25(items_fts, 8.0, 2.0, 1.0) LIMIT 10`);
    const words = (question: string) =>
      queryTerms(question)
        .map((term) => term.word)
        .filter((word) => [...word].length >= 3)
        .map((word) => `"${word}"`)
        .join(' OR ') || `"${question}"`;
    const turn = { person: { id: 'bench', name: '王主任' }, isAdmin: true };
    const ways = {
      bareFts: (question: string) => bare.all(words(question), ledger.id),
      before: (question: string) => searchItems(db, ledger.id, searchTerms(question), 10),
      after: (question: string) => findItems(db, ledger.id, question, 10),
      answer: (question: string) => dialog.respond({ ...turn, text: question }, understand(question, undefined, '2021-07-01').intent),
    };
    const times = Object.fromEntries(Object.keys(ways).map((way) => [way, [] as number[]])) as Record<keyof typeof ways, number[]>;
    for (let n = 0; n < warmup + rounds; n++) {
      const question = questions[n % questions.length]!;
      for (const [way, ask] of Object.entries(ways) as [keyof typeof ways, (q: string) => unknown][]) {
        const ms = time(() => ask(question));
        if (n >= warmup) times[way].push(ms);
      }
    }
    const baseline = median(times.bareFts);
    const extra = (way: keyof typeof ways) => ({ p99: round(percentile(times[way], 99)), baselineP99: round(percentile(times.bareFts, 99)), items: itemCount, samples: rounds });
    const base = { unit: 'ms', baseline: 'bare FTS query for the same words, p50' };
    reportBeside({ bench: 'questions.retrieval-before', ...base }, median(times.before), baseline, extra('before'));
    reportBeside({ bench: 'questions.retrieval-after', ...base }, median(times.after), baseline, extra('after'));
    reportBeside({ bench: 'questions.answer', ...base, aim: 'p50 ≤ 3x bare FTS' }, median(times.answer), baseline, extra('answer'));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
