/**
 * Opens the SQLite file that holds everything duban knows. better-sqlite3 is synchronous: a transaction runs to its
 * end before any other handler gets the event loop, so two messages can never interleave their writes.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../errors.ts';
import { migrate } from './migrate.ts';

export type Db = Database.Database;

export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    throw new UserError(`无法打开数据库 ${path}：${(error as Error).message}`, `Cannot open the database ${path}: ${(error as Error).message}`);
  }
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  cacheStatements(db);
  migrate(db);
  // Keeps the planner's statistics fresh (cheap when nothing changed): a 10,000-item ledger stays fast to ask.
  db.pragma('optimize = 0x10002');
  return db;
}

/** More statements a connection keeps compiled than duban has: a cache that fills up holds SQL built from values. */
const statementsKept = 1000;

/**
 * Each statement is compiled once per connection, on first use: a question runs a dozen, and compiling them anew
 * every time was a tenth of its cost. One comes back from the cache as a new one would be, with `pluck` off.
 */
function cacheStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const compiled = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    const kept = compiled.get(sql);
    if (kept) return kept.reader ? kept.pluck(false) : kept;
    if (compiled.size >= statementsKept) compiled.clear();
    const statement = compile(sql);
    compiled.set(sql, statement);
    return statement;
  }) as Db['prepare'];
}
