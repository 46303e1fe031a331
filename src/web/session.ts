/**
 * Who is logged in, and that a form came from our own page. The session cookie holds a random token (HttpOnly,
 * SameSite=Strict); the database only its hash. Every form carries a token signed with its session's key, valid two
 * hours and once: a form sent again, or from another site, is refused. Failed logins are counted per account name
 * and per address; past the limit, further attempts are refused without looking at the password.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';

export const sessionCookie = 'duban_session';
export const loginCookie = 'duban_login';
export const sessionHours = 12;
const formTokenMs = 2 * 3_600_000;

export const newToken = () => randomBytes(32).toString('base64url');
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export function readCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const name = pair.slice(0, at).trim();
    try {
      cookies[name] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A cookie we did not write: ignored.
    }
  }
  return cookies;
}

export function cookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

const sign = (key: string, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Form tokens of every session: signed by the session's key, each accepted once. */
export class FormTokens {
  /** Tokens already used, until they would have expired anyway. */
  readonly #used = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  issue(key: string): string {
    const payload = `${this.clock.now().getTime()}.${randomBytes(12).toString('base64url')}`;
    return `${payload}.${sign(key, payload)}`;
  }

  /** Checks a token and uses it up; a missing, forged, expired or used one is refused. */
  redeem(key: string, token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const [issued, nonce, signature] = token.split('.');
    if (!issued || !nonce || !signature || !equal(signature, sign(key, `${issued}.${nonce}`))) return false;
    const now = this.clock.now().getTime();
    if (!(now - Number(issued) < formTokenMs && Number(issued) <= now + 60_000)) return false;
    for (const [used, until] of this.#used) if (until < now) this.#used.delete(used);
    if (this.#used.has(token)) return false;
    this.#used.set(token, Number(issued) + formTokenMs);
    return true;
  }
}

/** Counts failed logins; a key with too many within the window is refused until the oldest of them leaves it. */
export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: { perName: number; perAddress: number; windowMs: number } = { perName: 9, perAddress: 30, windowMs: 15 * 60_000 },
  ) {}

  #recent(key: string): number[] {
    const since = this.clock.now().getTime() - this.limits.windowMs;
    const recent = (this.#failures.get(key) ?? []).filter((at) => at > since);
    if (recent.length) this.#failures.set(key, recent);
    else this.#failures.delete(key);
    return recent;
  }

  /** Minutes until another attempt is allowed, or 0 when one is allowed now. */
  wait(name: string, address: string): number {
    const now = this.clock.now().getTime();
    const check = (key: string, limit: number) => {
      const recent = this.#recent(key);
      return recent.length >= limit ? Math.ceil((recent[recent.length - limit]! + this.limits.windowMs - now) / 60_000) : 0;
    };
    return Math.max(check(`name:${name}`, this.limits.perName), check(`address:${address}`, this.limits.perAddress));
  }

  failed(name: string, address: string): void {
    const now = this.clock.now().getTime();
    for (const key of [`name:${name}`, `address:${address}`]) this.#failures.set(key, [...this.#recent(key), now]);
  }

  succeeded(name: string): void {
    this.#failures.delete(`name:${name}`);
  }
}
