/**
 * Understanding by rules: commands and the common ways people ask, with no model. What the rules cannot place
 * becomes a search of the ledger by the words that are left once the question words are peeled off its ends.
 */
import { parseNumber } from '../ingest/numerals.ts';
import type { Quote } from '../message.ts';
import { codePattern, codeSource, findCodes, normalizeCode } from './codes.ts';
import { findDates } from '../ingest/dates.ts';
import { queryTerms } from './retrieval.ts';
import { searchTerms } from './terms.ts';
import { isBulkChange, readChange } from './updates.ts';
import type { Intent, ListFilter } from './intent.ts';

const count = (text: string) => (/^\d+$/.test(text) ? Number(text) : parseNumber(text.replace('两', '二')));
const number = '(\\d{1,3}|[一二三四五六七八九十两]{1,3})';

/** List questions: the filter and the words that asked for it, so what is left over can be weighed. */
const lists: { pattern: RegExp; filter: (match: RegExpExecArray, today?: string) => ListFilter | undefined }[] = [
  {
    pattern: new RegExp(`(?:很久|好久|长时间|多久|一直|${number}\\s*天(?:以上|多)?)(?:都|还)?(?:没|未)(?:有)?(?:人)?(?:更新|动静|进展|报|汇报)`),
    filter: (m) => ({ kind: 'stalled', days: m[1] ? count(m[1]) : 30 }),
  },
  {
    // The date in any of the forms a report writes it in (`国庆前`, `三季度末前`, `2021.9.30前`), read as the importer reads it.
    pattern:
      /((?:今年|明年)?年底|年内|(?:今年|明年)?[上下]半年|(?:第?[一二三四1-4]|本)季度(?:末|底)?|春节|国庆节?|元旦|五一|\d{4}[./-]\d{1,2}[./-]\d{1,2}|(?:\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:底|末|\d{1,2}[日号])?|月底)(?:之前|以前|前)(?:要|需要|应|应该)?(?:到期|完成|截止|办结|整改完)/,
    filter: (m, today) => {
      const [date] = today ? findDates(m[0], today) : [];
      return date ? { kind: 'dueBefore', date: date.date, words: m[1]! } : undefined;
    },
  },
  { pattern: /逾期|超期|过期|超时|延误|拖期|过了(?:期限|时限)|超过(?:期限|时限)/, filter: () => ({ kind: 'overdue' }) },
  {
    pattern: new RegExp(`${number}\\s*(天|日|周|个?星期|个月)(?:内|之内|以内)?.{0,6}?(?:到期|截止|期限)`),
    filter: (m) => ({ kind: 'dueWithin', days: count(m[1]!) * ({ 天: 1, 日: 1, 周: 7, 星期: 7, 个星期: 7, 月: 30, 个月: 30 }[m[2]!] ?? 1) }),
  },
  {
    pattern: /(?:这个月|本月|这月)(?:内|之内)?(?:要)?(?:到期|截止)/,
    filter: (_, today) => ({ kind: 'dueWithin', days: today ? daysToMonthEnd(today) : 30 }),
  },
  { pattern: /(?:即将|快要?|马上|近期|最近|本周|这周)(?:要)?到期|到期提醒/, filter: () => ({ kind: 'dueWithin', days: 7 }) },
  { pattern: /未启动|没启动|没有启动|还没开始|未开始/, filter: () => ({ kind: 'notStarted' }) },
  { pattern: /长期坚持|长期执行/, filter: () => ({ kind: 'longTerm' }) },
  { pattern: /正在整改|整改中|还在整改|在整改|正在推进|推进中|正在办理/, filter: () => ({ kind: 'inProgress' }) },
  {
    pattern: /(?:没|未|尚未|还没)(?:有)?(?:完成|整改完|办结|销号|弄完|做完|办完)|未完成|没完成|剩下的?|剩余的?|还剩|还有哪些/,
    filter: () => ({ kind: 'open' }),
  },
  {
    pattern: /(?:已经?|都已?)?(?:完成|整改完|办结|弄完|做完|整改到位|销号)了?的|哪些(?:已经?|都)?(?:整改完|完成|办结|整改到位)了?|已完成(?:的)?(?:事项|清单|项目|问题)?|完成了哪些|完成的/,
    filter: () => ({ kind: 'done' }),
  },
  {
    pattern: /(?:所有|全部)(?:的)?(?:问题|事项|项目|整改项)|都有(?:啥|哪些|什么)(?:问题|事项)?|(?:问题|事项)(?:清单|列表)|列一下|列个清单/,
    filter: () => ({ kind: 'all' }),
  },
];

