/**
 * The status words offices write, read the same by the text reader, an Excel or Word ledger's status column, and the
 * rules that read a progress report in a group: only a word that says the whole item is finished makes it done.
 */
import { describe, expect, it } from 'vitest';
import { readDocxReport } from '../../src/ingest/docx-report.ts';
import { readTextReport } from '../../src/ingest/text-report.ts';
import { readXlsxLedger } from '../../src/ingest/xlsx-ledger.ts';
import type { Status } from '../../src/ledger/types.ts';
import { readIntent } from '../../src/understand/rules.ts';
import { ledgerDocx, ledgerXlsx } from '../support/office.ts';

/** [word, status, long-term, what a group message `二/3 WORD` reports (null: no report)] */
const words: [string, Status, boolean, 'done' | 'progress' | null][] = [
  ['已完成', 'done', false, 'done'],
  ['已整改到位', 'done', false, 'done'],
  ['已办结', 'done', false, 'done'],
  ['已落实', 'done', false, 'done'],
  ['已销号', 'closed', false, 'done'],
  ['长期坚持', 'done', true, null],
  ['已完成，长期坚持', 'done', true, 'done'],
  ['阶段性完成', 'in_progress', false, 'progress'],
  ['基本完成', 'in_progress', false, 'progress'],
  ['部分完成', 'in_progress', false, 'progress'],
  ['持续推进', 'in_progress', false, 'progress'],
  ['正在整改', 'in_progress', false, 'progress'],
  ['整改中', 'in_progress', false, 'progress'],
  ['未完成', 'in_progress', false, null],
  ['未启动', 'not_started', false, null],
];

const expected = words.map(([, status, longTerm]) => [status, longTerm]);

describe('status words', () => {
  it('in a text report, as the label of a rectification block', () => {
    const report = words.map(([word], i) => `${i + 1}、问题${i + 1}。\n整改情况：${word}。已召开专题会议研究。`).join('\n');
    const draft = readTextReport(report, { today: '2024-05-15' });
    expect(draft.items.map((i) => [i.status, i.longTerm])).toEqual(expected);
  });

  it('in the status column of an Excel ledger and of a Word table', async () => {
    const rows = words.map(([word], i) => [String(i + 1), `问题${i + 1}。`, '已召开专题会议研究', word]);
    const header = ['序号', '存在问题', '整改进展', '状态'];
    const xlsx = await readXlsxLedger(await ledgerXlsx([header, ...rows]), { today: '2024-05-15' });
    expect(xlsx.items.map((i) => [i.status, i.longTerm])).toEqual(expected);
    expect(xlsx.warnings).toEqual([]);
    const docx = await readDocxReport(await ledgerDocx(['整改台账'], [header, ...rows]), { today: '2024-05-15' });
    expect(docx.items.map((i) => [i.status, i.longTerm])).toEqual(expected);
  });

  it('said in a group: a finished part is progress, not done', () => {
    const said = words.map(([word]) => {
      const intent = readIntent(`二/3 ${word}`, undefined, '2024-05-15');
      return intent.kind === 'update' ? intent.change.kind : null;
    });
    expect(said).toEqual(words.map(([, , , kind]) => kind));
    const partly = readIntent('纬七路污水管网基本完成了', undefined, '2024-05-15');
    expect(partly.kind === 'update' && partly.change.kind).toBe('progress');
  });

  it('in a measure without a label: 已基本完成 and 阶段性完成 keep the item open', () => {
    const draft = readTextReport(
      ['1、问题一。', '整改情况：一是已阶段性完成管网改造；二是已出台管理办法。', '2、问题二。', '整改情况：一是主体工程已基本完成；二是已出台管理办法。'].join('\n'),
      { today: '2024-05-15' },
    );
    expect(draft.items.map((i) => [i.status, i.measures.map((m) => m.status)])).toEqual([
      ['in_progress', ['in_progress', 'done']],
      ['in_progress', ['in_progress', 'done']],
    ]);
  });
});
