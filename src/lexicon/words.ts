/** Word lists into patterns: longest first, so `整改到位` wins over `整改`. */
const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const alternation = (words: readonly string[]) => `(?:${[...words].sort((a, b) => b.length - a.length).map(escape).join('|')})`;
