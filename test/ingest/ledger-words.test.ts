import { describe, expect, it } from 'vitest';
import { reportWords } from '../../src/ingest/ledger-words.ts';
import type { ItemDraft } from '../../src/ledger/types.ts';

const item = (fields: Partial<ItemDraft>): ItemDraft => ({
  code: '一/1',
  sections: [],
  title: '',
  problem: '',
  rectification: '',
  status: 'in_progress',
  longTerm: false,
  measures: [],
  deadlines: [],
  ...fields,
});

describe("a report's own words", () => {
  it('takes each unit of a cell naming several, the leader and the responsible people', () => {
    const words = reportWords([item({ unit: '县住建局、县水利局', leader: '王书记', responsible: ['欧阳建国'] })]);
    expect(words).toEqual([
      { word: '县住建局', kind: 'unit' },
      { word: '县水利局', kind: 'unit' },
      { word: '王书记', kind: 'person' },
      { word: '欧阳建国', kind: 'person' },
    ]);
  });

  it('takes the names a text lists and the words it quotes, not the sentence around them', () => {
    const words = reportWords([
      item({
        title: '缺乏“店小二”精神',
        problem: '2016年以来新引进的东昇高科、中恒环保等6家企业处于停产状态，如企业关心的地、水、电、路等没有做到未雨绸缪。',
        rectification: '现已于淼珠、楚林、美德福、等公司签订入住98户。',
      }),
    ]).map(({ word }) => word);
    expect(words.sort()).toEqual(['中恒环保', '东昇高科', '店小二', '楚林', '淼珠', '美德福'].sort());
  });
});
