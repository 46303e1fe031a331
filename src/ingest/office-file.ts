/**
 * Word and Excel files are zip packages. A password-protected one is not: Office encrypts the package into an OLE
 * compound file, the same container as a legacy .doc/.xls, and only the name of its `EncryptedPackage` stream tells
 * the two apart. Checked before a library opens the file, so the user hears which of them it is instead of a zip
 * error.
 */
import { UserError } from '../errors.ts';
import { entryBytes, inflatedLength, zipEntries } from './zip-size.ts';

export type OfficeKind = 'docx' | 'xlsx';

const zip = [0x50, 0x4b, 0x03, 0x04];
const compoundFile = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const encryptedStream = Buffer.from('EncryptedPackage', 'utf16le');

const names: Record<OfficeKind, { zh: string; en: string; legacy: string }> = {
  docx: { zh: 'Word 文档', en: 'a Word document', legacy: '.doc' },
  xlsx: { zh: 'Excel 工作簿', en: 'an Excel workbook', legacy: '.xls' },
};

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** The error for a package that cannot be opened: not a package at all, cut short, or damaged. */
export function corruptFile(kind: OfficeKind, cause: string): UserError {
  const name = names[kind];
  return new UserError(
    `文件已损坏或不是 ${name.zh}（${cause}），无法打开，没有导入任何内容`,
    `the file is damaged or not ${name.en} (${cause}); nothing was imported`,
  );
}

/** Refuses, with the reason, anything that is not an unencrypted .docx/.xlsx package. */
export function checkOfficePackage(bytes: Uint8Array, kind: OfficeKind): void {
  const name = names[kind];
  if (bytes.length === 0) throw new UserError('文件是空的，没有导入任何内容', 'the file is empty; nothing was imported');
  if (startsWith(bytes, compoundFile)) {
    if (Buffer.from(bytes).includes(encryptedStream)) {
      throw new UserError(
        `文件设有打开密码，请在 Office/WPS 中取消密码后另存，再导入；没有导入任何内容`,
        `the file is password-protected; remove the password in Office/WPS, save it and import again; nothing was imported`,
      );
    }
    throw new UserError(
      `这是旧版${name.legacy}文件，请另存为 .${kind} 再导入；没有导入任何内容`,
      `this is a legacy ${name.legacy} file; save it as .${kind} and import again; nothing was imported`,
    );
  }
  if (!startsWith(bytes, zip)) throw corruptFile(kind, 'no zip signature');
}

/**
 * The most a package may inflate to, all its parts together: a 100,000-row ledger comes to about a third of it; a
 * file past it is refused before a library inflates it into memory.
 */
export const maxInflatedBytes = 256 * 1024 * 1024;

const inMegabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function tooLarge(part: string, size: number | undefined): UserError {
  const which = size === undefined ? { zh: `其中 ${part} 解压后超出此限`, en: `${part} alone inflates past it` } : { zh: `其中 ${part} 为 ${inMegabytes(size)}`, en: `${part} is ${inMegabytes(size)}` };
  return new UserError(
    `文件过大：解压后超过 ${inMegabytes(maxInflatedBytes)}（${which.zh}），无法导入；请删去其中的图片等大的内容或拆成几个文件再导入。没有导入任何内容`,
    `the file is too large: it inflates to more than ${inMegabytes(maxInflatedBytes)} (${which.en}); remove pictures or other large content, or split it, and import again; nothing was imported`,
  );
}

/**
 * Refuses a package that would inflate past `maxInflatedBytes`: by the sizes it declares, then by inflating each
 * part as a stream and counting, since the declared sizes may lie. Nothing inflated is kept.
 */
export async function checkInflatedSize(bytes: Buffer, kind: OfficeKind): Promise<void> {
  const entries = zipEntries(bytes);
  if (!entries) throw corruptFile(kind, 'no zip directory');
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > maxInflatedBytes) {
    const largest = entries.reduce((a, b) => (b.size > a.size ? b : a));
    throw tooLarge(largest.name, largest.size);
  }
  let total = 0;
  for (const entry of entries) {
    total += await inflatedLength(bytes, entry, maxInflatedBytes - total);
    if (total > maxInflatedBytes) throw tooLarge(entry.name, undefined);
  }
}

/** A package's parts, each inflated only when its text is asked for. */
export interface OfficeParts {
  has(name: string): boolean;
  /** The part's text; undefined for a part the package does not have. */
  text(name: string): string | undefined;
}

/** The parts of a package whose size has been checked (`checkInflatedSize`). */
export function officeParts(bytes: Buffer, kind: OfficeKind): OfficeParts {
  const list = zipEntries(bytes);
  if (!list) throw corruptFile(kind, 'no zip directory');
  const entries = new Map(list.map((entry) => [entry.name, entry]));
  return {
    has: (name) => entries.has(name),
    text(name) {
      const entry = entries.get(name);
      if (!entry) return undefined;
      try {
        return entryBytes(bytes, entry, maxInflatedBytes).toString('utf8');
      } catch (error) {
        throw corruptFile(kind, `${name}: ${(error as Error).message}`);
      }
    },
  };
}
