/**
 * A report's second part: after its items, a section on what was done since (持续整改情况, 下一步工作) or a summary of
 * what is still open (`截至目前尚未完成的有第2、7项`, also in the preamble) names earlier items by number or code. What
 * it says of them updates their status, progress and deadlines; it is never an item of its own. An item it says is
 * still open stays open, whatever else the report says of it: the warning names the line to check.
 */
import { type Deadline, type ItemDraft, type ReportDraft, type Status, statusNames } from '../ledger/types.ts';
import { itemCounters, laterPartHeadings } from '../lexicon/rounds.ts';
import { statusWords } from '../lexicon/status.ts';
import { alternation } from '../lexicon/words.ts';
import { readRectification } from './measures.ts';
import { parseNumber } from './numerals.ts';
import { readLabel, readMarker } from './outline.ts';
import { readStatusLabel } from './status.ts';

interface Line {
  text: string;
  line: number;
}

interface Target {
  item: ItemDraft;
  /** The reference as the report wrote it (`第3项`, `二/1`). */
  name: string;
}

interface Statement {
  targets: Target[];
  line: number;
  status?: Status;
  longTerm?: boolean;
  /** What it says of the items, added to their rectification. */
  text?: string[];
  /** The deadlines it sets, in place of theirs. */
  deadlines?: Deadline[];
}

const numeral = '[\\d一二三四五六七八九十百]+';
const counter = alternation(itemCounters);
/** `第2、7项`, `第2至5项`, `第3个问题`, `问题3`, `二/1` */
const reference = new RegExp(
  `第\\s*(${numeral}(?:\\s*[、，,和及与至到~-]\\s*第?${numeral})*)\\s*(${counter})|问题\\s*(\\d+)(?![\\d/])|([一二三四五六七八九十]+(?:\\/[^\\s/，,。；;：:、]+)+)`,
  'g',
);
/** A heading that is about earlier items, not an item: `关于第4项`, `第5项`. */
const aboutItems = new RegExp(`^(?:(?:关于|对于|针对)\\s*(?:${reference.source})|第\\s*${numeral}\\s*${counter})`);
/** A paragraph that is about earlier items: `关于第3项，…`, `（二）关于第4项`, `第5项：…` */
const leadingReference = new RegExp(`^(?:关于|对于|针对)?\\s*(?:${reference.source})(?:问题)?(?:的)?(?:整改)?(?:情况|进展)?[：:，,。\\s]*`);
const namesItem = new RegExp(reference.source);
const laterHeading = new RegExp(`^(?:关于)?${alternation(laterPartHeadings)}`);
const statusWord = new RegExp(alternation(statusWords.map((w) => w.word)));
/** `除第2、7项外，其余均已完成` says nothing of 2 and 7 but that they are the exception. */
const exception = /除|以外|之外|其余|其他|其它/;
const clauseBreak = /[，,。；;]/;

const open = (status: Status | undefined) => status === 'in_progress' || status === 'not_started';
const finished = (status: Status | undefined) => status === 'done' || status === 'closed';

