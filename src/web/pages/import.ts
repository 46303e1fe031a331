/**
 * 导入: a report uploaded (.txt, .docx, .xlsx) is read and shown for review, with its warnings, before anything is
 * written; 导入 then writes it (the same reader and the same transaction as `duban import`), 取消 throws the upload
 * away with nothing written. A file too large, of another type or unreadable is said so on the page.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { dateIn, isCalendarDate } from '../../clock.ts';
import { UserError } from '../../errors.ts';
import { defaultLedgerName, readImportFile } from '../../ingest/import-file.ts';
import { applyReport } from '../../ledger/apply-report.ts';
import { itemCodes } from '../../ledger/items.ts';
import { findLedger, listLedgers } from '../../ledger/ledgers.ts';
import { statusNames } from '../../ledger/types.ts';
import type { Console } from '../console.ts';
import { uploadLimitBytes } from '../console.ts';
import { type Html, html } from '../html.ts';
import { message, page } from '../layout.ts';

const formats = ['.txt', '.docx', '.xlsx'];
const dateSources: Record<string, string> = {
  'date-line': '报告落款日期',
  'latest-date': '文中最晚的日期',
  'document-year': '文号中的年份',
  'title-row': '表格标题行中的日期',
  'as-of': '指定的日期',
  'import-date': '报告中没有日期，按导入当天',
};

interface Upload {
  ledger: string;
  asOf?: string;
  fileName: string;
  account: string;
}

const uploadId = /^[A-Za-z0-9_-]{22}$/;

export function registerImport(c: Console): void {
  const { app, deps } = c;
  const folder = join(deps.config.dataDir, 'uploads');
  const read = (id: string): Upload | undefined => {
    if (!uploadId.test(id)) return undefined;
    try {
      return JSON.parse(readFileSync(join(folder, id, 'upload.json'), 'utf8')) as Upload;
    } catch {
      return undefined;
    }
  };
  const discard = (id: string) => rmSync(join(folder, id), { recursive: true, force: true });
  const today = () => dateIn(deps.clock.now(), deps.config.timeZone);

  const uploadPage = (request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) => {
    const ledgers = listLedgers(deps.db);
    const body = html`<h1>导入报告</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<section><form class="stack" method="post" action="/import?_csrf=${c.tokens.issue(request.viewer!.csrfKey)}" enctype="multipart/form-data">
<label>报告文件（.txt、.docx 或 .xlsx，不超过 ${uploadLimitBytes / 1024 / 1024} MB）<input type="file" name="file" accept=".txt,.docx,.xlsx" required></label>
<label>导入到台账（留空则以文件名为台账名；已有台账：${ledgers.map((l) => l.name).join('、') || '无'}）<input name="ledger" list="ledgers"></label>
<datalist id="ledgers">${ledgers.map((l) => html`<option value="${l.name}">`)}</datalist>
<label>按此日期换算整改时限（可留空，格式 2021-06-30）<input name="asOf" pattern="\\d{4}-\\d{2}-\\d{2}"></label>
<button type="submit">上传并预览</button>
</form>
<p class="hint">上传后先显示读到的内容和需要注意的地方，确认后才写入台账；取消则什么也不写入。</p></section>`;
    return c.send(reply, page(c.frame(request, '导入', 'import'), body), status);
  };

  const reviewPage = async (request: FastifyRequest, reply: FastifyReply, id: string, upload: Upload) => {
    const { draft } = await readImportFile(join(folder, id, 'file', upload.fileName), { asOf: upload.asOf, today: today() });
    const existing = findLedger(deps.db, upload.ledger);
    const known = new Set(existing ? itemCodes(deps.db, existing.id).map((i) => i.code) : []);
    const added = draft.items.filter((item) => !known.has(item.code)).length;
    const token = () => c.tokens.issue(request.viewer!.csrfKey);
    const body = html`<h1>导入预览 <small>${upload.fileName}</small></h1>
<section>
<p>将导入到台账「${upload.ledger}」${existing ? `（已有 ${known.size} 项；本报告中新的 ${added} 项，其余按编号更新）` : '（新建）'}：读到 <strong data-stat="items">${draft.items.length}</strong> 项。</p>
<p>报告日期 ${draft.reportDate}（${dateSources[draft.reportDateSource] ?? draft.reportDateSource}），整改时限据此换算。</p>
${draft.layout ? html`<p>读取工作表「${draft.layout.sheet}」，第 ${draft.layout.headerRow} 行为表头。${draft.layout.columns.some((col) => col.field === null) ? `未能识别、将忽略的列：${draft.layout.columns.filter((col) => col.field === null).map((col) => col.header).join('、')}` : ''}</p>` : ''}
${draft.warnings.length ? html`<div class="warning"><p>请注意：</p><ul>${draft.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : html`<p class="empty">没有需要注意的地方。</p>`}
<div class="inline">
<form method="post" action="/import/${id}/confirm"><input type="hidden" name="_csrf" value="${token()}"><button type="submit">确认导入</button></form>
<form method="post" action="/import/${id}/cancel"><input type="hidden" name="_csrf" value="${token()}"><button type="submit" class="secondary">取消</button></form>
</div></section>
<div class="scroll"><table class="items"><thead><tr><th>编号</th><th>问题</th><th>状态</th><th>时限</th><th>责任人</th></tr></thead><tbody>
${draft.items.map((item) => html`<tr data-code="${item.code}"><td class="code">${item.code}${known.has(item.code) ? '' : html` <small>新</small>`}</td><td>${item.title}</td><td>${statusNames[item.status]}${item.longTerm ? '·长期坚持' : ''}</td>
<td>${[...new Set(item.deadlines.map((d) => d.date))].sort().join('、') || '—'}</td><td>${item.responsible?.join('、') || '—'}</td></tr>`)}
</tbody></table></div>`;
    return c.send(reply, page(c.frame(request, '导入预览', 'import'), body));
  };

  app.get('/import', (request, reply) => {
    if (c.mayAct(request, reply)) return uploadPage(request, reply);
  });

  app.post('/import', async (request, reply) => {
    if (!c.mayAct(request, reply)) return;
    if (!request.isMultipart()) return uploadPage(request, reply, '请选择要上传的报告文件。', 400);
    const fields: Record<string, string> = {};
    let file: { name: string; data: Buffer } | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'file') file = { name: part.filename, data: await part.toBuffer() };
      else fields[part.fieldname] = String(part.value ?? '').trim();
    }
    if (!file || !file.name || file.data.length === 0) return uploadPage(request, reply, '没有收到文件，或文件是空的，没有导入任何内容。', 400);
    const ext = extname(basename(file.name.replace(/\\/g, '/'))).toLowerCase();
    if (!formats.includes(ext)) {
      return uploadPage(request, reply, `不能导入"${file.name}"：只接受 .txt、.docx 或 .xlsx 文件（.doc、.xls 请先另存为新格式），没有导入任何内容。`, 415);
    }
    if (fields.asOf && !isCalendarDate(fields.asOf)) return uploadPage(request, reply, `日期"${fields.asOf}"不对，应写成 2021-06-30。没有导入任何内容。`, 400);
    const id = randomBytes(16).toString('base64url');
    // The name as the browser gave it, without any folder in it, inside a folder of this upload's own.
    const fileName = basename(file.name.replace(/\\/g, '/')).replace(/[\0:]/g, '_');
    const upload: Upload = { ledger: fields.ledger || defaultLedgerName(fileName), asOf: fields.asOf || undefined, fileName, account: request.viewer!.account.name };
    mkdirSync(join(folder, id, 'file'), { recursive: true });
    writeFileSync(join(folder, id, 'file', fileName), file.data);
    writeFileSync(join(folder, id, 'upload.json'), JSON.stringify(upload));
    try {
      return await reviewPage(request, reply, id, upload);
    } catch (error) {
      discard(id);
      if (error instanceof UserError) return uploadPage(request, reply, error.zh, 422);
      throw error;
    }
  });

  const withUpload = (handle: (request: FastifyRequest, reply: FastifyReply, id: string, upload: Upload) => Promise<unknown> | unknown) =>
    (request: FastifyRequest, reply: FastifyReply) => {
      if (!c.mayAct(request, reply)) return;
      const { id } = request.params as { id: string };
      const upload = read(id);
      if (!upload) return c.send(reply, message(c.frame(request, '导入'), '没有这次上传', '这次上传已经导入或取消了，或已过期。没有做任何改动。', { href: '/import', label: '重新上传' }), 404);
      return handle(request, reply, id, upload);
    };

  app.post('/import/:id/cancel', withUpload((request, reply, id) => {
    discard(id);
    return c.send(reply, message(c.frame(request, '已取消导入', 'import'), '已取消导入', '已取消，没有导入任何内容。', { href: '/import', label: '导入其他报告' }));
  }));

  app.post('/import/:id/confirm', withUpload(async (request, reply, id, upload) => {
    const now = deps.clock.now();
    const { draft, source } = await readImportFile(join(folder, id, 'file', upload.fileName), { asOf: upload.asOf, today: today() });
    const summary = applyReport(deps.db, upload.ledger, draft, source, now);
    discard(id);
    const ledger = findLedger(deps.db, summary.ledger)!;
    const counts = summary.ledgerCreated
      ? `新建台账，新增 ${summary.added.length} 项`
      : `新增 ${summary.added.length} 项，修改 ${summary.changed.length} 项，未变 ${summary.unchanged} 项`;
    const notes: Html = html`${summary.statusChanges.length ? html`<p>状态有变化的 ${summary.statusChanges.length} 项已记入审计记录。</p>` : ''}${summary.missing.length ? html`<p>台账中有 ${summary.missing.length} 项不在这份报告里，已保留：${summary.missing.join('、')}</p>` : ''}`;
    return c.send(
      reply,
      page(c.frame(request, '已导入', 'import', ledger), html`<section class="message"><h1>已导入</h1><p class="notice" role="status">已导入台账「${ledger.name}」：${counts}。</p>${notes}<p><a href="/l/${ledger.id}">查看总览</a> · <a href="/l/${ledger.id}/items">查看台账</a></p></section>`),
    );
  }));
}
