/**
 * Chinese date expressions, resolved to ISO dates against the report's date: `8月底`, `8月低` (a common typo),
 * `8月份`, `12月`, `年底`, `2021年6月份左右`, `6月30日前`. A month without a year is its last day in the first such
 * month not before the report's date.
 */
import { festivalEves, seasonEnds } from './calendar.ts';
import { parseDigitYear, parseNumber } from './numerals.ts';

export interface DateMention {
  index: number;
  text: string;
  /** YYYY-MM-DD */
  date: string;
  explicitYear: boolean;
  precision: 'day' | 'month';
}

const year = '(\\d{4}|[〇零一二三四五六七八九]{4})\\s*年\\s*';
const month = '(\\d{1,2}|十[一二]?|[元一二三四五六七八九])\\s*月\\s*';
const day = '(\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\\s*[日号]';
/** `今年`, `明年`, `次年`: a year counted from the report's. */
const relativeYear = '(今年|本年|当年|去年|明年|次年|来年|翌年)';
const yearShift = (word: string) => (['去年'].includes(word) ? -1 : ['明年', '次年', '来年', '翌年'].includes(word) ? 1 : 0);
/** `本月`, `下个月`, or `月底` alone (not `每月`, `3个月`, `正月`): a month counted from the report's. */
const relativeMonth = '(本月|当月|这个月|下个?月|次月|(?<![\\d一二三四五六七八九十百两几半个每逐按岁年正腊满])月)';

/** `[2021年|明年][4-]6月[份][底|30日|中旬…]`, `本月底`, `下个月中旬` */
const monthPattern = new RegExp(
  `(?<![\\d一二三四五六七八九十个每])(?:${year}|${relativeYear})?(?:(\\d{1,2}|[一二三四五六七八九十]{1,2})\\s*[-—–~～至到]\\s*)?(?:${month}|${relativeMonth})份?(?:${day}|(中下旬|上中旬|底|末|低|中旬|上旬|下旬|初|中))?份?`,
  'g',
);
/** `2021年底`, `2021年上半年` */
const yearPattern = new RegExp(`(?<![\\d])${year}(底|末|内|上半年|下半年)`, 'g');
/** `年底`, `今年年底`, `明年底`, `年内`, `上半年` (never `3年内`: a horizon, not a date; never `每年年底`: it recurs) */
const relativeYearPattern = /(?<![\d一二三四五六七八九十两几多每])(?<!每年)(今|本|当|明|次|来)?年(?:年)?(底|末|内)|(今年|明年|次年)?(上半年|下半年)/g;
/** `2024.6.30`, `2024/6/30`, `2024-06-30`, `2024.06` */
const numericPattern = /(?<![\d.])((?:19|20)\d{2})([./-])(\d{1,2})(?:\2(\d{1,2}))?(?![\d])/g;
/** `三季度`, `第三季度末`, `2025年第一季度`, `本季度`, `下季度` (never `每季度`) */
const quarterPattern = new RegExp(
  `(?<!每)(?:${year}|${relativeYear})?(?:第?([一二三四1-4])|(本|当|这个|下一?个?))季度(?:末|底)?`,
  'g',
);
/** `春季`, `明年秋季前完成` (never `每年春季`, nor a season's name for something else: `春季开学`, `春季攻坚行动`) */
const seasonPattern = new RegExp(
  `(?<!每年?)(?:${year}|${relativeYear})?([春夏秋冬])季(?=$|[^\\p{Script=Han}]|前|之前|以前|末|底|内|完成|完工|结束|开工|竣工|建成|投用|到位|全部|全面|基本)`,
  'gu',
);
/** `春节前`, `2025年春节前`, `国庆节之前`: the festival's eve */
const festivalPattern = new RegExp(`(?<!每年?)(?:${year}|${relativeYear})?(春节|元旦|五一|劳动节|国庆节?)(?:之|以)?前`, 'g');

const clauseBreaks = '。；;，,！!？?\n';
const clauseBreak = new RegExp(`[${clauseBreaks}]`);
const mayHoldDate = /[月年季节庆旦]|五一|\d[./-]\d/g;

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
    case '上中旬':
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
  // Dates never cross a clause break, and most clauses hold none: only those that may are searched, each once.
  let searched = 0;
  let frame: Frame | undefined;
  for (const hint of text.matchAll(mayHoldDate)) {
    if (hint.index < searched) continue;
    let start = hint.index;
    while (start > 0 && !clauseBreaks.includes(text[start - 1]!)) start--;
    let end = hint.index;
    while (end < text.length && !clauseBreaks.includes(text[end]!)) end++;
    mentions.push(...datesInClause(text.slice(start, end), start, (frame ??= frameOf(reference, options))));
    searched = end;
  }
  return mentions;
}

/** The frames last asked for: a report's dates are all read against its one date. */
const frames = new Map<string, Frame>();

function frameOf(reference: string, options: FindOptions): Frame {
  const key = `${reference} ${options.nearest === true}`;
  let frame = frames.get(key);
  if (!frame) {
    if (frames.size >= 64) frames.clear();
    frames.set(key, (frame = new Frame(reference, options)));
  }
  return frame;
}

/** What a date without a year, or with a year counted from the report's, is resolved against. */
class Frame {
  readonly year: number;
  readonly month: number;
  /** A month without a year is not before this date. */
  readonly from: string;
  readonly fromYear: number;
  readonly fromMonth: number;
  readonly fromDay: number;

  constructor(readonly reference: string, options: FindOptions) {
    [this.year, this.month] = reference.split('-').map(Number) as [number, number];
    this.from = options.nearest ? sixMonthsBefore(reference) : reference;
    [this.fromYear, this.fromMonth, this.fromDay] = this.from.split('-').map(Number) as [number, number, number];
  }

