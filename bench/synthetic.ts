/**
 * Large inputs made from the seeds' own items: a text report, an Excel ledger and a Word table of any number of items,
 * 20 sections (categories) of equal size, every item one of the seeds' items with its title, problem and rectification.
 * A real ledger's items are about different places and things: past the seeds' first copy, each copy of a seed item
 * is put in a place of its own and its subject words (公租房, 污水管网, …) are replaced by others of the same kind, so
 * that a word such as 公租房 is held by about one item in a hundred, not by every copy of the seed items that hold it.
 */
import { readFileSync } from 'node:fs';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { readTextReport } from '../src/ingest/text-report.ts';
import { chineseNumeral } from '../src/ingest/numerals.ts';
import type { ItemDraft } from '../src/ledger/types.ts';
import { domainWords } from '../src/lexicon/domain.ts';

const sections = 20;
/** The size of the input each measured run warms up with: enough for the code to be compiled as it will run. */
export const warmupItems = 2_000;

/** What of an item the synthetic inputs write. */
type Sample = Pick<ItemDraft, 'title' | 'problem' | 'rectification'> & { measures: string[] };

function seedItems(): ItemDraft[] {
  return ['000_5c118598706826d0', '003_cf95e3e12b08fb36'].flatMap(
    (seed) => readTextReport(readFileSync(new URL(`../data/samples/${seed}.txt`, import.meta.url), 'utf8'), { today: '2021-01-01' }).items,
  );
}

/** Subjects of other ledgers, beside the seeds' own (`domainWords`): what a copy's subject words become. */
const otherSubjects = [
  '垃圾分类', '农村公路', '危房改造', '学校食堂', '医保基金', '扶贫资金', '河道治理', '秸秆禁烧', '燃气管道', '消防通道', '校车安全',
  '电梯维保', '养老服务', '农贸市场', '排水沟渠', '停车场', '公共厕所', '饮用水源', '防汛物资', '地质灾害', '林地占用', '耕地保护',
  '土地出让金', '征地补偿', '拆迁安置', '棚户区改造', '老旧小区', '物业管理', '供暖设施', '充电桩', '公交站台', '绿化带', '户外广告',
  '占道经营', '渣土车', '扬尘治理', '噪声污染', '餐饮油烟', '危化品', '烟花爆竹', '特种设备', '建筑工地', '农民工工资', '社保缴费',
  '低保审核', '残疾人补贴', '临时救助', '退役军人', '便民服务中心', '政务公开', '三资管理', '集体经济', '专业合作社', '村务监督',
  '惠农补贴', '粮食储备', '种子市场', '动物防疫', '屠宰场', '冷链物流', '快递网点', '出租屋', '流动人口', '信访积案', '矛盾纠纷',
  '网格员', '应急预案', '乡镇卫生院', '村卫生室', '家庭医生', '疫苗接种', '幼儿园', '课后服务', '图书馆', '文化广场', '体育场馆',
];
const subjects = [...domainWords, ...otherSubjects];
const subjectWord = new RegExp([...domainWords].sort((a, b) => b.length - a.length).join('|'), 'g');
const placeParts = [['东', '西', '南', '北', '城', '河', '山', '石', '柳', '杨', '龙', '凤', '金', '新', '老'], ['关', '庄', '桥', '湾', '坪', '岭', '沟', '营', '店', '集'], ['镇', '乡', '街道', '村', '社区']];

/** The `copy`-th place: 城关镇, 河庄乡, … (750 of them, then again). */
function place(copy: number): string {
  const [first, second, kind] = placeParts as [string[], string[], string[]];
  return first[copy % first.length]! + second[Math.floor(copy / first.length) % second.length]! + kind[Math.floor(copy / (first.length * second.length)) % kind.length]!;
}

