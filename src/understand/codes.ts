/** Item codes as people type them: `一/3`, `一／4／三是`, `二/1/（1）`, `三/3/(1)`, and `二、3` for `二/3`. */
import { parseNumber } from '../ingest/numerals.ts';
import type { Db } from '../ledger/db.ts';
import { keptUntilChange } from '../ledger/generation.ts';
import { findItemByCode, itemCodes, listItems } from '../ledger/items.ts';
import type { Item } from '../ledger/types.ts';

const numeral = '[一二三四五六七八九十百]+';
const segment = `(?:${numeral}是|[(（](?:${numeral}|\\d{1,3})[)）]|${numeral}|\\d{1,3})`;
/** A code as typed, for building patterns around it. */
export const codeSource = `${segment}(?:\\s*[/／]\\s*${segment})+(?:#\\d+)?`;
export const codePattern = new RegExp(codeSource, 'g');

/** Full-width slashes and brackets folded, spaces removed: the form codes are stored in. */
export function normalizeCode(code: string): string {
  return code.replace(/／/g, '/').replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '');
}

/** `二、3`, as in the report's own headings `二、` and `3、`. */
const headingPattern = new RegExp(`(${numeral})、\\s*(\\d{1,3})(?!\\d)`, 'g');
/** `二、3` as typed, to take out of a note. */
export const headingCodePattern = headingPattern;

/** `2-3`, `二-3`: a section and an item, as people type them on a phone. */
const dashPattern = /(?<![\d\-－—./])([一二三四五六七八九十]|\d{1,2})\s*[-－—]\s*(\d{1,2})(?![\d\-－—./%％万元])/g;
const ordinal = '第?\\s*([一二三四五六七八九十]+|\\d{1,2})\\s*';
/** `第二部分第三条`, `第三部分第3个问题`, `第一部分第七条第二个`: sections and items counted in words. */
const ordinalPattern = new RegExp(
  `${ordinal}(?:部分|大项|大类|方面|章)[，,\\s]*${ordinal}(?:条|项|个|点|小项|小节)(?:问题)?(?:[，,\\s]*${ordinal}(?:条|项|个|点|小项))?`,
  'g',
);

export function findCodes(text: string): string[] {
  const written = [...text.matchAll(codePattern)].map((m) => normalizeCode(m[0]));
  const headings = [...text.matchAll(headingPattern)].map((m) => `${m[1]}/${m[2]}`);
  const dashed = [...text.matchAll(dashPattern)].map((m) => `${m[1]}/${m[2]}`);
  const counted = [...text.matchAll(ordinalPattern)].map((m) => [m[1], m[2], m[3]].filter(Boolean).join('/'));
  return [...new Set([...written, ...headings, ...dashed, ...counted])];
}

/**
 * A code with its writing taken out, to match one typed differently from the report: `一/3/1` for `一/3/(1)`,
 * `2/3` for `二/3`, `一/4/3` for `一/4/三是`.
 */
export function codeKey(code: string): string {
  return normalizeCode(code)
    .replace(/#\d+$/, '')
    .split('/')
    .map((segment) => {
      const bare = segment.replace(/[()]/g, '').replace(/是$/, '');
      const number = parseNumber(bare);
      return Number.isNaN(number) ? bare : String(number);
    })
    .join('/');
}

/** The item a code names, as a person types it: exactly, or loosely (`2/3` for `二/3`) when only one item fits. */
export function itemByCode(db: Db, ledgerId: number, code: string): Item | undefined {
  const exact = findItemByCode(db, ledgerId, code);
  if (exact) return exact;
  const ids = codesByKey(db, ledgerId).get(codeKey(code)) ?? [];
  return ids.length === 1 ? listItems(db, ledgerId, ids)[0] : undefined;
}

/** The ledger's item ids by the loose form of their codes, kept until it changes: a miss reads no codes again. */
const codesByKey = (db: Db, ledgerId: number): Map<string, number[]> =>
  keptUntilChange(db, ledgerId, 'codes by key', () => {
    const byKey = new Map<string, number[]>();
    for (const row of itemCodes(db, ledgerId)) {
      const key = codeKey(row.code);
      const ids = byKey.get(key);
      if (ids) ids.push(row.id);
      else byKey.set(key, [row.id]);
    }
    return byKey;
  });
