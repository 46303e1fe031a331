import { describe, expect, it } from 'vitest';
import { describeWeekdays, isWeekdayField, readWeekdays } from '../src/weekdays.ts';

describe('weekdays', () => {
  it.each([
    ['每天', '0-6'],
    ['工作日', '1-5'],
    ['周一至周六', '1-6'],
    ['星期一到星期五', '1-5'],
    ['周一至周日', '1-7'],
    ['周一、三、五', '1,3,5'],
    ['周二和周四', '2,4'],
    ['周一三五', '1,3,5'],
    ['周一周三周五', '1,3,5'],
    ['周六日', '6,7'],
    ['工作日和周六', '1-6'],
    ['周一到周三', '1-3'],
    ['08:30', undefined],
  ])('reads "%s" as %s', (text, field) => {
    expect(readWeekdays(text)).toBe(field);
  });

  it.each([
    ['1-5', '每周一至周五'],
    ['0-6', '每天'],
    ['1-7', '每天'],
    ['1,3,5', '每周一、周三、周五'],
    ['6,0', '每周六、周日'],
  ])('says %s as %s', (field, said) => {
    expect(isWeekdayField(field)).toBe(true);
    expect(describeWeekdays(field)).toBe(said);
  });

  it('refuses fields it cannot read', () => {
    expect(isWeekdayField('5-1')).toBe(false);
    expect(isWeekdayField('周一')).toBe(false);
    expect(isWeekdayField('8')).toBe(false);
  });
});
