/** Weekdays as a binding stores them (cron's day-of-week field) and as people say them. */

export const weekdayNames = ['日', '一', '二', '三', '四', '五', '六'];

/** `1-5`, `1,3,5`, `0-6`: weekdays as cron writes them, 0 for Sunday. */
export function weekdaysOf(field: string): Set<number> {
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const [from, to = from] = part.split('-').map(Number);
    for (let d = from!; d <= to!; d++) days.add(d % 7);
  }
  return days;
}

const weekdayField = /^[0-7](?:-[0-7])?(?:,[0-7](?:-[0-7])?)*$/;

/** Whether a weekdays field is one `weekdaysOf` reads: cron's day-of-week numbers, lists and rising ranges. */
export function isWeekdayField(field: string): boolean {
  return weekdayField.test(field) && field.split(',').every((part) => {
    const [from, to = from] = part.split('-').map(Number);
    return from! <= to!;
  });
}

/** `每周一至周五`, `每天`, `每周一、周三、周五`: the weekdays as people say them. */
export function describeWeekdays(field: string): string {
  const mondayFirst = [1, 2, 3, 4, 5, 6, 0];
  const days = mondayFirst.filter((d) => weekdaysOf(field).has(d));
  if (days.length === 7) return '每天';
  const name = (d: number) => `周${weekdayNames[d]}`;
  const run = days.length >= 3 && mondayFirst.indexOf(days.at(-1)!) - mondayFirst.indexOf(days[0]!) === days.length - 1;
  return `每${run ? `${name(days[0]!)}至${name(days.at(-1)!)}` : days.map(name).join('、')}`;
}

const dayNumber: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 0, 天: 0, 七: 0 };

/**
 * Weekdays as people write them, as a binding stores them: `每天` `0-6`, `工作日` `1-5`, `周一至周六` `1-6`,
 * `周一、三、五` and `周一三五` `1,3,5`, `工作日和周六` `1-6`; undefined when the text names no weekdays.
 */
export function readWeekdays(text: string): string | undefined {
  if (/每天|天天|每日/.test(text)) return '0-6';
  // Monday first, Sunday as 7, so that 周一至周日 and 周六日 read as runs.
  const days = new Set<number>();
  if (/工作日/.test(text)) [1, 2, 3, 4, 5].forEach((d) => days.add(d));
  for (const range of text.matchAll(/(?:周|星期|礼拜)([一二三四五六日天])\s*(?:至|到|-|~|～|—)\s*(?:周|星期|礼拜)?([一二三四五六日天])/g)) {
    const from = dayNumber[range[1]!]! || 7;
    const to = dayNumber[range[2]!]! || 7;
    for (let d = from; d <= to; d++) days.add(d);
  }
  for (const listed of text.matchAll(/(?:周|星期|礼拜)[一二三四五六日天](?:\s*[、,，和及]?\s*(?:周|星期|礼拜)?[一二三四五六日天])*/g)) {
    for (const day of listed[0].matchAll(/[一二三四五六日天]/g)) days.add(dayNumber[day[0]]! || 7);
  }
  if (!days.size) return undefined;
  const sorted = [...days].sort((a, b) => a - b);
  const run = sorted.length >= 3 && sorted.at(-1)! - sorted[0]! === sorted.length - 1;
  return run ? `${sorted[0]}-${sorted.at(-1)}` : sorted.join(',');
}
