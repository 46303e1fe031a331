/**
 * Word and Excel files are zip packages. A password-protected one is not: Office encrypts the package into an OLE
 * compound file, the same container as a legacy .doc/.xls, and only the name of its `EncryptedPackage` stream tells
 * the two apart. Checked before a library opens the file, so the user hears which of them it is instead of a zip
 * error.
 */
import { UserError } from '../errors.ts';

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
