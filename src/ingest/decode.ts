/**
 * Bytes to text for a plain-text report. Chinese government files are often GB18030/GBK rather than UTF-8; we try
 * UTF-8 first (it is strict: GBK bytes almost never pass), then GB18030, and refuse anything that is not text
 * instead of importing mojibake.
 */
import { UserError } from '../errors.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

const signatures: { bytes: number[]; zh: string; en: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], zh: '这是一个压缩包或 Office 文件（.docx/.xlsx），请用正确的扩展名', en: 'this is a zip or Office file (.docx/.xlsx); give it the right extension' },
  { bytes: [0x25, 0x50, 0x44, 0x46], zh: '这是 PDF 文件，请先另存为文本或 Word 文档', en: 'this is a PDF; save it as text or a Word document first' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], zh: '这是旧版 Word/Excel 文件（.doc/.xls），请另存为 .docx/.xlsx', en: 'this is a legacy .doc/.xls file; save it as .docx/.xlsx' },
];

function tryDecode(bytes: Uint8Array, encoding: TextEncoding): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const plausibleRuns = /[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF\u2010-\u206F\x20-\x7E\t\n\r①-⑳]+/gu;
const surrogatePairs = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Most of what a Chinese report holds: Han characters, CJK and full-width punctuation, ASCII. */
function looksLikeText(text: string): boolean {
  const total = text.length - (text.match(surrogatePairs)?.length ?? 0);
  const implausible = [...text.replace(plausibleRuns, '')].length;
  return total > 0 && (total - implausible) / total >= 0.95;
}

export function decodeText(bytes: Uint8Array, fileName: string): DecodedText {
  const fail = (zh: string, en: string): never => {
    throw new UserError(`${fileName}：${zh}，没有导入任何内容`, `${fileName}: ${en}; nothing was imported`);
  };
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    fail('文件是空的', 'the file is empty');
  }
  for (const signature of signatures) {
    if (signature.bytes.every((b, i) => bytes[i] === b)) fail(signature.zh, signature.en);
  }

  let decoded: DecodedText | undefined;
  let looked = false;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryDecode(bytes.subarray(3), 'utf-8');
    if (text !== undefined) decoded = { text, encoding: 'utf-8' };
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = tryDecode(bytes.subarray(2), 'utf-16le');
    if (text !== undefined) decoded = { text, encoding: 'utf-16le' };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = tryDecode(bytes.subarray(2), 'utf-16be');
    if (text !== undefined) decoded = { text, encoding: 'utf-16be' };
  } else if (bytes.includes(0)) {
    fail('这不是文本文件（含有二进制数据）', 'this is not a text file (it holds binary data)');
  } else {
    for (const encoding of ['utf-8', 'gb18030'] as const) {
      const text = tryDecode(bytes, encoding);
      if (text !== undefined && looksLikeText(text)) {
        decoded = { text, encoding };
        looked = true;
        break;
      }
    }
  }
  if (!decoded || (!looked && !looksLikeText(decoded.text))) {
    return fail('无法识别文件编码（支持 UTF-8、GB18030/GBK、带 BOM 的 UTF-16）', 'cannot read the encoding (UTF-8, GB18030/GBK and UTF-16 with a BOM are supported)');
  }
  return decoded;
}
