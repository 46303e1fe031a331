/** The progress report as plain text, one paragraph a line, as the seeds are written. */
import type { ProgressReport } from './progress-report.ts';

export function progressText(report: ProgressReport): string {
  const body = report.blocks.map((b) => (b.kind === 'heading' ? b.text : `${b.label}：${b.text}`));
  return [report.title, '', report.preamble, ...body, '', report.closing, report.date, ''].join('\n');
}
