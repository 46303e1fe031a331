import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { readImportFile } from '../../src/ingest/import-file.ts';
import { maxInflatedBytes } from '../../src/ingest/office-file.ts';
import { tempDir } from '../support/files.ts';
import { officeBomb } from '../support/office.ts';

async function refusal(kind: 'docx' | 'xlsx', bytes: Buffer): Promise<UserError> {
  const file = join(tempDir(), `报告.${kind}`);
  writeFileSync(file, bytes);
  const error = await readImportFile(file, { today: '2021-07-01' }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('an office file that inflates past the limit is refused before it is inflated', () => {
  const past = maxInflatedBytes + 16 * 1024 * 1024;

  it.each(['docx', 'xlsx'] as const)('a %s that says how large it is', async (kind) => {
    const bomb = await officeBomb(kind, past);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const part = kind === 'docx' ? 'word/document.xml' : 'xl/worksheets/sheet1.xml';
    const error = await refusal(kind, bomb);
    expect(error.zh).toBe(
      `报告.${kind}：文件过大：解压后超过 256 MB（其中 ${part} 为 272 MB），无法导入；请删去其中的图片等大的内容或拆成几个文件再导入。没有导入任何内容`,
    );
    expect(error.en).toContain('too large');
  });

  it.each(['docx', 'xlsx'] as const)('a %s that declares less than it holds', async (kind) => {
    const rss = process.memoryUsage().rss;
    const error = await refusal(kind, await officeBomb(kind, past, 4096));
    expect(error.zh).toContain('文件过大：解压后超过 256 MB');
    expect(error.zh).toContain('解压后超出此限');
    // Counted as it inflates, never held: far less than the part's size.
    expect(process.memoryUsage().rss - rss).toBeLessThan(maxInflatedBytes / 2);
  });
});