  /** The year of a month written without one: the first such month (or day of it) not before `from`. */
  yearOf(mo: number, dayNumber?: number): number {
    const before = mo < this.fromMonth || (dayNumber !== undefined && mo === this.fromMonth && dayNumber < this.fromDay);
    return before ? this.fromYear + 1 : this.fromYear;
  }

  /** A written year (`2024年`, `二〇二四年`, `明年`), or undefined when none is written. */
  writtenYear(digits: string | undefined, relative: string | undefined): number | undefined {
    if (digits !== undefined) return parseDigitYear(digits);
    if (relative !== undefined) return this.year + yearShift(relative);
    return undefined;
  }
}

function datesInClause(clause: string, offset: number, frame: Frame): DateMention[] {
  const mentions: DateMention[] = [];
  const add = (match: RegExpMatchArray, date: string, explicitYear: boolean, precision: DateMention['precision']) =>
    mentions.push({ index: offset + match.index!, text: match[0], date, explicitYear, precision });

  const has = (part: string) => clause.includes(part);
  // Each form is looked for only in a clause holding the character it cannot do without.
  for (const match of has('月') ? clause.matchAll(monthPattern) : []) {
    const [, y, relYear, , m, relMonth, d, qualifier] = match;
    let yr = frame.writtenYear(y, relYear);
    let mo: number;
    if (relMonth !== undefined) {
      const alone = relMonth === '月';
      if (alone && (qualifier === undefined || !/底|末/.test(qualifier))) continue;
      const next = /下|次/.test(relMonth) ? 1 : 0;
      mo = ((frame.month - 1 + next) % 12) + 1;
      yr = frame.year + (frame.month + next > 12 ? 1 : 0);
    } else {
      mo = parseNumber(m!);
    }
    if (!(mo >= 1 && mo <= 12)) continue;
    const dayNumber = d !== undefined ? parseNumber(d) : undefined;
    yr ??= frame.yearOf(mo, dayNumber);
    if (dayNumber !== undefined && !(dayNumber >= 1 && dayNumber <= lastDay(yr, mo))) continue;
    const dd = dayNumber ?? dayOfMonth(yr, mo, qualifier);
    add(match, iso(yr, mo, dd), y !== undefined, dayNumber ? 'day' : 'month');
  }
  for (const match of /\d[./-]\d/.test(clause) ? clause.matchAll(numericPattern) : []) {
    const [, y, , m, d] = match;
    const yr = Number(y);
    const mo = Number(m);
    const dd = d === undefined ? lastDay(yr, mo) : Number(d);
    if (!(mo >= 1 && mo <= 12 && dd >= 1 && dd <= lastDay(yr, mo))) continue;
    add(match, iso(yr, mo, dd), true, d === undefined ? 'month' : 'day');
  }
  for (const match of has('年') ? clause.matchAll(yearPattern) : []) {
    const yr = parseDigitYear(match[1]!);
    add(match, match[2] === '上半年' ? iso(yr, 6, 30) : iso(yr, 12, 31), true, 'month');
  }
  for (const match of has('年') ? clause.matchAll(relativeYearPattern) : []) {
    const next = match[1] === '明' || match[1] === '次' || match[1] === '来' || match[3] === '明年' || match[3] === '次年' ? 1 : 0;
    let yr = frame.year + next;
    let date = match[4] === '上半年' ? iso(yr, 6, 30) : iso(yr, 12, 31);
    if (date < frame.reference && !match[1] && !match[3]) date = iso(++yr, Number(date.slice(5, 7)), Number(date.slice(8)));
    add(match, date, false, 'month');
  }
  for (const match of has('季度') ? clause.matchAll(quarterPattern) : []) {
    const [, y, relYear, q, relative] = match;
    let end: number;
    let yr = frame.writtenYear(y, relYear);
    if (relative !== undefined) {
      const next = relative.startsWith('下') ? 1 : 0;
      const quarter = Math.ceil(frame.month / 3) + next;
      end = ((quarter - 1) % 4) * 3 + 3;
      yr = frame.year + (quarter > 4 ? 1 : 0);
    } else {
      end = parseNumber(q!) * 3;
    }
    yr ??= frame.yearOf(end);
    add(match, iso(yr, end, lastDay(yr, end)), y !== undefined, 'month');
  }
  for (const match of has('季') ? clause.matchAll(seasonPattern) : []) {
    const [, y, relYear, season] = match;
    const { month: end, nextYear } = seasonEnds[season!]!;
    const written = frame.writtenYear(y, relYear);
    const yr = written !== undefined ? written + (nextYear ? 1 : 0) : frame.yearOf(end);
    add(match, iso(yr, end, lastDay(yr, end)), y !== undefined, 'month');
  }
  for (const match of /春节|元旦|五一|劳动节|国庆/.test(clause) ? clause.matchAll(festivalPattern) : []) {
    const [, y, relYear, festival] = match;
    const eve = festivalEves[festival!]!;
    const written = frame.writtenYear(y, relYear);
    const date =
      written !== undefined
        ? eve(written)
        : [frame.fromYear, frame.fromYear + 1, frame.fromYear + 2].map(eve).find((d) => d !== undefined && d >= frame.from);
    if (date) add(match, date, y !== undefined, 'day');
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

/** The first complete date written in the text: `2021年6月30日`, `2021-06-30`, `2021/6/30`, `2021.6.30`, `二〇二一年六月三十日`. */
export function findFullDate(text: string): string | undefined {
  return findDates(text, '0001-01-01').find((m) => m.explicitYear && m.precision === 'day')?.date;
}
