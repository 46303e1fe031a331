/**
 * Headings of the parts of a report that say how the work was done or will go on, not which problem was found:
 * `一、组织整改落实情况`, `三、下一步工作打算`. Their `一是…二是…` are no measures of an item.
 */
export const organisationalHeadings = [
  '组织领导', '组织整改', '组织落实', '组织保障', '领导小组', '工作开展情况', '整改工作开展', '总体推进', '工作推进', '主要做法', '基本情况', '总体情况',
  '工作成效', '整改成效', '下一步', '工作打算', '工作安排', '长效机制建设',
];

/**
 * What an inspection finding says, as opposed to what was done: a shortfall (`调研走访不够`, `意识形态责任制落实
 * 不到位`, `未按时收缴`). A heading with measures in its own paragraph and no label is an item only when it says one.
 */
export const shortfallWords = [
  '不', '未', '没有', '缺', '滞后', '薄弱', '欠', '流于形式', '形式主义', '闲置', '违规', '违反', '虚报', '挪用', '超标', '混乱', '随意', '松懈', '宽松',
  '较差', '较弱', '较低', '偏低', '偏少', '短板', '差距', '隐患',
];
/** Words with 不 that say no shortfall: `不断深化`, `不忘初心`. */
export const notShortfall = ['不断', '不忘', '不折不扣', '不移', '不懈', '不留死角'];
