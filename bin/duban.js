#!/usr/bin/env node
// Runs duban's TypeScript sources directly (through tsx), so `npx duban` works right after `npm install`.
import { register } from 'tsx/esm/api';

// `duban items | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
