/** A ledger's own words (migration 0017): filled at import and when someone is made responsible. */
import type { Db } from './db.ts';
import { keptUntilChange } from './generation.ts';

import type { LedgerWord } from './types.ts';

export const ledgerWords = (db: Db, ledgerId: number): LedgerWord[] =>
  keptUntilChange(db, ledgerId, 'words', () => db.prepare('SELECT word, kind FROM ledger_words WHERE ledger_id = ? ORDER BY word').all(ledgerId) as LedgerWord[]);
