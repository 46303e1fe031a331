import { postNotice } from '../broadcast/post.ts';
import { composeNotice } from '../broadcast/notice.ts';
import { Outbox } from '../chat/outbox.ts';
import { dateIn, timeIn } from '../clock.ts';
import { UserError } from '../errors.ts';
import { findBinding, listBindings } from '../ledger/bindings.ts';
import { findLedger } from '../ledger/ledgers.ts';
import { silentLogger } from '../log.ts';
import type { Command } from './command.ts';

export const broadcastCommand: Command = {
  name: 'broadcast',
  usage: 'broadcast --room TOPIC [--dry-run]',
  summary: '生成群的整改进展日报：--dry-run 只打印，否则加入发送队列 / the daily notice for a group',
  options: {
    room: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  positionals: [0, 0],
  run(context, values) {
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
    if (values['dry-run']) {
      const ledger = findLedger(db, binding.ledgerName)!;
      const notice = composeNotice(db, ledger, { today: dateIn(now, config.timeZone), timeZone: config.timeZone });
      return context.print(context.json ? JSON.stringify(notice, null, 2) : notice.text);
    }
    const outbox = new Outbox(db, clock, config.outbox, silentLogger);
    const posted = postNotice(db, (messages) => outbox.enqueue(messages), binding, { now, timeZone: config.timeZone });
    if (!posted.posted) {
      const at = timeIn(new Date(posted.postedAt), config.timeZone);
      return context.print(`群「${topic}」${dateIn(now, config.timeZone)} 的日报已于 ${at} 加入发送队列，不再重复。`);
    }
    context.print(`${posted.notice.text}\n\n已加入发送队列（${posted.parts} 条消息），duban serve 运行时按节奏发出。`);
  },
};
