/** Accounts of the web console and their sessions. Passwords arrive here already hashed; tokens as their SHA-256. */
import type { Db } from './db.ts';

export const roles = ['admin', 'viewer'] as const;
export type Role = (typeof roles)[number];

export interface Account {
  id: number;
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
}

const select = 'SELECT id, name, role, password_hash AS passwordHash, created_at AS createdAt FROM accounts';

export function listAccounts(db: Db): Account[] {
  return db.prepare(`${select} ORDER BY name`).all() as Account[];
}

export function findAccount(db: Db, name: string): Account | undefined {
  return db.prepare(`${select} WHERE name = ?`).get(name) as Account | undefined;
}

/** False when an account of that name exists already. */
export function addAccount(db: Db, account: { name: string; role: Role; passwordHash: string }, now: Date): boolean {
  const at = now.toISOString();
  return (
    db
      .prepare('INSERT OR IGNORE INTO accounts (name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(account.name, account.role, account.passwordHash, at, at).changes > 0
  );
}

/** A new password logs the account out everywhere. */
export function setPassword(db: Db, name: string, passwordHash: string, now: Date): boolean {
  return db.transaction(() => {
    const changed = db.prepare('UPDATE accounts SET password_hash = ?, updated_at = ? WHERE name = ?').run(passwordHash, now.toISOString(), name).changes > 0;
    if (changed) db.prepare('DELETE FROM sessions WHERE account_id = (SELECT id FROM accounts WHERE name = ?)').run(name);
    return changed;
  })();
}

/** Its sessions go with it; what it did stays in the audit trail under its name. */
export function removeAccount(db: Db, name: string): boolean {
  return db.prepare('DELETE FROM accounts WHERE name = ?').run(name).changes > 0;
}

export interface Session {
  account: Account;
  csrfKey: string;
  expiresAt: string;
}

export function createSession(db: Db, session: { tokenHash: string; accountId: number; csrfKey: string; expiresAt: Date }, now: Date): void {
  db.transaction(() => {
    db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now.toISOString());
    db.prepare('INSERT INTO sessions (token_hash, account_id, csrf_key, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
      session.tokenHash,
      session.accountId,
      session.csrfKey,
      now.toISOString(),
      session.expiresAt.toISOString(),
    );
  })();
}

/** The live session of that token, if any: reading it writes nothing. */
export function findSession(db: Db, tokenHash: string, now: Date): Session | undefined {
  const row = db
    .prepare(`SELECT a.id, a.name, a.role, a.password_hash AS passwordHash, a.created_at AS createdAt, s.csrf_key AS csrfKey, s.expires_at AS expiresAt
      FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ? AND s.expires_at > ?`)
    .get(tokenHash, now.toISOString()) as (Account & { csrfKey: string; expiresAt: string }) | undefined;
  if (!row) return undefined;
  const { csrfKey, expiresAt, ...account } = row;
  return { account, csrfKey, expiresAt };
}

export function deleteSession(db: Db, tokenHash: string): void {
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
}
