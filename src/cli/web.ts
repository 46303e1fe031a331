import { Outbox } from '../chat/outbox.ts';
import { createLogger } from '../log.ts';
import { startConsole } from '../web/console.ts';
import type { CommandContext } from './command.ts';

export async function run(context: CommandContext): Promise<void> {
  const { config, clock } = context;
  const log = createLogger(config.logLevel);
  const db = context.db();
  // Without `serve` in this process, what the console sends waits in the outbox for `serve` to send it.
  const outbox = new Outbox(db, clock, config.outbox, log);
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const { app, url } = await startConsole({ db, clock, config, log, enqueue: (messages) => outbox.enqueue(messages) });
  context.print(`网页控制台：${url}（Ctrl-C 停止）`);
  await stopped;
  await app.close();
}
