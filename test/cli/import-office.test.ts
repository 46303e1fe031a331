import mammoth from 'mammoth';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { gold, seeds, seedText, tempDir } from '../support/files.ts';
import { ledgerXlsx, reportDocx } from '../support/office.ts';

type ItemJson = Record<string, unknown> & { code: string; title: string; problem: string; status: string; deadlines: string[]; responsible: string[] };

async function itemsJson(db: string, ledger: string): Promise<ItemJson[]> {
  const result = await runCli(['items', '--db', db, '--ledger', ledger, '--json']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

/** Imports a file into a fresh database at the given time; returns the database and what the command said. */
async function importFile(name: string, bytes: Buffer, now = '2021-06-15T10:00') {
  const dir = tempDir();
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const db = join(dir, 'duban.db');
  const result = await runCli(['import', file, '--db', db, '--ledger', 'L', '--now', now]);
  return { db, file, dir, result };
}

describe('duban import report.docx', () => {
  it.each(['000', '003'] as const)('reads seed %s, numbered by Word lists, to the same items as the text', async (seed) => {
    const docx = await reportDocx(seedText(seed), { numbered: true });
    // The outline numbers are list formatting: the document's own text does not have them.
    const { value: bare } = await mammoth.extractRawText({ buffer: docx });
    expect(bare).not.toMatch(/^一、/m);
    expect(bare).not.toMatch(/^1、/m);

    const { db, result } = await importFile(`${seed}.docx`, docx);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const text = join(tempDir(), 'text.db');
    expect((await runCli(['import', seeds[seed], '--db', text, '--ledger', 'L', '--now', '2021-06-15T10:00'])).code).toBe(0);
    const expected = await itemsJson(text, 'L');
    expect(await itemsJson(db, 'L')).toEqual(expected);
    expect(expected).toHaveLength(gold(seed).items.length);
  });

  it('reads numbers typed by hand as well, one paragraph per line', async () => {
    const { db, result } = await importFile('typed.docx', await reportDocx(seedText('003'), { numbered: false }));
    expect(result.stdout).toContain('新增 25 项');
    const items = await itemsJson(db, 'L');
    expect(items.map((i) => i.code).slice(0, 5)).toEqual(['一/1', '一/2', '一/3', '一/4/一是', '一/4/二是']);
  });
});

const title = '伊川县产业集聚区巡察反馈问题整改台账';

describe('duban import ledger.xlsx', () => {
  it('finds the header under the title rows, places the columns by name, carries merged categories down and reads every kind of time limit', async () => {
    const rows = [
      [title, null, null, null, null, null, null, null, null, null, null],
      ['填报单位：产业集聚区党工委', null, null, null, null, null, null, '填报时间：2021年6月1日', null, null, null],
      ['序号', '问题类别', '存在问题', '整改措施', '分管领导', '牵头单位', '责任人', '完成时限', '完成情况', '备注', '联系电话'],
      [1, '政治建设方面', '理论学习不深入\n党工委中心组学习以传达文件为主，研讨不多。', '1、制定学习计划；2、每月研讨一次', '王书记', '党政办', '张三、李四', new Date(Date.UTC(2021, 5, 30)), '已完成。已制定年度学习计划。', '', '68359030'],
      [2, null, '意识形态工作责任制落实不到位。', '建立意识形态工作责任制', '王书记', '党政办', '张三', '2021年6月底前', null, null, null],
      [3, null, '发展党员程序不规范。', null, null, null, null, '立行立改', null, '巡察组现场指出', null],
      [4, '作风建设方面', '服务企业意识不强，下企业调研少。', '建立分包企业制度', '赵主任', '营商服务部 一科', '王五', '6月30日', '正在整改。已建立分包制度，计划于8月底完成全部走访。', null, null],
      [5, null, '政治理论学习制度执行不严。', '严格执行三会一课制度', '赵主任', '营商服务部', '王五', '长期坚持', null, null, null],
    ];
    const { db, result } = await importFile('台账.xlsx', await ledgerXlsx(rows, { merges: ['A1:K1', 'A2:G2', 'B4:B6', 'B7:B8'] }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('读取工作表「整改台账」，第 3 行为表头：序号（A）→序号，问题类别（B）→问题类别，存在问题（C）→问题，整改措施（D）→整改措施，分管领导（E）→责任领导，牵头单位（F）→责任单位，责任人（G）→责任人，完成时限（H）→整改时限，完成情况（I）→整改进展，备注（J）→备注');
    expect(result.stdout).toContain('未能识别、已忽略的列：联系电话（K）');
    expect(result.stdout).toContain('新增 5 项');
    expect(result.stdout).toContain('报告日期 2021-06-01');

    const items = await itemsJson(db, 'L');
    expect(items.map((i) => [i.code, i.status, i.longTerm, i.deadlines, i.responsible])).toEqual([
      ['一/1', 'done', false, ['2021-06-30'], ['张三', '李四']],
      ['一/2', 'not_started', false, ['2021-06-30'], ['张三']],
      ['一/3', 'not_started', false, ['2021-06-01'], []],
      ['二/4', 'in_progress', false, ['2021-06-30'], ['王五']],
      ['二/5', 'not_started', true, [], ['王五']],
    ]);
    expect(items[0]).toMatchObject({
      title: '理论学习不深入',
      problem: '党工委中心组学习以传达文件为主，研讨不多。',
      sections: [{ code: '一', title: '政治建设方面' }],
      plannedMeasures: '1、制定学习计划；2、每月研讨一次',
      rectification: '已完成。已制定年度学习计划。',
      leader: '王书记',
      unit: '党政办',
      remark: '',
    });
    expect(items[1]).toMatchObject({ title: '意识形态工作责任制落实不到位', measures: [{ marker: null, text: '建立意识形态工作责任制', status: null, deadline: null }] });
    expect(items[2]).toMatchObject({ remark: '巡察组现场指出', plannedMeasures: '', measures: [] });
    expect(items[3]).toMatchObject({ sections: [{ code: '二', title: '作风建设方面' }], unit: '营商服务部 一科' });

    const trail = await runCli(['updates', '--db', db, '--ledger', 'L', '--item', '一/1']);
    expect(trail.stdout).toContain('指派：指派 张三 为责任人｜导入 台账.xlsx');
  });

  it('takes other spellings, category rows of their own, numbers restarting per category and a problem merged over its measures', async () => {
    const rows = [
      ['编号', '方面', '问题清单', '整改任务', '责任领导', '责任单位', '整改责任人', '整改时限\n（完成时间）', '整改进展'],
      ['一、党的政治建设方面', null, null, null, null, null, null, null, null],
      ['1', null, '中心组学习流于形式', '修订学习制度', '王书记', '党政办', '张三', '2021.7.31', null],
      [null, null, null, '开展专题研讨', '王书记', '组织科', '李四', '2021/9/30', null],
      ['2', null, '意识形态阵地管理不严', '排查阵地', '王书记', '宣传科', '李四', '年底前', '正在整改'],
      ['二、全面从严治党方面', null, null, null, null, null, null, null, null],
      ['1', null, '廉政风险防控机制不健全', '查找风险点', '赵书记', '纪工委', '王五', '2021年12月', null],
    ];
    const { db, result } = await importFile('ledger.xlsx', await ledgerXlsx(rows, { merges: ['A2:I2', 'A3:A4', 'C3:C4', 'E3:E4', 'A6:I6'] }), '2021-07-01T09:00');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('第 1 行为表头');
    const items = await itemsJson(db, 'L');
    expect(items.map((i) => [i.code, i.title, i.status, i.deadlines, i.responsible, i.unit])).toEqual([
      ['一/1', '中心组学习流于形式', 'not_started', ['2021-07-31', '2021-09-30'], ['张三', '李四'], '党政办、组织科'],
      ['一/2', '意识形态阵地管理不严', 'in_progress', ['2021-12-31'], ['李四'], '宣传科'],
      ['二/1', '廉政风险防控机制不健全', 'not_started', ['2021-12-31'], ['王五'], '纪工委'],
    ]);
    expect(items[0]!.plannedMeasures).toBe('修订学习制度\n开展专题研讨');
    expect(items[2]!.sections).toEqual([{ code: '二', title: '全面从严治党方面' }]);
  });

  it('reads a sheet with no category column by its numbers, on whichever sheet has the header', async () => {
    const rows = [['序号', '问题描述', '整改时限'], [1, '台账不全。', '立行立改'], [2, '制度不全。', null]];
    const cover = { name: '说明', rows: [['本表由党政办填报'], ['联系人：张三']] };
    const { db, result } = await importFile('ledger.xlsx', await ledgerXlsx(rows, { before: [cover] }), '2021-07-01T09:00');
    expect(result.stdout).toContain('读取工作表「整改台账」');
    expect(result.stdout).toContain('报告日期 2021-07-01（报告中没有日期，按导入当天）');
    expect((await itemsJson(db, 'L')).map((i) => [i.code, i.deadlines])).toEqual([['1', ['2021-07-01']], ['2', []]]);
  });
});

describe('bad office files', () => {
  const header = ['序号', '问题', '整改时限'];

  async function refused(name: string, bytes: Buffer) {
    const dir = tempDir();
    const db = join(dir, 'duban.db');
    expect((await runCli(['import', seeds['000'], '--db', db])).code).toBe(0);
    const before = readFileSync(db);
    writeFileSync(join(dir, name), bytes);
    const result = await runCli(['import', join(dir, name), '--db', db, '--ledger', '新台账']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(readFileSync(db).equals(before)).toBe(true);
    const fresh = await runCli(['import', join(dir, name), '--db', join(dir, 'fresh.db')]);
    expect(fresh.code).toBe(1);
    expect(existsSync(join(dir, 'fresh.db'))).toBe(false);
    return result.stderr;
  }

  it('says so when no sheet has a header it knows', async () => {
    const stderr = await refused('名单.xlsx', await ledgerXlsx([['姓名', '电话'], ['张三', '123']], { before: [{ name: '封面', rows: [['整改台账']] }] }));
    expect(stderr).toContain('名单.xlsx：在工作表「封面」「整改台账」的前 15 行中找不到表头');
    expect(stderr).toContain('no header in the first 15 rows of sheet(s) "封面", "整改台账"');
  });

  it('refuses a damaged workbook or document', async () => {
    const xlsx = await ledgerXlsx([header, [1, '台账不全。', null]]);
    const cut = await refused('cut.xlsx', xlsx.subarray(0, xlsx.length / 2));
    // The cause in both languages: what the zip library found wrong.
    expect(cut).toMatch(/cut\.xlsx：文件已损坏或不是 Excel 工作簿（.+），无法打开/);
    expect(cut).toMatch(/the file is damaged or not an Excel workbook \(.+\)/);
    const docx = await reportDocx(seedText('003'), { numbered: true });
    expect(await refused('cut.docx', docx.subarray(0, docx.length / 2))).toContain('cut.docx：文件已损坏或不是 Word 文档');
    expect(await refused('text.docx', Buffer.from('这不是 Word 文档'))).toMatch(/文件已损坏或不是 Word 文档（no zip signature）/);
  });

  it('tells a password-protected file from a legacy one', async () => {
    // What Office writes for a file with an open password: a compound file holding an `EncryptedPackage` stream.
    const compound = (streams: string[]) =>
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), ...streams.map((s) => Buffer.from(s, 'utf16le'))]);
    const locked = await refused('加密.xlsx', compound(['EncryptionInfo', 'EncryptedPackage']));
    expect(locked).toContain('加密.xlsx：文件设有打开密码');
    expect(locked).toContain('password-protected');
    expect(await refused('旧.docx', compound(['WordDocument']))).toContain('这是旧版.doc文件，请另存为 .docx 再导入');
  });
});
