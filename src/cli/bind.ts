import { describeWeekdays, isWeekdayField } from '../weekdays.ts';
import { bindRoom, findBinding, listBindings, unbindRoom } from '../ledger/bindings.ts';
import { resolveLedger } from '../ledger/ledgers.ts';
import { overview } from '../ledger/listings.ts';
import { UserError } from '../errors.ts';
import type { CommandContext, Values } from './command.ts';

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

const channels = ['wechaty', 'wecom'];

export function run(context: CommandContext, values: Values): void {
  const db = context.db();
  const channel = (values.channel as string | undefined) ?? 'wechaty';
  if (!channels.includes(channel)) {
    throw new UserError(`--channel 应为 ${channels.join(' 或 ')}，而不是"${channel}"`, `--channel takes ${channels.join(' or ')}, not "${channel}"`);
  }
  const webhook = values.webhook as string | undefined;
  if (webhook !== undefined && channel !== 'wecom') {
    throw new UserError('--webhook（消息推送机器人的 key）只用于 --channel wecom', '--webhook (the 消息推送 robot key) is for --channel wecom only');
  }
  if (webhook !== undefined && !/^[\w-]{8,}$/.test(webhook)) {
    throw new UserError(`--webhook 应为消息推送地址里 key= 后面的那一串，而不是"${webhook}"`, `--webhook takes the key= part of the 消息推送 address, not "${webhook}"`);
  }
  const chosen = values.room as string | undefined;
  // A WeCom group is known by its chatid, a WeChat group by its name.
  const room = chosen === undefined || channel === 'wechaty' ? chosen : `${channel}:${chosen}`;
  if (room === undefined) {
    if (values.ledger !== undefined || values.at !== undefined || values.days !== undefined || values.remove) {
      throw new UserError('请用 --room 指定群名', 'Name the group with --room');
    }
    const bindings = listBindings(db);
    if (context.json) return context.print(JSON.stringify(bindings, null, 2));
    if (bindings.length === 0) return context.print('还没有绑定任何群。用 duban bind --room 群名 --ledger 台账名 绑定。');
    for (const b of bindings) {
      const where = b.channel === 'wechaty' ? `「${b.roomTopic}」` : `${b.channel} 群 ${b.roomName.replace(`${b.channel}:`, '')}${b.webhookKey ? '（消息推送已设置）' : ''}`;
      context.print(`${where}→ 台账「${b.ledgerName}」，${describeWeekdays(b.days)} ${b.broadcastAt} 推送日报`);
    }
    return;
  }
  if (values.remove) {
    if (!unbindRoom(db, room)) throw new UserError(`群「${room}」没有绑定台账`, `Group "${room}" is not bound`);
    return context.print(`已解除群「${room}」与台账的绑定。`);
  }
  const at = values.at as string | undefined;
  if (at !== undefined && !hhmm.test(at)) {
    throw new UserError(`--at 应为 HH:MM 格式的时间（如 09:00），而不是"${at}"`, `--at takes a time as HH:MM (e.g. 09:00), not "${at}"`);
  }
  const { cutoff } = context.config.notices;
  if (at !== undefined && at >= cutoff) {
    throw new UserError(
      `--at 须早于 ${cutoff}（DUBAN_NOTICE_CUTOFF：过了这个时间的日报不再发出）`,
      `--at must be before ${cutoff} (DUBAN_NOTICE_CUTOFF: a notice not sent by then is skipped)`,
    );
  }
  const days = values.days as string | undefined;
  if (days !== undefined && !isWeekdayField(days)) {
    throw new UserError(
      `--days 应为星期几的数字：1-5 为周一至周五，0 或 7 为周日，可写 1-6 或 1,3,5，而不是"${days}"`,
      `--days takes weekdays as cron writes them (1-5 Monday to Friday, 0 or 7 Sunday, 1,3,5), not "${days}"`,
    );
  }
  // A group already bound keeps its ledger when only its time or days change.
  const ledger = resolveLedger(db, (values.ledger as string | undefined) ?? findBinding(db, room)?.ledgerName);
  const binding = bindRoom(db, { roomTopic: room, channel, ledgerId: ledger.id, broadcastAt: at, days, webhookKey: webhook, by: 'cli' }, context.clock.now());
  if (context.json) return context.print(JSON.stringify(binding, null, 2));
  context.print(
    `已将群「${chosen}」绑定到台账「${ledger.name}」（${overview(db, ledger.id).total} 项），${describeWeekdays(binding.days)} ${binding.broadcastAt} 推送整改进展日报${context.config.notices.holidays.length ? '（DUBAN_HOLIDAYS 所列节假日除外）' : ''}。\n` +
      (channel === 'wechaty'
        ? '群名须与微信里完全一致；督办每次登录后按群名查找这个群。'
        : `企业微信群按 chatid 识别；${binding.webhookKey ? '@ 责任人经消息推送机器人发出。' : '未设置消息推送（--webhook KEY），日报里的 @ 只是文字。'}`),
  );
}
