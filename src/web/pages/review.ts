/**
 * 审核: the closures and deadline changes waiting for an admin. Approving or returning one here is the admin's 销号,
 * 批准 or 退回 in a group: the reporter is told in the group they reported from, through the outbox.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { dateIn, timeIn } from '../../clock.ts';
import { evidenceOf } from '../../ledger/evidence.ts';
import { listItems } from '../../ledger/items.ts';
import { awaitingUpdates } from '../../ledger/record.ts';
import type { Ledger } from '../../ledger/types.ts';
import { type Action, act } from '../actions.ts';
import type { Console } from '../console.ts';
import { type Html, html } from '../html.ts';
import { page } from '../layout.ts';
import { itemLink } from './format.ts';

export function registerReview(c: Console): void {
  const { app, deps } = c;

  const reviewPage = (request: FastifyRequest, reply: FastifyReply, ledger: Ledger, notice?: Html) => {
    const waiting = awaitingUpdates(deps.db, ledger.id);
    const items = new Map(listItems(deps.db, ledger.id, waiting.map((u) => u.itemId)).map((item) => [item.id, item]));
    const admin = request.viewer?.account.role === 'admin';
    const token = () => c.tokens.issue(request.viewer!.csrfKey);
    const rows = waiting.map((u) => {
      const item = items.get(u.itemId)!;
      const at = new Date(u.at);
      const what = u.awaiting === 'deadline' ? `申请把时限改到 ${u.newDeadline}` : '报已完成，申请销号';
      const files = evidenceOf(deps.db, u.id);
      return html`<tr data-code="${item.code}">
<td class="code"><a href="${itemLink(ledger, item.code)}">${item.code}</a></td>
<td><a href="${itemLink(ledger, item.code)}">${item.title}</a></td>
<td>${u.author}${u.room ? html`<br><small>群「${u.room}」</small>` : ''}</td>
<td class="when">${dateIn(at, deps.config.timeZone)} ${timeIn(at, deps.config.timeZone)}</td>
<td>${what}</td>
<td class="source">${u.sourceText ?? ''}</td>
<td>${files.length ? files.map((f, i) => html`<a href="/evidence/${u.id}/${i}">${f.fileName}</a><br>`) : '—'}</td>
${admin
  ? html`<td class="decide">
<form class="inline" method="post" action="/l/${ledger.id}/review/approve"><input type="hidden" name="_csrf" value="${token()}"><input type="hidden" name="code" value="${item.code}"><input type="hidden" name="what" value="${u.awaiting ?? 'closure'}"><button type="submit">${u.awaiting === 'deadline' ? '批准' : '销号'}</button></form>
<form class="inline" method="post" action="/l/${ledger.id}/review/return"><input type="hidden" name="_csrf" value="${token()}"><input type="hidden" name="code" value="${item.code}"><input name="reason" required placeholder="退回原因" aria-label="退回原因"><button type="submit" class="secondary">退回</button></form>
</td>`
  : ''}
</tr>`;
    });
    const body = html`${notice ?? ''}<h1>审核 <small>待处理 ${waiting.length} 项</small></h1>
${waiting.length
  ? html`<div class="scroll"><table class="review"><thead><tr><th>编号</th><th>问题</th><th>报告人</th><th>时间</th><th>申请</th><th>原话</th><th>佐证</th>${admin ? html`<th>处理</th>` : ''}</tr></thead><tbody>${rows}</tbody></table></div>
<p class="hint">销号、批准或退回后，报告人会在其所在的群里收到通知，与管理员在群里处理时一样。</p>`
  : html`<p class="empty">没有待审核的申报。</p>`}`;
    return c.send(reply, page(c.frame(request, `${ledger.name} 审核`, 'review', ledger), body));
  };

  app.get('/l/:ledger/review', (request, reply) => {
    const ledger = c.ledgerOf(request, reply);
    if (ledger) return reviewPage(request, reply, ledger);
  });

  const decide = (read: (fields: Record<string, string | undefined>) => Action) => (request: FastifyRequest, reply: FastifyReply) => {
    const ledger = c.ledgerOf(request, reply);
    if (!ledger || !c.mayAct(request, reply)) return;
    const outcome = act(deps, request.viewer!.account, ledger, read((request.body ?? {}) as Record<string, string | undefined>));
    const told = outcome.queued ? '已把结果排入发送队列，通知报告人所在的群。' : '';
    return reviewPage(request, reply, ledger, html`<p class="notice" role="status">${outcome.replies.join(' ')}${told}</p>`);
  };

  app.post(
    '/l/:ledger/review/approve',
    decide((f) => ({ kind: 'approve', code: f.code ?? '', what: f.what === 'deadline' ? 'deadline' : 'closure' })),
  );
  app.post('/l/:ledger/review/return', decide((f) => ({ kind: 'return', code: f.code ?? '', reason: (f.reason ?? '').trim() })));
}