function daysToMonthEnd(today: string): number {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month, 0)).getUTCDate() - day;
}

/** Words that only say "a list, please" once the list's own words are taken out. */
const listNoise = /台账里?|超过|哪些|哪几[项个条]|几[项个条]|多少[项个条]?|有啥|有什么|发一下|发下|列|清单|事项|问题|项目|都|发|看|一下/g;

/** The content words a question has besides those of `pattern`: none, when it asks for nothing but the list. */
const leftover = (text: string, pattern: RegExp) =>
  queryTerms(text.replace(new RegExp(pattern.source, 'g'), ' ').replace(listNoise, ' ')).map((term) => term.word).join('');

/** A name as people write one: a few characters, not a question word. */
const personName = /^(?!.*(?:谁|哪|什么|这|那|问题|事项))[\p{Script=Han}A-Za-z·]{2,8}$/u;
/** What follows whose items are asked for: `有哪些`, `那几条咋样了`, `的问题有几个`. */
const whose =
  '(?:的)?(?:有)?(?:哪些|哪几[项个条]|几[个项条]|[那这]几[项个条]|什么|啥)?(?:活儿?|事项|问题|任务|整改任务|工作|事)?(?:有哪些|哪些|是什么|是哪些|有几[个项条])?(?:都|现在|目前)?(?:咋样了?|怎么样了?|进展如何|进展怎么样|啥情况|什么情况|到哪一步了|进度如何)?';
const person = new RegExp(`^(?:有哪些|哪些是)?(.{1,8}?)(?:(?:手上|手里|手头|那边|名下|负责|承办|牵头|分管)|的?(?=[那这]几[项个条]))${whose}$`);
const personTasks = /^(.{1,8}?)的(?:事项|任务|整改任务|活儿?)(?:有哪些|哪些)?$/;
/** A 责任单位 as people name one: `县住建局`, `住建局`, `党政办`, `营商服务部`, `交警大队`. */
const unitName = /^(?!.*(?:没|不|未|哪|什么|啥|谁|咋|怎|吗|呢|了|着|这|那|是|要|能|会|得))\p{Script=Han}{1,10}?(?:局|委|办|部|中心|所|站|队|院|科|股|处|公司|集团|政府|街道|镇|乡|社区)$/u;
const unit = new RegExp(`^(?:有哪些是|哪些是|有哪些)?(\\p{Script=Han}{2,12}?)(?:负责|牵头|承办|主办|那边|名下)?${whose}$`, 'u');

function readList(text: string, today?: string): Intent | undefined {
  for (const { pattern, filter } of lists) {
    const match = pattern.exec(text);
    if (!match) continue;
    const asked = filter(match, today);
    if (!asked) continue;
    // `公租房逾期了吗` asks about 公租房; only a question with nothing else in it asks for the list.
    const rest = leftover(text, pattern);
    return rest ? { kind: 'search', query: rest } : { kind: 'list', filter: asked };
  }
  const said = unit.exec(text)?.[1];
  if (said && unitName.test(said)) return { kind: 'list', filter: { kind: 'unit', unit: said } };
  const name = (person.exec(text) ?? personTasks.exec(text))?.[1]!.replace(/^@/, '').trim();
  if (name && /^(?:我|本人|俺)$/.test(name)) return { kind: 'list', filter: { kind: 'responsible' } };
  if (name && personName.test(name)) return { kind: 'list', filter: { kind: 'responsible', name } };
  return undefined;
}

const overviewWords = /完成率|完成情况|总体|总览|概况|整体|统计|汇总|一共|总共|共有|总进度|出个数|多少项|几项|进度|进展|台账|整改工作|全部|工作|整改|完成|汇报|领导|情况/g;

