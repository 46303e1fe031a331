/**
 * Chinese date expressions, resolved to ISO dates against the report's date: `8月底`, `8月低` (a common typo),
 * `8月份`, `12月`, `年底`, `2021年6月份左右`, `6月30日前`. A month without a year is its last day in the first such
 * month not before the report's date.
 */
import { parseDigitYear, parseNumber } from './numerals.ts';

export interface DateMention {
  index: number;
  text: string;
  /** YYYY-MM-DD */
  date: string;
  explicitYear: boolean;
  precision: 'day' | 'month';
}

const year = '(\\d{4}|[〇零一二三四五六七八九]{4})年';
const month = '(\\d{1,2}|十[一二]?|[元一二三四五六七八九])月';
const day = '(\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]';

/** `[2021年][4-]6月[份][底|30日|中旬…]` */
const monthPattern = new RegExp(
  `(?<![\\d一二三四五六七八九十个])(?:${year})?(?:(\\d{1,2}|[一二三四五六七八九十]{1,2})\\s*[-—–~～至到]\\s*)?${month}份?(?:${day}|(底|末|低|中旬|上旬|下旬|初|中))?份?`,
  'g',
);
/** `2021年底`, `2021年上半年` */
const yearPattern = new RegExp(`(?<![\\d])${year}(底|末|内|上半年|下半年)`, 'g');
/** `年底`, `今年年底`, `明年底`, `年内`, `上半年` (never `3年内`: a horizon, not a date) */
const relativeYearPattern = /(?<![\d一二三四五六七八九十两几多])(今|本|当|明)?年(?:年)?(底|末|内)|(今年|明年)?(上半年|下半年)/g;

const clauseBreak = /[。；;，,！!？?\n]/;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function dayOfMonth(y: number, m: number, qualifier: string | undefined): number {
  switch (qualifier) {
    case '上旬':
    case '初':
      return 10;
    case '中旬':
    case '中':
      return 20;
    default:
      return lastDay(y, m);
  }
}

/** `2021-07-15` → `2021-01-15`: where the six months before a date begin (the day only compared, never shown). */
function sixMonthsBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return m > 6 ? iso(y, m - 6, d) : iso(y - 1, m + 6, d);
}

export interface FindOptions {
  /**
   * A month without a year takes the year that puts it within six months of the reference, before or after it
   * (a ledger's time limit `6月30日`, written in July, is the June just past), instead of the first such month not
   * before the reference (a report's plan `8月底完成`).
   */
  nearest?: boolean;
}

/** Every date expression in the text, in order, resolved against `reference` (YYYY-MM-DD). */
export function findDates(text: string, reference: string, options: FindOptions = {}): DateMention[] {
  const mentions: DateMention[] = [];
  // Dates never cross a clause break, and most clauses hold none: only those with 月 or 年 are searched.
  let start = 0;
  for (const clause of text.split(clauseBreak)) {
    if (clause.includes('月') || clause.includes('年')) mentions.push(...datesInClause(clause, start, reference, options));
    start += clause.length + 1;
  }
  return mentions;
}

function datesInClause(clause: string, offset: number, reference: string, options: FindOptions): DateMention[] {
  const [refYear] = reference.split('-').map(Number) as [number];
  // A month without a year is not before this date.
  const from = options.nearest ? sixMonthsBefore(reference) : reference;
  const [fromYear, refMonth, refDay] = from.split('-').map(Number) as [number, number, number];
  const mentions: DateMention[] = [];

  for (const match of clause.matchAll(monthPattern)) {
    const [whole, y, , m, d, qualifier] = match;
    const mo = parseNumber(m!);
    if (!(mo >= 1 && mo <= 12)) continue;
    const explicitYear = y !== undefined;
    let yr = explicitYear ? parseDigitYear(y!) : fromYear;
    const dayNumber = d !== undefined ? parseNumber(d) : undefined;
    if (dayNumber !== undefined && !(dayNumber >= 1 && dayNumber <= lastDay(yr, mo))) continue;
    if (!explicitYear) {
      const before = dayNumber === undefined ? mo < refMonth : mo < refMonth || (mo === refMonth && dayNumber < refDay);
      if (before) yr++;
    }
    const dd = dayNumber ?? dayOfMonth(yr, mo, qualifier);
    mentions.push({ index: offset + match.index, text: whole, date: iso(yr, mo, dd), explicitYear, precision: dayNumber ? 'day' : 'month' });
  }
  for (const match of clause.matchAll(yearPattern)) {
    const yr = parseDigitYear(match[1]!);
    const date = match[2] === '上半年' ? iso(yr, 6, 30) : iso(yr, 12, 31);
    mentions.push({ index: offset + match.index, text: match[0], date, explicitYear: true, precision: 'month' });
  }
  for (const match of clause.matchAll(relativeYearPattern)) {
    const next = match[1] === '明' || match[3] === '明年' ? 1 : 0;
    let yr = refYear + next;
    let date = match[4] === '上半年' ? iso(yr, 6, 30) : iso(yr, 12, 31);
    if (date < reference && !match[1] && !match[3]) date = iso(++yr, Number(date.slice(5, 7)), Number(date.slice(8)));
    mentions.push({ index: offset + match.index, text: match[0], date, explicitYear: false, precision: 'month' });
  }

  mentions.sort((a, b) => a.index - b.index || b.text.length - a.text.length);
  const kept: DateMention[] = [];
  for (const mention of mentions) {
    const last = kept.at(-1);
    if (last && mention.index < last.index + last.text.length) continue;
    kept.push(mention);
  }
  return kept;
}

