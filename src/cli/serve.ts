import { createLogger } from '../log.ts';
import type { Command } from './command.ts';

export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve',
  summary: '登录微信，在已绑定的群里工作（npm start）/ run the bot in WeChat',
  options: {},
  positionals: [0, 0],
  async run(context) {
    const { config, clock } = context;
    const { Runtime } = await import('../runtime/serve.ts'); // Wechaty takes a while to load: only when serving.
    const runtime = new Runtime({ config, db: context.db(), clock, log: createLogger(config.logLevel), print: context.print });
    await runtime.start();
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await runtime.stop();
  },
};