/** `总体进度咋样`, `给领导汇报下总体进展，帮我出个数`: the overview, whatever is said around it. */
const asksOverview = (text: string) =>
  /完成率|总体|总览|概况|整体|统计|汇总|一共|总共|共有|总进度|出个数|进度|完成情况$|^进展$|多少项|几项/.test(text) &&
  !queryTerms(text.replace(overviewWords, ' ')).length;

/** `那它现在谁在负责`, `这个啥时候到期`, `详细说说`: a question about the item just talked about. */
function followsUp(text: string): boolean {
  const pointed = /^(?:那么?|那它|它|这个|这项|该项|那项|那个|这)/.test(text);
  const rest = text
    .replace(/^(?:那么?|那它|它|这个|这项|该项|那项|那个|这)+/, '')
    .replace(/现在|目前|谁|在|负责|的|啥时候|什么时候|到期|时限|期限|进度|进展|多少|逾期|整改|完|了|没|吗|呢|详细|具体|说说|讲讲|情况|怎么样|咋样|如何|是|有|人|还/g, '');
  return rest === '' && (pointed || /^(?:详细|具体)(?:说说|讲讲|情况)/.test(text));
}

const code = `(${codeSource})`;
const adminCommands: [RegExp, (m: RegExpExecArray) => Intent][] = [
  [/^取消授权\s*@?(\S+)$/, (m) => ({ kind: 'revoke', name: m[1]! })],
  [/^授权\s*(?:给)?\s*@?(\S+?)(?:为管理员)?$/, (m) => ({ kind: 'grant', name: m[1]! })],
  [new RegExp(`^指派\\s*${code}\\s*(?:给|由)?\\s*(.+?)(?:负责)?$`), (m) => ({ kind: 'assign', code: normalizeCode(m[1]!), names: names(m[2]!) })],
  [new RegExp(`^销号\\s*${code}$`), (m) => ({ kind: 'approve', code: normalizeCode(m[1]!), what: 'closure' })],
  [new RegExp(`^(?:批准|同意)(?:延期)?\\s*${code}$`), (m) => ({ kind: 'approve', code: normalizeCode(m[1]!), what: 'deadline' })],
  [new RegExp(`^退回\\s*${code}\\s*[,，:：]?\\s*(.*)$`), (m) => ({ kind: 'return', code: normalizeCode(m[1]!), reason: m[2]!.trim() })],
  [new RegExp(`^(?:撤销|撤回)\\s*${code}?$`), (m) => (m[1] ? { kind: 'undo', code: normalizeCode(m[1]) } : { kind: 'undo' })],
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

const undoWords = /^(?:撤销|撤回)$/;

/**
 * What a bare reply (no @) answers, if it answers anything duban asks: 确认 or 取消 a proposal, a number or a code
 * from a numbered choice, 撤销 of what was just recorded.
 */
export function bareReply(text: string): 'proposal' | 'choice' | 'undo' | undefined {
  const said = text.trim().replace(/[。.！!]+$/, '');
  if (confirmWords.test(said) || cancelWords.test(said)) return 'proposal';
  if (choiceWords.test(said) || new RegExp(`^${codeSource}$`).test(said) || /^[一二三四五六七八九十]、\s*\d{1,3}$/.test(said)) return 'choice';
  if (undoWords.test(said)) return 'undo';
  return undefined;
}

const courtesies: [RegExp, 'thanks' | 'greeting' | 'ack'][] = [
  [/^(?:谢谢|多谢|感谢|谢了|辛苦了?|麻烦了?)(?:你|您|督办)?(?:了|啦)?$/, 'thanks'],
  [/^(?:你好|您好|在吗|在不在|早上好|上午好|下午好|晚上好|hi|hello)(?:督办)?$/i, 'greeting'],
  [/^(?:收到|好的|好|ok|嗯+|知道了|明白了?|了解)$/i, 'ack'],
];

export interface Reading {
  intent: Intent;
  rule: string;
}

const by = (rule: string, intent: Intent): Reading => ({ intent, rule });

/** What a message asks, and the name of the rule that decided it (logged at debug level). */
export function understand(body: string, quote?: Quote, today?: string): Reading {
  const text = body.replace(/[？?！!。\s]+$/g, '').trim();
  if (!text && quote) {
    const quoted = findCodes(quote.text);
    if (quoted.length) return by('quote alone', { kind: 'items', codes: quoted });
  }
  if (/^(?:帮助|help|菜单|使用说明|使用方法|用法|说明|怎么用|功能|[?？]+)?$/i.test(text)) return by('help words', { kind: 'help' });
  const courtesy = courtesies.find(([pattern]) => pattern.test(text));
  if (courtesy) return by('courtesy', { kind: 'courtesy', what: courtesy[1] });
  // 👍, [强], 哈哈, 666: a reaction, not a question.
  if (!/[\p{L}\p{N}]/u.test(text.replace(/\[[^\]]{1,4}\]/g, '')) || /^(?:[哈呵嘿嘻]+|6+|[。.…~～]+)$/u.test(text)) {
    return by('reaction', { kind: 'courtesy', what: 'ack' });
  }
  if (!/\p{Script=Han}/u.test(text) && /[a-z]{2,}/i.test(text) && !findCodes(text).length) return by('not Chinese', { kind: 'foreign' });
  if (/^(?:更多|下一页|继续|还有呢|后面呢)$/.test(text)) return by('more', { kind: 'more' });
  if (confirmWords.test(text)) return by('confirm', { kind: 'confirm' });
  if (cancelWords.test(text)) return by('cancel', { kind: 'cancel' });
  const choice = choiceWords.exec(text);
  if (choice) return by('choice', { kind: 'choose', index: Number(choice[1]) });
  const webhook = /^绑定推送\s*[:：]?\s*(.*)$/.exec(text);
  if (webhook) return by('bind webhook', { kind: 'bindWebhook', key: webhook[1]!.replace(/^.*[?&]key=/, '').trim() });
  const bind = /^绑定(?:台账)?\s*[:：]?\s*(.*)$/.exec(text);
  if (bind) return by('bind', { kind: 'bind', ledger: bind[1]!.trim() });
  if (/^(?:解绑|解除绑定|取消绑定)(?:台账)?$/.test(text)) return by('unbind', { kind: 'unbind' });
  const schedule = /^日报(?:时间|推送时间|安排)\s*(?:改为|改成|设为|定为|调整为)?\s*[:：]?\s*(.*)$/.exec(text);
  if (schedule) return by('notice schedule', { kind: 'noticeSchedule', spec: schedule[1]!.trim() });
  const use = /^(?:使用|切换到?|选择)(?:台账)?\s*[:：]?\s*(.*)$/.exec(text);
  if (use) return by('use ledger', { kind: 'useLedger', ledger: use[1]!.trim() });
  for (const [pattern, read] of adminCommands) {
    const match = pattern.exec(text);
    if (match) return by('admin command', read(match));
  }
  if (isBulkChange(text)) return by('bulk change', { kind: 'bulk' });

  const codes = findCodes(text);
  // `已完成事项清单`, `正在整改的有哪些` ask for a list, though they carry a report's words.
  if (!codes.length && /哪|清单|列表|几[项个]|都有|有啥|的$|事项$/.test(text)) {
    const list = readList(text, today);
    if (list?.kind === 'list') return by('list question', list);
  }
  // The whole message, question mark and all: `二/3 已完成？` asks, it does not report.
  const reported = readChange(body, today);
  if (reported) {
    const quoted = quote ? findCodes(quote.text) : [];
    return by(`report: ${reported.change.kind}`, { kind: 'update', change: reported.change, codes, quoted, topic: reported.topic.replace(codePattern, ''), text });
  }
  if (codes.length) return by('item code', { kind: 'items', codes });
  if (followsUp(text)) return by('follow-up', { kind: 'followUp' });
  const list = readList(text, today);
  if (list) return by('list question', list);
  const terms = searchTerms(text);
  if (asksOverview(text)) return by('overview words', { kind: 'overview' });
  // A question with nothing left to search for ("现在呢？") is about what it quotes.
  if (terms.length < 2 && quote) {
    const quoted = findCodes(quote.text);
    if (quoted.length) return by('quote with a question', { kind: 'items', codes: quoted });
  }
  if (!terms) return by('nothing to search', { kind: 'help' });
  return by('search', { kind: 'search', query: terms });
}

export const readIntent = (body: string, quote?: Quote, today?: string): Intent => understand(body, quote, today).intent;
