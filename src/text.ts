/** Cutting text to fit a line or a message: counted in characters (code points), so Chinese is never cut in half. */

export function truncate(text: string, max: number): string {
  // Never longer in code points than in UTF-16 units: most text needs no counting.
  if (text.length <= max) return text;
  let kept = 0;
  let end = 0;
  for (const char of text) {
    if (kept === max) return `${text.slice(0, end)}…`;
    kept++;
    end += char.length;
  }
  return text;
}

/** Truncated, with the line breaks and spaces of report text taken out. */
export const clip = (text: string, max: number) => truncate(text.replace(/\s+/g, ''), max);

/**
 * Control characters (line breaks and tabs aside) and the invisible marks that reorder or hide text: bidi overrides
 * and isolates (a name that reads backwards), zero-width spaces and joiners, the byte-order mark.
 */
const invisible = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;

export const stripInvisible = (text: string) => text.replace(invisible, '');

/** Someone's words said back to them: on one line, without invisible characters, cut to `max` characters. */
export const echo = (text: string, max: number) => truncate(stripInvisible(text).replace(/\s+/g, ' ').trim(), max);
