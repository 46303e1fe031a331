import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { UserError } from '../../src/errors.ts';
import { openDatabase } from '../../src/ledger/db.ts';
import { silentLogger } from '../../src/log.ts';
import { startConsole } from '../../src/web/console.ts';
import { freePort } from '../support/console.ts';
import { tempDir } from '../support/files.ts';

describe('the console\'s address', () => {
  it('says which setting to change when its port is taken, instead of a stack trace', async () => {
    const dir = tempDir();
    const config = loadConfig({ DUBAN_DB: join(dir, 'duban.db'), DUBAN_DATA_DIR: dir, DUBAN_WEB_PORT: String(await freePort()) });
    const db = openDatabase(config.db);
    const deps = { db, clock: new ManualClock('2021-07-01T09:00:00+08:00'), config, log: silentLogger, enqueue: () => {} };
    const first = await startConsole(deps);
    expect(first.url).toBe(`http://127.0.0.1:${config.web.port}`);
    const second = startConsole(deps);
    await expect(second).rejects.toBeInstanceOf(UserError);
    await expect(second).rejects.toMatchObject({ zh: `网页控制台无法在 127.0.0.1:${config.web.port} 监听（端口已被占用）：请换一个 DUBAN_WEB_PORT 或 DUBAN_WEB_HOST` });
    await first.app.close();
    db.close();
  });
});
