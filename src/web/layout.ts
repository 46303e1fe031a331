/** The frame every page shares: the bar with the ledger's sections, who is logged in, and the page's own content. */
import type { Account } from '../ledger/accounts.ts';
import type { Ledger } from '../ledger/types.ts';
import { type Html, html } from './html.ts';

export type Section = 'overview' | 'items' | 'review' | 'import' | 'groups' | 'export';

const sections: { key: Section; name: string; path: (ledger: Ledger) => string; admin?: true }[] = [
  { key: 'overview', name: '总览', path: (l) => `/l/${l.id}` },
  { key: 'items', name: '台账', path: (l) => `/l/${l.id}/items` },
  { key: 'review', name: '审核', path: (l) => `/l/${l.id}/review` },
  { key: 'import', name: '导入', path: () => '/import', admin: true },
  { key: 'groups', name: '群组', path: () => '/groups' },
  { key: 'export', name: '导出', path: (l) => `/l/${l.id}/export` },
];

export interface Frame {
  title: string;
  account?: Account;
  ledger?: Ledger;
  ledgers?: Ledger[];
  active?: Section;
  /** A form token for the logout button. */
  csrf?: string;
}

export function page(frame: Frame, body: Html): Html {
  const { account, ledger } = frame;
  const nav =
    account && ledger
      ? html`<nav class="sections">${sections
          .filter((s) => !s.admin || account.role === 'admin')
          .map((s) => html`<a href="${s.path(ledger)}"${s.key === frame.active ? html` aria-current="page"` : ''}>${s.name}</a>`)}</nav>`
      : '';
  const switcher =
    frame.ledgers && frame.ledgers.length > 1 && ledger
      ? html`<details class="ledgers"><summary>切换台账</summary><ul>${frame.ledgers.map((l) => html`<li><a href="/l/${l.id}">${l.name}</a></li>`)}</ul></details>`
      : '';
  const who = account
    ? html`<form class="who" method="post" action="/logout"><span>${account.name}（${account.role === 'admin' ? '管理员' : '只读'}）</span><input type="hidden" name="_csrf" value="${frame.csrf ?? ''}"><button type="submit">退出</button></form>`
    : '';
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · 督办</title>
<link rel="stylesheet" href="/assets/console.css">
</head>
<body>
<header class="bar"><a class="brand" href="/">督办</a>${ledger ? html`<span class="ledger-name">${ledger.name}</span>` : ''}${switcher}${who}</header>
${nav}
<main>
${body}
</main>
</body>
</html>`;
}

/** A page that only says something: not found, not allowed, a bad upload. */
export function message(frame: Frame, heading: string, text: string, back?: { href: string; label: string }): Html {
  return page(frame, html`<section class="message"><h1>${heading}</h1><p>${text}</p>${back ? html`<p><a href="${back.href}">${back.label}</a></p>` : ''}</section>`);
}
