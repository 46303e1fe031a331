/**
 * Every sentence duban says, in one catalogue: a template per situation, filled in by the handlers. Cards (an item,
 * a list line, the overview) are laid out in `answers.ts`; the words live here.
 */
import { echo, truncate } from '../text.ts';

function candidates(query: string, lines: string[], firstCode: string): string {
  return [`找到 ${lines.length} 项与"${echo(query, 20)}"相关的问题：`, ...lines, `您问的是哪一项？请回复编号，例如"${firstCode}"。`].join('\n');
}

function notFound(query: string, suggestions: string[], example: { code: string; word: string }): string {
  const lines = [`台账里没有找到与"${echo(query, 20)}"相关的问题。`];
  if (suggestions.length) lines.push(`相近的有：${suggestions.join('；')}`);
  lines.push(`可以试试：问题编号（如"${example.code}"）、问题里的关键词（如"${example.word}"），或发送"帮助"。`);
  return lines.join('\n');
}

/** What can be asked; `model`, the language model's name when one is configured. */
function help(prefix: string, isAdmin: boolean, model?: string): string {
  const lines = [
    '督办可以回答整改台账的问题，@我，或以"' + prefix + '"加空格开头即可：',
    '· 总体情况：进度 / 完成率',
    '· 查某一项：一/3，或问题里的关键词，如"公租房到哪一步了"',
    '· 未完成的：还有哪些没完成',
    '· 逾期的：哪些逾期了',
    '· 快到期的：7天内到期',
    '· 某人负责的：张三负责的',
    '· 长列表看下一页：更多',
    '也可以引用我发的消息再提问。',
    '报进展（责任人或管理员）：二/3 已完成 · 二/3 已完成80% · 二/3 已开工 · 二/3 申请延期到9月底；',
    '  任何人可加备注：二/3 已召开协调会。我会先复述，回复"确认"才记录；之后发图片或文件作为佐证材料；"撤销"可撤回一天内的更新。',
    model
      ? `已接入语言模型（${model}）：上面的说法之外，也可以用自己的话问或报进展，如"上次说的污水管网的事怎么样了"；报的进展同样要回复"确认"才记录。`
      : '未接入语言模型：只听得懂上面这些说法。',
  ];
  if (isAdmin) {
    lines.push(
      '管理员：绑定 台账名称 · 解绑 · 日报时间 08:30 周一至周五 · 指派 二/3 张三 · 授权 张三 · 待审核 · 销号 二/3 · 批准 二/3（延期）· 退回 二/3 原因',
    );
  }
  return lines.join('\n');
}

const example = '例如"日报时间 08:30 周一至周六"或"日报时间 每天 9:00"';

