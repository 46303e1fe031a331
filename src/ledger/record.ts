/**
 * Writing progress to the ledger. Every change is a new row in the append-only `updates` table, written in the same
 * transaction as its effect on the item, so the ledger is never found with one and not the other. An update that
 * waits for an admin (a closure, a deadline change) takes effect only with the row that approves it.
 */
import { type Db, write } from './db.ts';
import type { Status } from './types.ts';
import { type Owner, ownerKeyOf } from './owners.ts';
import { type Update, updateColumns } from './updates.ts';

export interface Change {
  status?: Status;
  progress?: number;
  /** YYYY-MM-DD */
  deadline?: string;
  note?: string;
}

export type UpdateKind = 'status' | 'progress' | 'deadline' | 'note' | 'assign' | 'approve' | 'return' | 'revert';

/** Where an update came from: who said it, where and when, and the message's own words. */
export interface Source {
  author: string;
  /** Whose it is (`Owner.key`), where a person said it; absent for an import or the command line. */
  authorKey?: string;
  room: string | null;
  messageId: string | null;
  text: string | null;
  at: Date;
  /** 'web' for the console; absent for a group, a direct message or the command line. */
  via?: 'web';
}

interface ItemState {
  status: Status;
  progress: number | null;
  deadline: string | null;
}

function stateOf(db: Db, itemId: number): ItemState {
  const row = db
    .prepare(`SELECT status, progress, (SELECT max(due_date) FROM deadlines WHERE item_id = items.id AND superseded_by IS NULL) AS deadline
      FROM items WHERE id = ?`)
    .get(itemId) as ItemState | undefined;
  if (!row) throw new Error(`no item ${itemId}`);
  return row;
}

function apply(db: Db, itemId: number, updateId: number, change: Change, at: string): void {
  if (change.status !== undefined || change.progress !== undefined) {
    db.prepare('UPDATE items SET status = coalesce(?, status), progress = coalesce(?, progress), updated_at = ? WHERE id = ?').run(
      change.status ?? null,
      change.progress ?? null,
      at,
      itemId,
    );
  }
  if (change.deadline !== undefined) {
    db.prepare('UPDATE deadlines SET superseded_by = ? WHERE item_id = ? AND superseded_by IS NULL').run(updateId, itemId);
    db.prepare('INSERT INTO deadlines (item_id, due_date, phrase, update_id) VALUES (?, ?, ?, ?)').run(
      itemId,
      change.deadline,
      `更新 #${updateId}`,
      updateId,
    );
  }
}

function insert(
  db: Db,
  row: {
    itemId: number;
    kind: UpdateKind;
    source: Source;
    before: ItemState;
    change: Change;
    confirmedBy?: string;
    approvedBy?: string;
    awaiting?: 'closure' | 'deadline';
    refersTo?: number;
  },
): number {
  const at = row.source.at.toISOString();
  const { before, change } = row;
  return Number(
    db
      .prepare(`INSERT INTO updates (item_id, kind, author, author_key, room, at, message_id, source_text, old_status, new_status,
        old_progress, new_progress, old_deadline, new_deadline, note, confirmed_by, confirmed_at, approved_by, approved_at,
        refers_to, awaiting, via) VALUES (@itemId, @kind, @author, @authorKey, @room, @at, @messageId, @text, @oldStatus, @newStatus,
        @oldProgress, @newProgress, @oldDeadline, @newDeadline, @note, @confirmedBy, @confirmedAt, @approvedBy, @approvedAt,
        @refersTo, @awaiting, @via)`)
      .run({
        itemId: row.itemId,
        kind: row.kind,
        author: row.source.author,
        authorKey: row.source.authorKey ?? null,
        room: row.source.room,
        at,
        messageId: row.source.messageId,
        text: row.source.text,
        oldStatus: change.status === undefined ? null : before.status,
        newStatus: change.status ?? null,
        oldProgress: change.progress === undefined ? null : before.progress,
        newProgress: change.progress ?? null,
        oldDeadline: change.deadline === undefined ? null : before.deadline,
        newDeadline: change.deadline ?? null,
        note: change.note ?? null,
        confirmedBy: row.confirmedBy ?? null,
        confirmedAt: row.confirmedBy ? at : null,
        approvedBy: row.approvedBy ?? null,
        approvedAt: row.approvedBy ? at : null,
        refersTo: row.refersTo ?? null,
        awaiting: row.awaiting ?? null,
        via: row.source.via ?? null,
      }).lastInsertRowid,
  );
}

