/**
 * Several processes on one database, as an office runs duban: `serve` answering in the groups, `duban chat` or a
 * second bot, an import and a `broadcast` from the command line, all at once.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { busyReply } from '../../src/bot.ts';
import { samples } from '../../src/ingest/samples.ts';
import { runCli, runExecutable } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';
import { startBot, startScript } from '../support/processes.ts';
import { startWorld, type TestWorld } from '../support/world.ts';

const ledger = samples['003'].ledger;
let t: TestWorld | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function boundLedger(): Promise<string> {
  const db = join(tempDir(), 'duban.db');
  expect((await runCli(['import', samples['003'].file, '--db', db, '--ledger', ledger])).code).toBe(0);
  expect((await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--db', db])).code).toBe(0);
  return db;
}

describe('two processes confirming one proposal at the same moment', () => {
  it('record it once, 50 times out of 50, and the other is told it is already recorded', async () => {
    const db = await boundLedger();
    const [a, b] = [startBot(db), startBot(db)];
    await Promise.all([a.ready, b.ready]);
    const reader = new Database(db, { readonly: true });
    const updates = reader.prepare("SELECT count(*) FROM updates WHERE kind = 'progress'").pluck();

    const outcomes: string[] = [];
    for (let round = 1; round <= 50; round++) {
      const [proposed] = await a.say('王主任', `二/3 已完成${round}%`);
      expect(proposed).toContain('请确认要记录的更新');
      const before = updates.get() as number;
      const together = Date.now() + 30;
      const answers = (await Promise.all([a.say('王主任', '确认', together), b.say('王主任', '确认', together)])).map((replies) => replies.join('\n'));
      const recorded = answers.filter((text) => /已记录（#\d+）/.test(text));
      const told = answers.filter((text) => /已经记录过了（#\d+），没有重复记录/.test(text));
      outcomes.push(`${recorded.length}+${told.length}:${(updates.get() as number) - before}`);
    }
    // Each round: one process records it, the other says so, and the trail has exactly one more row.
    expect(outcomes).toEqual(Array(50).fill('1+1:1'));
    expect(reader.prepare("SELECT new_progress FROM updates WHERE kind = 'progress' ORDER BY id").pluck().all()).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    reader.close();
  }, 180_000);
});

describe('a long import in one process while another answers questions and others run broadcast and items', () => {
  it('answers every question once the import is done, shows no error, posts one notice, and lets readers read meanwhile', async () => {
    const db = await boundLedger();
    const bot = startBot(db);
    await bot.ready;
    const release = join(tempDir(), 'release');
    let importer = '';
    const holding = new Promise<void>((resolve) =>
      startScript('held-import.ts', [db, samples['000'].file, samples['000'].ledger, release], (line) => {
        importer += line + '\n';
        if (line === 'holding') resolve();
      }),
    );
    await holding;
    const heldSince = Date.now();

    const env = { DUBAN_NOW: '2021-07-01T09:00', DUBAN_ADMINS: '王主任' };
    const questions = ['公租房', '进度', '二/3', '哪些逾期了'].map((text) => bot.say('张三', text));
    // Each in a process of its own, as a person at the command line runs them.
    const broadcasts = [1, 2].map(() => runExecutable(['broadcast', '--room', '整改工作群', '--db', db], env));
    const items = await runExecutable(['items', '--ledger', ledger, '--db', db]);
    // A reader does not wait for the writer: done while the import still holds the lock.
    expect(items.code).toBe(0);
    expect(items.stdout).toContain('共 25 项');
    expect(importer).not.toContain('finished');
    // Past the busy timeout duban used to have (5 s): waiting that long failed then.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 7_000 - (Date.now() - heldSince))));
    writeFileSync(release, '');

    const answers = (await Promise.all(questions)).map((replies) => replies.join('\n'));
    for (const answer of answers) expect(answer).not.toMatch(/出错|正忙/);
    expect(answers[0]).toContain('【一/3】公租房闲置问题整改不力');
    expect(answers[1]).toContain('整改总体情况');
    expect(answers[2]).toContain('【二/3】');
    expect(answers[3]).toContain('逾期');

    const posted = await Promise.all(broadcasts);
    expect(posted.map((run) => run.code)).toEqual([0, 0]);
    const said = posted.map((run) => run.stdout).sort();
    expect(said.filter((text) => text.includes('已加入发送队列（'))).toHaveLength(1);
    expect(said.filter((text) => text.includes('的日报已于') && text.includes('不再重复'))).toHaveLength(1);

    await expect.poll(() => importer, { timeout: 30_000 }).toContain('finished');
    const reader = new Database(db, { readonly: true });
    expect(reader.prepare('SELECT count(*) FROM notices').pluck().get()).toBe(1);
    expect(reader.prepare('SELECT name FROM ledgers ORDER BY id').pluck().all()).toEqual([ledger, samples['000'].ledger]);
    reader.close();
  }, 120_000);
});

describe('a database locked past the busy timeout', () => {
  it('gets the person who asked a reply saying nothing was done, the rest of the group nothing, and the message answered when sent again', async () => {
    t = await startWorld();
    t.db.pragma('busy_timeout = 100'); // instead of waiting 30 s
    const other = new Database(t.config.db);
    other.prepare('BEGIN IMMEDIATE').run();
    const chatter = await t.ask('李四', '今天开会吗');
    const asking = t.ask('张三', '@督办 公租房');
    await new Promise((resolve) => setTimeout(resolve, 500));
    other.prepare('ROLLBACK').run();
    other.close();
    const asked = await asking;
    expect(asked.map((reply) => reply.text)).toEqual([`@张三\u2005${busyReply}`]);
    expect(chatter).toEqual([]);
    // The message left no trace: sent again (a new id), it is answered.
    expect((await t.ask('张三', '@督办 公租房')).map((reply) => reply.text).join()).toContain('【一/3】公租房闲置问题整改不力');
  });
});
