/** Item codes as people type them: `一/3`, `一／4／三是`, `二/1/（1）`, `三/3/(1)`, and `二、3` for `二/3`. */
import { parseNumber } from '../ingest/numerals.ts';
import type { Db } from '../ledger/db.ts';
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

export function findCodes(text: string): string[] {
  const written = [...text.matchAll(codePattern)].map((m) => normalizeCode(m[0]));
  const headings = [...text.matchAll(headingPattern)].map((m) => `${m[1]}/${m[2]}`);
  return [...new Set([...written, ...headings])];
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
  const key = codeKey(code);
  const ids = itemCodes(db, ledgerId)
    .filter((row) => codeKey(row.code) === key)
    .map((row) => row.id);
  return ids.length === 1 ? listItems(db, ledgerId, ids)[0] : undefined;
}
