/**
 * The web console (`duban web`, and inside `serve`): Fastify serving pages rendered on the server, in Chinese, with
 * one stylesheet and no script, so that an old office PC or a phone shows them at once and nothing is fetched from
 * outside (offices run on closed networks). Every page but the login needs a session; every form a one-time token;
 * actions need an admin account and go through the same code as a group's (see actions.ts).
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Outgoing } from '../message.ts';
import { addDays, type Clock, dateIn } from '../clock.ts';
import { type Config, projectRoot } from '../config.ts';
import { UserError } from '../errors.ts';
import { type Account, findSession } from '../ledger/accounts.ts';
import type { Db } from '../ledger/db.ts';
import { listLedgers } from '../ledger/ledgers.ts';
import type { Ledger } from '../ledger/types.ts';
import type { Logger } from '../log.ts';
import type { Window } from '../ledger/board.ts';
import { type Html } from './html.ts';
import { type Frame, type Section, message } from './layout.ts';
import { FormTokens, LoginThrottle, readCookies, sessionCookie, tokenHash } from './session.ts';
import { registerLogin } from './pages/login.ts';
import { registerOverview } from './pages/overview.ts';
import { registerItems } from './pages/items.ts';
import { registerReview } from './pages/review.ts';
import { registerImport } from './pages/import.ts';
import { registerGroups } from './pages/groups.ts';
import { registerExport } from './pages/export.ts';

export interface ConsoleDeps {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  /** Messages an action sends (the reporter told of an approval): the outbox's queue. */
  enqueue: (messages: Outgoing[]) => void;
}

/** Who is asking, and what every page needs to draw its frame. */
export interface Viewer {
  account: Account;
  sessionHash: string;
  csrfKey: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer?: Viewer;
  }
}

/** What page modules are given. */
export interface Console {
  app: FastifyInstance;
  deps: ConsoleDeps;
  tokens: FormTokens;
  throttle: LoginThrottle;
  window(): Window;
  /** The frame of a page about a ledger (the first one for pages about none), with a fresh form token for its logout button. */
  frame(request: FastifyRequest, title: string, active?: Section, ledger?: Ledger): Frame;
  /** The ledger of `:ledger` in the URL; a 404 page has been sent when undefined. */
  ledgerOf(request: FastifyRequest, reply: FastifyReply): Ledger | undefined;
  /** Refuses a viewer's action with a 403 page; true when the account may act. */
  mayAct(request: FastifyRequest, reply: FastifyReply): boolean;
  send(reply: FastifyReply, body: Html, status?: number): FastifyReply;
  notFound(request: FastifyRequest, reply: FastifyReply, what: string): FastifyReply;
}

/** The largest upload accepted: a county's report with tables is a few megabytes. */
export const uploadLimitBytes = 10 * 1024 * 1024;
/** Read from the sources, also by the compiled code in dist/: CSS is not compiled. */
const stylesheet = readFileSync(join(projectRoot, 'src', 'web', 'assets', 'console.css'));
const publicPaths = new Set(['/login', '/assets/console.css', '/favicon.ico']);

const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-store',
};

