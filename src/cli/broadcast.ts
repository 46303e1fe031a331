import { type Daily, composeDaily, dailyOptions, postNotice } from '../broadcast/post.ts';
import { Outbox } from '../chat/outbox.ts';
import { dateIn, timeIn } from '../clock.ts';
import { UserError } from '../errors.ts';
import { findBinding, listBindings } from '../ledger/bindings.ts';
import { isNoticeDay } from '../broadcast/schedule.ts';
import { Roles } from '../dialog/roles.ts';
import { describeWeekdays } from '../weekdays.ts';
import { silentLogger } from '../log.ts';
import type { CommandContext, Values } from './command.ts';

export function run(context: CommandContext, values: Values): void {
  const topic = values.room as string | undefined;
  if (!topic) throw new UserError('请用 --room 指定群名', 'Name the group with --room');
  const db = context.db();
  const binding = findBinding(db, topic);
  if (!binding) {
    const bound = listBindings(db).map((b) => b.roomTopic);
    throw new UserError(`群「${topic}」没有绑定台账（已绑定：${bound.join('、') || '无'}）`, `Group "${topic}" is not bound`);
  }
  const { clock, config } = context;
  const now = clock.now();
  const options = dailyOptions(config, now, new Roles(db, config.admins, () => now).admins(binding.ledgerId));
  const day = dateIn(now, config.timeZone);
  if (!isNoticeDay(day, binding.days, options.calendar) && !context.json) {
    context.print(`（${day} 不是本群的日报日：${describeWeekdays(binding.days)}，节假日除外。以下照常生成。）`);
  }
  if (values['dry-run']) {
    const daily = composeDaily(db, binding, options);
    return context.print(context.json ? JSON.stringify(daily, null, 2) : describe(daily, options.admins).join('\n\n'));
  }
  const outbox = new Outbox(db, clock, config.outbox, silentLogger);
  const posted = postNotice(db, (messages) => outbox.enqueue(messages), binding, options);
  if (!posted.posted) {
    const at = timeIn(new Date(posted.postedAt), config.timeZone);
    return context.print(`群「${topic}」${day} 的日报已于 ${at} 加入发送队列，不再重复。`);
  }
  if (context.json) return context.print(JSON.stringify(posted, null, 2));
  context.print([...describe(posted, options.admins), `已加入发送队列（${posted.parts} 条消息），duban serve 运行时按节奏发出。`].join('\n\n'));
}

/** The day's messages as the people will read them, each headed by where it goes. */
function describe(daily: Daily, admins: string[]): string[] {
  return [
    daily.notice.text,
    ...(daily.reminder ? [daily.reminder.text] : []),
    ...(daily.escalation ? [`（私信管理员 ${admins.join('、')}）\n${daily.escalation.text}`] : []),
  ];
}
