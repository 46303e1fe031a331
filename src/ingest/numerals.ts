/** Chinese numerals as reports write them: 一 … 十, 十二, 二十一, 〇/零 in years, 元 for the first month. */

const digits: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 元: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** `十二` → 12, `二十一` → 21, `一百零五` → 105, `12` → 12; NaN for anything else. */
export function parseNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let current = 0;
  let seen = false;
  for (const char of text) {
    if (char in digits) {
      current = digits[char]!;
      seen = true;
    } else if (char === '十') {
      total += (seen ? current : 1) * 10;
      current = 0;
      seen = false;
    } else if (char === '百') {
      total += (seen ? current : 1) * 100;
      current = 0;
      seen = false;
    } else {
      return Number.NaN;
    }
  }
  return total + current;
}

/** A year written digit by digit: `二〇二一` → 2021. */
export function parseDigitYear(text: string): number {
  if (/^\d{4}$/.test(text)) return Number(text);
  if (text.length !== 4) return Number.NaN;
  let year = 0;
  for (const char of text) {
    const digit = digits[char];
    if (digit === undefined) return Number.NaN;
    year = year * 10 + digit;
  }
  return year;
}

const digitNames = '〇一二三四五六七八九';

/** 12 → `十二`, 21 → `二十一`, 105 → `一百零五`: how Word's Chinese list numbers and our outline codes count. */
export function chineseNumeral(n: number): string {
  if (n < 10) return digitNames[n]!;
  if (n < 20) return '十' + (n % 10 ? digitNames[n % 10] : '');
  if (n < 100) return digitNames[Math.floor(n / 10)] + '十' + (n % 10 ? digitNames[n % 10] : '');
  const rest = n % 100;
  const tail = rest === 0 ? '' : rest < 10 ? '零' + digitNames[rest] : rest < 20 ? '一' + chineseNumeral(rest) : chineseNumeral(rest);
  return chineseNumeral(Math.floor(n / 100)) + '百' + tail;
}
