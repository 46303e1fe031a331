/** 导出: the ledger as an Excel sheet (it imports back as the same ledger) and the public progress report. */
import { ledgerXlsx } from '../../report/ledger-xlsx.ts';
import { progressDocx } from '../../report/progress-docx.ts';
import { progressReport } from '../../report/progress-report.ts';
import { progressText } from '../../report/progress-text.ts';
import type { Console } from '../console.ts';
import { html } from '../html.ts';
import { page } from '../layout.ts';

const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

export function registerExport(c: Console): void {
  const { app, deps } = c;
  app.get('/l/:ledger/export', (request, reply) => {
    const ledger = c.ledgerOf(request, reply);
    if (!ledger) return;
    const body = html`<h1>导出</h1><section><ul class="downloads">
<li><a href="/l/${ledger.id}/export/ledger.xlsx" download>整改台账（Excel .xlsx）</a>：每项一行，逾期标红、7 天内到期标黄、已完成标绿；可再导入。</li>
<li><a href="/l/${ledger.id}/export/report.docx" download>整改情况公布（Word .docx）</a>：按公文格式排版。</li>
<li><a href="/l/${ledger.id}/export/report.txt" download>整改情况公布（文本 .txt）</a></li>
</ul></section>`;
    return c.send(reply, page(c.frame(request, `${ledger.name} 导出`, 'export', ledger), body));
  });

  app.get('/l/:ledger/export/ledger.xlsx', async (request, reply) => {
    const ledger = c.ledgerOf(request, reply);
    if (!ledger) return;
    const { workbook } = await ledgerXlsx(deps.db, ledger, deps.clock.now(), deps.config.timeZone);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachment(`${ledger.name}-整改台账.xlsx`))
      .send(workbook);
  });

  app.get('/l/:ledger/export/report.:format', async (request, reply) => {
    const ledger = c.ledgerOf(request, reply);
    if (!ledger) return;
    const { format } = request.params as { format: string };
    if (format !== 'docx' && format !== 'txt') return c.notFound(request, reply, '没有这种导出格式');
    const report = progressReport(deps.db, ledger, deps.clock.now(), deps.config.timeZone);
    if (format === 'txt') {
      return reply.type('text/plain; charset=utf-8').header('content-disposition', attachment(`${ledger.name}-整改情况公布.txt`)).send(progressText(report));
    }
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', attachment(`${ledger.name}-整改情况公布.docx`))
      .send(await progressDocx(report));
  });
}
