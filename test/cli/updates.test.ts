import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samples } from '../../src/ingest/samples.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';

const ledger = samples['003'].ledger;

/** A database with seed 003 bound to 整改工作群, and a way to speak in that group through `duban chat`. */
async function group() {
  const db = join(tempDir(), 'duban.db');
  expect((await runCli(['import', samples['003'].file, '--db', db, '--ledger', ledger])).code).toBe(0);
  expect((await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--db', db])).code).toBe(0);
  const env = { DUBAN_NOW: '2021-07-01T09:00', DUBAN_ADMINS: '王主任' };
  const say = (from: string, text: string) => runCli(['chat', '--room', '整改工作群', '--from', from, '--db', db, text], env);
  const updates = async (...args: string[]) => {
    const result = await runCli(['updates', '--db', db, ...args], env);
    expect(result.stderr).toBe('');
    return result.stdout;
  };
  return { db, say, updates };
}

describe('duban chat / updates: progress reported from the command line', () => {
  it('records 张三\'s report on 一/4/三是 after 确认, and updates --json shows it with its source text', async () => {
    const { db, say, updates } = await group();
    expect((await say('王主任', '指派 一/4/三是 张三')).stdout).toContain('已指派 张三 为【一/4/三是】');
    const items = JSON.parse((await runCli(['items', '--db', db, '--json'])).stdout);
    expect(items.find((i: { code: string }) => i.code === '一/4/三是').responsible).toEqual(['张三']);
    const proposal = await say('张三', '纬七路西段污水管网已经完工了');
    expect(proposal.stdout).toContain('请确认要记录的更新：\n【一/4/三是】');
    expect(JSON.parse(await updates('--json')).map((u: { kind: string }) => u.kind)).toEqual(['assign']);

    expect((await say('张三', '确认')).stdout).toMatch(/^@张三 已记录（#\d+）：【一\/4\/三是】/);
    const trail = JSON.parse(await updates('--json', '--ledger', ledger, '--item', '一/4/三是'));
    expect(trail).toHaveLength(2);
    expect(trail[1]).toMatchObject({
      ledger,
      code: '一/4/三是',
      kind: 'progress',
      author: '张三',
      room: '整改工作群',
      sourceText: '纬七路西段污水管网已经完工了',
      confirmedBy: '张三',
      note: '纬七路西段污水管网已经完工了',
    });
    expect(trail[1].messageId).toMatch(/^cli:/);

  });

  it('walks a closure through approval, and lists the trail for people', async () => {
    const { db, say, updates } = await group();
    await say('王主任', '指派 二/3 张三');
    expect((await say('李四', '二/3 已完成')).stdout).toContain('只有【二/3】的责任人（张三）或管理员');
    await say('张三', '二/3 已完成');
    expect((await say('李四', '确认')).stdout).toContain('你没有待确认的更新');
    await say('张三', '确认');
    const approval = await say('王主任', '销号 二/3');
    expect(approval.stdout).toContain('已销号');
    expect(approval.stdout).toContain('@张三 你报的【二/3】完成情况已审核销号（王主任）');
    const items = JSON.parse((await runCli(['items', '--db', db, '--json'])).stdout);
    expect(items.find((i: { code: string }) => i.code === '二/3')).toMatchObject({ status: 'closed', responsible: ['张三'] });
    const text = await updates('--ledger', ledger);
    expect(text).toMatch(/^#\d+ 2021-07-01 09:00 二\/3 指派：指派 张三 为责任人｜王主任 @整改工作群$/m);
    expect(text).toContain('二/3 状态：正在整改→已完成，已完成（待销号审核）｜张三 @整改工作群 确认 张三');
    expect(text).toMatch(/二\/3 批准：正在整改→已销号（针对 #\d+）｜王主任 @整改工作群 批准 王主任/);
  });

  it('refuses an unknown ledger or item', async () => {
    const { db } = await group();
    const unknown = await runCli(['updates', '--db', db, '--ledger', '不存在']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('没有名为"不存在"的台账');
    const item = await runCli(['updates', '--db', db, '--ledger', ledger, '--item', '九/9']);
    expect(item.stderr).toContain('没有编号为 九/9 的问题');
    // As in a group: a unique part of the ledger's name, a code typed loosely.
    const loose = await runCli(['updates', '--db', db, '--ledger', '伊川', '--item', '2/3']);
    expect(loose.code).toBe(0);
    await runCli(['import', samples['000'].file, '--db', db, '--ledger', '产业集聚区党工委', '--as-of', '2021-04-01']);
    const both = await runCli(['updates', '--db', db, '--ledger', '产业集聚区']);
    expect(both.stderr).toContain(`"产业集聚区"对应多个台账：`);
  });

  it('words a change one way in the item\'s answer, the notice\'s news line, updates and the public report', async () => {
    const { db, say, updates } = await group();
    await say('王主任', '指派 二/3 张三');
    await say('张三', '二/3 标准厂房租金已追回15万元，完成80%');
    await say('张三', '确认');
    // Written down first: what changed, then the person's words without the code.
    const wording = '进度 80%，标准厂房租金已追回15万元，完成80%';
    expect((await say('赵六', '二/3')).stdout).toContain(`最近更新：2021-07-01 张三：${wording}`);
    const notice = await runCli(['broadcast', '--room', '整改工作群', '--dry-run', '--db', db], { DUBAN_NOW: '2021-07-01T18:00' });
    expect(notice.stdout).toContain(`二/3 张三：${wording}`);
    expect(await updates('--ledger', ledger)).toMatch(new RegExp(`^#\\d+ 2021-07-01 09:00 二/3 进展：${wording}｜张三 @整改工作群 确认 张三$`, 'm'));
    const out = join(tempDir(), 'report.txt');
    expect((await runCli(['report', '--ledger', ledger, '--out', out, '--db', db], { DUBAN_NOW: '2021-07-01T18:00' })).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('7月1日，张三报告：标准厂房租金已追回15万元，完成80%。');
  });
});
