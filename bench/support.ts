/** What every benchmark shares: timing by median of interleaved runs, and one JSON line per figure. */
import { performance } from 'node:perf_hooks';

export interface Figure {
  bench: string;
  unit: string;
  value: number;
  baseline: string;
  baselineValue: number;
  ratio: number;
  aim?: string;
  [extra: string]: unknown;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (n: number, digits = 3) => Number(n.toFixed(digits));

/** Milliseconds of one call. */
export function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export function report(figure: Figure): void {
  process.stdout.write(JSON.stringify(figure) + '\n');
}

/** Reports a figure beside its baseline from the same run, with their ratio. */
export function reportBeside(
  what: { bench: string; unit: string; baseline: string; aim?: string; digits?: number },
  value: number,
  baselineValue: number,
  extra: Record<string, unknown> = {},
): void {
  const { digits = 3, ...named } = what;
  report({ ...named, value: round(value, digits), baselineValue: round(baselineValue, digits), ratio: round(value / baselineValue, 2), ...extra });
}
