/**
 * Numbered, forward-only migrations: `migrations/NNNN_name.sql`, applied in order at open, each in its own
 * transaction. A released migration is never edited; a change to the schema is a new file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Db, write } from './db.ts';

/**
 * Read from the sources, also by the compiled code in dist/ (SQL is not compiled): src/ledger/ and dist/ledger/ are
 * both two folders below the project's.
 */
const folder = fileURLToPath(new URL('../../src/ledger/migrations/', import.meta.url));

interface Migration {
  version: number;
  name: string;
  sql: string;
}

function migrations(): Migration[] {
  return readdirSync(folder)
    .filter((file) => /^\d{4}_.+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(join(folder, file), 'utf8'),
    }));
}

export function migrate(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name    TEXT NOT NULL
  )`);
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)');
  for (const migration of migrations()) {
    // Looked at again under the write lock: another process opening the same file may have just applied it.
    if (isApplied.get(migration.version)) continue;
    write(db, () => {
      if (isApplied.get(migration.version)) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name);
    });
  }
}
