/** A report's first round, as the later-round tests build on it: three items under one category, 一/3 still open. */
export const firstRound = [
  '某局关于巡察反馈问题整改情况的报告',
  '一、政治建设方面',
  '1、理论学习不深入。',
  '整改情况：已完成。制定了学习计划。',
  '2、意识形态工作责任制落实不到位。',
  '整改情况：已完成。已建立责任制。',
  '3、公租房闲置。',
  '整改情况：正在整改。已与3家企业签订入住协议，预计8月底完成。',
];
