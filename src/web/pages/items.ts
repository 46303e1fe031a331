/**
 * 台账: the list (filters by status, unit, person, overdue or due soon; search with the groups' retrieval; sort;
 * pages) and an item's page (everything about it, the whole trail with the messages it came from and its evidence).
 */
import { createReadStream, existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { dateIn, timeIn } from '../../clock.ts';
import { deadlineText, statusText } from '../../dialog/answers.ts';
import { filterChoices, type ItemQuery, queryItems } from '../../ledger/board.ts';
import { evidenceOf } from '../../ledger/evidence.ts';
import { listItems } from '../../ledger/items.ts';
import { searchItems } from '../../ledger/search.ts';
import { type Item, type Ledger, type Status, statusNames, statuses } from '../../ledger/types.ts';
import { latestUpdates, listUpdates, type Update, type UpdateRow } from '../../ledger/updates.ts';
import { itemByCode } from '../../understand/codes.ts';
import { act } from '../actions.ts';
import type { Console } from '../console.ts';
import { type Html, html } from '../html.ts';
import { page } from '../layout.ts';
import { itemLink, itemsLink } from './format.ts';

export const pageSize = 50;
const sorts: Record<ItemQuery['sort'], string> = { code: '按编号', deadline: '按时限', status: '按状态', updated: '按最近更新' };
const kinds: Record<string, string> = {
  status: '状态', progress: '进展', deadline: '时限', note: '备注', assign: '指派', approve: '批准', return: '退回', revert: '撤销', import: '导入',
};

const isOpen = (status: Status) => status === 'not_started' || status === 'in_progress';

/** red overdue, yellow due within the window, green done or closed; '' open with nothing pressing. */
export function itemSignal(item: Pick<Item, 'status' | 'deadlines'>, window: { today: string; until: string }): 'red' | 'yellow' | 'green' | '' {
  if (!isOpen(item.status)) return 'green';
  const last = item.deadlines.at(-1);
  if (last !== undefined && last < window.today) return 'red';
  if (item.deadlines.some((d) => d >= window.today && d <= window.until)) return 'yellow';
  return '';
}

function readQuery(raw: Record<string, string | undefined>) {
  const status = statuses.find((s) => s === raw.status);
  const due = raw.due === 'overdue' || raw.due === 'soon' ? (raw.due as 'overdue' | 'soon') : undefined;
  const sort = (Object.keys(sorts) as ItemQuery['sort'][]).find((s) => s === raw.sort) ?? 'code';
  const pageNo = Math.max(1, Math.floor(Number(raw.page)) || 1);
  return { status, due, unit: raw.unit || undefined, person: raw.person || undefined, q: (raw.q ?? '').trim().slice(0, 50) || undefined, sort, page: pageNo };
}

const whenText = (at: string, timeZone: string) => `${dateIn(new Date(at), timeZone)} ${timeIn(new Date(at), timeZone)}`;

export function registerItems(c: Console): void {
  const { app, deps } = c;

  app.get('/l/:ledger/items', (request, reply) => {
    const ledger = c.ledgerOf(request, reply);
    if (!ledger) return;
    const query = readQuery(request.query as Record<string, string | undefined>);
    const window = c.window();
    const ids = query.q ? searchItems(deps.db, ledger.id, query.q, 200).map((hit) => hit.id) : undefined;
    const { ids: shown, total } = queryItems(deps.db, ledger.id, {
      ...window,
      status: query.status,
      due: query.due,
      unit: query.unit,
      person: query.person,
      ids,
      sort: query.sort,
      limit: pageSize,
      offset: (query.page - 1) * pageSize,
    });
    const byId = new Map(listItems(deps.db, ledger.id, shown).map((item) => [item.id, item]));
    const latest = latestUpdates(deps.db, shown);
    const choices = filterChoices(deps.db, ledger.id);
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const current = { status: query.status, due: query.due, unit: query.unit, person: query.person, q: query.q, sort: query.sort };
    const option = (value: string, label: string, selected: string | undefined) =>
      html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
    const rows = shown.map((id) => {
      const item = byId.get(id)!;
      const s = itemSignal(item, window);
      const update = latest.get(id);
      return html`<tr class="${s}" data-code="${item.code}">
<td class="code"><a href="${itemLink(ledger, item.code)}">${item.code}</a></td>
<td class="title"><a href="${itemLink(ledger, item.code)}">${item.title}</a></td>
<td class="status"><span class="badge ${s || 'none'}">${statusText(item)}</span>${item.progress !== null && item.status === 'in_progress' ? html` <small>${item.progress}%</small>` : ''}${update?.awaiting ? html` <small class="waiting">${update.awaiting === 'closure' ? '待销号审核' : '延期待批准'}</small>` : ''}</td>
<td class="deadline">${deadlineText(item, window.today)}</td>
<td class="people">${item.responsible.join('、') || '—'}</td>
<td class="unit">${item.unit || '—'}</td>
<td class="latest">${update ? html`${dateIn(new Date(update.at), deps.config.timeZone)} ${update.author}` : '—'}</td>
</tr>`;
    });
    const body = html`<h1>台账 <small>共 ${total} 项${query.q ? html`，搜索"${query.q}"` : ''}</small></h1>
<form class="filters" method="get" action="/l/${ledger.id}/items">
<label>搜索<input name="q" value="${query.q ?? ''}" placeholder="如：公租房、污水管网"></label>
<label>状态<select name="status">${option('', '全部', query.status)}${statuses.map((s) => option(s, statusNames[s], query.status))}</select></label>
<label>时限<select name="due">${option('', '全部', query.due)}${option('overdue', '逾期', query.due)}${option('soon', '7天内到期', query.due)}</select></label>
<label>责任单位<select name="unit">${option('', '全部', query.unit)}${choices.units.map((u) => option(u, u, query.unit))}</select></label>
<label>责任人<select name="person">${option('', '全部', query.person)}${choices.people.map((p) => option(p, p, query.person))}</select></label>
<label>排序<select name="sort">${(Object.keys(sorts) as ItemQuery['sort'][]).map((s) => option(s, sorts[s], query.sort))}</select></label>
<button type="submit">筛选</button> <a href="/l/${ledger.id}/items">清除</a>
</form>
${total === 0
  ? html`<p class="empty">没有符合条件的事项。</p>`
  : html`<div class="scroll"><table class="items"><thead><tr><th>编号</th><th>问题</th><th>状态</th><th>时限</th><th>责任人</th><th>责任单位</th><th>最近更新</th></tr></thead>
<tbody>${rows}</tbody></table></div>`}
${pages > 1
  ? html`<nav class="pages">第 ${query.page} / ${pages} 页
${query.page > 1 ? html`<a href="${itemsLink(ledger, { ...current, page: query.page - 1 })}">上一页</a>` : ''}
${query.page < pages ? html`<a href="${itemsLink(ledger, { ...current, page: query.page + 1 })}">下一页</a>` : ''}</nav>`
  : ''}`;
    return c.send(reply, page(c.frame(request, `${ledger.name} 台账`, 'items', ledger), body));
  });

  const itemPage = (request: FastifyRequest, reply: FastifyReply, ledger: Ledger, item: Item, notice?: Html, status = 200) => {
    const window = c.window();
    const trail = listUpdates(deps.db, { itemId: item.id });
    const admin = request.viewer?.account.role === 'admin';
    const s = itemSignal(item, window);
    const field = (name: string, value: string | Html) => html`<div><dt>${name}</dt><dd>${value || '—'}</dd></div>`;
    const body = html`${notice ?? ''}
<p class="crumbs"><a href="/l/${ledger.id}/items">台账</a>${item.sections.map((sec) => html` › ${sec.code} ${sec.title}`)}</p>
<h1><span class="code">${item.code}</span> ${item.title}</h1>
<dl class="facts">
${field('状态', html`<span class="badge ${s || 'none'}">${statusText(item)}</span>${item.progress !== null ? html` 进度 ${item.progress}%` : ''}`)}
${field('时限', deadlineText(item, window.today))}
${field('责任人', item.responsible.join('、'))}
${field('责任单位', item.unit)}
${field('责任领导', item.leader)}
${field('备注', item.remark)}
</dl>
<section><h2>问题</h2><p class="text">${item.problem || item.title}</p></section>
${item.plannedMeasures ? html`<section><h2>整改措施（计划）</h2><p class="text">${item.plannedMeasures}</p></section>` : ''}
<section><h2>整改情况</h2>${item.measures.length
  ? html`<ol class="measures">${item.measures.map((m) => html`<li><span class="marker">${m.marker ?? ''}</span>${m.text}${m.status ? html` <small>（${statusNames[m.status]}${m.deadline ? `，时限 ${m.deadline}` : ''}）</small>` : ''}</li>`)}</ol>`
  : html`<p class="text">${item.rectification || '尚未报告'}</p>`}</section>
${admin ? html`<section class="actions"><h2>指派责任人</h2>
<form method="post" action="/l/${ledger.id}/item/assign"><input type="hidden" name="_csrf" value="${c.tokens.issue(request.viewer!.csrfKey)}"><input type="hidden" name="code" value="${item.code}">
<label>姓名<input name="names" required placeholder="多人用顿号分隔：张三、李四"></label> <button type="submit">指派</button></form></section>` : ''}
<section><h2>审计记录 <small>${trail.length} 条</small></h2>${trail.length ? trailTable(c, trail) : html`<p class="empty">还没有更新记录。</p>`}</section>`;
    return c.send(reply, page(c.frame(request, `${item.code} ${item.title}`, 'items', ledger), body), status);
  };

  app.get('/l/:ledger/item', (request, reply) => {
    const ledger = c.ledgerOf(request, reply);
    if (!ledger) return;
    const code = (request.query as { code?: string }).code ?? '';
    const item = code ? itemByCode(deps.db, ledger.id, code) : undefined;
    if (!item) return c.notFound(request, reply, `台账「${ledger.name}」里没有编号为"${code}"的问题`);
    return itemPage(request, reply, ledger, item);
  });

  app.post('/l/:ledger/item/assign', (request, reply) => {
    const ledger = c.ledgerOf(request, reply);
    if (!ledger || !c.mayAct(request, reply)) return;
    const fields = request.body as { code?: string; names?: string };
    const item = fields.code ? itemByCode(deps.db, ledger.id, fields.code) : undefined;
    if (!item) return c.notFound(request, reply, `台账「${ledger.name}」里没有编号为"${fields.code ?? ''}"的问题`);
    const names = (fields.names ?? '').split(/[,，、;；\s]+/).map((n) => n.trim()).filter(Boolean);
    const outcome = act(deps, request.viewer!.account, ledger, { kind: 'assign', code: item.code, names });
    const [now] = listItems(deps.db, ledger.id, [item.id]);
    return itemPage(request, reply, ledger, now!, html`<p class="notice" role="status">${outcome.replies.join(' ')}</p>`);
  });

  app.get('/evidence/:update/:index', (request, reply) => {
    const { update, index } = request.params as { update: string; index: string };
    const file = evidenceOf(deps.db, Number(update))[Number(index)];
    const dataDir = resolve(deps.config.dataDir);
    const path = file && resolve(dataDir, file.path);
    if (!file || !path || relative(dataDir, path).startsWith('..') || !existsSync(path)) return c.notFound(request, reply, '没有这份佐证材料');
    const download = (request.query as { download?: string }).download !== undefined || file.kind !== 'image';
    const type = file.kind === 'image' ? imageType(file.fileName) : 'application/octet-stream';
    return reply
      .type(type)
      .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .send(createReadStream(path));
  });
}

function imageType(name: string): string {
  const ext = name.toLowerCase().split('.').at(-1);
  return ext === 'png' ? 'image/png' : ext === 'gif' ? 'image/gif' : ext === 'webp' ? 'image/webp' : 'image/jpeg';
}

function change(u: Update): string {
  return [
    u.newStatus ? `${u.oldStatus ? statusNames[u.oldStatus] : '?'} → ${statusNames[u.newStatus]}` : '',
    u.newProgress !== null ? `进度 ${u.oldProgress === null ? '未报' : `${u.oldProgress}%`} → ${u.newProgress}%` : '',
    u.newDeadline ? `时限 ${u.oldDeadline ?? '未定'} → ${u.newDeadline}` : '',
    u.note ?? '',
    u.awaiting === 'closure' ? '（待销号审核）' : u.awaiting === 'deadline' ? '（待批准）' : '',
    u.refersTo ? `（针对 #${u.refersTo}）` : '',
  ]
    .filter(Boolean)
    .join('，');
}

function trailTable(c: Console, trail: UpdateRow[]): Html {
  const { db, config } = c.deps;
  return html`<div class="scroll"><table class="trail"><thead><tr><th>#</th><th>时间</th><th>谁</th><th>在哪</th><th>类别</th><th>变化</th><th>原话</th><th>佐证</th></tr></thead><tbody>
${trail.map((u) => {
  const files = evidenceOf(db, u.id);
  return html`<tr id="u${u.id}"><td>${u.id}</td><td class="when">${whenText(u.at, config.timeZone)}</td><td>${u.author}${u.approvedBy && u.approvedBy !== u.author ? html`<br><small>批准 ${u.approvedBy}</small>` : ''}</td>
<td>${u.via === 'web' ? '网页' : u.room ? `群「${u.room}」` : u.kind === 'import' ? '导入' : '私聊/命令行'}</td><td>${kinds[u.kind] ?? u.kind}</td><td>${change(u)}</td>
<td class="source">${u.sourceText ?? ''}</td>
<td>${files.map((f, i) => html`<a href="/evidence/${u.id}/${i}"${f.kind === 'image' ? '' : html` download`}>${f.fileName}</a>${f.kind === 'image' ? html` <a href="/evidence/${u.id}/${i}?download">下载</a>` : ''}<br>`)}</td></tr>`;
})}</tbody></table></div>`;
}
