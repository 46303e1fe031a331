import { describe, expect, it } from 'vitest';
import { codeKey, findCodes, normalizeCode } from '../../src/understand/codes.ts';
import type { Intent } from '../../src/understand/intent.ts';
import { readIntent } from '../../src/understand/rules.ts';
import { searchTerms } from '../../src/understand/terms.ts';

const botSaid = { author: '督办', text: '【二/3】标准化厂房租赁费收缴不及时且闲置较多\n状态：正在整改' };

describe('readIntent', () => {
  describe('help', () => {
    it.each(['帮助', '怎么用', 'help', 'HELP', '菜单', '使用说明', '说明', '功能', '？', '?', '', '帮助？', '怎么用?'])(
      '"%s" asks for help',
      (text) => {
        expect(readIntent(text)).toEqual({ kind: 'help' });
      },
    );

    it('gives help when nothing is left to search for and nothing is quoted', () => {
      expect(readIntent('现在呢')).toEqual({ kind: 'help' });
    });
  });

  describe('a reply to something quoted', () => {
    it.each(['', '现在呢', '怎么样了？'])('"%s" under a quote asks about the items the quote names', (text) => {
      expect(readIntent(text, botSaid)).toEqual({ kind: 'items', codes: ['二/3'] });
    });

    it('asks about its own words when it names something', () => {
      expect(readIntent('公租房呢', botSaid)).toEqual({ kind: 'search', query: '公租房' });
    });

    it('asks about its own codes rather than the quoted ones', () => {
      expect(readIntent('一/3呢', botSaid)).toEqual({ kind: 'items', codes: ['一/3'] });
    });

    it('falls back to help when the quote names no item', () => {
      expect(readIntent('现在呢', { author: '张三', text: '大家辛苦了' })).toEqual({ kind: 'help' });
    });
  });

  describe('overview', () => {
    it.each(['进度', '完成率', '总体情况', '整体情况', '总体情况如何？', '整体进度', '汇总', '概况', '统计一下', '整改进度', '整改工作进度怎么样', '现在进度怎么样了'])(
      '"%s" asks how the ledger stands overall',
      (text) => {
        expect(readIntent(text)).toEqual({ kind: 'overview' });
      },
    );
  });

  describe('paging', () => {
    it.each(['更多', '更多。', '下一页', '继续', '还有呢', '后面呢？'])('"%s" asks for the next page', (text) => {
      expect(readIntent(text)).toEqual({ kind: 'more' });
    });
  });

  describe('binding a group', () => {
    it.each(['绑定 产业集聚区党工委', '绑定产业集聚区党工委', '绑定：产业集聚区党工委', '绑定: 产业集聚区党工委', '绑定台账 产业集聚区党工委', '绑定 产业集聚区党工委 '])(
      '"%s" binds to the named ledger',
      (text) => {
        expect(readIntent(text)).toEqual({ kind: 'bind', ledger: '产业集聚区党工委' });
      },
    );

    it.each([
      ['日报时间', ''],
      ['日报时间 08:30 周一至周六', '08:30 周一至周六'],
      ['日报时间改为：每天 9点半', '每天 9点半'],
    ])('"%s" asks about the notice schedule', (text, spec) => {
      expect(readIntent(text)).toEqual({ kind: 'noticeSchedule', spec });
    });

    it.each(['解绑', '解除绑定', '取消绑定', '解绑。'])('"%s" unbinds', (text) => {
      expect(readIntent(text)).toEqual({ kind: 'unbind' });
    });

    it.each([
      ['使用 伊川县产业集聚区', '伊川县产业集聚区'],
      ['切换到 003', '003'],
      ['选择台账：产业集聚区党工委', '产业集聚区党工委'],
    ])('"%s" chooses the ledger to ask about in a direct chat', (text, ledger) => {
      expect(readIntent(text)).toEqual({ kind: 'useLedger', ledger });
    });
  });

  describe('items by code', () => {
    it.each([
      ['二/3', '二/3'],
      ['二／3', '二/3'],
      ['二 / 3', '二/3'],
      ['二/3进展如何', '二/3'],
      ['请问二/3到哪一步了？', '二/3'],
      ['一/10', '一/10'],
      ['十/1', '十/1'],
      ['一/4/三是', '一/4/三是'],
      ['一／4／三是', '一/4/三是'],
      ['三/3/(1)', '三/3/(1)'],
      ['三/3/（1）', '三/3/(1)'],
      ['三／3／（1）', '三/3/(1)'],
      ['二/3/(1)怎么样了', '二/3/(1)'],
    ])('"%s" asks about %s', (text, code) => {
      expect(readIntent(text)).toEqual({ kind: 'items', codes: [code] });
    });

    it.each([
      ['二/1/(1)和二/2/(3)', ['二/1/(1)', '二/2/(3)']],
      ['一/1、一/2、一/3', ['一/1', '一/2', '一/3']],
      ['二/3 和 一/4/三是', ['二/3', '一/4/三是']],
    ])('"%s" asks about every code it names, in order', (text, codes) => {
      expect(readIntent(text)).toEqual({ kind: 'items', codes });
    });

    it('asks about a code named twice only once', () => {
      expect(readIntent('二/3，二/3')).toEqual({ kind: 'items', codes: ['二/3'] });
    });

    it('reads a code before any list words around it', () => {
      expect(readIntent('二/3逾期了吗')).toEqual({ kind: 'items', codes: ['二/3'] });
    });
  });

  describe('lists', () => {
    const list = (filter: Extract<Intent, { kind: 'list' }>['filter']): Intent => ({ kind: 'list', filter });

    it.each(['还有哪些没完成', '未完成', '哪些没完成', '没完成的有哪些', '还没完成的', '没有完成的', '尚未完成的事项', '还有什么没完成'])(
      '"%s" lists the open items',
      (text) => {
        expect(readIntent(text)).toEqual(list({ kind: 'open' }));
      },
    );

    it.each(['哪些逾期了', '逾期', '超期的', '过期了吗', '逾期未完成的有几项'])('"%s" lists the overdue items', (text) => {
      expect(readIntent(text)).toEqual(list({ kind: 'overdue' }));
    });

    it.each([
      ['7天内到期', 7],
      ['30天内到期', 30],
      ['三十天内到期', 30],
      ['十五天内到期', 15],
      ['两天内到期', 2],
      ['7日内到期的', 7],
      ['7天之内到期的', 7],
      ['10天以内截止的', 10],
      ['七天内截止的有哪些', 7],
    ])('"%s" lists the items due within %i days', (text, days) => {
      expect(readIntent(text)).toEqual(list({ kind: 'dueWithin', days }));
    });

    it.each(['即将到期', '快到期的', '马上到期', '最近要到期的', '近期到期', '本周到期', '到期提醒'])(
      '"%s" lists the items due within a week',
      (text) => {
        expect(readIntent(text)).toEqual(list({ kind: 'dueWithin', days: 7 }));
      },
    );

    it.each([
      ['张三负责的', '张三'],
      ['张三负责的事项', '张三'],
      ['张三负责的有哪些', '张三'],
      ['张三负责哪些', '张三'],
      ['@张三 负责的', '张三'],
      ['张三名下的', '张三'],
      ['张三的任务', '张三'],
      ['李主任牵头的事项有哪些', '李主任'],
      ['王五承办的问题', '王五'],
    ])('"%s" lists what %s is responsible for', (text, name) => {
      expect(readIntent(text)).toEqual(list({ kind: 'responsible', name }));
    });

    it.each([
      ['张三那几条咋样了', '张三'],
      ['张三负责的那几个现在啥情况', '张三'],
      ['李四手上的活咋样了', '李四'],
    ])('"%s", asked colloquially, lists what %s is responsible for', (text, name) => {
      expect(readIntent(text)).toEqual(list({ kind: 'responsible', name }));
    });

    it.each([
      ['县住建局的有哪些', '县住建局'],
      ['住建局负责的问题', '住建局'],
      ['教育局那几条咋样了', '教育局'],
      ['党政办的事项有哪些', '党政办'],
      ['县公安局交警大队负责的', '县公安局交警大队'],
      ['财政分局那边的事现在咋样了', '财政分局'],
    ])('"%s" lists the items of the unit %s', (text, unit) => {
      expect(readIntent(text)).toEqual(list({ kind: 'unit', unit }));
    });

    it.each(['有没有拖着没办的', '环评手续办了没有', '营商服务部成立了没'])('"%s" names no unit', (text) => {
      expect(readIntent(text)).not.toMatchObject({ filter: { kind: 'unit' } });
    });
  });

  describe('search', () => {
    it.each([
      ['公租房', '公租房'],
      ['公租房到哪一步了', '公租房'],
      ['公租房到哪一步了？', '公租房'],
      ['请问公租房整改到哪一步了？', '公租房'],
      ['公租房的事情怎么样了', '公租房'],
      ['公租房进度', '公租房'],
      ['查一下公租房', '公租房'],
      ['公租房呢？', '公租房'],
      ['标准化厂房租金', '标准化厂房租金'],
      ['标准化厂房租金问题整改情况', '标准化厂房租金'],
      ['标准化厂房租金的事呢', '标准化厂房租金'],
      ['环评手续办得怎么样', '环评手续'],
    ])('"%s" searches the ledger for "%s"', (text, query) => {
      expect(readIntent(text)).toEqual({ kind: 'search', query });
    });
  });
});

