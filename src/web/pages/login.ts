/** Logging in and out. A wrong name or password gets one answer for both; too many failures, a wait. */
import { createSession, deleteSession, findAccount } from '../../ledger/accounts.ts';
import type { Console } from '../console.ts';
import { html } from '../html.ts';
import { page } from '../layout.ts';
import { verifyPassword } from '../passwords.ts';
import type { FastifyRequest } from 'fastify';
import { cookie, loginCookie, newToken, readCookies, sessionCookie, sessionHours, tokenHash } from '../session.ts';

/** Only a path of our own: never a redirect to another site. */
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?!\/)/.test(next) ? next : '/');

export function registerLogin(c: Console): void {
  const { app, deps, throttle } = c;

  /** The browser's login nonce, kept while it has one: a second tab (or the favicon's request) must not void the first. */
  const form = (request: FastifyRequest, next: string, error?: string) => {
    const nonce = readCookies(request.headers.cookie)[loginCookie] || newToken();
    const body = html`<section class="login">
<h1>督办 · 整改台账</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/login">
<input type="hidden" name="_login" value="${nonce}">
<input type="hidden" name="next" value="${next}">
<label>账号<input name="name" autocomplete="username" required autofocus></label>
<label>密码<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">登录</button>
</form>
<p class="hint">账号由管理员用 duban user add 建立。</p>
</section>`;
    return { body: page({ title: '登录' }, body), nonce };
  };

  app.get('/login', (request, reply) => {
    if (request.viewer) return reply.redirect('/');
    const { body, nonce } = form(request, safeNext((request.query as { next?: string }).next));
    reply.header('set-cookie', cookie(loginCookie, nonce, 3600));
    return c.send(reply, body);
  });

  app.post('/login', async (request, reply) => {
    const fields = (request.body ?? {}) as Record<string, string | undefined>;
    const next = safeNext(fields.next);
    const refuse = (status: number, error: string) => {
      const { body, nonce } = form(request, next, error);
      reply.header('set-cookie', cookie(loginCookie, nonce, 3600));
      return c.send(reply, body, status);
    };
    // The login form's own token: the same random value in a cookie (SameSite) and in the form.
    const expected = readCookies(request.headers.cookie)[loginCookie];
    if (!expected || fields._login !== expected) return refuse(403, '登录页面已过期，请重新输入账号和密码。');
    const name = (fields.name ?? '').trim();
    const wait = throttle.wait(name, request.ip);
    if (wait > 0) return refuse(429, `登录失败次数过多，请 ${wait} 分钟后再试。`);
    const account = name ? findAccount(deps.db, name) : undefined;
    const ok = account ? await verifyPassword(fields.password ?? '', account.passwordHash) : false;
    if (!account || !ok) {
      throttle.failed(name, request.ip);
      return refuse(401, '账号或密码不对。');
    }
    throttle.succeeded(name);
    const token = newToken();
    const now = deps.clock.now();
    createSession(deps.db, { tokenHash: tokenHash(token), accountId: account.id, csrfKey: newToken(), expiresAt: new Date(now.getTime() + sessionHours * 3_600_000) }, now);
    reply.header('set-cookie', [cookie(sessionCookie, token, sessionHours * 3600), cookie(loginCookie, '', 0)]);
    return reply.redirect(next, 303);
  });

  app.post('/logout', (request, reply) => {
    if (request.viewer) deleteSession(deps.db, request.viewer.sessionHash);
    reply.header('set-cookie', cookie(sessionCookie, '', 0));
    return reply.redirect('/login', 303);
  });
}
