import { listItems } from '../ledger/items.ts';
import { resolveLedger } from '../ledger/ledgers.ts';
import { type Item, statusNames } from '../ledger/types.ts';
import type { CommandContext, Values } from './command.ts';
import { pad } from './columns.ts';

/** `items --json`: a stable interface. Fields are added, never renamed or removed. */
export function itemJson(item: Item) {
  return {
    code: item.code,
    title: item.title,
    sections: item.sections,
    problem: item.problem,
    rectification: item.rectification,
    measures: item.measures,
    status: item.status,
    reportedStatus: item.reportedStatus,
    longTerm: item.longTerm,
    progress: item.progress,
    deadlines: item.deadlines,
    responsible: item.responsible,
    plannedMeasures: item.plannedMeasures,
    leader: item.leader,
    unit: item.unit,
    remark: item.remark,
  };
}


function line(item: Item): string {
  const status = statusNames[item.status] + (item.longTerm ? '·长期坚持' : '');
  const parts = [pad(item.code, 12), pad(status, 18), item.title];
  if (item.deadlines.length) parts.push(`（时限 ${item.deadlines.join('、')}）`);
  if (item.responsible.length) parts.push(`责任人：${item.responsible.join('、')}`);
  return parts.join(' ');
}

export function run(context: CommandContext, values: Values): void {
  const db = context.db();
  const ledger = resolveLedger(db, values.ledger as string | undefined);
  const items = listItems(db, ledger.id);
  if (context.json) {
    context.print(JSON.stringify(items.map(itemJson), null, 2));
    return;
  }
  context.print(`台账「${ledger.name}」，报告日期 ${ledger.reportDate ?? '未知'}，共 ${items.length} 项`);
  for (const item of items) context.print(line(item));
}
