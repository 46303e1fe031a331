/**
 * Understanding by rules: commands and the common ways people ask, with no model. What the rules cannot place
 * becomes a search of the ledger by the words that are left once the question words are peeled off its ends.
 */
import { parseNumber } from '../ingest/numerals.ts';
import type { Quote } from '../message.ts';
import { codePattern, codeSource, findCodes, normalizeCode } from './codes.ts';
import { searchTerms } from './terms.ts';
import { isBulkChange, readChange } from './updates.ts';
import type { Intent, ListFilter } from './intent.ts';

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

const code = `(${codeSource})`;
const adminCommands: [RegExp, (m: RegExpExecArray) => Intent][] = [
  [/^取消授权\s*@?(\S+)$/, (m) => ({ kind: 'revoke', name: m[1]! })],
  [/^授权\s*(?:给)?\s*@?(\S+?)(?:为管理员)?$/, (m) => ({ kind: 'grant', name: m[1]! })],
  [new RegExp(`^指派\\s*${code}\\s*(?:给|由)?\\s*(.+?)(?:负责)?$`), (m) => ({ kind: 'assign', code: normalizeCode(m[1]!), names: names(m[2]!) })],
  [new RegExp(`^销号\\s*${code}$`), (m) => ({ kind: 'approve', code: normalizeCode(m[1]!), what: 'closure' })],
  [new RegExp(`^(?:批准|同意)(?:延期)?\\s*${code}$`), (m) => ({ kind: 'approve', code: normalizeCode(m[1]!), what: 'deadline' })],
  [new RegExp(`^退回\\s*${code}\\s*[,，:：]?\\s*(.*)$`), (m) => ({ kind: 'return', code: normalizeCode(m[1]!), reason: m[2]!.trim() })],
  [new RegExp(`^撤销\\s*${code}?$`), (m) => (m[1] ? { kind: 'undo', code: normalizeCode(m[1]) } : { kind: 'undo' })],
  [/^(?:待审核|待销号|待批准|待审批)(?:的)?(?:事项|有哪些)?$/, () => ({ kind: 'pending' })],
];

const names = (text: string) =>
  text
    .split(/[,，、\s和]+/)
    .map((name) => name.replace(/^@/, '').trim())
    .filter(Boolean);

const confirmWords = /^(?:确认|确定|是的|对的?|没错|保存)$/;
const cancelWords = /^(?:取消|算了|不对|放弃|不用了?)$/;
const choiceWords = /^(?:第\s*)?(\d{1,2})\s*(?:项|个|号)?$/;

/** 确认, 取消 or a number: an answer to a question duban asked, which needs no @. */
export const answersQuestion = (text: string) => [confirmWords, cancelWords, choiceWords].some((words) => words.test(text.trim()));

const courtesies: [RegExp, 'thanks' | 'greeting' | 'ack'][] = [
  [/^(?:谢谢|多谢|感谢|谢了|辛苦了?|麻烦了?)(?:你|您|督办)?(?:了|啦)?$/, 'thanks'],
  [/^(?:你好|您好|在吗|在不在|早上好|上午好|下午好|晚上好|hi|hello)(?:督办)?$/i, 'greeting'],
  [/^(?:收到|好的|好|ok|嗯+|知道了|明白了?|了解)$/i, 'ack'],
];

export function readIntent(body: string, quote?: Quote, today?: string): Intent {
  const text = body.replace(/[？?！!。\s]+$/g, '').trim();
  if (!text && quote) {
    const quoted = findCodes(quote.text);
    if (quoted.length) return { kind: 'items', codes: quoted };
  }
  if (/^(?:帮助|help|菜单|使用说明|使用方法|用法|说明|怎么用|功能|\?|？)?$/i.test(text)) return { kind: 'help' };
  const courtesy = courtesies.find(([pattern]) => pattern.test(text));
  if (courtesy) return { kind: 'courtesy', what: courtesy[1] };
  if (/^(?:更多|下一页|继续|还有呢|后面呢)$/.test(text)) return { kind: 'more' };
  if (confirmWords.test(text)) return { kind: 'confirm' };
  if (cancelWords.test(text)) return { kind: 'cancel' };
  const choice = choiceWords.exec(text);
  if (choice) return { kind: 'choose', index: Number(choice[1]) };
  const webhook = /^绑定推送\s*[:：]?\s*(.*)$/.exec(text);
  if (webhook) return { kind: 'bindWebhook', key: webhook[1]!.replace(/^.*[?&]key=/, '').trim() };
  const bind = /^绑定(?:台账)?\s*[:：]?\s*(.*)$/.exec(text);
  if (bind) return { kind: 'bind', ledger: bind[1]!.trim() };
  if (/^(?:解绑|解除绑定|取消绑定)(?:台账)?$/.test(text)) return { kind: 'unbind' };
  const schedule = /^日报(?:时间|推送时间|安排)\s*(?:改为|改成|设为|定为|调整为)?\s*[:：]?\s*(.*)$/.exec(text);
  if (schedule) return { kind: 'noticeSchedule', spec: schedule[1]!.trim() };
  const use = /^(?:使用|切换到?|选择)(?:台账)?\s*[:：]?\s*(.*)$/.exec(text);
  if (use) return { kind: 'useLedger', ledger: use[1]!.trim() };
  for (const [pattern, read] of adminCommands) {
    const match = pattern.exec(text);
    if (match) return read(match);
  }
  if (isBulkChange(text)) return { kind: 'bulk' };

  const codes = findCodes(text);
  // The whole message, question mark and all: `二/3 已完成？` asks, it does not report.
  const reported = readChange(body, today);
  if (reported) {
    const quoted = quote ? findCodes(quote.text) : [];
    return { kind: 'update', change: reported.change, codes, quoted, topic: reported.topic.replace(codePattern, ''), text };
  }
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