export function findUpdate(db: Db, id: number): Update | undefined {
  return db.prepare(`SELECT ${updateColumns} FROM updates u WHERE u.id = ?`).get(id) as Update | undefined;
}

/**
 * Records a change confirmed by its author. With `awaiting`, the row is kept but the item stays as it is until an
 * admin approves it.
 */
export function recordUpdate(
  db: Db,
  update: { itemId: number; kind: UpdateKind; change: Change; source: Source; confirmedBy?: string; awaiting?: 'closure' | 'deadline'; approvedBy?: string },
): Update {
  return write(db, () => {
    const before = stateOf(db, update.itemId);
    const id = insert(db, { ...update, before });
    if (!update.awaiting) apply(db, update.itemId, id, update.change, update.source.at.toISOString());
    return findUpdate(db, id)!;
  });
}

/** Waiting for an admin, and not yet approved, returned or withdrawn by a later row. */
const unsettled = 'u.awaiting IS NOT NULL AND NOT EXISTS (SELECT 1 FROM updates s WHERE s.refers_to = u.id)';

/** The update of this item still waiting for an admin, if any: one not yet approved, returned or withdrawn. */
export function awaitingUpdate(db: Db, itemId: number): Update | undefined {
  return db.prepare(`SELECT ${updateColumns} FROM updates u WHERE u.item_id = ? AND ${unsettled} ORDER BY u.id DESC LIMIT 1`).get(itemId) as
    | Update
    | undefined;
}

/** Every waiting update of a ledger, oldest first: what admins have to look at. */
export function awaitingUpdates(db: Db, ledgerId: number): Update[] {
  return db
    .prepare(`SELECT ${updateColumns} FROM updates u JOIN items i ON i.id = u.item_id WHERE i.ledger_id = ? AND ${unsettled} ORDER BY u.id`)
    .all(ledgerId) as Update[];
}

/**
 * An admin approves: a waiting closure closes the item (销号), a waiting deadline change takes effect. Without a
 * waiting update, an item already done is closed.
 */
export function approve(db: Db, itemId: number, source: Source): Update {
  return write(db, () => {
    const waiting = awaitingUpdate(db, itemId);
    const before = stateOf(db, itemId);
    const change: Change = waiting?.awaiting === 'deadline' ? { deadline: waiting.newDeadline! } : { status: 'closed', progress: 100 };
    const id = insert(db, { itemId, kind: 'approve', source, before, change, approvedBy: source.author, refersTo: waiting?.id });
    apply(db, itemId, id, change, source.at.toISOString());
    return findUpdate(db, id)!;
  });
}

/** An admin returns a waiting update with a reason; the item stays as it was. */
export function returnUpdate(db: Db, waiting: Update, reason: string, source: Source): Update {
  return write(db, () => {
    const before = stateOf(db, waiting.itemId);
    const id = insert(db, { itemId: waiting.itemId, kind: 'return', source, before, change: { note: reason }, refersTo: waiting.id });
    return findUpdate(db, id)!;
  });
}

/**
 * The update that may still be taken back on an item: its latest row, when that is a change someone reported (not an
 * approval, a return, an assignment or an undo). Anything older has been built on and stays.
 */
export function undoableUpdate(db: Db, itemId: number): Update | undefined {
  const latest = db.prepare(`SELECT ${updateColumns} FROM updates u WHERE u.item_id = ? ORDER BY u.id DESC LIMIT 1`).get(itemId) as Update | undefined;
  return latest && ['status', 'progress', 'deadline', 'note'].includes(latest.kind) ? latest : undefined;
}