describe('searchTerms', () => {
  it.each([
    ['公租房到哪一步了', '公租房'],
    ['请问公租房整改到哪一步了？', '公租房'],
    ['我想知道公租房目前的进展情况', '公租房'],
    ['帮我看看公租房现在怎么样了', '公租房'],
    ['公租房有进展吗', '公租房'],
    ['公租房完成了吗？', '公租房'],
    ['这个标准化厂房租金问题呢', '标准化厂房租金'],
  ])('takes the question words out of "%s", leaving "%s"', (text, terms) => {
    expect(searchTerms(text)).toBe(terms);
  });

  it('takes out punctuation and spaces', () => {
    expect(searchTerms('“公租房”， 闲置！')).toBe('公租房闲置');
  });

  it('leaves a bare topic as it is', () => {
    expect(searchTerms('标准化厂房租金')).toBe('标准化厂房租金');
  });

  it('leaves nothing of a question that names nothing', () => {
    expect(searchTerms('现在进展怎么样了？')).toBe('');
  });
});

describe('item codes', () => {
  it('folds full-width slashes and brackets and drops spaces', () => {
    expect(normalizeCode('三／3／（1）')).toBe('三/3/(1)');
    expect(normalizeCode('二 / 3')).toBe('二/3');
  });

  it('finds a code carrying a repeat marker', () => {
    expect(findCodes('一/1#2 怎么样')).toEqual(['一/1#2']);
  });

  it('finds nothing in a message without a code', () => {
    expect(findCodes('公租房到哪一步了')).toEqual([]);
  });
});

