/**
 * How big a zip package (.docx, .xlsx) becomes once inflated, found before any library inflates it: a file of 300 KB
 * can inflate to gigabytes and take the process's memory with it. The sizes the package declares are read from its
 * central directory and added up; since a package may declare less than it holds, each entry is then inflated as a
 * stream, counted and thrown away, and stopped as soon as it passes what it declared.
 */
import { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Where the entry's data begins in the file. */
  dataStart: number;
}

const endOfDirectory = 0x06054b50;
const directoryEntry = 0x02014b50;
const localHeader = 0x04034b50;
const zip64Extra = 0x0001;
const unknown = 0xffffffff;

/** The entries of the package's central directory; undefined when it has none that can be read. */
export function zipEntries(bytes: Buffer): ZipEntry[] | undefined {
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === endOfDirectory) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== directoryEntry) return undefined;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    let compressedSize = bytes.readUInt32LE(at + 20);
    let size = bytes.readUInt32LE(at + 24);
    let offset = bytes.readUInt32LE(at + 42);
    // Zip64 keeps the sizes that do not fit 32 bits in an extra field, in this order, only those marked unknown.
    const extra = bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    for (let e = 0; e + 4 <= extra.length; e += 4 + extra.readUInt16LE(e + 2)) {
      if (extra.readUInt16LE(e) !== zip64Extra) continue;
      let field = e + 4;
      const next = () => {
        const value = Number(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (size === unknown) size = next();
      if (compressedSize === unknown) compressedSize = next();
      if (offset === unknown) offset = next();
    }
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    if (offset + 30 > bytes.length || bytes.readUInt32LE(offset) !== localHeader) return undefined;
    const dataStart = offset + 30 + bytes.readUInt16LE(offset + 26) + bytes.readUInt16LE(offset + 28);
    entries.push({ name, method: bytes.readUInt16LE(at + 10), compressedSize, size, dataStart });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates a deflated entry without keeping it, stopping once it passes `limit` bytes; the bytes it came to. */
export async function inflatedLength(bytes: Buffer, entry: ZipEntry, limit: number): Promise<number> {
  if (entry.method !== 8) return entry.compressedSize;
  const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  const inflate = createInflateRaw();
  let length = 0;
  try {
    for await (const chunk of Readable.from([data]).pipe(inflate)) {
      length += (chunk as Buffer).length;
      if (length > limit) break;
    }
  } catch {
    // A damaged stream is the library's to report; what it came to so far is what counts here.
  } finally {
    inflate.destroy();
  }
  return length;
}

/** An entry's bytes, inflated (at most `limit` of them); throws on a method it does not know or a damaged stream. */
export function entryBytes(bytes: Buffer, entry: ZipEntry, limit: number): Buffer {
  const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: limit });
  throw new Error(`compression method ${entry.method}`);
}
