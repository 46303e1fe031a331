/**
 * The dependency rules of DESIGN.md's Layout, read from the import lines of every file under src/: a stage depends
 * only on stages before it, and only the runtime knows which channels there are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../src');

/** Every `.ts` file under src/, as a path relative to it (`chat/filter.ts`). */
function sourceFiles(dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(src, path)] : [];
  });
}

/** The files of ours a file imports (static, re-exported or dynamic), relative to src/. */
export function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] ?? match[2]!,
  );
  return specifiers.filter((spec) => spec.startsWith('.')).map((spec) => relative(src, resolve(src, dirname(file), spec)));
}

interface Rule {
  /** Files the rule is about. */
  from: (file: string) => boolean;
  /** An import it forbids. */
  forbids: (imported: string, file: string) => boolean;
  why: string;
}

const under = (folder: string) => (path: string) => path.startsWith(`${folder}/`);
const isChannel = under('channels');
const channelOf = (path: string) => path.split('/')[1];

export const rules: Rule[] = [
  {
    from: under('ledger'),
    forbids: (imported) => !under('ledger')(imported) && imported !== 'clock.ts' && imported !== 'errors.ts',
    why: 'ledger depends on nothing of ours but clock and errors',
  },
  { from: under('understand'), forbids: (imported) => under('chat')(imported) || isChannel(imported), why: 'understand knows no chat or channel' },
  {
    from: under('dialog'),
    forbids: (imported) => imported === 'chat/transport.ts' || imported === 'chat/outbox.ts' || isChannel(imported),
    why: "dialog knows neither chat's transport nor any channel",
  },
  { from: under('ingest'), forbids: under('understand'), why: 'ingest does not depend on understand' },
  { from: under('broadcast'), forbids: under('dialog'), why: 'broadcast does not depend on dialog' },
  {
    from: (file) => !under('runtime')(file),
    forbids: (imported, file) => isChannel(imported) && !(isChannel(file) && channelOf(file) === channelOf(imported)),
    why: 'only the runtime that starts them knows the channels',
  },
  {
    from: under('chat'),
    forbids: (imported) => imported === 'bot.ts' || under('runtime')(imported) || under('dialog')(imported),
    why: 'chat comes before the bot and the dialog',
  },
  {
    from: isChannel,
    forbids: (imported) => ['bot.ts'].includes(imported) || ['dialog', 'understand', 'broadcast', 'runtime'].some((folder) => under(folder)(imported)),
    why: 'a channel adapter is the first stage: it hands messages on, it does not answer them',
  },
  { from: (file) => file === 'message.ts', forbids: () => true, why: 'the neutral message types depend on nothing' },
];

/** Every forbidden import among these files: `file → imported (why)`. */
export function violations(files: Record<string, string>): string[] {
  return Object.entries(files).flatMap(([file, text]) =>
    importsOf(file, text).flatMap((imported) =>
      rules.filter((rule) => rule.from(file) && rule.forbids(imported, file)).map((rule) => `${file} → ${imported} (${rule.why})`),
    ),
  );
}

/** Statements issued to SQLite (or the driver itself) outside src/ledger/, which owns every table: `file: line`. */
export function sqlOutsideLedger(files: Record<string, string>): string[] {
  return Object.entries(files)
    .filter(([file]) => !under('ledger')(file))
    .flatMap(([file, text]) =>
      text
        .split('\n')
        .filter((line) => /\.(?:prepare|pragma|transaction)\(|\.exec\(\s*['"`]|from ['"]better-sqlite3['"]/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
}

describe('the layout of src/', () => {
  const files = Object.fromEntries(sourceFiles().map((file) => [file, readFileSync(join(src, file), 'utf8')]));

  it('has no forbidden import', () => {
    expect(Object.keys(files).length).toBeGreaterThan(50);
    expect(violations(files)).toEqual([]);
  });

  it('has SQL only in src/ledger/', () => {
    expect(sqlOutsideLedger(files)).toEqual([]);
  });

  it.each([
    ['chat/outbox.ts', "    this.db.prepare('SELECT * FROM outbox').all();"],
    ['broadcast/post.ts', '  db.exec(`DELETE FROM notices`);'],
    ['bot.ts', "  this.db.pragma('busy_timeout = 0');"],
    ['web/console.ts', "import Database from 'better-sqlite3';"],
  ])('catches SQL in %s: %s', (file, line) => {
    expect(files[file], `${file} exists`).toBeDefined();
    expect(sqlOutsideLedger({ ...files, [file]: `${files[file]}\n${line}` })).toEqual([`${file}: ${line.trim()}`]);
  });

  it('reads the import lines it checks, static, re-exported and dynamic', () => {
    expect(importsOf('bot.ts', files['bot.ts']!)).toContain('chat/filter.ts');
    expect(importsOf('cli/serve.ts', files['cli/serve.ts']!)).toContain('runtime/serve.ts');
    expect(importsOf('x/y.ts', "export { a } from '../message.ts';\nimport type {\n  B,\n} from './b.ts';")).toEqual(['message.ts', 'x/b.ts']);
  });

  // The rules fail when a forbidden import is added to a real file: each line below, added where it says, is caught.
  it.each([
    ['ledger/items.ts', "import type { Incoming } from '../message.ts';", 'ledger depends on nothing of ours'],
    ['ledger/bindings.ts', "import { Outbox } from '../chat/outbox.ts';", 'ledger depends on nothing of ours'],
    ['understand/rules.ts', "import { readQuote } from '../chat/incoming.ts';", 'understand knows no chat'],
    ['dialog/dialog.ts', "import type { Transport } from '../chat/transport.ts';", "dialog knows neither chat's transport"],
    ['dialog/roles.ts', "import { WechatyAdapter } from '../channels/wechaty/adapter.ts';", 'dialog knows neither'],
    ['ingest/text-report.ts', "import { readIntent } from '../understand/rules.ts';", 'ingest does not depend on understand'],
    ['broadcast/post.ts', "import { Dialog } from '../dialog/dialog.ts';", 'broadcast does not depend on dialog'],
    ['bot.ts', "const { MockWorld } = await import('./channels/wechaty/mock-world.ts');", 'only the runtime'],
    ['chat/filter.ts', "import type { Bot } from '../bot.ts';", 'chat comes before the bot'],
    ['channels/wechaty/adapter.ts', "import { Dialog } from '../../dialog/dialog.ts';", 'a channel adapter is the first stage'],
  ])('catches %s importing: %s', (file, line, why) => {
    expect(files[file], `${file} exists`).toBeDefined();
    const found = violations({ ...files, [file]: `${line}\n${files[file]}` });
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found.every((one) => one.startsWith(`${file} → `))).toBe(true);
    expect(found.some((one) => one.includes(why))).toBe(true);
  });
});
