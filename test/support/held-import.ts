/**
 * A long import in a process of its own: the import's own code on the shared database, held inside its write (after
 * its first item, by a temporary trigger) until the file RELEASE exists, so a test can do other things meanwhile.
 * Prints "holding" once it holds the write lock, "finished" once it has committed.
 * Usage: node --import tsx held-import.ts DB_PATH REPORT LEDGER RELEASE
 */
import { existsSync, writeSync } from 'node:fs';
import { readImportFile } from '../../src/ingest/import-file.ts';
import { applyReport } from '../../src/ledger/apply-report.ts';
import { openDatabase, retryWhileBusy } from '../../src/ledger/db.ts';

const [path, report, ledger, release] = process.argv.slice(2) as [string, string, string, string];
const db = openDatabase(path);
db.function('hold', () => {
  writeSync(1, 'holding\n');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (const until = Date.now() + 60_000; !existsSync(release) && Date.now() < until; ) Atomics.wait(pause, 0, 0, 20);
  return 0;
});
db.exec(`CREATE TEMP TABLE held (once);
  CREATE TEMP TRIGGER hold_after_first_item AFTER INSERT ON items WHEN NOT EXISTS (SELECT 1 FROM held)
  BEGIN INSERT INTO held VALUES (1); SELECT hold(); END`);
const { draft, source } = await readImportFile(report, { today: '2021-07-01' });
await retryWhileBusy(() => applyReport(db, ledger, draft, source, new Date()));
writeSync(1, 'finished\n');
