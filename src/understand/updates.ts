/**
 * Progress reports in the words people use in a group: completion (`已完成`, `完工了`, `已全部收缴`), progress
 * (`已完成80%`, `已开工`, `已签订合同`), a note (`已召开协调会`) and a deadline change (`申请延期到9月底`). A question
 * (`完成了吗`), a plan (`预计8月底完成`) or a negation (`还没完成`) is not a report.
 */
import { findDates } from '../ingest/dates.ts';
import { parseNumber } from '../ingest/numerals.ts';
import { finish, longTermLabels, partlyDoneLabels, saidDone, saidUnderWay } from '../lexicon/status.ts';
import { alternation } from '../lexicon/words.ts';
import { searchTerms } from './terms.ts';

export type ProposedChange =
  | { kind: 'done'; phrase: string }
  | { kind: 'progress'; progress?: number; phrase: string }
  | { kind: 'deadline'; deadline: string; phrase: string }
  | { kind: 'note'; phrase: string };

const question = /[吗么？?]|什么时候|啥时候|多少|是否|有没有|哪些|哪几|几个|几项|怎么样|咋样|如何|几时|能否|可否|可以吗|谁|为何|为什么|[没吧]$|没有$|没得$|冇$/;
const plan = /预计|计划|将于|将在|争取|力争|准备|打算|要在|需要在|之前完成|前完成/;
const negated = /(?:未|没有?|尚未|还未|还没有?|不|无法|不能)(?:全部|能|得)?(?:完成|完工|竣工|办结|整改|收缴|补缴|到位|通过|验收|同意|延期|招标|开工|启动|签订)/;

const deadline = /(?:(?:申请|需要|要求|拟|得)?(?:延期|推迟|延长|顺延|延后|往后推|推)(?:完成)?(?:到|至|为)|(?<=^|[^\p{Script=Han}]|的)(?:整改)?(?:时限|期限|完成时间)(?:改为|改成|改到|定为|调整为|调整到|延至|延到))\s*([^，,。；;]{1,16})/u;
const percent = /(?:已经?)?(?:完成|进度|推进|完工|达到|到了?)?\s*(?<![\d.])(\d{1,3})\s*[%％]/;
/** `百分之八十`, `六成`, `一半`: a share said in words. */
const sharedInWords = /百分之([零一二三四五六七八九十百]+)|([一二三四五六七八九\d])成(?![立功绩员为])|一半/u;

function shareInWords(body: string): { value: number; phrase: string } | undefined {
  const match = sharedInWords.exec(body);
  if (!match) return undefined;
  if (match[1]) return { value: parseNumber(match[1]), phrase: match[0] };
  if (match[2]) return { value: parseNumber(match[2]) * 10, phrase: match[0] };
  return { value: 50, phrase: match[0] };
}

/**
 * A finish said as done (`已完成`, `完工了`, `已全部收缴`, `已完成，长期坚持`), not as a noun (`完成率`, `完成情况`), and at the end of
 * what is said: `已完成一半`, `已收缴15万元` report a step, not the whole item.
 */
const done = new RegExp(
  `(?:(?:已经?|均已|都已?)(?:全部)?(?:${finish}|收缴|补缴)(?:了)?|${finish}了|全部(?:收缴|补缴|缴纳|到位|完成)(?:了)?|整改到位|整改完毕|收缴到位|补缴到位|通过验收|验收合格|(?:已经?|都|全部|均)*${alternation(saidDone)}(?:了)?)(?:[，,、]?并?${alternation(longTermLabels)})?[了啦。！!\\s]*$`,
);
/** `基本完成了`, `阶段性完成`: finished words that leave the item open. */
const partlyDone = new RegExp(alternation(partlyDoneLabels));
/** `已完成招标`, `已收缴15万元`: a step of the item. */
const step = new RegExp(`(?:已经?|均已|都已?)(?:全部)?(?:${finish}|收缴|补缴)(?:了)?(?=\\S)`);
const progress = new RegExp(
  `(?:已经?)?(?:${alternation(saidUnderWay)}|签(?:订)?了?[^，,。；;]{0,6}?(?:合同|协议)|(?:又|新)?入住了?\\d+户|(?:追回|追缴|收回|收缴)(?:来|了)*\\d+(?:\\.\\d+)?(?:万元?|元)?|(?:新装|安装|装)了?\\d+(?:个|台|盏|套|处)?)(?:了)?`,
);
const note =
  /(?:已经?)?(?:召开|约谈|督促|开会|对接|协调|上报|报送|下发|印发|走访|调研|座谈|通报|部署)|(?:^|\s)备注[:：]/;

/** The change a message reports, and the words left to find its item by; nothing when it reports none. */
export function readChange(text: string, today?: string): { change: ProposedChange; topic: string } | undefined {
  const body = text.trim();
  if (question.test(body) || plan.test(body) || negated.test(body)) return undefined;
  const rest = (phrase: string) => searchTerms(body.replace(phrase, ' ').replace(/(?:^|\s)备注[:：]/, ' '));

  const moved = today === undefined ? null : deadline.exec(body);
  if (moved && today !== undefined) {
    const [date] = findDates(moved[1]!, today);
    if (date) return { change: { kind: 'deadline', deadline: date.date, phrase: moved[0] }, topic: rest(moved[0]) };
  }

  const share = percent.exec(body);
  if (share) {
    const value = Number(share[1]);
    if (value <= 100) {
      const change: ProposedChange = value === 100 ? { kind: 'done', phrase: share[0] } : { kind: 'progress', progress: value, phrase: share[0] };
      return { change, topic: rest(share[0]) };
    }
  }
  const worded = shareInWords(body);
  if (worded && worded.value <= 100) {
    const change: ProposedChange =
      worded.value === 100 ? { kind: 'done', phrase: worded.phrase } : { kind: 'progress', progress: worded.value, phrase: worded.phrase };
    return { change, topic: rest(worded.phrase) };
  }
  for (const [pattern, kind] of [
    [partlyDone, 'progress'],
    [done, 'done'],
    [step, 'progress'],
    [progress, 'progress'],
    [note, 'note'],
  ] as const) {
    const match = pattern.exec(body);
    if (match) return { change: { kind, phrase: match[0] }, topic: rest(match[0]) };
  }
  return undefined;
}

/** `把所有事项标记为已完成`: nobody reports on the whole ledger at once, and duban never writes in bulk. */
export const isBulkChange = (text: string) =>
  /(?:所有|全部|一切|各项|每一?[项个条]|批量|一律)(?:的)?(?:事项|问题|项目|整改)?.{0,8}(?:标记|改为|改成|设为|设置为|标为|都是|全都|全部|都已|均已|都完成|都整改)/.test(text);