export function buildConsole(deps: ConsoleDeps): FastifyInstance {
  const { db, clock, config, log } = deps;
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  void app.register(formbody);
  void app.register(multipart, { limits: { fileSize: uploadLimitBytes, files: 1, fields: 8 } });

  const tokens = new FormTokens(clock);
  const console: Console = {
    app,
    deps,
    tokens,
    throttle: new LoginThrottle(clock),
    window() {
      const today = dateIn(clock.now(), config.timeZone);
      return { today, until: addDays(today, 7) };
    },
    frame(request, title, active, ledger) {
      const viewer = request.viewer;
      const ledgers = listLedgers(db);
      return { title, account: viewer?.account, ledger: ledger ?? ledgers[0], ledgers, active, csrf: viewer && tokens.issue(viewer.csrfKey) };
    },
    ledgerOf(request, reply) {
      const id = Number((request.params as { ledger?: string }).ledger);
      const ledger = listLedgers(db).find((l) => l.id === id);
      if (!ledger) console.notFound(request, reply, '没有这个台账');
      return ledger;
    },
    mayAct(request, reply) {
      if (request.viewer?.account.role === 'admin') return true;
      console.send(reply, message(console.frame(request, '不能操作'), '不能操作', '只读账号只能查看，不能操作。需要操作请联系管理员。'), 403);
      return false;
    },
    send(reply, body, status = 200) {
      return reply.code(status).type('text/html; charset=utf-8').send(body.value);
    },
    notFound(request, reply, what) {
      return console.send(reply, message(console.frame(request, '找不到'), '找不到', `${what}。`, { href: '/', label: '回到首页' }), 404);
    },
  };

  app.addHook('onRequest', async (request, reply) => {
    const token = readCookies(request.headers.cookie)[sessionCookie];
    const hash = token ? tokenHash(token) : undefined;
    const session = hash ? findSession(db, hash, clock.now()) : undefined;
    if (session && hash) request.viewer = { account: session.account, sessionHash: hash, csrfKey: session.csrfKey };
    const path = request.url.split('?')[0]!;
    if (request.viewer || publicPaths.has(path)) return;
    if (request.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
    return console.send(reply, message({ title: '请先登录' }, '请先登录', '登录已过期或还没有登录，没有做任何改动。', { href: '/login', label: '登录' }), 401);
  });

  // A form must carry the token its page was drawn with: one from another site, or sent a second time, is refused.
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || !request.viewer || request.url === '/login') return;
    const token = (request.body as Record<string, unknown> | undefined)?._csrf ?? (request.query as Record<string, unknown>)._csrf;
    if (tokens.redeem(request.viewer.csrfKey, token)) return;
    return console.send(
      reply,
      message(console.frame(request, '表单已失效'), '表单已失效', '这个表单已经提交过、已过期，或不是从本系统的页面发出的，没有做任何改动。请回到页面刷新后重试。', { href: '/', label: '回到首页' }),
      403,
    );
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.headers(securityHeaders);
  });

  app.get('/assets/console.css', (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(stylesheet));
  app.get('/', (request, reply) => {
    const [first] = listLedgers(db);
    if (first) return reply.redirect(`/l/${first.id}`);
    return console.send(reply, message(console.frame(request, '督办'), '还没有台账', '还没有导入任何台账。管理员可在"导入"页上传报告，或用 duban import 导入。', { href: '/import', label: '导入报告' }));
  });

  registerLogin(console);
  registerOverview(console);
  registerItems(console);
  registerReview(console);
  registerImport(console);
  registerGroups(console);
  registerExport(console);

  app.setNotFoundHandler((request, reply) => console.notFound(request, reply, '没有这个页面'));
  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    if (error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return console.send(reply, message(console.frame(request, '文件太大'), '文件太大', `上传的文件超过 ${uploadLimitBytes / 1024 / 1024} MB，没有导入任何内容。`, { href: '/import', label: '重新上传' }), 413);
    }
    if (error.statusCode && error.statusCode < 500) {
      return console.send(reply, message(console.frame(request, '请求有误'), '请求有误', '请求的格式不对，没有做任何改动。'), error.statusCode);
    }
    log.error({ url: request.url, error: error.stack }, '网页控制台出错 / console error');
    return console.send(reply, message(console.frame(request, '出错了'), '出错了', '处理这个请求时出错了，没有做任何改动。错误已记录，请联系维护者。'), 500);
  });
  return app;
}

/** Starts the console on the configured address; resolves with the address it listens on. */
export async function startConsole(deps: ConsoleDeps): Promise<{ app: FastifyInstance; url: string }> {
  const app = buildConsole(deps);
  const { host, port } = deps.config.web;
  try {
    return { app, url: await app.listen({ host, port }) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL' && code !== 'EACCES') throw error;
    throw new UserError(
      `网页控制台无法在 ${host}:${port} 监听（${code === 'EADDRINUSE' ? '端口已被占用' : code === 'EACCES' ? '没有权限' : '本机没有这个地址'}）：请换一个 DUBAN_WEB_PORT 或 DUBAN_WEB_HOST`,
      `The web console cannot listen on ${host}:${port} (${code}): choose another DUBAN_WEB_PORT or DUBAN_WEB_HOST`,
    );
  }
}
