/**
 * What is computed over a whole ledger (the overview, how many items a list has), kept per connection until the
 * ledger changes. Every change to a ledger's items, deadlines or responsible people raises its generation (triggers,
 * migration 0009), whichever process made it, so a kept value is never older than the ledger it describes.
 */
import type { Db } from './db.ts';

interface Kept {
  generation: number;
  /** The connection's rollbacks when it was computed: one computed inside a transaction is void once any rolls back. */
  rollbacks: number;
  value: unknown;
}

/** Keys kept per connection; beyond this (a long-running process, many days and ledgers) all are dropped. */
const keysKept = 1000;
const kept = new WeakMap<Db, Map<string, Kept>>();

export function generationOf(db: Db, ledgerId: number): number {
  return (db.prepare('SELECT generation FROM ledgers WHERE id = ?').pluck().get(ledgerId) as number | undefined) ?? 0;
}

const rollbacks = new WeakMap<Db, number>();

/**
 * Called when a transaction of this connection is rolled back (see `openDatabase`): a value computed inside it may
 * describe changes that never happened, under a generation a later change will reach again.
 */
export function rolledBack(db: Db): void {
  rollbacks.set(db, (rollbacks.get(db) ?? 0) + 1);
}

/**
 * `compute()`'s value for this ledger, computed again only once the ledger has changed; `key` names what it is.
 * A value computed inside a transaction (every answer is: the deciding reads are under the write lock) is kept until
 * the ledger changes or a transaction of this connection is rolled back. `generation`, the ledger's as just read,
 * saves reading it again.
 */
export function keptUntilChange<T>(db: Db, ledgerId: number, key: string, compute: () => T, generation = generationOf(db, ledgerId)): T {
  const rolled = rollbacks.get(db) ?? 0;
  let values = kept.get(db);
  if (!values) kept.set(db, (values = new Map()));
  const name = `${ledgerId}\n${key}`;
  const found = values.get(name);
  if (found && found.generation === generation && found.rollbacks === rolled) return found.value as T;
  const value = compute();
  if (values.size >= keysKept) values.clear();
  values.set(name, { generation, rollbacks: rolled, value });
  return value;
}
