import { changeText } from '../change-words.ts';
import { timeIn, dateIn } from '../clock.ts';
import { UserError } from '../errors.ts';
import { evidenceOf } from '../ledger/evidence.ts';
import { itemByCode } from '../understand/codes.ts';
import { resolveLedger } from '../ledger/ledgers.ts';
import { type UpdateRow, listUpdates } from '../ledger/updates.ts';
import type { CommandContext, Values } from './command.ts';

const kinds: Record<string, string> = {
  status: '状态',
  progress: '进展',
  deadline: '时限',
  note: '备注',
  assign: '指派',
  approve: '批准',
  return: '退回',
  revert: '撤销',
  import: '导入',
};

/** `updates --json`: a stable interface, like `items --json`. */
function updateJson(u: UpdateRow, evidence: ReturnType<typeof evidenceOf>) {
  return {
    id: u.id,
    ledger: u.ledger,
    code: u.code,
    kind: u.kind,
    author: u.author,
    room: u.room,
    at: u.at,
    messageId: u.messageId,
    sourceText: u.sourceText,
    old: { status: u.oldStatus, progress: u.oldProgress, deadline: u.oldDeadline },
    new: { status: u.newStatus, progress: u.newProgress, deadline: u.newDeadline },
    note: u.note,
    confirmedBy: u.confirmedBy,
    confirmedAt: u.confirmedAt,
    approvedBy: u.approvedBy,
    approvedAt: u.approvedAt,
    awaiting: u.awaiting,
    refersTo: u.refersTo,
    via: u.via,
    /** Paths relative to the data folder. */
    evidence,
  };
}

function line(u: UpdateRow, timeZone: string): string {
  const at = new Date(u.at);
  const waiting = u.awaiting ? (u.awaiting === 'closure' ? '（待销号审核）' : '（待批准）') : '';
  const about = u.refersTo ? `（针对 #${u.refersTo}）` : '';
  const who = [u.author, u.room ? `@${u.room}` : '', u.via === 'web' ? '（网页）' : '', u.confirmedBy ? `确认 ${u.confirmedBy}` : '', u.approvedBy ? `批准 ${u.approvedBy}` : '']
    .filter(Boolean)
    .join(' ');
  return `#${u.id} ${dateIn(at, timeZone)} ${timeIn(at, timeZone)} ${u.code} ${kinds[u.kind] ?? u.kind}：${changeText(u)}${waiting}${about}｜${who}`;
}

export function run(context: CommandContext, values: Values): void {
  const db = context.db();
  const name = values.ledger as string | undefined;
  const code = values.item as string | undefined;
  const ledger = name === undefined ? undefined : resolveLedger(db, name);
  if (code !== undefined && !ledger) throw new UserError('用 --item 时请同时用 --ledger 指定台账', 'Name the ledger with --ledger when using --item');
  const item = code === undefined ? undefined : itemByCode(db, ledger!.id, code);
  if (code !== undefined && !item) throw new UserError(`台账「${ledger!.name}」里没有编号为 ${code} 的问题`, `No item ${code} in ledger "${ledger!.name}"`);
  const rows = listUpdates(db, { ledgerId: ledger?.id, itemId: item?.id });
  if (context.json) return context.print(JSON.stringify(rows.map((row) => updateJson(row, evidenceOf(db, row.id))), null, 2));
  if (rows.length === 0) return context.print('还没有更新记录。');
  for (const row of rows) context.print(line(row, context.config.timeZone));
}
