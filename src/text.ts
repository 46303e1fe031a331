/** Cutting text to fit a line or a message: counted in characters (code points), so Chinese is never cut in half. */

export const truncate = (text: string, max: number) => ([...text].length > max ? [...text].slice(0, max).join('') + '…' : text);

/** Truncated, with the line breaks and spaces of report text taken out. */
export const clip = (text: string, max: number) => truncate(text.replace(/\s+/g, ''), max);
