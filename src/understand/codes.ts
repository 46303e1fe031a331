/** Item codes as people type them: `一/3`, `一／4／三是`, `二/1/（1）`, `三/3/(1)`. */

const numeral = '[一二三四五六七八九十百]+';
const segment = `(?:${numeral}是|[(（](?:${numeral}|\\d{1,3})[)）]|${numeral}|\\d{1,3})`;
const codePattern = new RegExp(`${segment}(?:\\s*[/／]\\s*${segment})+(?:#\\d+)?`, 'g');

/** Full-width slashes and brackets folded, spaces removed: the form codes are stored in. */
export function normalizeCode(code: string): string {
  return code.replace(/／/g, '/').replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '');
}

export function findCodes(text: string): string[] {
  return [...new Set([...text.matchAll(codePattern)].map((m) => normalizeCode(m[0])))];
}
