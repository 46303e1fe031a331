/**
 * The two real reports shipped in `data/samples/`, under the names a clerk would give their ledgers. The demo runs on
 * them, and so do the tests that talk to the bot, so what a new user sees is what is tested.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dateIn } from '../clock.ts';
import { applyReport } from '../ledger/apply-report.ts';
import type { Db } from '../ledger/db.ts';
import { readReportFile } from './import-file.ts';

const folder = fileURLToPath(new URL('../../data/samples/', import.meta.url));

export const samples = {
  '000': { ledger: '产业集聚区党工委', file: join(folder, '000_5c118598706826d0.txt') },
  '003': { ledger: '伊川县产业集聚区', file: join(folder, '003_cf95e3e12b08fb36.txt') },
} as const;

export type SampleId = keyof typeof samples;

/** Imports both samples as their own ledgers. */
export function importSamples(db: Db, now: Date, timeZone: string): void {
  for (const { ledger, file } of Object.values(samples)) {
    const { draft, source } = readReportFile(file, { today: dateIn(now, timeZone) });
    applyReport(db, ledger, draft, source, now);
  }
}
