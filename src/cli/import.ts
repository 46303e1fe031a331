import { dateIn } from '../clock.ts';
import { defaultLedgerName, readImportFile } from '../ingest/import-file.ts';
import { columnNames } from '../ingest/ledger-columns.ts';
import { type ImportSummary, applyReport } from '../ledger/apply-report.ts';
import { optimize, retryWhileBusy } from '../ledger/db.ts';
import { type ReportDraft, statusNames } from '../ledger/types.ts';
import { UserError } from '../errors.ts';
import type { CommandContext, Values } from './command.ts';
import { outputPath, writeOutput } from './output.ts';

const dateSources: Record<ImportSummary['reportDateSource'], string> = {
  'date-line': '报告落款日期',
  'latest-date': '文中最晚的日期',
  'document-year': '文号中的年份',
  'title-row': '表格标题行中的日期',
  'as-of': '--as-of 指定',
  'import-date': '报告中没有日期，按导入当天',
};

const fieldNames: Record<string, string> = {
  sections: '所属章节',
  title: '标题',
  problem: '问题内容',
  rectification: '整改情况',
  status: '报告状态',
  longTerm: '长期坚持',
  measures: '整改措施',
  deadlines: '整改时限',
  order: '顺序',
  plannedMeasures: '计划措施',
  leader: '责任领导',
  unit: '责任单位',
  remark: '备注',
  responsible: '责任人',
};

/** How a spreadsheet was read: which row is the header, each column's meaning, and what was left out. */
function describeLayout(layout: NonNullable<ReportDraft['layout']>): string[] {
  const placed = layout.columns.filter((c) => c.field !== null && !columnNames[c.field as keyof typeof columnNames].derived);
  const derived = layout.columns.filter((c) => c.field !== null && columnNames[c.field as keyof typeof columnNames].derived);
  const unplaced = layout.columns.filter((c) => c.field === null);
  const named = (c: (typeof layout.columns)[number]) => `${c.header.replace(/\s+/g, '')}（${c.column}）`;
  const lines = [
    `读取${layout.table ? `第 ${layout.table} 个表格` : `工作表「${layout.sheet}」`}，第 ${layout.headerRow} 行为表头：` +
      placed.map((c) => `${named(c)}→${columnNames[c.field as keyof typeof columnNames].names[0]}`).join('，'),
  ];
  if (derived.length) lines.push(`由督办计算、不导入的列：${derived.map(named).join('、')}`);
  if (unplaced.length) lines.push(`未能识别、已忽略的列：${unplaced.map(named).join('、')}`);
  return lines;
}

function describe(summary: ImportSummary): string {
  const lines: string[] = summary.layout ? describeLayout(summary.layout) : [];
  const total = summary.added.length + summary.changed.length + summary.unchanged;
  if (!summary.ledgerCreated && summary.added.length === 0 && summary.changed.length === 0) {
    lines.push(`台账「${summary.ledger}」没有变化：${total} 项与已有内容相同。`);
  } else {
    const counts = [`新增 ${summary.added.length} 项`];
    if (!summary.ledgerCreated) counts.push(`修改 ${summary.changed.length} 项`, `未变 ${summary.unchanged} 项`);
    lines.push(`已导入台账「${summary.ledger}」${summary.ledgerCreated ? '（新建）' : ''}：${counts.join('，')}。`);
  }
  lines.push(`报告日期 ${summary.reportDate}（${dateSources[summary.reportDateSource]}），整改时限据此换算。`);
  for (const change of summary.changed) {
    lines.push(`  修改 ${change.code}：${change.fields.map((f) => fieldNames[f] ?? f).join('、')}`);
  }
  for (const change of summary.statusChanges) {
    lines.push(`  状态 ${change.code}：${statusNames[change.from]} → ${statusNames[change.to]}（已记入更新记录）`);
  }
  if (summary.missing.length > 0) {
    lines.push(`台账中有 ${summary.missing.length} 项不在这份报告里，已保留：${summary.missing.join('、')}`);
  }
  for (const warning of summary.warnings) lines.push(`注意：${warning}`);
  return lines.join('\n');
}

