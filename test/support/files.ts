import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const seeds = {
  '000': join(root, 'data/samples/000_5c118598706826d0.txt'),
  '003': join(root, 'data/samples/003_cf95e3e12b08fb36.txt'),
};

export interface GoldItem {
  code: string;
  mentions: string;
  status: string | string[];
  longTerm: boolean;
  deadlines: string[];
}

export function gold(seed: keyof typeof seeds): { reportDate: string | null; items: GoldItem[] } {
  return JSON.parse(readFileSync(join(root, `test/fixtures/seed-${seed}.gold.json`), 'utf8'));
}

export const seedText = (seed: keyof typeof seeds) => readFileSync(seeds[seed], 'utf8');

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder for this test, removed after it. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'duban-test-'));
  made.push(dir);
  return dir;
}