/** `二/(3)` → 3, `一/4/三是` → 3: the number an item's own marker gives it. */
function ownNumber(code: string): number {
  const last = code.replace(/#\d+$/, '').split('/').at(-1) ?? '';
  return parseNumber(last.replace(/[()（）是]/g, ''));
}

function numbersIn(list: string): number[] {
  const numbers: number[] = [];
  for (const match of list.matchAll(new RegExp(`([至到~-])?\\s*第?(${numeral})`, 'g'))) {
    const n = parseNumber(match[2]!);
    const from = numbers.at(-1);
    if (match[1] && from !== undefined) for (let k = from + 1; k < n; k++) numbers.push(k);
    numbers.push(n);
  }
  return numbers;
}

class Reader {
  /** What a reviewer should look at, with its line, to be given in the order of the report. */
  readonly warnings: { line: number; text: string }[] = [];
  readonly notes = new Map<ItemDraft, string[]>();

  constructor(
    private readonly items: ItemDraft[],
    private readonly place: string,
  ) {}

  where(line: number) {
    return `第 ${line} ${this.place}`;
  }

  note(item: ItemDraft | undefined, line: number, what: string) {
    const text = `${this.where(line)}：${what}`;
    this.warnings.push({ line, text });
    if (item) this.notes.set(item, [...(this.notes.get(item) ?? []), text]);
  }

  /** The items a text names, in order; a name no item answers to is warned about. */
  targets(text: string, line: number): Target[] {
    const found: Target[] = [];
    for (const match of text.matchAll(reference)) {
      const [whole, list, count, problem, code] = match;
      if (code !== undefined) {
        const item = this.items.find((i) => i.code === code);
        if (item) found.push({ item, name: code });
        else this.note(undefined, line, `"${whole}"找不到对应的问题，这句未导入`);
        continue;
      }
      const numbers = list !== undefined ? numbersIn(list) : [Number(problem)];
      for (const n of numbers) {
        const name = list !== undefined ? `第${n}${count}` : `问题${n}`;
        const item = this.byNumber(n, name, line);
        if (item) found.push({ item, name });
      }
    }
    return found;
  }

  /** The item numbered n; when no item or several have that number, the n-th item of the report, said so. */
  private byNumber(n: number, name: string, line: number): ItemDraft | undefined {
    const same = this.items.filter((i) => ownNumber(i.code) === n);
    if (same.length === 1) return same[0];
    const item = this.items[n - 1];
    if (!item) {
      this.note(undefined, line, `"${name}"找不到对应的问题，这句未导入`);
      return undefined;
    }
    const why = same.length > 1 ? `有 ${same.length} 个编号为 ${n} 的问题，` : '';
    this.note(item, line, `"${name}"${why}按第 ${n} 个问题（${item.code}）理解`);
    return item;
  }

  /** Clauses that say of the items they name that they are done or still open: `尚未完成的有第2、7项`. */
  summaries(text: string, line: number): Statement[] {
    const statements: Statement[] = [];
    for (const clause of text.split(clauseBreak)) {
      if (!isSummary(clause)) continue;
      const said = statusWords.find((w) => w.word === statusWord.exec(clause)![0])!;
      const targets = this.targets(clause, line);
      if (targets.length > 0) statements.push({ targets, line, status: said.status, longTerm: said.longTerm ?? false });
    }
    return statements;
  }
}

/** What a paragraph about earlier items says of them, with the paragraphs that continue it (`整改进展：…`). */
function progress(targets: Target[], line: number, texts: string[], rests: string[], reportDate: string): Statement {
  const body = rests.map((rest) => readLabel(rest)?.rest ?? rest).join('\n').trim();
  const read = readRectification(body, reportDate);
  const measures = read.measures.map((m) => m.status);
  const status =
    readStatusLabel(body)?.status ?? (measures.includes('in_progress') ? 'in_progress' : measures.includes('done') ? 'done' : undefined);
  return { targets, line, status, longTerm: read.longTerm, text: texts, deadlines: read.deadlines.map((d) => ({ ...d, measureSeq: null })) };
}

const isSummary = (clause: string) => statusWord.test(clause) && !exception.test(clause) && namesItem.test(clause);

/** Where the second part begins: its heading, or the first summary naming earlier items; undefined for none. */
function laterPartStart(paragraphs: Line[], firstItem: number): number | undefined {
  for (let i = firstItem + 1; i < paragraphs.length; i++) {
    const text = paragraphs[i]!.text;
    const body = readMarker(text)?.rest ?? text;
    if (laterHeading.test(body) || body.split(clauseBreak).some(isSummary)) return i;
  }
  return undefined;
}

/** The statements of the preamble's summaries and of the second part, in order. */
function readStatements(paragraphs: Line[], start: number | undefined, preambleEnd: number, reader: Reader, reportDate: string): Statement[] {
  const statements: Statement[] = [];
  for (const p of paragraphs.slice(0, preambleEnd)) statements.push(...reader.summaries(p.text, p.line));
  if (start === undefined) return statements;

  let current: { targets: Target[]; line: number; texts: string[]; rests: string[] } | undefined;
  const finish = () => {
    if (current) statements.push(progress(current.targets, current.line, current.texts, current.rests, reportDate));
    current = undefined;
  };
  for (const p of paragraphs.slice(start)) {
    const marker = readMarker(p.text);
    const body = marker?.rest ?? p.text;
    const lead = leadingReference.exec(body);
    if (lead) {
      finish();
      const targets = reader.targets(lead[0], p.line);
      if (targets.length > 0) current = { targets, line: p.line, texts: [body], rests: [body.slice(lead[0].length)] };
      continue;
    }
    const summaries = reader.summaries(body, p.line);
    if (summaries.length > 0 || marker || laterHeading.test(body)) {
      finish();
      statements.push(...summaries);
      continue;
    }
    current?.texts.push(p.text);
    current?.rests.push(p.text);
  }
  finish();
  return statements;
}

/**
 * The report's items as its second part leaves them; `paragraphs` are the report's, with their lines, and `place`
 * how a warning names a line (`行`, `段`).
 */
export function withLaterRounds(draft: ReportDraft, paragraphs: Line[], place: string): ReportDraft {
  const firstItem = paragraphs.findIndex((p) => readMarker(p.text));
  if (firstItem < 0) return draft;
  const start = laterPartStart(paragraphs, firstItem);
  // A heading in the second part that names an earlier item (`（二）关于第4项` over its `整改进展：`) is no item.
  const items = start === undefined ? draft.items : draft.items.filter((item) => !aboutItems.test(item.title));
  const reader = new Reader(items, place);
  const statements = readStatements(paragraphs, start, firstItem, reader, draft.reportDate);
  if (statements.length === 0 && reader.warnings.length === 0 && items.length === draft.items.length) return draft;

  const said = new Map<ItemDraft, { status: Status; line: number; name: string }[]>();
  const updated = new Map<ItemDraft, ItemDraft>(items.map((item) => [item, { ...item }]));
  for (const statement of statements) {
    for (const { item, name } of statement.targets) {
      const next = updated.get(item)!;
      if (statement.text) next.rectification = [next.rectification, ...statement.text].filter(Boolean).join('\n');
      if (statement.deadlines?.length) next.deadlines = statement.deadlines;
      if (statement.longTerm) next.longTerm = true;
      if (statement.status) said.set(item, [...(said.get(item) ?? []), { status: statement.status, line: statement.line, name }]);
    }
  }
  for (const [item, statuses] of said) {
    const next = updated.get(item)!;
    const stillOpen = statuses.filter((s) => open(s.status)).at(-1);
    const last = statuses.at(-1)!;
    next.status = stillOpen && finished(last.status) ? stillOpen.status : last.status;
    if (stillOpen && (finished(item.status) || statuses.some((s) => finished(s.status)))) {
      const who = stillOpen.name === item.code ? `${item.code} ` : `${stillOpen.name}（${item.code}）`;
      reader.note(item, stillOpen.line, `${who}报告另处称已完成，这里称尚未完成，按${statusNames[next.status]}导入`);
    }
  }
  return {
    ...draft,
    items: items.map((item) => {
      const next = updated.get(item)!;
      const notes = reader.notes.get(item);
      return notes ? { ...next, warnings: [...(next.warnings ?? []), ...notes] } : next;
    }),
    warnings: [...draft.warnings, ...reader.warnings.sort((a, b) => a.line - b.line).map((w) => w.text)],
  };
}