function clauseAround(text: string, index: number, length: number): { before: string; after: string } {
  let start = index;
  while (start > 0 && !clauseBreak.test(text[start - 1]!)) start--;
  let end = index + length;
  while (end < text.length && !clauseBreak.test(text[end]!)) end++;
  return { before: text.slice(start, index), after: text.slice(index + length, end) };
}

const pastWords = /已|曾/;
const futureWords = /预计|计划|拟|力争|争取|将|待|确保|要求|前|完成|达到|开工|竣工|完工|投入使用|投用|办结|时限|期限|截止/;
/** Words with 前 that look back, not forward. */
const lookingBack = /目前|当前|此前|前期|前段/g;

/**
 * A date is a deadline when its clause looks forward (`预计8月底完成`, `计划于年底完成`, `6月底入住率将达到`) and
 * nothing in it says the thing already happened (`6月份协调解决了`, `2020年底已支付`, `于6月29日召开`).
 */
export function isDeadline(text: string, mention: DateMention, reference: string): boolean {
  if (mention.date < reference) return false;
  const { before, after } = clauseAround(text, mention.index, mention.text.length);
  const clause = before + after;
  if (pastWords.test(clause) || after.includes('了')) return false;
  return futureWords.test(clause.replace(lookingBack, ''));
}

export function findDeadlines(text: string, reference: string): { date: string; phrase: string }[] {
  return findDates(text, reference)
    .filter((mention) => isDeadline(text, mention, reference))
    .map((mention) => {
      const { before, after } = clauseAround(text, mention.index, mention.text.length);
      return { date: mention.date, phrase: (before + mention.text + after).trim() };
    });
}

const dateLine = new RegExp(`^${year}${month}${day}$`);

/** A paragraph that is only a date: the date a report was signed. */
export function readDateLine(paragraph: string): string | undefined {
  const match = dateLine.exec(paragraph.replace(/\s+/g, ''));
  if (!match) return undefined;
  const [, y, m, d] = match;
  const yr = parseDigitYear(y!);
  const mo = parseNumber(m!);
  const dd = parseNumber(d!);
  if (!(mo >= 1 && mo <= 12 && dd >= 1 && dd <= lastDay(yr, mo))) return undefined;
  return iso(yr, mo, dd);
}

const documentYear = /[〔［\[﹝【](\d{4})[〕］\]﹞】]/g;

/**
 * The date a report speaks from, when it has no date line: its latest full date that is not a plan, or the start
 * of the latest year in a document number (`伊产工文〔2021〕13号`), whichever is later.
 */
export function inferReportDate(text: string): { date: string; source: 'latest-date' | 'document-year' } | undefined {
  let latest: string | undefined;
  for (const mention of findDates(text, '0001-01-01')) {
    if (!mention.explicitYear || mention.precision !== 'day') continue;
    const { before, after } = clauseAround(text, mention.index, mention.text.length);
    const clause = before + after;
    if (futureWords.test(clause.replace(lookingBack, '')) && !pastWords.test(clause)) continue;
    if (!latest || mention.date > latest) latest = mention.date;
  }
  let docYear: number | undefined;
  for (const match of text.matchAll(documentYear)) docYear = Math.max(docYear ?? 0, Number(match[1]));
  const yearStart = docYear ? iso(docYear, 1, 1) : undefined;
  if (yearStart && (!latest || yearStart > latest)) return { date: yearStart, source: 'document-year' };
  return latest ? { date: latest, source: 'latest-date' } : undefined;
}

const fullDate = /(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|[-/.](\d{1,2})[-/.](\d{1,2}))/;

/** The first complete date written in the text: `2021年6月30日`, `2021-06-30`, `2021/6/30`, `2021.6.30`. */
export function findFullDate(text: string): string | undefined {
  const match = fullDate.exec(text);
  if (!match) return undefined;
  const [, y, m1, d1, m2, d2] = match;
  const yr = Number(y);
  const mo = Number(m1 ?? m2);
  const dd = Number(d1 ?? d2);
  if (!(mo >= 1 && mo <= 12 && dd >= 1 && dd <= lastDay(yr, mo))) return undefined;
  return iso(yr, mo, dd);
}
