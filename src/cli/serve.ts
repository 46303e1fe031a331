import { createLogger } from '../log.ts';
import { startConsole } from '../web/console.ts';
import type { Command } from './command.ts';

export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve',
  summary: '登录微信，在已绑定的群里工作，并开启网页控制台（npm start）/ run the bot in WeChat and the web console',
  options: {},
  positionals: [0, 0],
  async run(context) {
    const { config, clock } = context;
    const { Runtime } = await import('../chat/runtime.ts'); // Wechaty takes a while to load: only when serving.
    const log = createLogger(config.logLevel);
    const db = context.db();
    const runtime = new Runtime({ config, db, clock, log, print: context.print });
    // The console in the same process: what it sends goes into the very outbox the bot sends from.
    const web = await startConsole({ db, clock, config, log, enqueue: (messages) => runtime.outbox.enqueue(messages) });
    log.info({ url: web.url }, '网页控制台已开启 / web console listening');
    await runtime.start();
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await web.app.close();
    await runtime.stop();
  },
};
