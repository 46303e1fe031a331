import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocxReport } from '../../src/ingest/docx-report.ts';
import { readImportFile } from '../../src/ingest/import-file.ts';
import { readTextReport } from '../../src/ingest/text-report.ts';
import type { ItemDraft } from '../../src/ledger/types.ts';
import { tempDir } from '../support/files.ts';
import { reportDocx } from '../support/office.ts';

const read = (text: string) => readTextReport(text, { today: '2026-11-25' });
const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;

const shape = (item: ItemDraft) => ({
  code: item.code,
  sections: item.sections.map((s) => `${s.code} ${s.title}`),
  title: item.title,
  problem: item.problem,
  rectification: item.rectification,
  status: item.status,
  longTerm: item.longTerm,
  deadlines: item.deadlines.map((d) => d.date),
});

const numberedProblems = `一、政治建设方面
问题1：理论学习不深入，中心组学习流于形式。
整改情况：已完成。制定学习计划。
问题2：意识形态责任制落实不到位。
整改情况：正在整改，预计6月底前完成。
二、作风建设方面
（1）服务意识不强。整改情况：已完成，长期坚持。
（2）调研走访不够
整改措施：建立走访台账。
2021年5月1日`;

const numberedItems = [
  {
    code: '一/问题1',
    sections: ['一 政治建设方面'],
    title: '理论学习不深入，中心组学习流于形式',
    problem: '理论学习不深入，中心组学习流于形式。',
    rectification: '已完成。制定学习计划。',
    status: 'done',
    longTerm: false,
    deadlines: [],
  },
  {
    code: '一/问题2',
    sections: ['一 政治建设方面'],
    title: '意识形态责任制落实不到位',
    problem: '意识形态责任制落实不到位。',
    rectification: '正在整改，预计6月底前完成。',
    status: 'in_progress',
    longTerm: false,
    deadlines: ['2021-06-30'],
  },
  {
    code: '二/(1)',
    sections: ['二 作风建设方面'],
    title: '服务意识不强',
    problem: '服务意识不强。',
    rectification: '已完成，长期坚持。',
    status: 'done',
    longTerm: true,
    deadlines: [],
  },
  {
    code: '二/(2)',
    sections: ['二 作风建设方面'],
    title: '调研走访不够',
    problem: '调研走访不够',
    rectification: '建立走访台账。',
    status: 'done',
    longTerm: false,
    deadlines: [],
  },
];

