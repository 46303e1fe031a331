/**
 * Groups bound to ledgers, by room key: the topic on the web protocol, `channel:id` where the platform's group ids
 * are stable (see `roomKey` in `src/message.ts`).
 */
import type { Db } from './db.ts';
import { keptUntilTopicChange } from './generation.ts';
import type { Ledger, ReportDateSource } from './types.ts';

export interface Binding {
  /** The room key. */
  roomTopic: string;
  /** The channel the group is on (`wechaty`, `wecom`, …). */
  channel: string;
  /** The group's name where the channel tells it; the room key otherwise. */
  roomName: string;
  /** A WeCom 消息推送 robot key: messages with @ go through it. */
  webhookKey?: string;
  ledgerId: number;
  ledgerName: string;
  broadcastAt: string;
  /** Weekdays of the daily notice, as cron writes them: `1-5` is Monday to Friday. */
  days: string;
}

interface BindingRow {
  room_topic: string;
  channel: string;
  room_name: string | null;
  webhook_key: string | null;
  ledger_id: number;
  name: string;
  report_date: string | null;
  report_date_source: ReportDateSource | null;
  broadcast_at: string;
  days: string;
}

const select = `SELECT b.room_topic, b.channel, b.room_name, b.webhook_key, b.ledger_id, l.name, l.report_date, l.report_date_source,
    b.broadcast_at, b.days
  FROM bindings b JOIN ledgers l ON l.id = b.ledger_id`;
const toBinding = (row: BindingRow): Binding =>
  Object.freeze({
    roomTopic: row.room_topic,
    channel: row.channel,
    roomName: row.room_name ?? row.room_topic,
    ...(row.webhook_key ? { webhookKey: row.webhook_key } : {}),
    ledgerId: row.ledger_id,
    ledgerName: row.name,
    broadcastAt: row.broadcast_at,
    days: row.days,
  });

/** Every message looks up its group's binding and ledger: read once until a binding or a ledger changes. */
const bound = (db: Db) =>
  keptUntilTopicChange(db, 'settings', 'bindings', () => {
    const rows = db.prepare(select).all() as BindingRow[];
    return new Map(
      rows.map((row) => {
        const ledger: Ledger = { id: row.ledger_id, name: row.name, reportDate: row.report_date, reportDateSource: row.report_date_source };
        return [row.room_topic, { binding: toBinding(row), ledger: Object.freeze(ledger) }];
      }),
    );
  });

export const findBinding = (db: Db, roomTopic: string): Binding | undefined => bound(db).get(roomTopic)?.binding;

/** The ledger a group is bound to: what every message there is answered from. */
export const boundLedger = (db: Db, roomTopic: string): Ledger | undefined => bound(db).get(roomTopic)?.ledger;

export function listBindings(db: Db): Binding[] {
  return (db.prepare(`${select} ORDER BY b.room_topic`).all() as BindingRow[]).map(toBinding);
}

/**
 * Binds a group to a ledger, or moves it to another; the notice's time and days, the group's name and its webhook
 * key stay unless new ones are given. The channel is `wechaty` unless said.
 */
export function bindRoom(
  db: Db,
  binding: {
    roomTopic: string;
    ledgerId: number;
    channel?: string;
    roomName?: string;
    webhookKey?: string;
    broadcastAt?: string;
    days?: string;
    by: string;
  },
  now: Date,
): Binding {
  const at = now.toISOString();
  db.prepare(`INSERT INTO bindings (room_topic, channel, room_name, webhook_key, ledger_id, broadcast_at, days, bound_by, created_at, updated_at)
    VALUES (@roomTopic, @channel, @roomName, @webhookKey, @ledgerId, coalesce(@broadcastAt, '09:00'), coalesce(@days, '1-5'), @by, @at, @at)
    ON CONFLICT (room_topic) DO UPDATE SET ledger_id = excluded.ledger_id, broadcast_at = coalesce(@broadcastAt, bindings.broadcast_at),
      days = coalesce(@days, bindings.days), room_name = coalesce(@roomName, bindings.room_name),
      webhook_key = coalesce(@webhookKey, bindings.webhook_key), bound_by = excluded.bound_by, updated_at = excluded.updated_at`).run({
    ...binding,
    channel: binding.channel ?? 'wechaty',
    roomName: binding.roomName ?? null,
    webhookKey: binding.webhookKey ?? null,
    broadcastAt: binding.broadcastAt ?? null,
    days: binding.days ?? null,
    at,
  });
  return findBinding(db, binding.roomTopic)!;
}

export function unbindRoom(db: Db, roomTopic: string): boolean {
  return db.prepare('DELETE FROM bindings WHERE room_topic = ?').run(roomTopic).changes > 0;
}
