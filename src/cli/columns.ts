/** Text laid out in terminal columns, where a Chinese character takes two. */

export const columns = (text: string) => [...text].reduce((sum, char) => sum + (char.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);

export const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - columns(text)));
