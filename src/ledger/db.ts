/**
 * Opens the SQLite file that holds everything duban knows. Several processes may share it (`serve`, `duban chat`,
 * an import): SQLite lets one write at a time and, in WAL mode, never blocks the readers. Every write that reads
 * first (a proposal still open? a notice already sent?) takes the write lock before that read, with `write()`, so
 * no other process can change the answer between the read and the write; a write that finds the lock taken waits
 * up to `busyTimeoutMs` for it. Opening writes nothing once the schema is current.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors.ts';
import { rolledBack } from './generation.ts';
import { migrate } from './migrate.ts';

export type Db = Database.Database;

/** Longer than any one write duban makes, a large import's included, so a writer waits its turn instead of failing. */
export const busyTimeoutMs = 30_000;

const cacheKib = 64 * 1024;

export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path);
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    throw new UserError(`无法打开数据库 ${path}：${(error as Error).message}`, `Cannot open the database ${path}: ${(error as Error).message}`);
  }
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // A large ledger's pages, and a large import's indexes, outgrow the default 2 MB page cache: 64 MB (taken only as
  // used) keeps them in memory (`npm run bench -- roundtrip`, `-- import`).
  db.pragma(`cache_size = ${-cacheKib}`);
  // A REPLACE's implicit delete of a row fires that table's delete triggers only with this on: the audit trail's
  // refusals must hold against it too.
  db.pragma('recursive_triggers = ON');
  cacheStatements(db);
  noticeRollbacks(db);
  migrate(db);
  return db;
}

/**
 * Runs `work` as one transaction that holds the write lock from its first statement (BEGIN IMMEDIATE): what it
 * reads to decide cannot be changed by another process before it writes. Inside another transaction it is a
 * savepoint of that one.
 */
export function write<T>(db: Db, work: () => T): T {
  // Begun under a read transaction, the write could not wait for the lock (SQLITE_BUSY_SNAPSHOT) and would decide
  // on what it read before taking it.
  if (reading.has(db)) throw new Error('a write inside read(): writes take the lock first, with write()');
  return runnerOf(db).immediate(work) as T;
}

/**
 * Runs `work`, which only reads, as one read transaction: one snapshot, and the file's read lock taken once, not once
 * per statement (several system calls each time). Inside another transaction it is part of that one.
 */
export function read<T>(db: Db, work: () => T): T {
  if (db.inTransaction) return work();
  reading.add(db);
  try {
    return runnerOf(db).deferred(work) as T;
  } finally {
    reading.delete(db);
  }
}

/** Connections inside `read()`. */
const reading = new WeakSet<Db>();

/** One transaction function per connection, handed the work: building one per write was a tenth of a question's cost. */
const runners = new WeakMap<Db, Database.Transaction<(work: () => unknown) => unknown>>();

function runnerOf(db: Db): Database.Transaction<(work: () => unknown) => unknown> {
  let run = runners.get(db);
  if (!run) runners.set(db, (run = db.transaction((work: () => unknown) => work())));
  return run;
}

/** The database was locked for longer than the busy timeout. */
export const isBusy = (error: unknown) => (error as { code?: string })?.code?.startsWith('SQLITE_BUSY') === true;

/**
 * For a writer that may have to wait behind another long one (an import behind an import): tries again after a
 * pause that doubles, up to `attempts` times, when the lock stayed taken past the busy timeout. `work` must be one
 * transaction, so that a failed attempt wrote nothing.
 */
export async function retryWhileBusy<T>(work: () => T, { attempts = 5, firstPauseMs = 1_000 } = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error) || attempt >= attempts) throw error;
      await sleep(firstPauseMs * 2 ** (attempt - 1));
    }
  }
}

/**
 * Refreshes the planner's statistics (cheap when nothing changed), so a 10,000-item ledger stays fast to ask. It
 * may write, so it runs after an import and on `serve`'s schedule, never on open, and gives way when another
 * process is writing: the next run catches up.
 */
export function optimize(db: Db): boolean {
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('optimize = 0x10002');
    return true;
  } catch (error) {
    if (isBusy(error)) return false;
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}

/**
 * `LIMIT n` written into a statement's text rather than bound: a statement whose LIMIT is a parameter costs about a
 * fresh compile more at every run here (12–20 µs against 7 µs for a whole small query, measured). Only a whole number
 * gets through, so no text reaches the SQL this way.
 */
export function sqlLimit(count: number): string {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`not a row count: ${count}`);
  return `LIMIT ${count}`;
}

/** More statements a connection keeps compiled than duban has: a cache that fills up holds SQL built from values. */
const statementsKept = 1000;

/**
 * Each statement is compiled once per connection, on first use: a question runs a dozen, and compiling them anew
 * every time was a tenth of its cost. One comes back from the cache as a new one would be, with `pluck` and `raw` off.
 */
function cacheStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const compiled = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    const kept = compiled.get(sql);
    if (kept) return kept.reader ? kept.pluck(false).raw(false) : kept;
    if (compiled.size >= statementsKept) compiled.clear();
    const statement = compile(sql);
    compiled.set(sql, statement);
    return statement;
  }) as Db['prepare'];
}

/** Every transaction this connection runs tells the kept counts (`keptUntilChange`) when it is rolled back. */
function noticeRollbacks(db: Db): void {
  const begin = db.transaction.bind(db);
  db.transaction = ((work: (...args: unknown[]) => unknown) => {
    const run = begin(work);
    const noticed =
      (variant: (...args: unknown[]) => unknown) =>
      (...args: unknown[]) => {
        try {
          return variant(...args);
        } catch (error) {
          rolledBack(db);
          throw error;
        }
      };
    return Object.assign(noticed(run), {
      default: noticed(run.default),
      deferred: noticed(run.deferred),
      immediate: noticed(run.immediate),
      exclusive: noticed(run.exclusive),
    });
  }) as Db['transaction'];
}
