/**
 * Understanding by rules: commands and the common ways people ask, with no model. What the rules cannot place
 * becomes a search of the ledger by the words that are left once the question words are peeled off its ends.
 */
import { parseNumber } from '../ingest/numerals.ts';
import type { Quote } from '../chat/incoming.ts';
import { findCodes } from './codes.ts';
import type { Intent, ListFilter } from './intent.ts';

/**
 * Words around a question that are not what it is about. They are only ever peeled off the ends of a phrase, never
 * cut from its middle: `专线项目进展缓慢` stays whole, `公租房整改了吗` becomes `公租房`.
 */
const leadingWords = [
  '我想知道', '想问一下', '请问一下', '请问', '查询', '查一下', '查查', '看看', '看一下', '帮我', '关于', '现在', '目前',
  '最新', '那个', '这个', '有哪些', '哪些是', '哪些', '还有',
];
const trailingWords = [
  '整改到哪一步了', '到哪一步了', '到哪一步', '到什么程度了', '到什么程度', '进展如何', '进展怎么样', '办得怎么样',
  '怎么样了', '怎么样', '如何了', '如何', '什么情况', '进展情况', '整改情况', '情况如何', '有进展吗', '有没有进展',
  '完成了吗', '完成没有', '完成没', '办完了吗', '解决了吗', '落实了吗', '收了吗', '交了吗', '是谁负责的', '谁负责的',
  '由谁负责', '谁负责', '有哪些', '哪些', '有几项', '几项', '多少项', '多少', '什么', '一下', '现在', '目前', '最新', '的事情', '的事', '事项', '进展', '情况',
  '状态', '问题', '进度', '整改', '没有', '吗', '呢', '啊', '呀', '吧', '了', '的', '还',
];
const peel = (words: string[], anchor: (alternatives: string) => RegExp) =>
  anchor([...words].sort((a, b) => b.length - a.length).join('|'));
const leading = peel(leadingWords, (words) => new RegExp(`^(?:${words})`));
const trailing = peel(trailingWords, (words) => new RegExp(`(?:${words})$`));

function peelPhrase(phrase: string): string {
  let text = phrase;
  for (let before = ''; before !== text; ) {
    before = text;
    text = text.replace(leading, '').replace(trailing, '');
  }
  return text;
}

/** The words a search should look for: each phrase of the question with its question words peeled off. */
export function searchTerms(text: string): string {
  return text
    .split(/[？?！!。，,、；;：:“”"'‘’（）()【】\s]+/)
    .map(peelPhrase)
    .join('');
}

const overviewWords = /完成率|完成情况|进展|总体|总览|概况|整体|统计|汇总|多少项|几项|一共|总共|共有|进度|台账|全部|整改工作|工作|整改|完成/;
const allOverviewWords = new RegExp(overviewWords.source, 'g');

const count = (text: string) => (/^\d+$/.test(text) ? Number(text) : parseNumber(text.replace('两', '二')));

/** List questions: the filter and the words that asked for it, so what is left over can be weighed. */
const lists: { pattern: RegExp; filter: (match: RegExpExecArray) => ListFilter }[] = [
  { pattern: /逾期|超期|过期|超时|延误|拖期/, filter: () => ({ kind: 'overdue' }) },
  {
    pattern: /(\d{1,3}|[一二三四五六七八九十两]{1,3})\s*(天|日|周|个?星期|个月)(?:内|之内|以内)?.{0,6}?(?:到期|截止|期限)/,
    filter: (m) => ({ kind: 'dueWithin', days: count(m[1]!) * ({ 天: 1, 日: 1, 周: 7, 星期: 7, 个星期: 7, 月: 30, 个月: 30 }[m[2]!] ?? 1) }),
  },
  { pattern: /(?:即将|快要?|马上|近期|最近|本周|这周)(?:要)?到期|到期提醒/, filter: () => ({ kind: 'dueWithin', days: 7 }) },
  {
    pattern: /(?:没|未|尚未|还没)(?:有)?(?:完成|整改完|办结|销号)|正在整改的?|在整改的|未完成|没完成|剩下的?|剩余的?|还有哪些/,
    filter: () => ({ kind: 'open' }),
  },
];

/** A name as people write one: a few characters, not a question word. */
const personName = /^(?!.*(?:谁|哪|什么|这|那|问题|事项))[\p{Script=Han}A-Za-z·]{2,8}$/u;

function readList(text: string): Intent | undefined {
  const asked = lists.map(({ pattern, filter }) => ({ match: pattern.exec(text), filter })).find(({ match }) => match);
  if (asked) {
    // `公租房逾期了吗` asks about 公租房; only a question with nothing else in it asks for the list.
    const rest = searchTerms(lists.reduce((left, { pattern }) => left.replace(new RegExp(pattern.source, 'g'), ' '), text));
    return rest.length < 2 ? { kind: 'list', filter: asked.filter(asked.match!) } : { kind: 'search', query: rest };
  }
  const person = /^(?:有哪些|哪些是)?(.{1,12}?)(?:负责|名下|承办|牵头)(?:的)?(?:事项|问题|任务|工作)?(?:有哪些|哪些|是什么|是哪些)?$/.exec(text) ??
    /^(.{1,12}?)的(?:事项|任务|整改任务)(?:有哪些|哪些)?$/.exec(text);
  const name = person?.[1]!.replace(/^@/, '').trim();
  if (name && personName.test(name)) return { kind: 'list', filter: { kind: 'responsible', name } };
  return undefined;
}

export function readIntent(body: string, quote?: Quote): Intent {
  const text = body.replace(/[？?！!。\s]+$/g, '').trim();
  if (!text && quote) {
    const quoted = findCodes(quote.text);
    if (quoted.length) return { kind: 'items', codes: quoted };
  }
  if (/^(?:帮助|help|菜单|使用说明|使用方法|用法|说明|怎么用|功能|\?|？)?$/i.test(text)) return { kind: 'help' };
  if (/^(?:更多|下一页|继续|还有呢|后面呢)$/.test(text)) return { kind: 'more' };
  const bind = /^绑定(?:台账)?\s*[:：]?\s*(.*)$/.exec(text);
  if (bind) return { kind: 'bind', ledger: bind[1]!.trim() };
  if (/^(?:解绑|解除绑定|取消绑定)(?:台账)?$/.test(text)) return { kind: 'unbind' };
  const use = /^(?:使用|切换到?|选择)(?:台账)?\s*[:：]?\s*(.*)$/.exec(text);
  if (use) return { kind: 'useLedger', ledger: use[1]!.trim() };

  const codes = findCodes(text);
  if (codes.length) return { kind: 'items', codes };
  const list = readList(text);
  if (list) return list;
  const terms = searchTerms(text);
  if (overviewWords.test(text) && !terms.replace(allOverviewWords, '')) return { kind: 'overview' };
  // A question with nothing left to search for ("现在呢？") is about what it quotes.
  if (terms.length < 2 && quote) {
    const quoted = findCodes(quote.text);
    if (quoted.length) return { kind: 'items', codes: quoted };
  }
  if (!terms) return { kind: 'help' };
  return { kind: 'search', query: terms };
}
