/**
 * Administering: binding a group to a ledger, its daily notice's time and days, the ledger of a direct chat, who
 * answers for an item, and who is an admin. Only admins change anything here.
 */
import { readTimeOfDay } from '../clock.ts';
import { bindRoom, findBinding, unbindRoom } from '../ledger/bindings.ts';
import { listItems } from '../ledger/items.ts';
import { matchLedger } from '../ledger/ledgers.ts';
import { overview } from '../ledger/listings.ts';
import { assignResponsible } from '../ledger/record.ts';
import { itemByCode } from '../understand/codes.ts';
import { describeWeekdays, readWeekdays } from '../weekdays.ts';
import { isPersonKey, typedNames } from '../message.ts';
import { type DialogContext, type Handlers, type IntentOf, inLedger, ledgerNames } from './context.ts';
import type { Ledger } from '../ledger/types.ts';
import type { Said } from './turn.ts';
import { replies } from './replies.ts';
import { source } from './source.ts';

/** The refusal for someone who is not an admin, or nothing. */
/** The refusal for someone who is not an admin of this ledger, or nothing. */
export const adminOnly = (context: DialogContext, ledger: Ledger, what: string): string | undefined =>
  context.roles.isAdmin(context.turn.person, ledger.id) ? undefined : replies.adminOnly(what);

function bind(context: DialogContext, name: string): string {
  const { db, turn } = context;
  if (!turn.isAdmin) return replies.bindAdminOnly;
  if (!turn.room) return replies.bindInGroup;
  if (!name) return replies.bindHow(ledgerNames(context));
  const ledger = matchLedger(db, name);
  if (!ledger) return replies.noSuchLedger(name, ledgerNames(context));
  // Granted over another ledger, an admin may not put a group on this one.
  if (!context.roles.isAdmin(turn.person, ledger.id)) return replies.bindLedgerAdminOnly(ledger.name);
  const binding = bindRoom(
    db,
    { roomTopic: turn.room, channel: turn.group?.channel, roomName: turn.group?.name, ledgerId: ledger.id, by: turn.person.name },
    context.clock.now(),
  );
  return replies.bound(binding.roomName, ledger.name, overview(db, ledger.id).total, describeWeekdays(binding.days), binding.broadcastAt);
}

function unbind(context: DialogContext): string {
  const { turn } = context;
  if (!turn.isAdmin) return replies.unbindAdminOnly;
  if (!turn.room) return replies.unbindInGroup;
  const bound = findBinding(context.db, turn.room);
  if (bound && !context.roles.isAdmin(turn.person, bound.ledgerId)) return replies.unbindLedgerAdminOnly(bound.ledgerName);
  return unbindRoom(context.db, turn.room) ? replies.unbindDone(bound?.roomName ?? turn.room) : replies.notBound;
}

/** Shows the group's notice time and days, or (an admin) changes them: `日报时间 08:30 周一至周六`. */
function noticeSchedule(context: DialogContext, spec: string): string {
  const { db, turn } = context;
  const binding = turn.room ? findBinding(db, turn.room) : undefined;
  if (!turn.room || !binding) return replies.scheduleInGroup;
  const current = replies.scheduleNow(describeWeekdays(binding.days), binding.broadcastAt);
  if (!spec) return replies.scheduleShow(current);
  if (!context.roles.isAdmin(turn.person, binding.ledgerId)) return replies.scheduleAdminOnly(current);
  if (/几点|什么时候|多会|^[呢吗？?]+$/.test(spec)) return replies.scheduleShow(current);
  const at = readTimeOfDay(spec);
  const days = readWeekdays(spec);
  // A time that cannot be read must not leave the days changed alone, as if all were understood.
  if ((!at && /\d|点/.test(spec)) || (!at && !days)) return replies.scheduleUnreadable(spec);
  const { noticeCutoff } = context.settings;
  if (at && at >= noticeCutoff) return replies.scheduleTooLate(noticeCutoff);
  const changed = bindRoom(db, { roomTopic: turn.room, ledgerId: binding.ledgerId, broadcastAt: at, days, by: turn.person.name }, context.clock.now());
  return replies.scheduleChanged(describeWeekdays(changed.days), changed.broadcastAt);
}

