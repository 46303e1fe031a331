import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedPages, installed, render, writeSeedReport } from '../../scripts/render-report.ts';
import { tempDir } from '../support/files.ts';

const tools = ['soffice', 'pdfinfo', 'pdftoppm'].filter((program) => !installed(program));

describe('the progress report, rendered', () => {
  // LibreOffice and poppler come from Debian's packages and may be absent in CI: then this is skipped, saying why.
  it.skipIf(tools.length > 0)(
    `renders seed 003's .docx to as many A4 pages as 22 lines of 28 characters make${tools.length ? ` (skipped: ${tools.join(', ')} not installed)` : ''}`,
    async () => {
      const dir = tempDir();
      const { docx, txt } = writeSeedReport(dir);
      const { pages, pngs } = render(docx, dir);
      const expected = expectedPages(readFileSync(txt, 'utf8'));
      expect(pngs).toHaveLength(pages);
      expect(pages).toBeGreaterThanOrEqual(Math.floor(expected * 0.85));
      expect(pages).toBeLessThanOrEqual(Math.ceil(expected * 1.2));
      // A4 portrait at 60 dpi: about 496 × 702 pixels.
      const png = readFileSync(pngs[0]!);
      const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(Math.abs(width - 496)).toBeLessThanOrEqual(2);
      expect(Math.abs(height - 702)).toBeLessThanOrEqual(2);
    },
  );
});