describe('outline shapes beyond the seeds', () => {
  it('reads items introduced by 问题N： inside a category, and (N) with its rectification in the same paragraph', () => {
    expect(read(numberedProblems).items.map(shape)).toEqual(numberedItems);
  });

  it('reads 问题N： numbered by Word lists the same', async () => {
    const draft = await readDocxReport(await reportDocx(numberedProblems, { numbered: true }), { today: '2026-11-25' });
    expect(draft.items.map(shape)).toEqual(numberedItems);
  });

  it('reads a problem and its measures with no label, in one paragraph or on the lines below; leaves what was done, what comes next and problem points alone', () => {
    const draft = read(`一、作风建设方面
（1）调研走访不够。一是走访企业50家，已完成；二是建立包保台账，6月底前完成。
（2）服务企业意识不强。1、建立分包制度；2、已开展专项培训。
（3）工程管理混乱。一是应招标未招标；二是串标围标。
整改情况：已完成。
二、下一步工作打算
（一）持续巩固。一是定期回头看；二是建立长效机制。
三、其他事项
（一）高度重视整改工作。一是召开专题会议；二是完善台账。
（二）不断深化整改。一是定期回头看；二是建立长效机制。
（三）强化监督检查
一是定期督查。
二是通报问题。
四、纪律建设方面
（1）公务用车管理不规范。
一是建立用车台账，已完成。
二是开展专项检查，计划6月底前完成。
（2）会议记录不完整
一是补齐会议记录；二是明确专人负责，已落实到位。
2021年5月1日`);
    expect(draft.items.map((i) => ({ ...shape(i), measures: i.measures.map((m) => [m.marker, m.text, m.status, m.deadline]) }))).toEqual([
      {
        code: '一/(1)',
        sections: ['一 作风建设方面'],
        title: '调研走访不够',
        problem: '调研走访不够。',
        rectification: '一是走访企业50家，已完成；二是建立包保台账，6月底前完成。',
        status: 'in_progress',
        longTerm: false,
        deadlines: ['2021-06-30'],
        measures: [
          ['一是', '走访企业50家，已完成', 'done', null],
          ['二是', '建立包保台账，6月底前完成。', 'in_progress', '2021-06-30'],
        ],
      },
      {
        code: '一/(2)',
        sections: ['一 作风建设方面'],
        title: '服务企业意识不强',
        problem: '服务企业意识不强。',
        rectification: '1、建立分包制度；2、已开展专项培训。',
        status: 'done',
        longTerm: false,
        deadlines: [],
        measures: [
          ['1', '建立分包制度', null, null],
          ['2', '已开展专项培训。', 'done', null],
        ],
      },
      {
        // Its rectification follows under a label: the 一是、二是 are points of the problem.
        code: '一/(3)',
        sections: ['一 作风建设方面'],
        title: '工程管理混乱',
        problem: '工程管理混乱。一是应招标未招标；二是串标围标。',
        rectification: '已完成。',
        status: 'done',
        longTerm: false,
        deadlines: [],
        measures: [],
      },
      {
        // The steps on the lines below the problem, with no label.
        code: '四/(1)',
        sections: ['四 纪律建设方面'],
        title: '公务用车管理不规范',
        problem: '公务用车管理不规范。',
        rectification: '一是建立用车台账，已完成。\n二是开展专项检查，计划6月底前完成。',
        status: 'in_progress',
        longTerm: false,
        deadlines: ['2021-06-30'],
        measures: [
          ['一是', '建立用车台账，已完成。', 'done', null],
          ['二是', '开展专项检查，计划6月底前完成。', 'in_progress', '2021-06-30'],
        ],
      },
      {
        code: '四/(2)',
        sections: ['四 纪律建设方面'],
        title: '会议记录不完整',
        problem: '会议记录不完整',
        rectification: '一是补齐会议记录；二是明确专人负责，已落实到位。',
        status: 'done',
        longTerm: false,
        deadlines: [],
        measures: [
          ['一是', '补齐会议记录', null, null],
          ['二是', '明确专人负责，已落实到位。', 'done', null],
        ],
      },
    ]);
  });

  it('takes no item from a later round that restates a problem with its steps: it speaks of earlier items', () => {
    const draft = read(`一、政治建设方面
问题1：公租房闲置问题整改不力。
整改情况：正在整改。
二、持续整改情况
（一）关于公租房闲置问题整改不力的问题。一是签订入住协议98户；二是计划6月底入住率达到80%。
2021年5月1日`);
    expect(draft.items.map((i) => i.code)).toEqual(['一/问题1']);
  });

  it('keeps nested sub-items 1-1, 1-2 … inside a paragraph, or on lines of their own, as items with their codes as written', () => {
    const draft = read(`一、历史遗留问题
1、厂房问题处置不到位。1-1,公租房闲置999套，已签订入住协议98户；1-2,厂房租金未收缴232万元，已收缴80万元，剩余年底前收缴到位；1-3,土地闲置问题，正在整改。
2、债务化解不力
整改情况：已完成。
3、遗留工程未验收
1-1、标准化厂房未验收
整改情况：已完成竣工验收。
1-2、道路工程未验收
整改情况：正在整改，计划9月底前完成。
2021年5月1日`);
    const parent = (code: string, title: string) => ['一 历史遗留问题', `${code} ${title}`];
    expect(draft.items.map(shape)).toEqual([
      {
        code: '一/1/1-1',
        sections: parent('一/1', '厂房问题处置不到位'),
        title: '公租房闲置999套',
        problem: '公租房闲置999套',
        rectification: '已签订入住协议98户',
        status: 'done',
        longTerm: false,
        deadlines: [],
      },
      {
        code: '一/1/1-2',
        sections: parent('一/1', '厂房问题处置不到位'),
        title: '厂房租金未收缴232万元',
        problem: '厂房租金未收缴232万元',
        rectification: '已收缴80万元，剩余年底前收缴到位',
        status: 'in_progress',
        longTerm: false,
        deadlines: ['2021-12-31'],
      },
      {
        code: '一/1/1-3',
        sections: parent('一/1', '厂房问题处置不到位'),
        title: '土地闲置问题',
        problem: '土地闲置问题',
        rectification: '正在整改。',
        status: 'in_progress',
        longTerm: false,
        deadlines: [],
      },
      {
        code: '一/2',
        sections: ['一 历史遗留问题'],
        title: '债务化解不力',
        problem: '债务化解不力',
        rectification: '已完成。',
        status: 'done',
        longTerm: false,
        deadlines: [],
      },
      {
        code: '一/3/1-1',
        sections: parent('一/3', '遗留工程未验收'),
        title: '标准化厂房未验收',
        problem: '标准化厂房未验收',
        rectification: '已完成竣工验收。',
        status: 'done',
        longTerm: false,
        deadlines: [],
      },
      {
        code: '一/3/1-2',
        sections: parent('一/3', '遗留工程未验收'),
        title: '道路工程未验收',
        problem: '道路工程未验收',
        rectification: '正在整改，计划9月底前完成。',
        status: 'in_progress',
        longTerm: false,
        deadlines: ['2021-09-30'],
      },
    ]);
  });

  it('does not take dates and ranges for sub-items: 4-6月份, 2021-2030, 2-3年', () => {
    const draft = read(`一、规划问题
1、规划滞后
整改情况：已完成。修编总体发展规划（2021-2030），4-6月份已召开论证会，力争2-3年有所突破。
2021年7月1日`);
    expect(draft.items.map((i) => [i.code, i.measures.length])).toEqual([['一/1', 1]]);
  });
});

