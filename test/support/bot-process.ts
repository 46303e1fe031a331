/**
 * A child process answering group messages on a shared database, as `serve` does beside other processes: each line
 * on stdin is a message (JSON `{id, from, text, at?}`, said in 整改工作群 with an @ of the bot; with `at`, a time
 * by `Date.now()`, handled at that moment, so two processes can be made to take one up together), each line on
 * stdout the replies to it (JSON `{id, replies}`), in the order they are done.
 * Usage: node --import tsx bot-process.ts DB_PATH
 */
import { createInterface } from 'node:readline';
import { Bot } from '../../src/bot.ts';
import { clockFrom, parseInstant } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { silentLogger } from '../../src/log.ts';

const config = loadConfig({ DUBAN_DB: process.argv[2]!, DUBAN_ADMINS: '王主任' });
const clock = clockFrom(parseInstant('2021-07-01T09:01', config.timeZone));
const bot = new Bot(openDatabase(config.db), clock, config, silentLogger);

for await (const line of createInterface({ input: process.stdin })) {
  const { id, from, text, at } = JSON.parse(line) as { id: string; from: string; text: string; at?: number };
  if (at !== undefined) while (Date.now() < at); // Busy-waiting: a timer would be late by a variable millisecond or two.
  void bot
    .handle({
      id,
      channel: 'wechaty',
      room: { channel: 'wechaty', id: 'room', name: '整改工作群', byName: true },
      from: { id: from, name: from, remark: from },
      text,
      kind: 'text',
      at: clock.now(),
      self: false,
      mentionsBot: true,
      botNames: ['督办'],
    })
    .then(({ replies }) => process.stdout.write(JSON.stringify({ id, replies: replies.map((reply) => reply.text) }) + '\n'));
}
