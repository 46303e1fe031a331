/**
 * One structured log (pino) on stderr: login, logout, errors, what was sent and skipped. A person watching a
 * terminal gets readable lines; anything else (a service manager, a file) gets JSON lines.
 */
import { createRequire } from 'node:module';
import pino from 'pino';
import type PinoPretty from 'pino-pretty';

/** pino-pretty is loaded only for a terminal: a service, a file and every test do without it. */
const loadPretty = () => createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const stream =
    destination ??
    (process.stderr.isTTY ? loadPretty()({ destination: 2, colorize: true, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss', ignore: 'pid,hostname,app' }) : pino.destination(2));
  return pino({ level, base: { app: 'duban' } }, stream);
}

export const silentLogger: Logger = pino({ level: 'silent' });
