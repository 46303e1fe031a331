/**
 * Words around a question that are not what it is about. They are only ever peeled off the ends of a phrase, never
 * cut from its middle: `专线项目进展缓慢` stays whole, `公租房整改了吗` becomes `公租房`.
 */
const leadingWords = [
  '我想知道', '想问一下', '请问一下', '请问', '查询', '查一下', '查查', '看看', '看一下', '帮我', '关于', '现在', '目前',
  '最新', '那个', '这个', '有哪些', '哪些是', '哪些', '还有',
];
const trailingWords = [
  '整改到哪一步了', '到哪一步了', '到哪一步', '到什么程度了', '到什么程度', '进展如何', '进展怎么样', '办得怎么样',
  '怎么样了', '怎么样', '如何了', '如何', '什么情况', '进展情况', '整改情况', '情况如何', '有进展吗', '有没有进展',
  '完成了吗', '完成没有', '完成没', '办完了吗', '解决了吗', '落实了吗', '收了吗', '交了吗', '是谁负责的', '谁负责的',
  '由谁负责', '谁负责', '有哪些', '哪些', '有几项', '几项', '多少项', '多少', '什么', '一下', '现在', '目前', '最新', '的事情', '的事', '事项', '进展', '情况',
  '状态', '问题', '进度', '整改', '没有', '吗', '呢', '啊', '呀', '吧', '了', '的', '还',
];
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

