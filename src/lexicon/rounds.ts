/** The words that open a report's second part: what was done since, what is still open, what comes next. */
export const laterPartHeadings = ['持续整改', '持续推进整改', '后续整改', '深化整改', '巩固整改成果', '整改回头看', '下一步', '下步'];

/** How a report names one of its earlier items: `第3项`, `第2、7项`, `第3个问题` (not `第3条`: an article of a rule). */
export const itemCounters = ['项', '个问题', '号问题'];
