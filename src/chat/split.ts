/** Splits a message under WeChat's size limit, at line boundaries where it can, keeping the order. */

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** A line longer than the limit on its own is cut between characters, after punctuation where there is some. */
function cutLine(line: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (utf8(rest) > maxBytes) {
    const chars = [...rest];
    let bytes = 0;
    let end = 0;
    let lastPunctuation = 0;
    for (; end < chars.length; end++) {
      bytes += utf8(chars[end]!);
      if (bytes > maxBytes) break;
      if (/[。；;，,！!？?、]/.test(chars[end]!)) lastPunctuation = end + 1;
    }
    const cut = lastPunctuation > end / 2 ? lastPunctuation : end;
    pieces.push(chars.slice(0, cut).join(''));
    rest = chars.slice(cut).join('');
  }
  if (rest) pieces.push(rest);
  return pieces;
}

export function splitMessage(text: string, maxBytes: number): string[] {
  if (utf8(text) <= maxBytes) return [text];
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n').flatMap((l) => (utf8(l) > maxBytes ? cutLine(l, maxBytes) : [l]))) {
    const next = current ? `${current}\n${line}` : line;
    if (utf8(next) > maxBytes) {
      if (current) parts.push(current);
      current = line;
    } else {
      current = next;
    }
  }
  if (current) parts.push(current);
  return parts;
}
