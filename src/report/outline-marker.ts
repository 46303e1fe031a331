/**
 * A code segment as a report writes it before a heading: `一` → `一、`, `4` → `4、`, `(一)` → `（一）`, `(1)` → `（1）`,
 * `三是` and `①` as they are. The importer reads each of these back as the same segment.
 */
export function outlineMarker(segment: string): string {
  const bracketed = /^\((.+)\)$/.exec(segment);
  if (bracketed) return `（${bracketed[1]}）`;
  if (/是$/.test(segment) || /^[①-⑳]$/.test(segment)) return segment;
  return `${segment}、`;
}

/** A section's or an item's heading as the report writes it: the marker of its own (last) code segment, then its title. */
export const outlineHeading = (code: string, title: string) => `${outlineMarker(code.split('/').at(-1)!)}${title}`;
