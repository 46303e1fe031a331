import { extname } from 'node:path';
import { UserError } from '../errors.ts';
import { resolveLedger } from '../ledger/ledgers.ts';
import { type ProgressReport, progressReport } from '../report/progress-report.ts';
import { progressText } from '../report/progress-text.ts';
import type { CommandContext, Values } from './command.ts';
import { outputPath, writeOutput } from './output.ts';

/** The docx library is loaded only for a Word report. */
async function wordFile(report: ProgressReport): Promise<Buffer> {
  const { progressDocx } = await import('../report/progress-docx.ts');
  return progressDocx(report);
}

export async function run(context: CommandContext, values: Values): Promise<void> {
  // Without --format, the output file's extension says which.
  const format = (values.format as string | undefined) ?? extname(typeof values.out === 'string' ? values.out : '').slice(1).toLowerCase();
  if (format !== 'docx' && format !== 'txt') {
    throw new UserError(`--format 应为 docx 或 txt，而不是"${format}"`, `--format takes docx or txt, not "${format}"`);
  }
  const out = outputPath(values.out, [`.${format}`]);
  const db = context.db();
  const ledger = resolveLedger(db, values.ledger as string | undefined);
  const report = progressReport(db, ledger, context.clock.now(), context.config.timeZone);
  writeOutput(out, format === 'docx' ? await wordFile(report) : progressText(report));
  context.print(`已生成台账「${ledger.name}」的整改情况公布：${out}\n${report.preamble}`);
}
