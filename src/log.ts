/** One structured log (pino, JSON lines on stderr): login, logout, errors, what was sent and skipped. */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: { app: 'duban' } }, destination);
}

export const silentLogger: Logger = pino({ level: 'silent' });
