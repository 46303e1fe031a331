import { describe, expect, it } from 'vitest';
import { civilTime, readTimeOfDay } from '../src/clock.ts';

describe('readTimeOfDay', () => {
  it.each([
    ['08:30', '08:30'],
    ['9:5', '09:05'],
    ['9：30', '09:30'],
    ['8点', '08:00'],
    ['8点半', '08:30'],
    ['8点5分', '08:05'],
    ['下午5点', '17:00'],
    ['晚上8点半', '20:30'],
    ['上午10点', '10:00'],
    ['每天 9点 开始', '09:00'],
    ['25:00', undefined],
    ['8:75', undefined],
    ['每天', undefined],
  ])('reads "%s" as %s', (text, time) => {
    expect(readTimeOfDay(text)).toBe(time);
  });
});

describe('civilTime', () => {
  // Read one after another, as a day of questions does: each quarter hour's offset is kept for the next reading.
  it.each([
    ['2021-07-01T01:00:00.999Z', 'Asia/Shanghai', '2021-07-01 09:00:00'],
    ['2021-07-01T15:59:59Z', 'Asia/Shanghai', '2021-07-01 23:59:59'],
    ['2021-07-01T16:00:00Z', 'Asia/Shanghai', '2021-07-02 00:00:00'],
    // New York springs forward at 02:00 local (07:00 UTC) and falls back at 02:00 (06:00 UTC).
    ['2021-03-14T06:59:59Z', 'America/New_York', '2021-03-14 01:59:59'],
    ['2021-03-14T07:00:00Z', 'America/New_York', '2021-03-14 03:00:00'],
    ['2021-11-07T05:59:59Z', 'America/New_York', '2021-11-07 01:59:59'],
    ['2021-11-07T06:00:00Z', 'America/New_York', '2021-11-07 01:00:00'],
    // Lord Howe Island moves by half an hour; Kathmandu is 5:45 ahead.
    ['2021-04-03T14:59:59Z', 'Australia/Lord_Howe', '2021-04-04 01:59:59'],
    ['2021-04-03T15:00:00Z', 'Australia/Lord_Howe', '2021-04-04 01:30:00'],
    ['2021-07-01T00:00:00Z', 'Asia/Kathmandu', '2021-07-01 05:45:00'],
    // Shanghai's local mean time before 1901, 8:05:43 ahead.
    ['1900-06-01T00:00:00Z', 'Asia/Shanghai', '1900-06-01 08:05:43'],
  ])('reads %s in %s as %s', (instant, timeZone, wall) => {
    const t = civilTime(new Date(instant), timeZone);
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(`${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`).toBe(wall);
    expect(civilTime(new Date(new Date(instant).getTime() + 1000), timeZone)).not.toEqual(t);
  });
});
