/**
 * The public progress report (整改情况公布) in the seeds' shape, from the ledger: a preamble with the counts, then each
 * section and item with its problem, its status and measures as recorded, and the progress reported in the groups.
 * Its text reads back through the importer as the same outline, so what is published is what the ledger holds.
 * Renderers (text, Word) only lay these paragraphs out.
 */
import { dateIn } from '../clock.ts';
import { readStatusLabel } from '../ingest/status.ts';
import { changeWords } from '../change-words.ts';
import type { Db } from '../ledger/db.ts';
import { listItems } from '../ledger/items.ts';
import { overview } from '../ledger/listings.ts';
import type { Item, Ledger, Section, Status } from '../ledger/types.ts';
import { type Update, listUpdates } from '../ledger/updates.ts';
import { outlineHeading } from './outline-marker.ts';

export type Block =
  /** A section heading (`一、政治站位不高…`) or an item's own heading; depth 0 is the outermost. */
  | { kind: 'heading'; depth: number; text: string }
  /**
   * A paragraph that opens with a label (`问题内容：`, `整改情况：`). Its text may hold the lines of a multi-line
   * cell (`1、…\n2、…`); a renderer keeps them in the one paragraph (see `oneParagraph`).
   */
  | { kind: 'labelled'; label: string; text: string };

export interface ProgressReport {
  title: string;
  preamble: string;
  blocks: Block[];
  closing: string;
  /** `2021年7月1日` */
  date: string;
}

/** `2021-07-01` → `2021年7月1日`, as official documents write dates. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const statusLabels: Record<Status, string> = {
  not_started: '尚未启动',
  in_progress: '正在整改',
  done: '已完成',
  closed: '已销号',
};

/** The status as a report's rectification block opens with it, which the importer reads back as the same. */
function statusLabel(item: Item): string {
  const progress = item.status === 'in_progress' && item.progress !== null ? `，已完成${item.progress}%` : '';
  return statusLabels[item.status] + (item.longTerm && item.status !== 'not_started' ? '，长期坚持' : '') + progress;
}

const closingPunctuation = /[。；;！!？?，,：:、]$/;

/** Text as a sentence: ended with `。` unless it already ends with punctuation; nothing when it is empty. */
const sentence = (text: string) => (!text || closingPunctuation.test(text) ? text : `${text}。`);

/**
 * A multi-line cell's lines as one paragraph (`1、制定计划；2、每月研讨`), so that what follows a line never starts a
 * paragraph of its own: in plain text that line would lose its label and read back as a heading.
 */
export const oneParagraph = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i, lines) => (i === lines.length - 1 || closingPunctuation.test(line) ? line : `${line}；`))
    .join('');

/**
 * The block as recorded, without the status label it was imported with (the ledger's status replaces it), ended as
 * a sentence so that the time limit after it does not run into its last line.
 */
const recordedText = (item: Item) => sentence((readStatusLabel(item.rectification)?.rest ?? item.rectification).trim());


/** Changes people reported in the groups, as sentences: not assignments or imports, not what was taken back. */
function progressSentences(updates: Update[], timeZone: string): string[] {
  const undone = new Set(updates.filter((u) => u.kind === 'revert' || u.kind === 'return').map((u) => u.refersTo));
  // A request an admin approved no longer waits: the approval's own sentence follows it.
  const approved = new Set(updates.filter((u) => u.kind === 'approve').map((u) => u.refersTo));
  return updates
    .filter((u) => ['status', 'progress', 'deadline', 'note', 'approve'].includes(u.kind) && !undone.has(u.id))
    .map((u) => {
      const day = chineseDate(dateIn(new Date(u.at), timeZone)).replace(/^\d+年/, '');
      if (u.kind === 'approve' && u.newStatus === 'closed') return `${day}，经${u.author}审核，予以销号。`;
      if (u.kind === 'approve' && u.newDeadline) return `${day}，经${u.author}批准，整改时限调整为${chineseDate(u.newDeadline)}。`;
      // The person's own words, without the item code they addressed it by.
      const { said } = changeWords(u);
      const waiting = approved.has(u.id) ? '' : u.awaiting === 'closure' ? '（待审核销号）' : u.awaiting === 'deadline' ? '（待批准）' : '';
      return `${day}，${u.author}报告：${said}${waiting}。`;
    });
}

function itemBlocks(item: Item, updates: Update[], timeZone: string): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', depth: item.sections.length, text: outlineHeading(item.code, item.title) },
    { kind: 'labelled', label: '问题内容', text: item.problem },
  ];
  if (item.plannedMeasures) blocks.push({ kind: 'labelled', label: '整改措施', text: item.plannedMeasures });
  const open = item.status === 'not_started' || item.status === 'in_progress';
  const due = open && item.deadlines.length ? `整改时限：${chineseDate(item.deadlines.at(-1)!)}。` : '';
  blocks.push({ kind: 'labelled', label: '整改情况', text: `${statusLabel(item)}。${recordedText(item)}${due}` });
  const progress = progressSentences(updates, timeZone);
  if (progress.length) blocks.push({ kind: 'labelled', label: '整改进展', text: progress.join('') });
  return blocks;
}

export function progressReport(db: Db, ledger: Ledger, now: Date, timeZone: string): ProgressReport {
  const today = dateIn(now, timeZone);
  const items = listItems(db, ledger.id);
  const updates = listUpdates(db, { ledgerId: ledger.id });
  const o = overview(db, ledger.id);
  const blocks: Block[] = [];
  let open: Section[] = [];
  for (const item of items) {
    // Headings of the sections this item enters, as the outline goes down.
    const shared = item.sections.findIndex((s, i) => open[i]?.code !== s.code);
    const entered = shared === -1 ? [] : item.sections.slice(shared);
    for (const section of entered) {
      blocks.push({ kind: 'heading', depth: item.sections.indexOf(section), text: outlineHeading(section.code, section.title) });
    }
    open = item.sections;
    blocks.push(...itemBlocks(item, updates.filter((u) => u.itemId === item.id), timeZone));
  }
  const notStarted = o.byStatus.not_started ? `（另有${o.byStatus.not_started}个尚未启动）` : '';
  return {
    title: `${ledger.name}巡察整改情况公布`,
    preamble:
      `截至${chineseDate(today)}，巡察反馈${o.total}个问题，已完成${o.byStatus.done + o.byStatus.closed}个、` +
      `正在整改${o.byStatus.in_progress}个，完成率${Math.round(o.completion * 100)}%${notStarted}。现将整改进展情况公布如下：`,
    blocks,
    closing: '欢迎广大干部群众对巡察整改落实情况进行监督。',
    date: chineseDate(today),
  };
}
