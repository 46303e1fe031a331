/**
 * The columns of a rectification ledger (整改台账) and the many names offices give them. The importer places a sheet's
 * columns by these names; the export writes the first name of each, so that what it writes reads back the same.
 */

export const ledgerFields = [
  'code',
  'category',
  'problem',
  'plannedMeasures',
  'leader',
  'unit',
  'responsible',
  'deadline',
  'progress',
  'status',
  'lastUpdate',
  'overdueDays',
  'remark',
  'warnings',
] as const;

export type LedgerField = (typeof ledgerFields)[number];

/** Names, the export's first; `derived` columns are what duban computes, written on export and not read back. */
export const columnNames: Record<LedgerField, { names: string[]; derived?: true }> = {
  code: { names: ['序号', '编号', '问题编号'] },
  category: { names: ['问题类别', '方面', '类别', '问题类型', '问题分类', '所属方面'] },
  problem: { names: ['问题', '存在问题', '问题描述', '问题清单', '具体问题', '问题表现', '反馈问题', '主要问题'] },
  plannedMeasures: { names: ['整改措施', '整改任务', '整改目标及措施'] },
  leader: { names: ['责任领导', '分管领导', '牵头领导'] },
  unit: { names: ['责任单位', '牵头单位', '责任部门', '牵头部门'] },
  responsible: { names: ['责任人', '具体责任人'] },
  deadline: { names: ['整改时限', '完成时限', '完成时间', '整改期限'] },
  progress: { names: ['整改进展', '完成情况', '整改情况', '整改进度', '整改落实情况'] },
  status: { names: ['状态', '整改状态'] },
  lastUpdate: { names: ['最近更新'], derived: true },
  overdueDays: { names: ['逾期天数'], derived: true },
  remark: { names: ['备注'] },
  /** What an import could not read, in the sheet `import --review` writes for the user to correct. */
  warnings: { names: ['导入注意事项'], derived: true },
};

/** `整改时限\n（完成时间）` → `整改时限`: spaces, line breaks and bracketed notes are not part of a column's name. */
const normalise = (header: string) => header.replace(/[（(][^）)]*[）)]/g, '').replace(/\s+/g, '');

/**
 * The field a header names: an exact name first; else the longest name it contains (`整改责任人` → 责任人,
 * `问题类别` is a category and not a problem).
 */
export function placeHeader(header: string): LedgerField | undefined {
  const name = normalise(header);
  if (!name) return undefined;
  let best: { field: LedgerField; length: number } | undefined;
  for (const field of ledgerFields) {
    for (const known of columnNames[field].names) {
      if (known === name) return field;
      if (name.includes(known) && known.length > (best?.length ?? 0)) best = { field, length: known.length };
    }
  }
  return best?.field;
}

/** A cell or field of names: `张三、李四`, `张三,李四`; people's names also `张三 李四`, a unit's name may hold a space. */
export const splitList = (text: string, spaces = false) =>
  text.split(spaces ? /[、，,;；/\s]+/ : /[、，,;；/\n]+/).map((n) => n.trim()).filter(Boolean);
