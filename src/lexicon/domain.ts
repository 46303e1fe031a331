/**
 * Words of inspection and rectification that a general dictionary cuts apart: kept whole when a message is cut into
 * words, so `公租房咋样了` looks for `公租房`, not for `租房`.
 */
export const domainWords = [
  '公租房', '标准化厂房', '标准厂房', '租赁费', '污水管网', '生活用水', '生产用水', '红绿灯', '路网监控', '安防', '技防', '三会一课',
  '学习强国', '两学一做', '店小二', '纪工委', '纪检组', '招商引资', '招商选资', '民主生活会', '组织生活会', '生活会', '主题党日',
  '民主评议', '僵尸企业', '工程款', '入住率', '公务卡', '加油票', '党费', '意识形态', '发展党员', '入党', '产业链', '一体化',
  '营商服务部', '环评', '竣工验收', '应招标', '串标', '围标', '以案促改', '第三产业', '四上企业', '规划修编', '在岗',
  '在编', '编制', '治安管理', '交通事故', '路灯', '监控', '探头', '摄像头', '债务', '财政风险', '欠缴', '房租', '租金', '招租',
];

/**
 * Words too common in a ledger to tell its items apart (every item of a 产业集聚区 ledger says 产业集聚区): they
 * count for little when an item is scored.
 */
export const genericWords = [
  '产业集聚区', '集聚区', '产业', '园区', '企业', '工作', '问题', '整改', '情况', '管理', '建设', '落实', '制度', '推进', '项目', '党工委',
  '支部', '责任', '开展', '加强', '进行', '存在', '不到位', '不足', '方面', '相关', '要求', '规定', '发展', '完善',
];
