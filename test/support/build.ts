/**
 * Vitest's global setup: compiles the sources into dist/ once before the tests, so the tests of the real `duban`
 * executable run the code as it is now, not as it was at the last `npm install`.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default function build(): void {
  execFileSync(`${root}node_modules/.bin/tsc`, ['-p', `${root}tsconfig.build.json`], { cwd: root, stdio: 'inherit' });
}
