/** 群组: the bound groups, each with its ledger, notice time and days, the last notice and what waits in the outbox. */
import { dateIn, timeIn } from '../../clock.ts';
import { listBindings } from '../../ledger/bindings.ts';
import { lastNotice, waitingMessages } from '../../ledger/groups.ts';
import { describeWeekdays } from '../../weekdays.ts';
import { truncate } from '../../text.ts';
import type { Console } from '../console.ts';
import { html } from '../html.ts';
import { page } from '../layout.ts';

export function registerGroups(c: Console): void {
  const { app, deps } = c;
  app.get('/groups', (request, reply) => {
    const { db, config } = deps;
    const when = (at: string) => `${dateIn(new Date(at), config.timeZone)} ${timeIn(new Date(at), config.timeZone)}`;
    const bindings = listBindings(db);
    const rows = bindings.map((b) => {
      const notice = lastNotice(db, b.roomTopic);
      const waiting = waitingMessages(db, b.roomTopic, 3);
      return html`<tr data-room="${b.roomTopic}">
<td>${b.roomTopic}</td><td><a href="/l/${b.ledgerId}">${b.ledgerName}</a></td>
<td>${describeWeekdays(b.days)} ${b.broadcastAt}</td>
<td>${notice ? html`${notice.day}${notice.late ? '（补发）' : ''}，${when(notice.postedAt)} 排入队列，已发出 ${notice.sent}/${notice.parts} 条` : '还没有发过'}</td>
<td>${waiting.count ? html`<strong>${waiting.count}</strong> 条：<ul>${waiting.first.map((m) => html`<li>${truncate(m.text, 40)}${m.attempts ? html` <small>（已试 ${m.attempts} 次${m.lastError ? `：${truncate(m.lastError, 30)}` : ''}）</small>` : ''}</li>`)}</ul>` : '无'}</td>
</tr>`;
    });
    const body = html`<h1>群组 <small>已绑定 ${bindings.length} 个</small></h1>
${bindings.length
  ? html`<div class="scroll"><table class="groups"><thead><tr><th>群</th><th>台账</th><th>日报时间</th><th>最近一次日报</th><th>待发消息</th></tr></thead><tbody>${rows}</tbody></table></div>`
  : html`<p class="empty">还没有绑定任何群。管理员可在群里发"@督办 绑定 台账名称"，或用 duban bind。</p>`}
<p class="hint">日报时间由管理员在群里用"日报时间 08:30 周一至周六"修改，或用 duban bind --at --days。待发消息由 duban serve 按发送节奏发出。</p>`;
    return c.send(reply, page(c.frame(request, '群组', 'groups'), body));
  });
}