/** `--dry-run`: every item as read, with what could not be read of it; nothing is written. */
function describeDraft(ledger: string, draft: ReportDraft): string {
  const lines: string[] = draft.layout ? describeLayout(draft.layout) : [];
  lines.push(
    `预览台账「${ledger}」（--dry-run，没有写入任何内容）：读出 ${draft.items.length} 项，注意事项 ${draft.warnings.length} 处。`,
    `报告日期 ${draft.reportDate}（${dateSources[draft.reportDateSource]}），整改时限据此换算。`,
  );
  const width = Math.max(...draft.items.map((item) => item.code.length)) + 2;
  for (const item of draft.items) {
    const status = statusNames[item.status] + (item.longTerm ? '·长期坚持' : '');
    lines.push(`${item.code.padEnd(width)}${status.padEnd(10, '　')}${item.title || '（无标题）'}`);
    const deadlines = [...new Set(item.deadlines.map((d) => d.date))].sort();
    const responsible = item.responsible?.length ? item.responsible.join('、') : '未写';
    lines.push(`${' '.repeat(width)}时限 ${deadlines.join('、') || '无'}；责任人 ${responsible}`);
    for (const warning of item.warnings ?? []) lines.push(`${' '.repeat(width)}注意：${warning}`);
  }
  const itemWarnings = new Set(draft.items.flatMap((item) => item.warnings ?? []));
  for (const warning of draft.warnings.filter((w) => !itemWarnings.has(w))) lines.push(`注意：${warning}`);
  return lines.join('\n');
}

const draftJson = (ledger: string, draft: ReportDraft) => ({
  dryRun: true,
  ledger,
  reportDate: draft.reportDate,
  reportDateSource: draft.reportDateSource,
  ...(draft.layout ? { layout: draft.layout } : {}),
  items: draft.items.map((item) => ({
    code: item.code,
    title: item.title,
    status: item.status,
    longTerm: item.longTerm,
    deadlines: [...new Set(item.deadlines.map((d) => d.date))].sort(),
    responsible: item.responsible ?? [],
    warnings: item.warnings ?? [],
  })),
  warnings: draft.warnings,
});

/** `--strict`: anything the reader had to warn about stops the import, as a file it cannot read does. */
function refuseWarnings(fileName: string, warnings: string[]): UserError {
  const list = warnings.map((w) => `\n  ${w}`).join('');
  return new UserError(
    `${fileName}：有 ${warnings.length} 处注意事项（--strict），没有导入任何内容：${list}`,
    `${fileName}: ${warnings.length} warning(s) with --strict; nothing was imported:${list}`,
  );
}

export async function run(context: CommandContext, values: Values, [file]: string[]): Promise<void> {
  const now = context.clock.now();
  const review = values.review === undefined ? undefined : outputPath(values.review, ['.xlsx']);
  const { draft, source } = await readImportFile(file!, {
    asOf: values['as-of'] as string | undefined,
    today: dateIn(now, context.config.timeZone),
  });
  const ledger = (values.ledger as string | undefined) ?? defaultLedgerName(file!);
  if (review) {
    const { reviewXlsx } = await import('../report/ledger-xlsx.ts');
    writeOutput(review, await reviewXlsx(ledger, draft, source.fileName));
    const flagged = draft.items.filter((item) => item.warnings?.length).length;
    context.print(
      `已将读出的 ${draft.items.length} 项写入 ${review}（有注意事项的 ${flagged} 项标黄，见"导入注意事项"列），没有写入台账。\n` +
        `在 Excel 或 WPS 中核对、改正后导入：duban import ${review} --ledger ${ledger}`,
    );
    return;
  }
  if (values['dry-run']) {
    context.print(context.json ? JSON.stringify(draftJson(ledger, draft), null, 2) : describeDraft(ledger, draft));
    return;
  }
  if (values.strict && draft.warnings.length > 0) throw refuseWarnings(source.fileName, draft.warnings);
  const db = context.db();
  // Behind another long writer (an import in another process) this one waits its turn rather than failing.
  const summary = await retryWhileBusy(() => applyReport(db, ledger, draft, source, now));
  optimize(db);
  context.print(context.json ? JSON.stringify(summary, null, 2) : describe(summary));
}
