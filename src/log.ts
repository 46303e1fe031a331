/**
 * One structured log (pino) on stderr: login, logout, errors, what was sent and skipped. A person watching a
 * terminal gets readable lines; anything else (a service manager, a file) gets JSON lines.
 */
import pino from 'pino';
import pretty from 'pino-pretty';

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const stream =
    destination ??
    (process.stderr.isTTY ? pretty({ destination: 2, colorize: true, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss', ignore: 'pid,hostname,app' }) : pino.destination(2));
  return pino({ level, base: { app: 'duban' } }, stream);
}

export const silentLogger: Logger = pino({ level: 'silent' });