/** `绑定推送 KEY`: the WeCom group's 消息推送 robot, through which the notice's @ of people go. */
function bindWebhook(context: DialogContext, key: string): string {
  const { db, turn } = context;
  if (!turn.room || turn.group?.channel !== 'wecom') return replies.webhookWeComOnly;
  const bound = findBinding(db, turn.room);
  if (!bound) return replies.webhookBindFirst;
  if (!turn.isAdmin || !context.roles.isAdmin(turn.person, bound.ledgerId)) return replies.webhookAdminOnly(bound.ledgerName);
  if (!/^[\w-]{8,}$/.test(key)) return replies.webhookHow;
  bindRoom(db, { roomTopic: turn.room, channel: 'wecom', ledgerId: bound.ledgerId, webhookKey: key, by: turn.person.name }, context.clock.now());
  return replies.webhookSet;
}

function useLedger(context: DialogContext, name: string): string {
  if (context.turn.room) return replies.useInDirect;
  if (!name) return replies.useHow(ledgerNames(context));
  const ledger = matchLedger(context.db, name);
  if (!ledger) return replies.noSuchLedger(name, ledgerNames(context));
  context.conversations.setLedgerId(context.key, ledger.id);
  return replies.using(ledger.name);
}

/** 指派: also what an admin does in the web console. */
export function assignIn(context: DialogContext, ledger: Ledger, { code, names }: IntentOf<'assign'>): Said[] {
  const refused = adminOnly(context, ledger, '指派责任人');
  if (refused) return [refused];
  const { db } = context;
  const item = itemByCode(db, ledger.id, code);
  if (!item) return [replies.noSuchItem(ledger.name, code)];
  if (names.length === 0) return [replies.assignHow(code)];
  const from = source(context);
  const added = names.filter((name) => assignResponsible(db, item.id, name, from));
  // Where people have user ids, the name is bound to the one it means here, so that responsibility follows them.
  const { channel } = context.turn;
  if (channel && typedNames[channel] !== 'remark') {
    for (const name of names) {
      const who = context.roles.whoIs(name, channel);
      if (who !== undefined && !isPersonKey(name)) context.roles.bindResponsible(name, who, from.author);
    }
  }
  const [now] = listItems(db, ledger.id, [item.id]);
  const head = added.length ? replies.assigned(added, item.code, item.title) : replies.alreadyAssigned(names, item.code);
  return [`${head}${replies.responsibleNow(now!.responsible)}`];
}

/** Who grants or withdraws a right, where and when: kept with the change. */
const grantor = ({ turn, clock }: DialogContext) => ({ name: turn.person.remark || turn.person.name, room: turn.room ?? null, at: clock.now() });

export const administering = {
  bind: (context, { ledger }) => [bind(context, ledger)],
  unbind: (context) => [unbind(context)],
  bindWebhook: (context, { key }) => [bindWebhook(context, key)],
  noticeSchedule: (context, { spec }) => [noticeSchedule(context, spec)],
  useLedger: (context, { ledger }) => [useLedger(context, ledger)],
  assign: inLedger(assignIn),
  grant: inLedger((context, ledger, { name }) => {
    const refused = adminOnly(context, ledger, '授权');
    if (refused) return [refused];
    const channel = context.turn.channel ?? 'wechaty';
    const who = context.roles.whoIs(name, channel);
    if (who === undefined) return [replies.whoUnknown(name)];
    if (!context.roles.grant(who, ledger.id, grantor(context))) return [replies.alreadyAdmin(name, ledger.name)];
    return [typedNames[channel] === 'remark' && !isPersonKey(name) ? replies.grantedByRemark(name, ledger.name) : replies.granted(name, ledger.name)];
  }),
  revoke: inLedger((context, ledger, { name }) => {
    const refused = adminOnly(context, ledger, '取消授权');
    if (refused) return [refused];
    const who = context.roles.whoIs(name, context.turn.channel ?? 'wechaty');
    if (who !== undefined && context.roles.revoke(who, ledger.id, grantor(context))) return [replies.revoked(name, ledger.name)];
    return [replies.notGranted(name, ledger.name, who !== undefined && context.roles.isConfigured(who))];
  }),
} satisfies Partial<Handlers>;
