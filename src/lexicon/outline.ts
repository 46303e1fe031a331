/**
 * Headings of the parts of a report that say how the work was done or will go on, not which problem was found:
 * `一、组织整改落实情况`, `三、下一步工作打算`. Their `一是…二是…` are no measures of an item.
 */
export const organisationalHeadings = [
  '组织领导', '组织整改', '组织落实', '组织保障', '领导小组', '工作开展情况', '整改工作开展', '主要做法', '基本情况', '总体情况', '工作成效', '整改成效',
  '下一步', '工作打算', '工作安排', '长效机制建设',
];