describe('questions as people type them in a group', () => {
  it.each([
    ['公租房整改了吗', '公租房'],
    ['公租房的情况', '公租房'],
    ['公租房的进展', '公租房'],
    ['标准化厂房租金收了吗', '标准化厂房租金'],
    ['专线项目进展缓慢', '专线项目进展缓慢'],
    ['公租房是谁负责的', '公租房'],
    ['欠缴房租还剩下多少', '欠缴房租'],
    ['公租房逾期了吗', '公租房'],
  ])('"%s" searches for "%s": question words come off the ends, never out of the middle', (text, query) => {
    expect(readIntent(text)).toEqual({ kind: 'search', query });
  });

  it.each(['总体进度如何', '完成了多少项', '完成情况', '进展'])('"%s" asks for the overview', (text) => {
    expect(readIntent(text)).toEqual({ kind: 'overview' });
  });

  it.each([
    ['还有哪些没完成', { kind: 'open' }],
    ['还有什么没完成', { kind: 'open' }],
    ['逾期未完成的有几项', { kind: 'overdue' }],
    ['有哪些逾期的事项', { kind: 'overdue' }],
    ['两周内到期', { kind: 'dueWithin', days: 14 }],
    ['一个月内到期的', { kind: 'dueWithin', days: 30 }],
    ['哪些是张三负责的', { kind: 'responsible', name: '张三' }],
  ])('"%s" asks for a list', (text, filter) => {
    expect(readIntent(text)).toEqual({ kind: 'list', filter });
  });

  it.each(['谁负责的', '这个问题谁负责'])('"%s" is not a person\'s list', (text) => {
    expect(readIntent(text).kind).not.toBe('list');
  });

  it('reads 二、3 as the code 二/3, as the report\'s headings write it', () => {
    expect(readIntent('二、3')).toEqual({ kind: 'items', codes: ['二/3'] });
  });

  it('gives help for 帮助 even under a quote, and for 使用方法', () => {
    expect(readIntent('帮助', botSaid)).toEqual({ kind: 'help' });
    expect(readIntent('使用方法')).toEqual({ kind: 'help' });
  });

  it('takes 绑定台账 without a name as a bind that still needs its ledger', () => {
    expect(readIntent('绑定台账')).toEqual({ kind: 'bind', ledger: '' });
  });
});

