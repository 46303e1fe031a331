import { describe, expect, it } from 'vitest';
import { readTimeOfDay } from '../src/clock.ts';

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
