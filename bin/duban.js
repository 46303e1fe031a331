#!/usr/bin/env node
// Runs duban's compiled JavaScript in dist/, built by `npm install` (the `prepare` script) or `npm run build`; stack
// traces name the TypeScript lines through the source maps.
import { existsSync } from 'node:fs';

process.setSourceMapsEnabled(true);

// `duban items | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('错误：duban 还没有编译，请先运行 npm install（或 npm run build）\nError: duban is not built: run npm install (or npm run build)\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
