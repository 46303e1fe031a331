import { resolveLedger } from '../ledger/ledgers.ts';
import { ledgerXlsx } from '../report/ledger-xlsx.ts';
import type { CommandContext, Values } from './command.ts';
import { outputPath, writeOutput } from './output.ts';

export async function run(context: CommandContext, values: Values): Promise<void> {
  const out = outputPath(values.out, ['.xlsx']);
  const db = context.db();
  const ledger = resolveLedger(db, values.ledger as string | undefined);
  const { workbook, counts, items } = await ledgerXlsx(db, ledger, context.clock.now(), context.config.timeZone);
  writeOutput(out, workbook);
  context.print(
    `已将台账「${ledger.name}」的 ${items} 项导出到 ${out}：逾期 ${counts.overdue} 项（红）、7 天内到期 ${counts.dueSoon} 项（黄）、已完成 ${counts.done} 项（绿）。`,
  );
}
