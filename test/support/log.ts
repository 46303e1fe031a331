/** duban's real logger, writing its lines into memory, so that a test can read what would have been logged. */
import { type Logger, createLogger } from '../../src/log.ts';

export function memoryLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger('debug', { write: (line: string) => void lines.push(line) }), lines };
}
