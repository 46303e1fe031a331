/**
 * Looks at the progress report as a person would: seed 003 imported into a fresh database, its report written as a
 * .docx by the real `duban` command, converted to PDF by LibreOffice and to PNG pages by pdftoppm (both from Debian:
 * `apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk`). Prints where the pages are, how many
 * there are and how many GB/T 9704's 22 lines of 28 characters make us expect.
 *
 * Usage: npm run render-report [-- OUT_DIR]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { samples } from '../src/ingest/samples.ts';
import { paragraphsOf } from '../src/ingest/text-report.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Whether a program is on PATH. */
export function installed(program: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function duban(args: string[]): string {
  return execFileSync(process.execPath, [join(root, 'bin/duban.js'), ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DUBAN_NOW: '2021-07-01T09:00' },
    encoding: 'utf8',
  });
}

/** Seed 003's report, as .docx and as text, in `dir`. */
export function writeSeedReport(dir: string): { docx: string; txt: string } {
  const db = join(dir, 'duban.db');
  duban(['import', samples['003'].file, '--db', db, '--ledger', samples['003'].ledger]);
  const docx = join(dir, '整改情况公布.docx');
  const txt = join(dir, '整改情况公布.txt');
  duban(['report', '--format', 'docx', '--out', docx, '--db', db]);
  duban(['report', '--format', 'txt', '--out', txt, '--db', db]);
  return { docx, txt };
}

/** The .docx as PDF and PNG pages; pages counted by pdfinfo. */
export function render(docx: string, dir: string): { pdf: string; pngs: string[]; pages: number } {
  // A profile of its own, so a LibreOffice already running (or a read-only home) does not get in the way.
  const profile = `file://${mkdtempSync(join(tmpdir(), 'duban-lo-'))}`;
  execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'ignore', timeout: 180_000 });
  const pdf = docx.replace(/\.docx$/, '.pdf');
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(dir, 'page')]);
  const pngs = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f)).sort().map((f) => join(dir, f));
  return { pdf, pngs, pages };
}

/**
 * Pages the text should fill in a GB/T 9704 layout: 28 characters a line (a Latin letter or digit is half of one),
 * 22 lines a page, every paragraph starting a line and indented two characters; the title takes two body lines.
 */
export function expectedPages(text: string): number {
  const width = (s: string) => [...s].reduce((sum, c) => sum + (c.charCodeAt(0) < 0x2e80 ? 0.5 : 1), 0);
  const [, ...body] = paragraphsOf(text);
  const lines = 2 + 1 + body.reduce((sum, p) => sum + Math.ceil((width(p) + 2) / 28), 0) + 1;
  return lines / 22;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const program of ['soffice', 'pdfinfo', 'pdftoppm']) {
    if (!installed(program)) {
      console.error(`${program} 未安装：apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk`);
      process.exit(1);
    }
  }
  const dir = resolve(process.argv[2] ?? mkdtempSync(join(tmpdir(), 'duban-render-')));
  mkdirSync(dir, { recursive: true });
  const { docx, txt } = writeSeedReport(dir);
  const { pdf, pngs, pages } = render(docx, dir);
  console.log(JSON.stringify({ docx, pdf, pages, expectedPages: Number(expectedPages(readFileSync(txt, 'utf8')).toFixed(1)), pngs }, null, 2));
}
