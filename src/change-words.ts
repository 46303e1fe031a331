/**
 * One wording of a recorded change, shared by the item's answer, the notice's news line, the public report and
 * `duban updates`: what changed (`正在整改→已完成`, `进度 80%`, `时限改为 2021-09-30`) and the person's own words
 * about it. A command (`销号 二/3`, `撤销`) is never repeated as if it were news.
 */
import { clip } from './text.ts';
import { codePattern } from './understand/codes.ts';
import { statusNames } from './ledger/types.ts';
import type { Update } from './ledger/updates.ts';

type Change = Pick<Update, 'kind' | 'oldStatus' | 'newStatus' | 'oldProgress' | 'newProgress' | 'oldDeadline' | 'newDeadline' | 'note' | 'sourceText'>;

/** Reports carry the reporter's words; a return its reason; approvals, undos and assignments only their effect. */
const worded = new Set(['status', 'progress', 'deadline', 'note', 'return', 'assign', 'import']);

export function changeWords(change: Change): { what: string; said: string } {
  const parts: string[] = [];
  if (change.newStatus && change.newStatus !== change.oldStatus) {
    parts.push(`${change.oldStatus ? statusNames[change.oldStatus] : ''}→${statusNames[change.newStatus]}`);
  }
  if (change.newProgress !== null && change.newProgress !== change.oldProgress && change.newStatus !== 'done' && change.newStatus !== 'closed') parts.push(`进度 ${change.newProgress}%`);
  if (change.newDeadline && change.newDeadline !== change.oldDeadline) parts.push(`时限改为 ${change.newDeadline}`);
  const words = worded.has(change.kind) ? (change.note ?? change.sourceText?.replace(codePattern, '') ?? '') : '';
  return { what: parts.join('，'), said: words.replace(/^[\s,，:：、]+|[\s。.，,]+$/g, '') };
}

/** The change on one line, as every place that tells of it words it: what changed, then the words, cut to `max`. */
export function changeText(change: Change, max = Infinity): string {
  const { what, said } = changeWords(change);
  return [what, said && (max === Infinity ? said : clip(said, max))].filter(Boolean).join('，');
}
