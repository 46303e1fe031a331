import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/ingest/decode.ts';
import { UserError } from '../../src/errors.ts';
import { encodeGbk } from '../support/gbk.ts';

const sample = '一、公租房闲置问题整改不力\n整改情况：正在整改。';

describe('decodeText', () => {
  it('reads UTF-8, with or without a BOM', () => {
    expect(decodeText(Buffer.from(sample), 'a.txt')).toEqual({ text: sample, encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)]), 'a.txt').text).toBe(sample);
  });

  it('reads GBK as GB18030', () => {
    expect(decodeText(encodeGbk(sample), 'a.txt')).toEqual({ text: sample, encoding: 'gb18030' });
  });

  it('reads UTF-16 with a BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, 'utf16le')]);
    expect(decodeText(bytes, 'a.txt')).toEqual({ text: sample, encoding: 'utf-16le' });
  });

  it.each([
    ['an empty file', Buffer.alloc(0), '文件是空的'],
    ['blank lines', Buffer.from('\n \n'), '文件是空的'],
    ['binary data', Buffer.from([0x01, 0x02, 0x00, 0xff, 0x10]), '不是文本文件'],
    ['a .docx named .txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), '.docx'],
    ['a PDF', Buffer.from('%PDF-1.7\n'), 'PDF'],
    ['bytes in no known encoding', Buffer.from([0xc0, 0x80, 0xff, 0xfe, 0x81, 0x30, 0xff, 0x20, 0x85]), '无法识别文件编码'],
  ])('refuses %s with a message in both languages', (_, bytes, zh) => {
    try {
      decodeText(bytes, 'bad.txt');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).zh).toContain(zh);
      expect((error as UserError).zh).toContain('bad.txt');
      expect((error as UserError).en).toMatch(/bad\.txt: .+nothing was imported/);
    }
  });
});