const ledgerShape = (item: ItemDraft) => ({
  code: item.code,
  sections: item.sections.map((s) => `${s.code} ${s.title}`),
  title: item.title,
  plannedMeasures: item.plannedMeasures,
  unit: item.unit,
  responsible: item.responsible,
  deadlines: item.deadlines.map((d) => d.date),
  status: item.status,
});

describe('a table pasted into a text report', () => {
  it('with tabs, is read as a sheet: header by name, a category line heading the rows below it, the report date from the text', async () => {
    const { draft, source } = await readImportFile(fixture('text-table-tabs.txt'), { today: '2026-11-25' });
    expect(source.format).toBe('text');
    expect([draft.reportDate, draft.reportDateSource]).toEqual(['2021-06-01', 'date-line']);
    expect(draft.items.map(ledgerShape)).toEqual([
      { code: '一/1', sections: ['一 政治建设方面'], title: '理论学习不深入', plannedMeasures: '制定学习计划', unit: '党政办', responsible: ['张三'], deadlines: ['2021-06-30'], status: 'in_progress' },
      { code: '一/2', sections: ['一 政治建设方面'], title: '意识形态工作责任制落实不到位', plannedMeasures: '建立责任制', unit: '宣传科', responsible: ['李四', '王五'], deadlines: ['2021-09-30'], status: 'not_started' },
      { code: '二/1', sections: ['二 作风建设方面'], title: '服务企业意识不强', plannedMeasures: '走访企业', unit: '招商局', responsible: ['赵六'], deadlines: ['2021-12-31'], status: 'done' },
    ]);
    expect(draft.layout?.table).toBe(1);
    expect(draft.layout?.columns.map((c) => c.field)).toEqual(['code', 'problem', 'plannedMeasures', 'unit', 'responsible', 'deadline', 'progress']);
    expect(draft.warnings).toEqual([]);
    // Its units and people are the ledger's words, as a workbook's are.
    expect(draft.words?.map((w) => w.word)).toEqual(expect.arrayContaining(['党政办', '宣传科', '招商局', '张三', '李四', '王五', '赵六']));
  });

  it('lined up with spaces, each cell under its header, empty cells and a measure continuing the problem above; the text around it too', async () => {
    const { draft } = await readImportFile(fixture('text-table-spaces.txt'), { today: '2026-11-25' });
    expect(draft.items.map(ledgerShape)).toEqual([
      { code: '一/1', sections: ['一 其他问题'], title: '档案管理不规范', plannedMeasures: undefined, unit: undefined, responsible: undefined, deadlines: [], status: 'done' },
      { code: '1', sections: [], title: '理论学习不深入', plannedMeasures: '制定学习计划', unit: '', responsible: ['张三'], deadlines: ['2021-06-30'], status: 'not_started' },
      { code: '2', sections: [], title: '意识形态工作不到位', plannedMeasures: '建立责任制\n开展专题培训', unit: '', responsible: ['李四', '王五'], deadlines: ['2021-10-31'], status: 'not_started' },
      { code: '3', sections: [], title: '服务企业意识不强', plannedMeasures: '', unit: '', responsible: ['赵六'], deadlines: ['2021-12-31'], status: 'not_started' },
    ]);
    expect(draft.warnings).toHaveLength(1);
    expect(draft.warnings[0]).toMatch(/^第 1 个表格（第 7 行起）第 3 行"整改时限"列（E3）：无法识别的整改时限"视情况而定"，按空白导入/);
    expect(draft.items[2]!.warnings).toEqual(draft.warnings);
  });

  it('leaves lined-up text that names no ledger columns to the text, line by line', async () => {
    const file = join(tempDir(), 'aligned.txt');
    writeFileSync(file, `一、组织领导\n组长    王书记\n副组长  李主任\n二、问题\n1、学习不深入\n整改情况：已完成。\n`);
    const { draft } = await readImportFile(file, { today: '2021-06-01' });
    expect(draft.items.map((i) => [i.code, i.status])).toEqual([['二/1', 'done']]);
    expect(draft.layout).toBeUndefined();
  });
});
