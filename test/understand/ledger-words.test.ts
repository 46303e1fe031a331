/**
 * The ledger's own words kept whole: a name the general dictionary cuts apart (`东昇高科` as `东/昇/高科`, `县住建局` as
 * `县住/建局`) is kept at import (migration 0017) and read by the next process that answers, so that a question
 * about it finds its item instead of every item holding a piece of it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/ledger/db.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';

const report = `关于招商工作巡察整改情况的报告
2021年3月1日
一、招商引资方面
1、招商引资项目质量不高
问题内容:2016年以来新引进25家工业企业，东昇高科、中恒环保等6家企业处于停产半停产状态。
整改情况:正在整改。
2、高科技企业占比低
问题内容:区内高科技企业仅3家，占比低，新龙检测中心等企业规模不大。
整改情况:正在整改。
`;

async function ledgerFile() {
  const dir = tempDir();
  const file = join(dir, '招商.txt');
  writeFileSync(file, report);
  const db = join(dir, 'duban.db');
  expect((await runCli(['import', file, '--db', db, '--ledger', '招商'])).code).toBe(0);
  expect((await runCli(['bind', '--room', '招商群', '--ledger', '招商', '--db', db])).code).toBe(0);
  const say = async (text: string) => (await runCli(['chat', '--room', '招商群', '--from', '赵六', '--db', db, text], { DUBAN_NOW: '2021-07-01T09:00' })).stdout;
  return { db, say };
}

describe("the ledger's own words", () => {
  it('keeps the names a report lists with the ledger, at import', async () => {
    const { db } = await ledgerFile();
    const file = openDatabase(db);
    const words = file.prepare('SELECT word, kind FROM ledger_words ORDER BY word').all();
    file.close();
    expect(words).toEqual(expect.arrayContaining([{ word: '东昇高科', kind: 'term' }, { word: '中恒环保', kind: 'term' }]));
  });

  it('finds 东昇高科 in another process: cut as 东/昇/高科, it was taken for 高科技企业', async () => {
    const { say } = await ledgerFile();
    expect(await say('东昇高科咋样了')).toMatch(/^@赵六 【一\/1】招商引资项目质量不高/);
    expect(await say('高科技企业')).toMatch(/^@赵六 【一\/2】高科技企业占比低/);
  });

  it("reads 东升高科, typed with the sound of the ledger's 东昇高科, as that name", async () => {
    const { say } = await ledgerFile();
    expect(await say('东升高科那家咋样了')).toMatch(/^@赵六 【一\/1】/);
  });

  it('keeps a person made responsible later as a word of the ledger', async () => {
    const { db, say } = await ledgerFile();
    expect((await runCli(['chat', '--room', '招商群', '--from', '王主任', '--db', db, '指派 一/2 欧阳建国'], { DUBAN_ADMINS: '王主任', DUBAN_NOW: '2021-07-01T09:00' })).stdout).toContain('已指派');
    const file = openDatabase(db);
    expect(file.prepare("SELECT kind FROM ledger_words WHERE word = '欧阳建国'").pluck().get()).toBe('person');
    file.close();
    expect(await say('欧阳建国负责的')).toMatch(/^@赵六 欧阳建国 负责的共 1 项/);
  });
});
