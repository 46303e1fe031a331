import { randomUUID } from 'node:crypto';
import { Bot } from '../bot.ts';
import { explainSkip } from '../chat/filter.ts';
import { type Incoming, mentionSeparator } from '../message.ts';
import { UserError } from '../errors.ts';
import { silentLogger } from '../log.ts';
import type { CommandContext, Values } from './command.ts';

/**
 * One message through the same filter, understanding and dialog as a WeChat message, as if it @-mentioned duban.
 * The replies are printed, not queued: nothing is sent to WeChat. Conversation state (`更多`) is kept as in a group.
 */
export async function run(context: CommandContext, values: Values, words: string[]): Promise<void> {
  const from = values.from as string | undefined;
  if (!from) throw new UserError('请用 --from 指定说话人的微信名', 'Name the speaker with --from');
  const topic = values.room as string | undefined;
  const { config, clock } = context;
  const incoming: Incoming = {
    id: `cli:${randomUUID()}`,
    channel: 'wechaty',
    room: topic === undefined ? undefined : { channel: 'wechaty', id: `cli:${topic}`, name: topic, byName: true },
    // Whoever can run this holds the database file: the name given is vouched for, as a remark the bot set would be.
    from: { id: `cli:${from}`, name: from, remark: from },
    text: words.join(' '),
    kind: 'text',
    at: clock.now(),
    self: false,
    mentionsBot: topic !== undefined,
    // The bot's WeChat name is not known here; people call it by the prefix, which is its name by default.
    botNames: [config.prefix],
  };
  const bot = new Bot(context.db(), clock, config, silentLogger);
  const { replies, skipped } = await bot.handle(incoming);
  if (skipped) {
    throw new UserError(explainSkip(skipped, { room: topic, prefix: config.prefix }) ?? skipped, `No reply: ${skipped}`);
  }
  const texts = replies.map((reply) => reply.text.replaceAll(mentionSeparator, ' '));
  if (context.json) return context.print(JSON.stringify(texts, null, 2));
  context.print(texts.length ? texts.join('\n\n') : '（督办收到了，这条消息不需要回答。）');
}
