/**
 * All time in duban comes from one Clock, so that tests, dry runs (`--now`, `DUBAN_NOW`) and schedules agree.
 * Calendar questions ("which day is it?", "is it 09:00 yet?") are always asked in an explicit time zone, never the
 * process's own.
 */
import { UserError } from './errors.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Starts at `start` and runs at real speed: `--now` for a bot that keeps running. */
export function clockFrom(start: Date): Clock {
  const offset = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/**
 * The clock `make` gives, made when it is first asked the time: a command that never asks (`duban items`) pays
 * nothing for reading `--now` in a time zone.
 */
export function lazyClock(make: () => Clock): Clock {
  let clock: Clock | undefined;
  return { now: () => (clock ??= make()).now() };
}

/** Moves only when told to: tests. */
export class ManualClock implements Clock {
  #ms: number;

  constructor(start: Date | string) {
    this.#ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  set(instant: Date | string): void {
    this.#ms = new Date(instant).getTime();
  }

  advance(ms: number): void {
    this.#ms += ms;
  }
}

interface CivilTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading of an instant in a time zone, as the formatter gives it: slow, a few times a question. */
function formattedCivilTime(instant: Date, timeZone: string): CivilTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** How far a time zone's wall clock is ahead of UTC at the whole second of `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const second = Math.floor(ms / 1000) * 1000;
  const t = formattedCivilTime(new Date(second), timeZone);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - second;
}

/**
 * Time zones change their offset at most on the quarter hour: a zone's offset, measured at both ends of the quarter
 * hour an instant falls in, holds for every instant of it. Offsets are kept per zone and quarter hour (now's, and
 * those of the updates a list shows).
 */
const quarterMs = 15 * 60_000;
const quartersKept = 1000;
const offsets = new Map<string, number>();

function offsetIn(ms: number, timeZone: string): number | undefined {
  const quarter = Math.floor(ms / quarterMs);
  const key = `${timeZone} ${quarter}`;
  const kept = offsets.get(key);
  if (kept !== undefined) return kept;
  const start = offsetAt(quarter * quarterMs, timeZone);
  if (offsetAt((quarter + 1) * quarterMs - 1, timeZone) !== start) return undefined;
  if (offsets.size >= quartersKept) offsets.clear();
  offsets.set(key, start);
  return start;
}

/** The wall-clock reading of an instant in a time zone. */
export function civilTime(instant: Date, timeZone: string): CivilTime {
  const ms = instant.getTime();
  const offset = Number.isFinite(ms) && ms >= yearOneHundred ? offsetIn(ms, timeZone) : undefined;
  if (offset === undefined) return formattedCivilTime(instant, timeZone);
  const wall = new Date(ms + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** `Date.UTC` reads years below 100 as 19xx: instants before are left to the formatter. */
const yearOneHundred = Date.UTC(100, 0, 1) + 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of an instant in a time zone. */
export function dateIn(instant: Date, timeZone: string): string {
  const t = civilTime(instant, timeZone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
}

/** `HH:MM` of an instant in a time zone. */
export function timeIn(instant: Date, timeZone: string): string {
  const t = civilTime(instant, timeZone);
  return `${pad(t.hour)}:${pad(t.minute)}`;
}

/** The instant at which the wall clock in `timeZone` reads the given civil time. */
export function instantAt(civil: CivilTime, timeZone: string): Date {
  const asUtc = Date.UTC(civil.year, civil.month - 1, civil.day, civil.hour, civil.minute, civil.second);
  let guess = asUtc;
  for (let i = 0; i < 3; i++) {
    const seen = civilTime(new Date(guess), timeZone);
    const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second);
    const drift = seenAsUtc - asUtc;
    if (drift === 0) break;
    guess -= drift;
  }
  return new Date(guess);
}

/**
 * A time of day as people write it, as HH:MM: `08:30`, `9:5`, `8点半`, `8点5分`, `下午6点`; undefined when the text
 * holds no time or an impossible one (`25:00`).
 */
export function readTimeOfDay(text: string): string | undefined {
  const said = /(上午|早上|早晨|中午|下午|傍晚|晚上)?\s*(\d{1,2})\s*(?:[:：]\s*(\d{1,2})(?!\d)|点\s*(?:(半)|(\d{1,2})\s*分?)?)/.exec(text);
  if (!said) return undefined;
  const afternoon = said[1] !== undefined && /下午|傍晚|晚上/.test(said[1]);
  const hour = Number(said[2]) + (afternoon && Number(said[2]) < 12 ? 12 : 0);
  const minute = said[4] ? 30 : Number(said[3] ?? said[5] ?? 0);
  return hour < 24 && minute < 60 ? `${pad(hour)}:${pad(minute)}` : undefined;
}

/** The instant a calendar date (YYYY-MM-DD) begins in a time zone. */
export function startOfDay(date: string, timeZone: string): Date {
  return instantAt({ year: +date.slice(0, 4), month: +date.slice(5, 7), day: +date.slice(8, 10), hour: 0, minute: 0, second: 0 }, timeZone);
}

const instantPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads `--now` / `DUBAN_NOW`: ISO-8601 with or without an offset. Without one, the time is read in `timeZone`, so
 * `2021-07-01T09:00` means nine in the morning where the users are.
 */
export function parseInstant(text: string, timeZone: string): Date {
  const match = instantPattern.exec(text.trim());
  if (!match) {
    throw new UserError(`无法识别的时间"${text}"，请用 ISO-8601 格式，例如 2021-07-01T09:00`, `Cannot read the time "${text}"; use ISO-8601, e.g. 2021-07-01T09:00`);
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = match;
  const civil = { year: +y!, month: +mo!, day: +d!, hour: +h, minute: +mi, second: +s };
  const instant = zone ? new Date(text.trim().replace(' ', 'T')) : instantAt(civil, timeZone);
  if (Number.isNaN(instant.getTime()) || civil.month < 1 || civil.month > 12 || civil.day < 1 || civil.day > 31) {
    throw new UserError(`无效的时间"${text}"`, `Invalid time "${text}"`);
  }
  return instant;
}

const dayMs = 86_400_000;
const utcDay = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));

/** Calendar days from `from` to `to` (both YYYY-MM-DD): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcDay(to) - utcDay(from)) / dayMs);
}

/** The calendar date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(utcDay(date) + days * dayMs).toISOString().slice(0, 10);
}

/** `2021-06-30`, a day that exists: not `2021-13-01`, not `2021-02-30`. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** 0 for Sunday to 6 for Saturday, of a calendar date (YYYY-MM-DD). */
export function weekdayOf(date: string): number {
  return new Date(utcDay(date)).getUTCDay();
}
