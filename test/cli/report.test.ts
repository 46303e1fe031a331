import JSZip from 'jszip';
import mammoth from 'mammoth';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samples } from '../../src/ingest/samples.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/files.ts';

const ledger = samples['003'].ledger;
const env = { DUBAN_NOW: '2021-07-01T09:00', DUBAN_ADMINS: '王主任' };

interface ItemJson {
  code: string;
  title: string;
  status: string;
}

async function seed003() {
  const dir = tempDir();
  const db = join(dir, 'duban.db');
  expect((await runCli(['import', samples['003'].file, '--db', db, '--ledger', ledger], env)).code).toBe(0);
  const report = async (format: 'txt' | 'docx') => {
    const out = join(dir, `report.${format}`);
    const result = await runCli(['report', '--ledger', ledger, '--format', format, '--out', out, '--db', db], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return format === 'txt' ? readFileSync(out, 'utf8') : (await mammoth.extractRawText({ path: out })).value;
  };
  const items = async () => JSON.parse((await runCli(['items', '--db', db, '--json'])).stdout) as ItemJson[];
  return { dir, db, report, items };
}

/** The preamble's counts, from items --json as a reader would count them. */
function counts(items: ItemJson[]): string {
  const done = items.filter((i) => i.status === 'done' || i.status === 'closed').length;
  const inProgress = items.filter((i) => i.status === 'in_progress').length;
  return `反馈${items.length}个问题，已完成${done}个、正在整改${inProgress}个，完成率${Math.round((done / items.length) * 100)}%`;
}

/** Every item's title, found in the text after the one before it, and headings numbered as the seed numbers them. */
function expectInOrder(text: string, items: ItemJson[]): void {
  let from = 0;
  for (const item of items) {
    const at = text.indexOf(item.title, from);
    expect(at, `${item.code} ${item.title}`).toBeGreaterThanOrEqual(from);
    from = at + item.title.length;
  }
  for (const heading of ['一、政治站位不高', '1、政治意识不够强,学习存在形式主义', '3、公租房闲置问题整改不力', '三是基础设施规划缺乏前瞻']) {
    expect(text).toContain(heading);
  }
}

describe('duban report --format docx|txt', () => {
  it('writes seed 003 with every item in order and the counts of items --json, as text the importer reads back to the same outline', async () => {
    const { dir, db, report, items } = await seed003();
    const listed = await items();
    const text = await report('txt');
    expect(text).toContain(`截至2021年7月1日，巡察${counts(listed)}。`);
    expectInOrder(text, listed);
    expect(text).toContain('整改情况：正在整改。现已于淼珠');
    expect(text).toContain('整改时限：2021年6月30日。');
    expect(text).toContain('整改情况：已完成，长期坚持。加强党工委');

    const again = await runCli(['import', join(dir, 'report.txt'), '--db', db, '--ledger', '公布稿'], env);
    expect(again.stdout).toContain('新增 25 项');
    const reread = JSON.parse((await runCli(['items', '--db', db, '--ledger', '公布稿', '--json'])).stdout) as ItemJson[];
    expect(reread.map((i) => [i.code, i.title, i.status])).toEqual(listed.map((i) => [i.code, i.title, i.status]));

    const docx = await report('docx');
    expect(docx).toContain(counts(listed));
    expectInOrder(docx, listed);
  });

  it('shows an update once it is confirmed in a group, and a closure once approved', async () => {
    const { db, report, items } = await seed003();
    const say = (from: string, text: string) => runCli(['chat', '--room', '整改工作群', '--from', from, '--db', db, text], env);
    await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--db', db], env);
    await say('王主任', '指派 一/4/三是 张三');
    await say('王主任', '指派 二/3 李四');
    await say('张三', '纬七路西段污水管网已经完工了');
    expect(await report('txt')).not.toContain('纬七路西段污水管网已经完工了');

    await say('张三', '确认');
    await say('李四', '二/3 标准厂房租金已全部收缴到位');
    await say('李四', '确认');
    const pending = await report('txt');
    expect(pending).toContain('整改进展：7月1日，张三报告：纬七路西段污水管网已经完工了。');
    expect(pending).toContain('7月1日，李四报告：标准厂房租金已全部收缴到位（待审核销号）。');
    expect(pending).toContain(counts(await items()));

    await say('王主任', '销号 二/3');
    const closed = await report('docx');
    expect(closed).toContain('整改情况：已销号。1、一期标准厂房房租已追缴15万元');
    expect(closed).toContain('7月1日，经王主任审核，予以销号。');
    expect(closed).toContain('已完成21个、正在整改4个，完成率84%');
    expect(closed).toContain(counts(await items()));
  });

  it('drops the waiting mark of a request once an admin approves it', async () => {
    const { db, report } = await seed003();
    const say = (from: string, text: string) => runCli(['chat', '--room', '整改工作群', '--from', from, '--db', db, text], env);
    await runCli(['bind', '--room', '整改工作群', '--ledger', ledger, '--db', db], env);
    await say('王主任', '指派 一/3 张三');
    await say('王主任', '指派 二/3 李四');
    await say('张三', '一/3 申请延期到9月底');
    await say('张三', '确认');
    await say('李四', '二/3 标准厂房租金已全部收缴到位');
    await say('李四', '确认');
    const pending = await report('txt');
    expect(pending).toContain('7月1日，张三报告：申请延期到9月底（待批准）。');
    expect(pending).toContain('7月1日，李四报告：标准厂房租金已全部收缴到位（待审核销号）。');

    await say('王主任', '批准 一/3');
    await say('王主任', '销号 二/3');
    const settled = await report('txt');
    expect(settled).toContain('7月1日，张三报告：申请延期到9月底。7月1日，经王主任批准，整改时限调整为2021年9月30日。');
    expect(settled).toContain('7月1日，李四报告：标准厂房租金已全部收缴到位。7月1日，经王主任审核，予以销号。');
    expect(settled).not.toMatch(/待批准|待审核销号/);
  });

  it('lays the Word document out as an official document: A4, GB/T 9704 margins, 小标宋, 仿宋_GB2312, 黑体, 楷体_GB2312, page numbers', async () => {
    const { dir, report } = await seed003();
    await report('docx');
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'report.docx')));
    const document = await zip.file('word/document.xml')!.async('string');
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(document).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(document).toContain('w:eastAsia="方正小标宋简体"');
    expect(document).toContain('<w:sz w:val="44"/>');
    for (const font of ['仿宋_GB2312', '黑体', '楷体_GB2312']) expect(document).toContain(`w:eastAsia="${font}"`);
    expect(document).toContain('w:line="579" w:lineRule="exact"');
    const footers = await Promise.all(Object.keys(zip.files).filter((f) => /footer\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    expect(footers.join()).toContain('PAGE');
    expect(footers.some((f) => f.includes('w:val="right"')) && footers.some((f) => f.includes('w:val="left"'))).toBe(true);
  });

  it('refuses an unknown format or a missing --out, and writes nothing', async () => {
    const { dir, db } = await seed003();
    const pdf = await runCli(['report', '--format', 'pdf', '--out', join(dir, 'r.pdf'), '--db', db]);
    expect(pdf.code).toBe(1);
    expect(pdf.stderr).toContain('--format 应为 docx 或 txt，而不是"pdf"');
    const noOut = await runCli(['report', '--format', 'docx', '--db', db]);
    expect(noOut.stderr).toContain('请用 --out 指定输出文件（扩展名 .docx）');
    expect(existsSync(join(dir, 'r.pdf'))).toBe(false);
    const mismatch = await runCli(['report', '--format', 'txt', '--out', join(dir, 'r.docx'), '--db', db]);
    expect(mismatch.stderr).toContain('输出文件的扩展名应为 .txt，而不是".docx"');
  });

  it('takes the format from the output file when --format is left out', async () => {
    const { dir, db } = await seed003();
    const result = await runCli(['report', '--out', join(dir, '公布.txt'), '--db', db]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, '公布.txt'), 'utf8')).toContain('巡察整改情况公布');
  });
});
