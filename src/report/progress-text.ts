/**
 * The progress report as plain text, one paragraph a line, as the seeds are written: a multi-line cell stays in its
 * labelled paragraph, so the text reads back through the importer as the same outline.
 */
import { type ProgressReport, oneParagraph } from './progress-report.ts';

export function progressText(report: ProgressReport): string {
  const body = report.blocks.map((b) => (b.kind === 'heading' ? b.text : `${b.label}：${oneParagraph(b.text)}`));
  return [report.title, '', report.preamble, ...body, '', report.closing, report.date, ''].join('\n');
}