export const replies = {
  help,
  candidates,
  notFound,
  // Courtesy and help
  welcome: '不客气。',
  greeting: (prefix: string) => `你好，我是督办。发"@${prefix} 帮助"看看能问什么。`,
  confirmOrCancel: '请回复"确认"保存，"取消"放弃。',
  confirmOrCancelOnly: '请回复"确认"保存，或"取消"放弃。',
  unboundNote: (ledgers: string) => `\n本群还没有绑定台账。管理员可发送"绑定 台账名称"，现有台账：${ledgers}`,

  followUpWhich: '是问哪一项？请带上编号或关键词再问，例如"一/3 谁负责"或"公租房到哪一步了"。',
  foreign: '督办只听得懂中文：请用中文问，例如"哪些逾期了""公租房到哪一步了"，或发"帮助"。',

  // Ledgers and bindings
  noLedgerYet: '（还没有导入台账）',
  noLedgers: '还没有导入任何台账。',
  unbound: (ledgers: string) => `本群还没有绑定台账。管理员可发送"绑定 台账名称"，现有台账：${ledgers}`,
  chooseLedger: (ledgers: string) => `有多个台账：${ledgers}。请回复"使用 台账名称"选择要查询的台账。`,
  bindAdminOnly: '只有管理员可以绑定台账。',
  bindLedgerAdminOnly: (ledger: string) => `只有台账「${ledger}」的管理员可以把群绑定到它。`,
  unbindLedgerAdminOnly: (ledger: string) => `只有台账「${ledger}」的管理员可以解除绑定。`,
  bindInGroup: '请在要绑定的群里发送"绑定 台账名称"。',
  bindHow: (ledgers: string) => `请发送"绑定 台账名称"。现有台账：${ledgers}`,
  noSuchLedger: (name: string, ledgers: string) => `没有找到台账"${echo(name, 30)}"。现有台账：${ledgers}`,
  bound: (room: string, ledger: string, count: number, days: string, at: string) =>
    `已将本群「${room}」绑定到台账「${ledger}」（${count} 项），${days} ${at} 推送整改进展日报。发送"帮助"查看用法。`,
  unbindAdminOnly: '只有管理员可以解除绑定。',
  unbindInGroup: '请在要解绑的群里发送"解绑"。',
  unbindDone: (room: string) => `已解除本群「${room}」与台账的绑定，不再推送进展。`,
  notBound: '本群没有绑定台账。',
  webhookWeComOnly: '消息推送机器人只用于企业微信群：请在要设置的企业微信群里发送"绑定推送 key"。',
  webhookBindFirst: '本群还没有绑定台账：请先发送"绑定 台账名称"。',
  webhookAdminOnly: (ledger: string) => `只有台账「${ledger}」的管理员可以设置消息推送。`,
  webhookHow: '请发送"绑定推送 key"：key 是群消息推送地址里 key= 后面的那一串。',
  webhookSet: '已设置本群的消息推送机器人：日报和提醒里的 @ 将经它发出，被 @ 的人会收到提醒。',
  useInDirect: '在群里查询的是本群绑定的台账；选择台账请私聊我。',
  useHow: (ledgers: string) => `请发送"使用 台账名称"。现有台账：${ledgers}`,
  using: (ledger: string) => `好的，接下来查询台账「${ledger}」。`,

  // The daily notice's schedule
  scheduleInGroup: '请在已绑定台账的群里发送"日报时间"。',
  scheduleNow: (days: string, at: string) => `本群日报${days} ${at} 推送。`,
  scheduleShow: (current: string) => `${current}管理员可以修改，${example}。`,
  scheduleAdminOnly: (current: string) => `只有管理员可以修改日报时间。${current}`,
  scheduleUnreadable: (spec: string) => `没看懂"${echo(spec, 20)}"，没有修改。${example}。`,
  scheduleTooLate: (cutoff: string) => `日报时间须早于 ${cutoff}（过了这个时间的日报不再补发），没有修改。`,
  scheduleChanged: (days: string, at: string) => `好的，本群日报改为${days} ${at} 推送。`,

  // Items and lists
  children: (code: string, codes: string[]) => `${code} 下有 ${codes.length} 项：${codes.join('、')}。请回复其中一个编号。`,
  noSuchCode: (ledger: string, code: string) =>
    `台账「${ledger}」里没有编号为 ${code} 的问题。编号按报告原文，例如"一/3""二/1/(1)"；发送"还有哪些没完成"可以看编号。`,
  alsoMention: (count: number, query: string, codes: string[]) => `另有 ${count} 项也提到"${echo(query, 20)}"：${codes.join('、')}`,
  noMore: '没有更多了。',
  noListToContinue: '现在没有可以接着看的列表：请重新问一次，例如"还有哪些没完成"。',
  listOpen: (count: number) => `未完成的共 ${count} 项：`,
  listOpenEmpty: '所有问题都已完成整改。',
  listOverdue: (count: number) => `逾期未完成的共 ${count} 项：`,
  listOverdueEmpty: (today: string) => `截至 ${today} 没有逾期未完成的问题。`,
  listDue: (days: number, count: number) => `${days} 天内到期的共 ${count} 项：`,
  listDueEmpty: (days: number, until: string) => `${days} 天内（到 ${until}）没有到期的未完成问题。`,
  listInProgress: (count: number) => `正在整改的共 ${count} 项：`,
  listInProgressEmpty: '没有正在整改的问题。',
  listNotStarted: (count: number) => `未启动的共 ${count} 项：`,
  listNotStartedEmpty: '没有未启动的问题。',
  listDone: (count: number) => `已完成的共 ${count} 项（含已销号）：`,
  listDoneEmpty: '还没有已完成的问题。',
  listLongTerm: (count: number) => `长期坚持的共 ${count} 项：`,
  listLongTermEmpty: '没有长期坚持的问题。',
  listAll: (count: number) => `全部 ${count} 项：`,
  listAllEmpty: '台账里还没有问题。',
  listDueBefore: (words: string, date: string, count: number) => `${words}（${date}）前到期的未完成问题共 ${count} 项：`,
  listDueBeforeEmpty: (words: string, date: string) => `${words}（${date}）前没有到期的未完成问题。`,
  listStalled: (days: number, count: number) => `${days} 天没有更新的未完成问题共 ${count} 项：`,
  listStalledEmpty: (days: number) => `未完成的问题 ${days} 天内都有更新。`,
  listPerson: (name: string, count: number) => `${name} 负责的共 ${count} 项：`,
  listPersonEmpty: (name: string) => `台账里没有 ${name} 负责的问题（责任人由管理员指派）。`,
  listUnit: (unit: string, count: number) => `责任单位 ${unit} 负责的共 ${count} 项：`,
  listUnitEmpty: (unit: string, units: string[]) =>
    units.length
      ? `台账里没有责任单位为 ${echo(unit, 20)} 的问题。台账里的责任单位有：${echo(units.join('、'), 80)}。`
      : `台账里没有责任单位为 ${echo(unit, 20)} 的问题（这本台账没有填写责任单位；导入带"责任单位"列的 Excel 台账后可按单位查询）。`,

  // Reporting progress
  noSuchCodes: (ledger: string, codes: string[]) => `台账「${ledger}」里没有编号为 ${echo(codes.join('、'), 40)} 的问题，没有记录任何内容。`,
  whichItemUnknown: (text: string, phrase: string, code: string) =>
    `没能确定"${echo(text, 20)}"说的是哪一项，没有记录。请带上编号再发一次，例如"${code} ${phrase}"。`,
  notResponsibleAny: (codes: string[]) =>
    `你不是${codes.join('、')}的责任人，没有记录。状态、进度和时限由责任人或管理员报；如需补充情况，可发"编号 备注：……"。`,
  whichItem: (text: string) => `"${echo(text, 20)}"说的是哪一项？请回复序号：`,
  cancelHint: '回复"取消"放弃。',
  othersNotRecorded: (codes: string[], code: string) =>
    `这条消息里还说到 ${codes.join('、')}，但没看出报的是什么，那部分没有记录；要报请单独发，例如"${codes[0]} 已完成80%"（这条只记 ${code}）。`,
  inTurn: (codes: string[], index: number, next?: string) =>
    `这条消息说到 ${codes.length} 项（${codes.join('、')}），逐项确认：这是第 ${index} 项${next ? `，确认或取消后接着是 ${next}` : '，也是最后一项'}。`,
  partsNotPlaced: (parts: string[], code: string) =>
    `"${echo(parts.join('；'), 40)}"看不出是哪一项，这部分没有记录；请带上编号单独再报，例如"${code} 已完成"。`,
  noteSummary: (note: string) => `备注：${echo(note, 60)}`,
  notResponsible: (code: string, who: string) =>
    `只有【${code}】的责任人${who}或管理员可以更新状态、进度和时限，没有记录。如需补充情况，可发"${code} 备注：……"。`,
  responsibleList: (names: string[]) => `（${names.join('、')}）`,
  nobodyResponsible: '（还没有指派，管理员可发"指派 编号 姓名"）',
  alreadyWaiting: (code: string, author: string, text: string) => `【${code}】已有一条待审核的申报（${author}：${echo(text, 20)}），请等管理员处理后再报。`,
  progressOfFinished: (note: string, status: string) => `进展：${echo(note, 60)}\n（该项已是"${status}"，记为进展，状态和进度不变）`,
  statusChange: (from: string, to: string) => `状态：${from} → ${to}`,
  needsClosure: '（需管理员销号审核）',
  progressChange: (from: string, to: number) => `进度：${from} → ${to}%`,
  progressNotReported: '未报',
  progressNote: (note: string) => `进展：${echo(note, 60)}`,
  closedNoDeadline: (code: string) => `【${code}】已销号，不再调整时限，没有记录。`,
  deadlineChange: (from: string, to: string) => `时限：${from} → ${to}`,
  deadlineUnset: '未定',
  needsApproval: '（需管理员批准）',
  confirmHead: '请确认要记录的更新：',
  itemHead: (code: string, title: string, max: number) => `【${code}】${truncate(title, max)}`,
  confirmTail: (minutes: number) => `回复"确认"保存，"取消"放弃（${minutes} 分钟内有效）。`,
  proposalExpired: (minutes: number) => `你刚才的更新超过 ${minutes} 分钟没有确认，已作废，没有记录。请重新发送。`,
  noProposal: '你没有待确认的更新。',
  /** Someone else showing the same name has a proposal waiting: a reply in that name answers nothing. */
  notYourProposal: (name: string) =>
    `待确认的更新是另一位同名的「${echo(name, 20)}」提出的，只有提出的本人可以确认、取消或选择；你的回复没有记录任何内容。`,
  alreadyRecorded: (id: number) => `这条更新已经记录过了（#${id}），没有重复记录。`,
  chooseRange: (count: number) => `请回复 1 到 ${count} 之间的序号。`,
  chooseFirst: '请先回复序号，选择是哪一项。',
  awaitingClosure: '已报管理员销号审核。',
  awaitingDeadline: '已报管理员批准。',
  undoHint: '可发"撤销"撤回（一天内）。',
  recorded: (id: number, code: string, title: string, summary: string, next: string) =>
    `已记录（#${id}）：【${code}】${truncate(title, 24)}\n${summary}\n${next}可发送图片或文件作为佐证材料。`,
  cancelled: '已取消，没有记录。',
  bulk: '督办一次只记录一项的进展，不会批量修改台账，没有记录任何内容。请写明编号和进展，例如"二/3 已完成"。',

  // Approving
  adminOnly: (what: string) => `只有管理员可以${what}。`,
  noSuchItem: (ledger: string, code: string) => `台账「${ledger}」里没有编号为 ${code} 的问题。`,
  noDeadlineRequest: (code: string) => `【${code}】没有待批准的延期申请。`,
  isDeadlineRequest: (code: string) => `【${code}】待处理的是延期申请，请用"批准 ${code}"。`,
  cannotClose: (code: string, status: string) => `【${code}】目前是"${status}"，没有待审核的申报，不能销号。`,
  deadlineApproved: (deadline: string | null) => `时限改为 ${deadline}`,
  closed: '已销号',
  approved: (code: string, title: string, done: string, id: number) => `【${code}】${truncate(title, 24)}：${done}（#${id}）。`,
  approvedToAuthor: (code: string, deadline: boolean, by: string) => `你报的【${code}】${deadline ? '延期申请已批准' : '完成情况已审核销号'}（${by}）。`,
  returnHow: (code: string) => `请写明退回原因，例如"退回 ${code} 缺少佐证"。`,
  nothingWaiting: (code: string) => `【${code}】没有待审核的申报。`,
  returned: (code: string, what: string, reason: string) => `已退回【${code}】的${what}：${echo(reason, 60)}。`,
  returnedToAuthor: (code: string, what: string, reason: string) => `你报的【${code}】${what}被退回：${echo(reason, 60)}。请补充后重新报送。`,
  deadlineRequest: '延期申请',
  closureRequest: '完成申报',
  noPending: '没有待审核的申报。',
  pendingLine: (index: number, code: string, title: string, author: string, what: string, id: number) =>
    `${index}. ${code} ${truncate(title, 20)}：${author}${what}（#${id}）`,
  pendingDeadline: (deadline: string | null) => `申请延期到 ${deadline}`,
  pendingClosure: '报已完成',
  pendingHead: (count: number) => `待审核 ${count} 项：`,
  pendingTail: '管理员可回复"销号 编号"或"批准 编号"，或"退回 编号 原因"。',

  // Undo
  nothingToUndo: (hours: number, isAdmin: boolean) =>
    `没有可以撤销的更新：只能撤销自己 ${hours} 小时内的更新${isAdmin ? '（管理员可用"撤销 编号"撤销该项最近一条）' : ''}。`,
  undoTooLate: (code: string, id: number) => `【${code}】在 #${id} 之后已有新的记录（审核、退回或其他更新），不能再撤销；如需更正，请直接报新的进展。`,
  undone: (id: number, author: string, text: string, revertId: number, code: string, status: string) =>
    `已撤销 #${id}（${author}：${echo(text, 20)}），记为 #${revertId}。【${code}】现在是"${status}"。`,
  undoNotYours: (name: string) => `最近的更新是另一位同名的「${echo(name, 20)}」记录的，只有本人或管理员可以撤销；没有撤销任何内容。`,
  undoneToAuthor: (code: string, id: number, by: string) => `你在【${code}】的更新 #${id} 已被 ${by} 撤销。`,

  // Administering
  assignHow: (code: string) => `请写明责任人，例如"指派 ${code} 张三"。`,
  assigned: (names: string[], code: string, title: string) => `已指派 ${echo(names.join('、'), 40)} 为【${code}】${truncate(title, 24)}的责任人。`,
  alreadyAssigned: (names: string[], code: string) => `${echo(names.join('、'), 40)} 已经是【${code}】的责任人。`,
  responsibleNow: (names: string[]) => `现在的责任人：${names.join('、')}。`,
  granted: (name: string, ledger: string) => `已授权 ${echo(name, 20)} 为台账「${ledger}」的管理员。`,
  /** On WeChat a grant rests on the bot account's remark: a name anyone can take proves nothing. */
  grantedByRemark: (name: string, ledger: string) =>
    `${replies.granted(name, ledger)}督办按机器人微信给联系人设的备注名认管理员（昵称谁都能改）：请确认已给对方设好备注名「${echo(name, 20)}」。`,
  /** Nobody, or several people, go by the name on this platform: no grant is guessed. */
  whoUnknown: (name: string) =>
    `督办不能确定「${echo(name, 20)}」是谁（还没在督办所在的群里说过话，或有不止一人叫这个名字），没有做任何改动。请在消息里 @ 对方再试。`,
  alreadyAdmin: (name: string, ledger: string) => `${echo(name, 20)} 已经是台账「${ledger}」的管理员。`,
  revoked: (name: string, ledger: string) => `已取消 ${echo(name, 20)} 对台账「${ledger}」的管理员授权。`,
  notGranted: (name: string, ledger: string, configured: boolean) =>
    `${echo(name, 20)} 没有在群里被授权为台账「${ledger}」的管理员${configured ? '（配置文件中的管理员只能在配置里去掉）' : ''}。`,

  // Evidence
  evidenceAttached: (what: string, code: string, updateId: number) => `已收到佐证材料（${what}），附在【${code}】的更新 #${updateId}。`,
  evidenceHeld: (what: string, code: string | undefined) => `已收到佐证材料（${what}），确认后随更新一起保存${code ? `到【${code}】` : ''}。`,
  /** A picture from someone showing the name of a person whose update waits for evidence: not theirs to add to. */
  evidenceNotYours: (what: string, name: string) =>
    `这个${what}没有保存：等待佐证材料的是另一位同名的「${echo(name, 20)}」的更新，只有本人发的才算。`,
};