/** A person's latest reported change in a ledger, of any item: by their key, or (`by: 'name'`) by the name they show. */
export function latestBy(db: Db, ledgerId: number, owner: Owner, by: 'key' | 'name' = 'key'): Update | undefined {
  return db
    .prepare(`SELECT ${updateColumns} FROM updates u JOIN items i ON i.id = u.item_id
      WHERE i.ledger_id = ? AND ${by === 'key' ? ownerKeyOf('u') : 'u.author'} = ? AND u.kind IN ('status', 'progress', 'deadline', 'note')
      ORDER BY u.id DESC LIMIT 1`)
    .get(ledgerId, by === 'key' ? owner.key : owner.name) as Update | undefined;
}

/**
 * Takes back an item's latest update with a compensating row: its status, progress and deadlines are set back to
 * exactly what they were before it. A waiting update that never took effect is simply withdrawn.
 */
export function revert(db: Db, target: Update, source: Source): Update {
  return write(db, () => {
    if (undoableUpdate(db, target.itemId)?.id !== target.id) throw new Error(`update ${target.id} is not the latest of its item`);
    const before = stateOf(db, target.itemId);
    const tookEffect = target.awaiting === null;
    const change: Change = tookEffect
      ? {
          ...(target.newStatus !== null ? { status: target.oldStatus! } : {}),
          ...(target.newProgress !== null && target.oldProgress !== null ? { progress: target.oldProgress } : {}),
          ...(target.newDeadline !== null ? { deadline: target.oldDeadline ?? undefined } : {}),
        }
      : {};
    const id = insert(db, { itemId: target.itemId, kind: 'revert', source, before, change: { ...change, note: `撤销 #${target.id}` }, refersTo: target.id });
    if (tookEffect) {
      const at = source.at.toISOString();
      if (target.newStatus !== null) db.prepare('UPDATE items SET status = ?, updated_at = ? WHERE id = ?').run(target.oldStatus, at, target.itemId);
      if (target.newProgress !== null) db.prepare('UPDATE items SET progress = ?, updated_at = ? WHERE id = ?').run(target.oldProgress, at, target.itemId);
      if (target.newDeadline !== null) {
        db.prepare('UPDATE deadlines SET superseded_by = ? WHERE update_id = ?').run(id, target.id);
        db.prepare('UPDATE deadlines SET superseded_by = NULL WHERE superseded_by = ?').run(target.id);
      }
    }
    return findUpdate(db, id)!;
  });
}

/** Makes a person responsible for an item (an admin's `指派`), recorded in the trail like any change. */
export function assignResponsible(db: Db, itemId: number, name: string, source: Source): Update | undefined {
  return write(db, () => {
    const id = addResponsible(db, itemId, name, source);
    return id === undefined ? undefined : findUpdate(db, id)!;
  });
}

/**
 * `assignResponsible` inside the caller's transaction, for an import that assigns thousands: a transaction nested in
 * a large one (a savepoint) costs more the more the outer one has written. The new update's id, if the person was
 * not responsible yet.
 */
export function addResponsible(db: Db, itemId: number, name: string, source: Source): number | undefined {
  if (!db.inTransaction) throw new Error('addResponsible needs the caller\'s transaction');
  const added = db
    .prepare('INSERT OR IGNORE INTO responsibles (item_id, name, assigned_by, assigned_at) VALUES (?, ?, ?, ?)')
    .run(itemId, name, source.author, source.at.toISOString()).changes;
  if (!added) return undefined;
  return insert(db, { itemId, kind: 'assign', source, before: stateOf(db, itemId), change: { note: `指派 ${name} 为责任人` } });
}

/**
 * Whether this person, or someone showing their name, recorded an update in `room` since `since`: what a bare 撤销
 * there may be about (someone else's is then refused, and they are told why).
 */
export function recordedSince(db: Db, room: string, owner: Owner, since: Date): boolean {
  return (
    db
      .prepare(`SELECT 1 FROM updates u WHERE u.room = ? AND (${ownerKeyOf('u')} = ? OR u.author = ?) AND u.at >= ? AND u.kind NOT IN ('revert', 'assign')`)
      .get(room, owner.key, owner.name, since.toISOString()) !== undefined
  );
}
