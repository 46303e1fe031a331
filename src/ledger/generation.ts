/**
 * What is computed over a whole ledger (the overview, how many items a list has), or looked up for every message
 * (the ledger a group is bound to, who holds rights), kept per connection until what it was read from changes. Every
 * change to a ledger's items, deadlines or responsible people raises its generation (triggers, migration 0009), and
 * every change to the bindings, ledgers, rights or proposals raises their topic's (migration 0064), whichever process
 * made it, so a kept value is never older than what it describes.
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

/** `settings`: bindings, ledgers' names and report dates, grants of rights. `proposals`: proposals and discarded evidence. */
export type Topic = 'settings' | 'proposals';

function topicGeneration(db: Db, topic: Topic): number {
  const generation = db.prepare('SELECT n FROM generations WHERE topic = ?').pluck().get(topic) as number | undefined;
  // Without its row nothing would ever be looked up again: better stop than answer from what was kept.
  if (generation === undefined) throw new Error(`no generation counter for ${topic} (migration 0064)`);
  return generation;
}

const rollbacks = new WeakMap<Db, number>();

/**
 * Called when a transaction of this connection is rolled back (see `openDatabase`): a value computed inside it may
 * describe changes that never happened, under a generation a later change will reach again.
 */
export function rolledBack(db: Db): void {
  rollbacks.set(db, (rollbacks.get(db) ?? 0) + 1);
}

function keep<T>(db: Db, name: string, generation: number, compute: () => T): T {
  const rolled = rollbacks.get(db) ?? 0;
  let values = kept.get(db);
  if (!values) kept.set(db, (values = new Map()));
  const found = values.get(name);
  if (found && found.generation === generation && found.rollbacks === rolled) return found.value as T;
  const value = compute();
  if (values.size >= keysKept) values.clear();
  values.set(name, { generation, rollbacks: rolled, value });
  return value;
}

/**
 * `compute()`'s value for this ledger, computed again only once the ledger has changed; `key` names what it is.
 * A value computed inside a transaction (every answer is: the deciding reads are under the write lock) is kept until
 * the ledger changes or a transaction of this connection is rolled back. `generation`, the ledger's as just read,
 * saves reading it again.
 */
export function keptUntilChange<T>(db: Db, ledgerId: number, key: string, compute: () => T, generation = generationOf(db, ledgerId)): T {
  return keep(db, `${ledgerId}\n${key}`, generation, compute);
}

/** `compute()`'s value, computed again only once the topic has changed, as `keptUntilChange` keeps a ledger's. */
export function keptUntilTopicChange<T>(db: Db, topic: Topic, key: string, compute: () => T): T {
  return keep(db, `${topic}\n${key}`, topicGeneration(db, topic), compute);
}
