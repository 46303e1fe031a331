/** The file a command writes (`--out`): checked before any work is done, written whole or not at all. */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { UserError } from '../errors.ts';

/** `--out`, required, ending in one of the extensions given, in a folder that exists. */
export function outputPath(value: unknown, extensions: string[]): string {
  const path = typeof value === 'string' ? value : '';
  if (!path) {
    throw new UserError(`请用 --out 指定输出文件（扩展名 ${extensions.join('、')}）`, `Name the output file with --out (${extensions.join(', ')})`);
  }
  const extension = extname(path).toLowerCase();
  if (!extensions.includes(extension)) {
    throw new UserError(
      `输出文件的扩展名应为 ${extensions.join('、')}，而不是"${extension || '（无）'}"：${path}`,
      `The output file must end in ${extensions.join(', ')}, not "${extension}": ${path}`,
    );
  }
  if (!existsSync(dirname(resolve(path)))) {
    throw new UserError(`文件夹 ${dirname(resolve(path))} 不存在，请先建好或换一个位置`, `The folder ${dirname(resolve(path))} does not exist`);
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
