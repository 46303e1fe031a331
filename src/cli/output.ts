/** The file a command writes (`--out`): checked before any work is done, written whole or not at all. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { UserError } from '../errors.ts';

/** `--out`, required, ending in one of the extensions given. */
export function outputPath(value: unknown, extensions: string[]): string {
  const path = typeof value === 'string' ? value : '';
  if (!extensions.includes(extname(path).toLowerCase())) {
    throw new UserError(`请用 --out 指定输出文件（扩展名 ${extensions.join('、')}）`, `Name the output file with --out (${extensions.join(', ')})`);
  }
  return path;
}

/** Written beside the target and renamed over it, so a failed write leaves no half a file where the user looks. */
export function writeOutput(path: string, bytes: Buffer | string): void {
  const partial = `${path}.partial`;
  try {
    writeFileSync(partial, bytes);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new UserError(`无法写入 ${path}：${(error as Error).message}`, `Cannot write ${path}: ${(error as Error).message}`);
  }
}
