/**
 * Bounded inputs and outputs, as a group sees them: a wall of text gets one short line back, words said back are
 * cut and cleaned, and evidence is limited and goes with a proposal that is never confirmed.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceLimits } from '../../src/ledger/evidence.ts';
import { startWorld, type TestWorld } from '../support/world.ts';

let t: TestWorld;
afterEach(async () => t?.close());

const texts = async (name: string, said: string) => (await t.ask(name, said)).map((reply) => reply.text);
const picture = (name: string, bytes = 16) => ({ name, data: Buffer.alloc(bytes, name) });
async function send(name: string, file: { name: string; data: Buffer }): Promise<string> {
  const before = t.said.length;
  t.world.send(name, file, '整改工作群');
  await t.quiet();
  return t.said.slice(before).map((reply) => reply.text).join('\n');
}
const evidenceRows = () => t.db.prepare('SELECT count(*) FROM evidence').pluck().get() as number;
/** Every file kept under data/evidence/, whatever the day folder. */
function evidenceFiles(): string[] {
  const root = join(t.config.dataDir, 'evidence');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe('a message longer than the limit', () => {
  it('gets one short answer that does not repeat it, and nothing is proposed', async () => {
    t = await startWorld();
    const wall = '纬七路西段污水管网已经完工了。'.repeat(7_000); // about 100,000 characters
    const replies = await texts('张三', `@督办 ${wall}`);
    expect(replies).toEqual(['@张三\u2005消息太长（超过 2000 字），督办没有处理。请只发要问或要报的那一句，例如"公租房整改到哪一步了"。']);
    expect(t.db.prepare('SELECT count(*) FROM proposals').pluck().get()).toBe(0);
  });

  it('is as long as DUBAN_INPUT_MAX_CHARS says', async () => {
    t = await startWorld({ env: { DUBAN_INPUT_MAX_CHARS: '30' } });
    expect(await texts('张三', `@督办 ${'公租房'.repeat(11)}`)).toEqual([expect.stringContaining('消息太长（超过 30 字）')]);
    expect((await texts('张三', '@督办 公租房')).join()).toContain('【一/3】公租房闲置问题整改不力');
  });
});

describe('words said back', () => {
  it('are cut short and carry no control or bidi character', async () => {
    t = await startWorld();
    const query = `\u202E火星\u0007基地${'没有这样的东西'.repeat(200)}`;
    const [reply] = await texts('张三', `@督办 ${query}`);
    expect(reply).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u);
    expect(reply).toContain('台账里没有找到与"火星基地没有这样的东西没有这样的东西没有…"相关的问题。');
    expect([...reply!].length).toBeLessThan(300);
  });

  it('a name granted or assigned is kept and said back without the characters that would turn it around', async () => {
    t = await startWorld();
    const [granted] = await texts('王主任', '@督办 授权 \u202E李四\u2066');
    expect(granted).toMatch(/^@王主任\u2005已授权 李四 为台账「伊川县产业集聚区」的管理员。.*备注名「李四」。$/);
    expect(t.db.prepare("SELECT person FROM role_changes WHERE action = 'grant'").pluck().all()).toEqual(['李四']);
  });
});

describe('evidence', () => {
  it(`keeps at most ${evidenceLimits.perReport.files} files for one report and says so for the next`, async () => {
    t = await startWorld();
    expect((await texts('王主任', '@督办 二/3 已完成')).join()).toContain('请确认要记录的更新');
    for (let i = 1; i <= evidenceLimits.perReport.files; i++) expect(await send('王主任', picture(`照片${i}.jpg`))).toContain('已收到佐证材料（图片）');
    expect(await send('王主任', picture('照片11.jpg'))).toBe(`@王主任\u2005这次更新的佐证材料已有 ${evidenceLimits.perReport.files} 个（上限），这个没有保存。`);
    expect(evidenceRows()).toBe(evidenceLimits.perReport.files);
    expect(evidenceFiles()).toHaveLength(evidenceLimits.perReport.files);
    // Confirmed, the ten go with the update, and the update takes no more within its half hour either.
    expect((await texts('王主任', '确认')).join()).toContain('已记录');
    expect(await send('王主任', picture('补充.jpg'))).toContain('已有 10 个（上限）');
    expect(t.db.prepare('SELECT count(*) FROM evidence WHERE update_id IS NOT NULL').pluck().get()).toBe(10);
  });

  it(`keeps at most ${evidenceLimits.perReport.bytes / 2 ** 20} MB for one report`, async () => {
    t = await startWorld();
    await texts('王主任', '@督办 二/3 已完成');
    expect(await send('王主任', picture('一.jpg', 20 * 2 ** 20))).toContain('已收到佐证材料');
    expect(await send('王主任', picture('二.jpg', 11 * 2 ** 20))).toBe('@王主任\u2005这次更新的佐证材料合计不能超过 30 MB，这个没有保存。');
    expect(evidenceRows()).toBe(1);
    expect(evidenceFiles()).toHaveLength(1);
  });

  it(`keeps at most ${evidenceLimits.perPersonDay.files} files from one person in a day`, async () => {
    t = await startWorld();
    const codes = ['二/3', '一/3', '一/1', '一/6'];
    for (const [round, code] of codes.entries()) {
      expect((await texts('王主任', `@督办 ${code} 已召开协调会`)).join()).toContain('请确认要记录的更新');
      for (let i = 1; i <= 10; i++) {
        const reply = await send('王主任', picture(`${code}-${i}.jpg`));
        if (round < 3) expect(reply).toContain('已收到佐证材料');
        else expect(reply).toBe(`@王主任\u2005你今天发的佐证材料已有 ${evidenceLimits.perPersonDay.files} 个（上限），这个没有保存，请明天再发。`);
      }
      await texts('王主任', '确认');
    }
    expect(evidenceRows()).toBe(30);
    // A day later there is room again.
    t.clock.advance(24 * 3_600_000);
    await texts('王主任', '@督办 一/6 已召开第二次协调会');
    expect(await send('王主任', picture('次日.jpg'))).toContain('已收到佐证材料');
  });

  it('goes, rows and files, with a proposal that is cancelled, replaced by another or left to expire', async () => {
    t = await startWorld();
    await texts('王主任', '@督办 二/3 已完成');
    await send('王主任', picture('a.jpg'));
    await send('王主任', picture('b.jpg'));
    expect(evidenceFiles()).toHaveLength(2);
    expect(await texts('王主任', '取消')).toEqual(['@王主任\u2005已取消，没有记录。']);
    expect([evidenceRows(), evidenceFiles()]).toEqual([0, []]);

    await texts('王主任', '@督办 二/3 已完成');
    await send('王主任', picture('c.jpg'));
    await texts('王主任', '@督办 一/3 已完成'); // a new proposal replaces the one waiting
    expect([evidenceRows(), evidenceFiles()]).toEqual([0, []]);

    await send('王主任', picture('d.jpg'));
    expect(evidenceRows()).toBe(1);
    // Nobody confirms; over an hour after it expired, the next message anyone sends duban tidies it away.
    t.clock.advance((10 + 61) * 60_000);
    await texts('张三', '@督办 进度');
    expect([evidenceRows(), evidenceFiles()]).toEqual([0, []]);
    expect(t.db.prepare('SELECT state FROM proposals ORDER BY id').pluck().all()).toEqual(['cancelled', 'replaced', 'expired']);
  });
});
