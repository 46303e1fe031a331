/**
 * The shape every command-line command has, and what it is given to run: settings, the clock, the database and an
 * output. Commands are thin: they parse their arguments and call the same code the bot uses.
 */
import type { ParseArgsConfig } from 'node:util';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../ledger/db.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

export interface CommandContext {
  config: Config;
  clock: Clock;
  /** Opened on first use, so `--help` and argument errors never touch the file. */
  db(): Db;
  json: boolean;
  print(text: string): void;
  /** stderr: what is said about the output rather than the output itself. */
  note(text: string): void;
  /** What the user types: the demo reads it. */
  input: NodeJS.ReadableStream;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options: Options;
  /** How many positional arguments it takes: [least, most]. */
  positionals: [number, number];
  /** Only reads a ledger: a database that does not exist yet is an error, not a new empty file. */
  readsLedger?: true;
  /** The command's own module, imported when it is chosen. */
  load(): Promise<{ run: Run }>;
}

export type Run = (context: CommandContext, values: Values, positionals: string[]) => void | Promise<void>;