/** The `n`-th item of a synthetic input: the seed item it copies, in its own place and about its own subjects. */
function sampleOf(seeds: ItemDraft[], n: number): Sample {
  const seed = seeds[n % seeds.length]!;
  const copy = Math.floor(n / seeds.length);
  const sample = { title: seed.title, problem: seed.problem, rectification: seed.rectification, measures: seed.measures.map((m) => m.text) };
  if (copy === 0) return sample;
  const subject = (word: string) => subjects[(copy * 31 + [...word].reduce((sum, c) => sum + c.charCodeAt(0), 0)) % subjects.length]!;
  const moved = (text: string) => text.replace(subjectWord, subject);
  return {
    title: place(copy) + moved(seed.title),
    problem: moved(seed.problem),
    rectification: moved(seed.rectification),
    measures: sample.measures.map(moved),
  };
}

const flat = (text: string) => text.replace(/\n/g, '');

/** A report of `itemCount` items in the seeds' shape: `一、…` sections, `1、` items, labelled blocks, a date line. */
export function syntheticReport(itemCount: number): string {
  const seeds = seedItems();
  const perSection = Math.ceil(itemCount / sections);
  const lines: string[] = ['关于巡察反馈意见整改情况的报告'];
  for (let n = 0; n < itemCount; n++) {
    if (n % perSection === 0) lines.push(`${chineseNumeral(n / perSection + 1)}、第${n / perSection + 1}方面的问题`);
    const sample = sampleOf(seeds, n);
    lines.push(`${(n % perSection) + 1}、${sample.title}`, `问题内容：${flat(sample.problem)}`, `整改情况：${flat(sample.rectification)}`);
  }
  lines.push('2021年3月1日');
  return lines.join('\n');
}

const people = ['张三', '李四', '王五', '赵六', '孙七', '周八'];
const limits = ['2021年6月底前', '2021-09-30', '年底前', '长期坚持', '立行立改', '8月31日'];

/** The columns of a synthetic ledger and one item's row of them. */
const ledgerHeader = ['序号', '问题类别', '存在问题', '整改措施', '责任人', '整改时限', '整改进展'];

function ledgerRow(seeds: ItemDraft[], n: number, perSection: number): (string | number)[] {
  const section = Math.floor(n / perSection);
  const sample = sampleOf(seeds, n);
  return [
    (n % perSection) + 1,
    `${chineseNumeral(section + 1)}、第${section + 1}方面的问题`,
    `${sample.title}\n${flat(sample.problem)}`,
    sample.measures.slice(0, 2).join('\n'),
    `${people[n % people.length]}、${people[(n + 1) % people.length]}`,
    limits[n % limits.length]!,
    flat(sample.rectification),
  ];
}

/** The same ledger as a table in a Word document, under a title and above its date line. */
export async function syntheticWordTable(itemCount: number, path: string): Promise<void> {
  const seeds = seedItems();
  const perSection = Math.ceil(itemCount / sections);
  const cell = (value: string | number) =>
    new TableCell({ children: String(value).split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })) });
  const rows = [ledgerHeader, ...Array.from({ length: itemCount }, (_, n) => ledgerRow(seeds, n, perSection))];
  const table = new Table({ rows: rows.map((row) => new TableRow({ children: row.map(cell) })) });
  const paragraph = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const document = new Document({ sections: [{ children: [paragraph('巡察反馈问题整改台账'), table, paragraph('2021年3月1日')] }] });
  writeFileSync(path, await Packer.toBuffer(document));
}

/**
 * A ledger workbook of `itemCount` rows written as a stream to `path` (a title row with its date, a header, one row
 * per item with its category), so that 100,000 rows are made in little memory.
 */
export async function syntheticWorkbook(itemCount: number, path: string): Promise<void> {
  const seeds = seedItems();
  const perSection = Math.ceil(itemCount / sections);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = workbook.addWorksheet('整改台账');
  sheet.addRow(['巡察反馈问题整改台账（填报时间：2021年3月1日）']).commit();
  sheet.addRow(ledgerHeader).commit();
  for (let n = 0; n < itemCount; n++) sheet.addRow(ledgerRow(seeds, n, perSection)).commit();
  sheet.commit();
  await workbook.commit();
}
