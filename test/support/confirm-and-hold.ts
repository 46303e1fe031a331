/**
 * A child process for the crash test: duban confirming a proposed update, held by a temporary trigger after the
 * update row is written and before the item changes, so the test can kill it in the middle of the write.
 * Usage: node --import tsx confirm-and-hold.ts DB_PATH
 */
import { writeSync } from 'node:fs';
import { Bot } from '../../src/bot.ts';
import { clockFrom, parseInstant } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { silentLogger } from '../../src/log.ts';

const config = loadConfig({ DUBAN_DB: process.argv[2]!, DUBAN_ADMINS: '王主任' });
const clock = clockFrom(parseInstant('2021-07-01T09:01', config.timeZone));
const db = openDatabase(config.db);
db.function('hold', () => {
  writeSync(1, 'holding\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  return 0;
});
db.exec('CREATE TEMP TRIGGER hold_before_item_change BEFORE UPDATE ON items BEGIN SELECT hold(); END');
const bot = new Bot(db, clock, config, silentLogger);
await bot.handle({
  id: 'crash-confirm',
  channel: 'wechaty',
  room: { channel: 'wechaty', id: 'room', name: '整改工作群', byName: true },
  from: { id: 'wang', name: '王主任', remark: '王主任' },
  text: '确认',
  kind: 'text',
  at: clock.now(),
  self: false,
  mentionsBot: true,
  botNames: ['督办'],
});
writeSync(1, 'finished\n');
