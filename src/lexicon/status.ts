/**
 * The words of a status, shared by the importer (a report's own labels, a measure's own words) and the rules that
 * read a progress report in a group: what "finished" is said with is written once, here.
 */
import { alternation } from './words.ts';

/** Verbs that say a piece of work is finished: `完工`, `整改到位`, `收缴到位`. */
export const finishVerbs = ['完成整改', '整改完毕', '整改到位', '完成', '完工', '竣工', '办结', '收缴到位', '补缴到位', '落实到位'];
/** Money and dues brought in: `已收缴`, `全部补缴`. */
export const collectVerbs = ['收缴', '补缴', '缴纳', '追缴', '追回', '收回', '收齐'];
/** What a report's rectification opens with when the item is done. */
export const doneLabels = ['已整改到位', '已完成', '已整改', '已办结', '整改完成'];
/** Kept up for good: done, and the measure continues. */
export const longTermLabels = ['长期坚持', '长期执行'];
/** Still under way; 基本完成 says something is left. */
export const inProgressLabels = ['基本完成', '正在整改', '正在办理', '正在推进', '整改中', '持续整改', '未完成'];
export const notStartedLabels = ['未启动', '尚未启动', '未开始'];
/** A measure's own words that it is done (after 已, 已经, 已全部): `已出台`, `已签订`. */
export const doneAfterAlready = [
  '完成', '整改', '落实', '办结', '建立', '出台', '修订', '制定', '调整', '纠正', '到位', '补缴', '清退', '开展', '召开', '签订', '挂牌',
  '排查', '移交', '支付', '成立', '实行', '执行', '推行', '清查',
];

export const finish = alternation(finishVerbs);
export const collect = alternation(collectVerbs);

/** How people say in a group that it is finished: `搞定了`, `弄完了`, `都收上来了`, `装好了`. */
export const saidDone = [
  '搞定', '搞完', '干完', '整完', '弄完', '完事', '弄好', '做完', '办完', '办好', '收齐', '修好', '装好', '换完', '换好', '建成', '建好', '追回', '收上来', '安装完毕',
  '安装到位', '整改完成', '已完成', '全部完成', '完工', '竣工',
];
/** Work under way, said as a fact: a contract signed, people moved in, money recovered, equipment installed. */
export const saidUnderWay = [
  '开工', '动工', '进场', '启动', '招标', '开始施工', '正在施工', '施工中', '正在推进', '推进中', '正在办理', '正在整改', '正在实施', '批下来',
  '批复下来', '已招聘', '已安排',
];
