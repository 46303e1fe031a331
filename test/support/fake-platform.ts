/**
 * What every fake chat platform shares: one node:http server on 127.0.0.1 (port 0) answering the platform's HTTP API
 * by route and taking its long connection as a WebSocket upgrade, recording every request as the SDK sent it. A
 * route may be scripted per test (`failNext`): the next call to it gets the given status and body instead.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  /** Parsed JSON when the body is JSON, else the raw text ('' for none). */
  body: any;
  /** When it arrived (real milliseconds). */
  at: number;
}

export interface Reply {
  status?: number;
  json?: unknown;
  bytes?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Route = (request: RecordedRequest) => Reply | Promise<Reply>;

export class FakePlatform {
  readonly requests: RecordedRequest[] = [];
  readonly #routes = new Map<string, Route>();
  readonly #scripted = new Map<string, Reply[]>();
  readonly #server: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sockets = new Set<Socket>();
  readonly #waiters = new Set<() => void>();
  #url = '';

  constructor(onSocket: (socket: WebSocket, request: RecordedRequest) => void) {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    this.#server.on('upgrade', (req, socket, head) => {
      const request = { ...this.#describe(req), body: '' };
      this.#record(request);
      this.#wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws, request));
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  get url(): string {
    return this.#url;
  }

  get wsUrl(): string {
    return this.#url.replace(/^http/, 'ws');
  }

  route(method: string, path: string, route: Route): void {
    this.#routes.set(`${method} ${path}`, route);
  }

  /** The next call to `METHOD path` is answered with this instead of by its route. */
  failNext(method: string, path: string, reply: Reply): void {
    const key = `${method} ${path}`;
    this.#scripted.set(key, [...(this.#scripted.get(key) ?? []), reply]);
  }

  /** Requests to one path (and method), in the order they came. */
  calls(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }

  /** Resolves once `check` holds, looked at after every request or frame; rejects after `ms`. */
  async until<T>(check: () => T | undefined | false, ms = 10_000, what = 'the fake platform'): Promise<T> {
    const now = check();
    if (now) return now;
    return new Promise<T>((resolve, reject) => {
      const waiter = () => {
        const value = check();
        if (!value) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting on ${what}`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      this.#waiters.add(waiter);
    });
  }

  /** Tells waiters that something happened (a frame came in). */
  changed(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  async close(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #describe(req: IncomingMessage): Omit<RecordedRequest, 'body'> {
    const url = new URL(req.url ?? '/', 'http://fake');
    return { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, at: Date.now() };
  }

  #record(request: RecordedRequest): void {
    this.requests.push(request);
    this.changed();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : '';
    } catch {
      // Not JSON: kept as text.
    }
    const request: RecordedRequest = { ...this.#describe(req), body };
    const key = `${request.method} ${request.path}`;
    const route = this.#routes.get(key) ?? [...this.#routes.entries()].find(([pattern]) => matches(pattern, key))?.[1];
    const scripted = this.#scripted.get(key)?.shift();
    let reply: Reply;
    try {
      reply = scripted ?? (route ? await route(request) : { status: 404, json: { code: 'NotFound', message: `no route ${key}` } });
    } catch (error) {
      reply = { status: 500, json: { code: 'FakeFailure', message: (error as Error).message } };
    }
    this.#record(request);
    if (reply.bytes) {
      res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/octet-stream', ...reply.headers });
      res.end(reply.bytes);
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(reply.json ?? {}));
  }
}

/** `POST /a/:id/b` matches `POST /a/42/b`. */
function matches(pattern: string, key: string): boolean {
  const [a, b] = [pattern.split('/'), key.split('/')];
  return a.length === b.length && a.every((part, i) => part.startsWith(':') || part === b[i]);
}

/** The `:name` parts of a path matched against its pattern. */
export function pathParams(pattern: string, path: string): Record<string, string> {
  const [a, b] = [pattern.split('/'), path.split('/')];
  return Object.fromEntries(a.flatMap((part, i) => (part.startsWith(':') ? [[part.slice(1), decodeURIComponent(b[i] ?? '')]] : [])));
}
