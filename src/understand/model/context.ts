/**
 * What the model is shown for one message, and no more: the few items retrieved for it, each as a short summary of
 * fixed size, and this person's last few turns in this group; an item's rectification text only when the model asks
 * for that item (`get_item`). The prompt's size then depends on the question, not on the size of the ledger: a
 * 10,000-item ledger costs about what a 25-item one does.
 */
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { dateIn } from '../../clock.ts';
import type { Db } from '../../ledger/db.ts';
import { listItems } from '../../ledger/items.ts';
import { type Item, statusNames } from '../../ledger/types.ts';
import { type Update, latestUpdates } from '../../ledger/updates.ts';
import { truncate } from '../../text.ts';
import type { PastTurn } from './turns.ts';

/** The bounds of what one message may show the model. */
export const shown = {
  /** Items retrieved with the message, and at most returned by one search. */
  rows: 5,
  /** Characters of one item's summary, in the retrieved rows, a search or a list. */
  rowChars: 100,
  /** Characters of the one item `get_item` shows in full. */
  itemChars: 800,
  /** Items listed by `list_items`. */
  listRows: 10,
  /** This person's earlier turns in this group. */
  turns: 4,
};

const flat = (text: string) => text.replace(/\s+/g, '');

/** The update's day is where the people are: an update at 07:30 in Shanghai is not the day before. */
function updateNote(update: Update, timeZone: string): string {
  const waiting = update.awaiting === 'closure' ? '（待销号审核）' : update.awaiting === 'deadline' ? '（延期待批准）' : '';
  return `${dateIn(new Date(update.at), timeZone)} ${update.author}：${flat(update.note ?? update.sourceText ?? update.kind)}${waiting}`;
}

/**
 * One item in a line: code, title, status, deadlines, progress, people and last update, cut to `maxChars`; in
 * `full`, also the problem and the rectification as written.
 */
export function itemRow(item: Item, update: Update | undefined, timeZone: string, maxChars: number, full = false): string {
  const fields = [
    `【${item.code}】${flat(item.title)}`,
    `状态：${statusNames[item.status]}${item.longTerm ? '（长期坚持）' : ''}`,
    `时限：${item.deadlines.join('、') || '未定'}`,
    ...(item.progress === null ? [] : [`进度：${item.progress}%`]),
    ...(item.responsible.length ? [`责任人：${item.responsible.join('、')}`] : []),
    `最近更新：${update ? updateNote(update, timeZone) : '暂无'}`,
    ...(full ? [`整改情况：${flat(item.rectification) || '尚未报告'}`, `问题：${flat(item.problem)}`] : []),
  ];
  // `maxChars` with the ellipsis.
  return truncate(fields.join('｜'), maxChars - 1);
}

/** Items as summary rows (or one in full), in the order of `ids`. */
export function itemRows(db: Db, ledgerId: number, ids: number[], timeZone: string, full = false): { rows: string[]; codes: string[] } {
  const byId = new Map(listItems(db, ledgerId, ids).map((item) => [item.id, item]));
  const updates = latestUpdates(db, ids);
  const items = ids.map((id) => byId.get(id)).filter((item): item is Item => item !== undefined);
  const maxChars = full ? shown.itemChars : shown.rowChars;
  return { rows: items.map((item) => itemRow(item, updates.get(item.id), timeZone, maxChars, full)), codes: items.map((item) => item.code) };
}

/**
 * The conversation the model starts from: its instructions, this person's last turns, then the message with the
 * rows retrieved for it. The rows and the message are data to the model, marked as such.
 */
export function openingMessages(system: string, turns: PastTurn[], rows: string[], person: string, text: string): ChatCompletionMessageParam[] {
  const found = rows.length ? rows.join('\n') : '（没有检索到相关记录）';
  return [
    { role: 'system', content: system },
    ...turns.flatMap((turn): ChatCompletionMessageParam[] => [
      { role: 'user', content: turn.said },
      { role: 'assistant', content: turn.reply },
    ]),
    { role: 'user', content: `【为这条消息检索到的台账记录】\n${found}\n\n【${person} 的消息】\n${text}` },
  ];
}