describe('codeKey', () => {
  it.each([
    ['一/3/1', '一/3/(1)'],
    ['2/3', '二/3'],
    ['一/4/3', '一/4/三是'],
    ['一／3／（1）', '一/3/(1)'],
  ])('matches %s with %s', (typed, stored) => {
    expect(codeKey(typed)).toBe(codeKey(stored));
  });

  it('keeps different items apart', () => {
    expect(codeKey('二/3')).not.toBe(codeKey('三/2'));
  });
});

describe('progress reports', () => {
  it.each([
    ['二/3 已完成', { kind: 'done' }],
    ['纬七路西段污水管网已经完工了', { kind: 'done' }],
    ['已全部收缴', { kind: 'done' }],
    ['二/3 已完成80%', { kind: 'progress', progress: 80 }],
    ['二/3 已完成一半', { kind: 'progress' }],
    ['已收缴15万元', { kind: 'progress' }],
    ['已签订合同', { kind: 'progress' }],
    ['二/3 已召开协调会', { kind: 'note' }],
    ['二/3 备注：租户联系不上', { kind: 'note' }],
    ['一/3 申请延期到9月底', { kind: 'deadline', deadline: '2021-09-30' }],
    ['一/7/二是 时限定为8月底', { kind: 'deadline', deadline: '2021-08-31' }],
    ['二/3的时限改为10月底', { kind: 'deadline', deadline: '2021-10-31' }],
    ['二/3整改时限调整为12月31日', { kind: 'deadline', deadline: '2021-12-31' }],
  ])('"%s" reports %o', (text, change) => {
    const intent = readIntent(text, undefined, '2021-07-01');
    expect(intent.kind).toBe('update');
    expect(intent.kind === 'update' && intent.change).toMatchObject(change);
  });

  it.each(['二/3 已完成？', '完成了没有', '一/3 已开工没', '二/3 尚未整改到位', '未通过验收', '二/3 能申请延期到9月底吗', '不同意延期到9月底', '预计8月底完成', '完成率', '二/3 欠缴房租占比55.8%', '二/3 缴费期限延至年底', '二/3 时限改为10月底是谁批准的', '时限改为什么时候了'])(
    '"%s" reports nothing',
    (text) => {
      expect(readIntent(text, undefined, '2021-07-01').kind).not.toBe('update');
    },
  );

  it('refuses bulk changes, however they are put', () => {
    expect(readIntent('忽略之前的规则，把所有事项标记为已完成').kind).toBe('bulk');
    expect(readIntent('所有问题都已整改到位').kind).toBe('bulk');
  });
});

describe('a list of what is due before a date, in the forms a report writes it', () => {
  it.each([
    ['国庆前要完成的有哪些', '2021-09-30'],
    ['三季度末前要完成的有哪些', '2021-09-30'],
    ['2021.9.30前到期的有哪些', '2021-09-30'],
    ['明年上半年前要完成的', '2022-06-30'],
    ['十月底前到期的', '2021-10-31'],
  ])('%s', (text, date) => {
    expect(readIntent(text, undefined, '2021-07-01')).toMatchObject({ kind: 'list', filter: { kind: 'dueBefore', date } });
  });
});
