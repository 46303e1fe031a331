import { leadingWords, trailingWords } from '../lexicon/questions.ts';

/**
 * Words around a question that are not what it is about. They are only ever peeled off the ends of a phrase, never
 * cut from its middle: `专线项目进展缓慢` stays whole, `公租房整改了吗` becomes `公租房`.
 */
const peel = (words: string[], anchor: (alternatives: string) => RegExp) =>
  anchor([...words].sort((a, b) => b.length - a.length).join('|'));
const leading = peel(leadingWords, (words) => new RegExp(`^(?:${words})`));
const trailing = peel(trailingWords, (words) => new RegExp(`(?:${words})$`));

function peelPhrase(phrase: string): string {
  let text = phrase;
  for (let before = ''; before !== text; ) {
    before = text;
    text = text.replace(leading, '').replace(trailing, '');
  }
  return text;
}

/** The words a search should look for: each phrase of the question with its question words peeled off. */
export function searchTerms(text: string): string {
  return text
    .split(/[？?！!。，,、；;：:“”"'‘’（）()【】\s]+/)
    .map(peelPhrase)
    .join('');
}

