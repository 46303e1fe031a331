/**
 * The words of a status, shared by the importer (a report's own labels, a ledger's status cell, a measure's own
 * words) and the rules that read a progress report in a group: what "finished" is said with is written once, here.
 */
import type { Status } from '../ledger/types.ts';
import { alternation } from './words.ts';

export interface StatusWord {
  word: string;
  status: Status;
  /** Done, and the measure continues for good. */
  longTerm?: true;
  /** Why the word reads as this status. */
  why: string;
}

/**
 * What an item's state is said with (at the head of a rectification block, in a status cell, in a group), each with
 * the status duban reads it as. Only words that say the whole item is finished are done; a word that says part of it
 * is, or that work goes on, keeps it open until someone reports the rest. Only an admin's approval closes an item in
 * the groups; a report or ledger that says 已销号 says an approval that already happened.
 */
export const statusWords: readonly StatusWord[] = [
  { word: '已完成', status: 'done', why: 'finished' },
  { word: '已全部完成', status: 'done', why: 'finished, all of it' },
  { word: '整改完成', status: 'done', why: 'finished' },
  { word: '完成整改', status: 'done', why: 'finished' },
  { word: '已整改', status: 'done', why: 'rectified' },
  { word: '已整改到位', status: 'done', why: 'rectified in full' },
  { word: '整改到位', status: 'done', why: 'rectified in full' },
  { word: '已办结', status: 'done', why: 'handled to the end: an office says this of a finished case' },
  { word: '已落实', status: 'done', why: 'carried out' },
  { word: '已解决', status: 'done', why: 'the problem is gone' },
  { word: '已销号', status: 'closed', why: 'struck off the list: the closure was approved' },
  { word: '已销账', status: 'closed', why: 'struck off the books: the same as 已销号' },
  { word: '长期坚持', status: 'done', longTerm: true, why: 'done, and kept up for good' },
  { word: '长期执行', status: 'done', longTerm: true, why: 'done, and kept up for good' },
  { word: '阶段性完成', status: 'in_progress', why: 'a stage is done, not the item' },
  { word: '基本完成', status: 'in_progress', why: 'something is left' },
  { word: '部分完成', status: 'in_progress', why: 'something is left' },
  { word: '大部分完成', status: 'in_progress', why: 'something is left' },
  { word: '初步完成', status: 'in_progress', why: 'a first pass, not the whole' },
  { word: '持续推进', status: 'in_progress', why: 'work goes on; nothing says it is finished' },
  { word: '持续整改', status: 'in_progress', why: 'work goes on; nothing says it is finished' },
  { word: '正在整改', status: 'in_progress', why: 'under way' },
  { word: '正在办理', status: 'in_progress', why: 'under way' },
  { word: '正在推进', status: 'in_progress', why: 'under way' },
  { word: '整改中', status: 'in_progress', why: 'under way' },
  { word: '推进中', status: 'in_progress', why: 'under way' },
  { word: '未完成', status: 'in_progress', why: 'begun, not finished: a report lists it among the open items' },
  { word: '尚未完成', status: 'in_progress', why: 'begun, not finished' },
  { word: '仍在整改', status: 'in_progress', why: 'under way' },
  { word: '未整改到位', status: 'in_progress', why: 'begun, not finished' },
  { word: '未启动', status: 'not_started', why: 'not begun' },
  { word: '尚未启动', status: 'not_started', why: 'not begun' },
  { word: '未开始', status: 'not_started', why: 'not begun' },
];

const wordsFor = (test: (w: StatusWord) => boolean) => statusWords.filter(test).map((w) => w.word);

/** What a report's rectification opens with when the item is done. */
export const doneLabels = wordsFor((w) => w.status === 'done' && !w.longTerm);
/** Kept up for good: done, and the measure continues. */
export const longTermLabels = wordsFor((w) => w.longTerm === true);
export const closedLabels = wordsFor((w) => w.status === 'closed');
export const inProgressLabels = wordsFor((w) => w.status === 'in_progress');
export const notStartedLabels = wordsFor((w) => w.status === 'not_started');
/** Words that finish with a finishing word and still say the item is open: `基本完成`, `阶段性完成`. */
export const partlyDoneLabels = wordsFor((w) => w.status === 'in_progress' && /完成$/.test(w.word) && !w.word.startsWith('未'));

/** Verbs that say a piece of work is finished: `完工`, `整改到位`, `收缴到位`. */
export const finishVerbs = ['完成整改', '整改完毕', '整改到位', '完成', '完工', '竣工', '办结', '收缴到位', '补缴到位', '落实到位'];
/** A measure's own words that it is done (after 已, 已经, 已全部): `已出台`, `已签订`. */
export const doneAfterAlready = [
  '完成', '整改', '落实', '办结', '建立', '出台', '修订', '制定', '调整', '纠正', '到位', '补缴', '清退', '开展', '召开', '签订', '挂牌',
  '排查', '移交', '支付', '成立', '实行', '执行', '推行', '清查',
];

export const finish = alternation(finishVerbs);

/** How people say in a group that it is finished: `搞定了`, `弄完了`, `都收上来了`, `装好了`. */
export const saidDone = [
  '搞定', '搞完', '干完', '整完', '弄完', '完事', '弄好', '做完', '办完', '办好', '收齐', '修好', '装好', '换完', '换好', '建成', '建好', '追回', '收上来', '安装完毕',
  '安装到位', '全部完成', '完工', '竣工', ...doneLabels, ...closedLabels,
];
/** Work under way, said as a fact: a contract signed, people moved in, money recovered, equipment installed. */
export const saidUnderWay = [
  '开工', '动工', '进场', '启动', '招标', '开始施工', '正在施工', '施工中', '正在实施', '批下来', '批复下来', '已招聘', '已安排',
  ...wordsFor((w) => w.status === 'in_progress' && !w.word.includes('未')),
];
