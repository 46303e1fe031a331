import { Outbox } from '../chat/outbox.ts';
import { createLogger } from '../log.ts';
import { startConsole } from '../web/console.ts';
import type { Command } from './command.ts';

export const webCommand: Command = {
  name: 'web',
  usage: 'web',
  summary: '只启动网页控制台（DUBAN_WEB_HOST:DUBAN_WEB_PORT）/ the web console alone',
  options: {},
  positionals: [0, 0],
  async run(context) {
    const { config, clock } = context;
    const log = createLogger(config.logLevel);
    const db = context.db();
    // Without `serve` in this process, what the console sends waits in the outbox for `serve` to send it.
    const outbox = new Outbox(db, clock, config.outbox, log);
    const { app, url } = await startConsole({ db, clock, config, log, enqueue: (messages) => outbox.enqueue(messages) });
    context.print(`网页控制台：${url}（Ctrl-C 停止）`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await app.close();
  },
};
