import { Runtime } from '../runtime/serve.ts';
import { createLogger } from '../log.ts';
import { startConsole } from '../web/console.ts';
import type { CommandContext } from './command.ts';

export async function run(context: CommandContext): Promise<void> {
  const { config, clock } = context;
  const log = createLogger(config.logLevel);
  const db = context.db();
  const runtime = new Runtime({ config, db, clock, log, print: context.print });
  // Listened for before the start, which may take a while: Ctrl-C while logging in stops duban cleanly too.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // The console in the same process: what it sends goes into the very outbox the bot sends from.
  const web = await startConsole({ db, clock, config, log, enqueue: (messages) => runtime.outbox.enqueue(messages) });
  log.info({ url: web.url }, '网页控制台已开启 / web console listening');
  try {
    await runtime.start();
  } catch (error) {
    // A channel refused to start: the console must not keep the process alive either.
    await web.app.close();
    throw error;
  }
  await stopped;
  await web.app.close();
  await runtime.stop();
}
