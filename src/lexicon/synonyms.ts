/**
 * Words people use for the same thing as the report does: each group is one thing, any of its words finds the
 * others. A new synonym is a word added to a group here.
 */
export const synonymGroups: string[][] = [
  ['公租房', '保障房', '廉租房', '保障性住房', '公共租赁住房'],
  ['监控', '探头', '摄像头', '视频监控', '天网'],
  ['红绿灯', '信号灯', '交通信号灯', '交通灯'],
  ['补缴', '缴纳', '交齐', '补交', '缴清', '交清'],
  ['房租', '租金', '租赁费', '租子', '厂房租金'],
  ['欠', '欠缴', '欠款', '欠付', '拖欠', '欠费'],
  ['污水管网', '污水管', '污水管子', '排污管'],
  ['环评', '环境评价', '环境影响评价'],
  ['招商引资', '招商选资', '招商'],
  ['在编', '编制'],
  ['工程款', '工程欠款'],
  ['路灯', '太阳能路灯'],
  ['营商服务部', '营商服务'],
  ['闲置', '空置', '空着'],
  ['追缴', '追回', '收回', '催缴'],
  ['入住', '住进', '搬进'],
];

const byWord = new Map<string, string[]>();
for (const group of synonymGroups) for (const word of group) byWord.set(word, group);

/** The word and the others that mean the same; the word alone when it has none. */
export const synonymsOf = (word: string): string[] => byWord.get(word) ?? [word];

/** Every word of the table: the segmenter keeps each whole. */
export const synonymWords = () => [...byWord.keys()];
