import { Runtime } from '../chat/runtime.ts';
import { createLogger } from '../log.ts';
import type { CommandContext } from './command.ts';

export async function run(context: CommandContext): Promise<void> {
  const { config, clock } = context;
  const runtime = new Runtime({ config, db: context.db(), clock, log: createLogger(config.logLevel), print: context.print });
  // Listened for before the start, which may take a while: Ctrl-C while logging in stops duban cleanly too.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await runtime.start();
  await stopped;
  await runtime.stop();
}
