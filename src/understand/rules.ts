/**
 * Understanding by rules: commands and the common ways people ask, with no model. What the rules cannot place
 * becomes a search of the ledger by the words that are left once the question words are gone.
 */
import { parseNumber } from '../ingest/numerals.ts';
import type { Quote } from '../chat/incoming.ts';
import { findCodes } from './codes.ts';
import type { Intent } from './intent.ts';

const questionWords = [
  '整改到哪一步了', '到哪一步了', '到哪一步', '到什么程度了', '到什么程度', '进展如何', '进展怎么样', '办得怎么样',
  '怎么样了', '怎么样', '如何了', '什么情况', '进展情况', '整改情况', '情况如何', '有进展吗', '有没有进展',
  '完成了吗', '完成没有', '完成没', '我想知道', '请问', '查询', '查一下', '查查', '看看', '一下', '帮我', '现在',
  '目前', '最新', '进度', '的事情', '的事', '那个', '这个', '进展', '情况', '状态', '问题', '吗', '呢', '啊', '呀',
];
const questionPattern = new RegExp(questionWords.join('|'), 'g');

/** The words a search should look for: the question with its question words and punctuation taken out. */
export function searchTerms(text: string): string {
  return text
    .replace(/[？?！!。，,、；;：:“”"'‘’（）()【】\s]/g, ' ')
    .replace(questionPattern, ' ')
    .replace(/(^|\s)(整改|的|了)(?=\s|$)/g, ' ')
    .replace(/整改$|的$|了$/g, '')
    .replace(/\s+/g, '')
    .trim();
}

const overviewWords = /完成率|总体|总览|概况|整体|统计|汇总|多少项|几项|进度|台账|全部|整改工作|工作|整改/;
const allOverviewWords = new RegExp(overviewWords.source, 'g');

const days = (text: string) => (/^\d+$/.test(text) ? Number(text) : parseNumber(text.replace('两', '二')));

function readList(text: string): Intent | undefined {
  if (/逾期|超期|过期|超时|延误|拖期/.test(text)) return { kind: 'list', filter: { kind: 'overdue' } };
  const window = /(\d{1,3}|[一二三四五六七八九十两]{1,3})\s*[天日](?:内|之内|以内)?.{0,6}(?:到期|截止|期限)/.exec(text);
  if (window) return { kind: 'list', filter: { kind: 'dueWithin', days: days(window[1]!) } };
  if (/(?:即将|快要?|马上|近期|最近|本周|这周)(?:要)?到期|到期提醒/.test(text)) return { kind: 'list', filter: { kind: 'dueWithin', days: 7 } };
  if (/(?:没|未|尚未|还没)(?:有)?(?:完成|整改完|办结|销号)|正在整改的|在整改的|未完成|没完成|剩下|剩余|还有哪些/.test(text)) {
    return { kind: 'list', filter: { kind: 'open' } };
  }
  const person = /^(.{1,12}?)(?:负责|名下|承办|牵头)(?:的)?(?:事项|问题|任务|工作)?(?:有哪些|哪些|是什么|是哪些)?$/.exec(text) ??
    /^(.{1,12}?)的(?:事项|任务|整改任务)(?:有哪些|哪些)?$/.exec(text);
  if (person) return { kind: 'list', filter: { kind: 'responsible', name: person[1]!.replace(/^@/, '').trim() } };
  return undefined;
}

export function readIntent(body: string, quote?: Quote): Intent {
  const text = body.replace(/[？?！!。\s]+$/g, '').trim();
  if (/^(?:帮助|help|菜单|使用说明|说明|怎么用|功能|\?|？)?$/i.test(text)) {
    const quoted = quote ? findCodes(quote.text) : [];
    return quoted.length ? { kind: 'items', codes: quoted } : { kind: 'help' };
  }
  if (/^(?:更多|下一页|继续|还有呢|后面呢)$/.test(text)) return { kind: 'more' };
  const bind = /^绑定(?:台账)?\s*[:：]?\s*(.+)$/.exec(text);
  if (bind) return { kind: 'bind', ledger: bind[1]!.trim() };
  if (/^(?:解绑|解除绑定|取消绑定)$/.test(text)) return { kind: 'unbind' };
  const use = /^(?:使用|切换到?|选择)(?:台账)?\s*[:：]?\s*(.+)$/.exec(text);
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
