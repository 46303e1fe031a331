/**
 * Debian's chromium driven by playwright-core. In CI (CI set) a missing browser fails the tests that need it; on a
 * workstation without one they are skipped, saying so.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const chromiumPath = process.env.DUBAN_CHROMIUM ?? '/usr/bin/chromium';
const haveBrowser = existsSync(chromiumPath);

if (!haveBrowser && !process.env.CI) {
  console.warn(`跳过浏览器测试：没有 ${chromiumPath}（apt-get install chromium）/ skipping browser tests: no ${chromiumPath}`);
}

/** Whether to run browser tests here: always in CI, where a missing chromium is then an error. */
export const runBrowserTests = haveBrowser || Boolean(process.env.CI);

/** A headless chromium; playwright gives each launch a new empty profile (--user-data-dir) of its own. */
export function launchBrowser(): Promise<Browser> {
  if (!haveBrowser) throw new Error(`chromium not found at ${chromiumPath}: .ci/run installs it (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
