/**
 * Writes a read report into a ledger, in one transaction. Importing the same report again changes nothing; a revised
 * report updates the text of the items it shares with the ledger (matched by code) and says what changed. Items are
 * never deleted and the updates recorded in the groups are never touched: a status the revised report changes is
 * itself recorded as an update, so the audit trail shows where each status came from.
 */
import type { Db } from './db.ts';
import { listItems } from './items.ts';
import { addResponsible } from './record.ts';
import { withSearchDeferred } from './search.ts';
import { type Deadline, type Item, type ItemDraft, type ReportDraft, type Status, ledgerColumnKeys } from './types.ts';

export interface ImportSource {
  fileName: string;
  sha256: string;
  format: string;
  encoding: string | null;
}

export interface ImportSummary {
  ledger: string;
  ledgerCreated: boolean;
  reportDate: string;
  reportDateSource: ReportDraft['reportDateSource'];
  added: string[];
  changed: { code: string; fields: string[] }[];
  unchanged: number;
  /** In the ledger but not in this report: kept, listed for the user to look at. */
  missing: string[];
  statusChanges: { code: string; from: Status; to: Status }[];
  warnings: string[];
  /** For a spreadsheet: the sheet, header row and column mapping it was read with. */
  layout?: ReportDraft['layout'];
}

/** The fields a report states, in one shape for the ledger's item and the report's draft, to compare imports. */
function comparable(item: Omit<ItemDraft, 'code' | 'status' | 'deadlines'>, status: Status, deadlines: string[]) {
  return {
    sections: JSON.stringify(item.sections),
    title: item.title,
    problem: item.problem,
    rectification: item.rectification,
    status,
    longTerm: item.longTerm,
    measures: JSON.stringify(item.measures),
    deadlines: deadlines.join(),
  };
}

const distinctDates = (draft: ItemDraft) => [...new Set(draft.deadlines.map((d) => d.date))].sort();

/**
 * The spreadsheet's columns and responsible people, compared only where the report states them: a text report,
 * which has none, leaves what a spreadsheet put there alone. Responsible people are only ever added.
 */
function ledgerFields(old: Item, item: ItemDraft): string[] {
  const fields: string[] = ledgerColumnKeys.filter((key) => item[key] !== undefined && item[key] !== old[key]);
  if (item.responsible?.some((name) => !old.responsible.includes(name))) fields.push('responsible');
  return fields;
}

export function applyReport(db: Db, ledgerName: string, draft: ReportDraft, source: ImportSource, now: Date): ImportSummary {
  const at = now.toISOString();
  const statements = {
    findLedger: db.prepare('SELECT id, report_date, report_date_source FROM ledgers WHERE name = ?'),
    insertLedger: db.prepare(
      'INSERT INTO ledgers (name, report_date, report_date_source, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    ),
    updateLedger: db.prepare('UPDATE ledgers SET report_date = ?, report_date_source = ?, updated_at = ? WHERE id = ?'),
    insertItem: db.prepare(`INSERT INTO items (ledger_id, code, seq, sections, title, problem, rectification,
      reported_status, status, long_term, planned_measures, leader, unit, remark, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    updateItem: db.prepare(`UPDATE items SET seq = ?, sections = ?, title = ?, problem = ?, rectification = ?,
      reported_status = ?, status = ?, long_term = ?, planned_measures = coalesce(?, planned_measures),
      leader = coalesce(?, leader), unit = coalesce(?, unit), remark = coalesce(?, remark), updated_at = ? WHERE id = ?`),
    deleteMeasures: db.prepare('DELETE FROM measures WHERE item_id = ?'),
    insertMeasure: db.prepare(
      'INSERT INTO measures (item_id, seq, marker, text, status, deadline) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    // A deadline moved by an approved change outlives a re-import: the report's own come back superseded by it.
    reportDeadlines: db.prepare('SELECT DISTINCT due_date FROM deadlines WHERE item_id = ? AND update_id IS NULL ORDER BY due_date').pluck(),
    reportDeadlineRows: db.prepare(`SELECT due_date AS date, phrase, measure_seq AS measureSeq FROM deadlines
      WHERE item_id = ? AND update_id IS NULL ORDER BY id`),
    deleteDeadlines: db.prepare('DELETE FROM deadlines WHERE item_id = ? AND update_id IS NULL'),
    insertDeadline: db.prepare(`INSERT INTO deadlines (item_id, due_date, phrase, measure_seq, superseded_by)
      VALUES (@itemId, @date, @phrase, @measureSeq,
        (SELECT max(update_id) FROM deadlines WHERE item_id = @itemId AND update_id IS NOT NULL AND superseded_by IS NULL))`),
    // A new item has no approved change to supersede its deadlines.
    insertNewDeadline: db.prepare('INSERT INTO deadlines (item_id, due_date, phrase, measure_seq) VALUES (?, ?, ?, ?)'),
    insertStatusUpdate: db.prepare(`INSERT INTO updates (item_id, kind, author, at, source_text, old_status, new_status,
      confirmed_by, confirmed_at) VALUES (?, 'import', ?, ?, ?, ?, ?, ?, ?)`),
    insertWord: db.prepare('INSERT OR IGNORE INTO ledger_words (ledger_id, word, kind) VALUES (?, ?, ?)'),
    insertImport: db.prepare(`INSERT INTO imports (ledger_id, file_name, sha256, format, encoding, report_date,
      imported_at, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
  };

  /**
   * A file that gives no date of its own is read against the day of its import; read again on a later day, its
   * `立行立改` or `6月30日` would move. Deadlines read from the same words as before keep the dates they were read as.
   */
  const keepUndatedDeadlines = (item: ItemDraft, itemId: number): ItemDraft => {
    if (draft.reportDateSource !== 'import-date') return item;
    const stored = statements.reportDeadlineRows.all(itemId) as Deadline[];
    const phrases = (deadlines: Deadline[]) => JSON.stringify(deadlines.map((d) => [d.phrase, d.measureSeq]).sort());
    if (phrases(stored) !== phrases(item.deadlines)) return item;
    const latest = (seq: number) => stored.filter((d) => d.measureSeq === seq).map((d) => d.date).sort().at(-1) ?? null;
    return { ...item, deadlines: stored, measures: item.measures.map((m, i) => ({ ...m, deadline: latest(i + 1) })) };
  };

  const importer = { author: `导入 ${source.fileName}`, room: null, messageId: null, text: source.fileName, at: now };
  const writeDetails = (itemId: number, item: ItemDraft, isNew: boolean) => {
    item.measures.forEach((m, i) =>
      statements.insertMeasure.run(itemId, i + 1, m.marker, m.text, m.status, m.deadline),
    );
    for (const d of item.deadlines) {
      if (isNew) statements.insertNewDeadline.run(itemId, d.date, d.phrase, d.measureSeq);
      else statements.insertDeadline.run({ itemId, date: d.date, phrase: d.phrase, measureSeq: d.measureSeq });
    }
    // Through the same path as an admin's 指派, so the trail says the import made them responsible.
    for (const name of item.responsible ?? []) addResponsible(db, itemId, name, importer);
  };

  return db
    .transaction((): ImportSummary => {
      const existingLedger = statements.findLedger.get(ledgerName) as
        | { id: number; report_date: string | null; report_date_source: string | null }
        | undefined;
      const ledgerId =
        existingLedger?.id ??
        Number(statements.insertLedger.run(ledgerName, draft.reportDate, draft.reportDateSource, at, at).lastInsertRowid);
      const existing = new Map(existingLedger ? listItems(db, ledgerId).map((item) => [item.code, item]) : []);
      const summary: ImportSummary = {
        ledger: ledgerName,
        ledgerCreated: !existingLedger,
        reportDate: draft.reportDate,
        reportDateSource: draft.reportDateSource,
        added: [],
        changed: [],
        unchanged: 0,
        missing: [],
        statusChanges: [],
        warnings: draft.warnings,
        ...(draft.layout ? { layout: draft.layout } : {}),
      };

      withSearchDeferred(db, ledgerId, () => draft.items.forEach((read, index) => {
        const seq = index + 1;
        const old = existing.get(read.code);
        const item = old ? keepUndatedDeadlines(read, old.id) : read;
        existing.delete(item.code);
        if (!old) {
          const id = Number(
            statements.insertItem.run(ledgerId, item.code, seq, JSON.stringify(item.sections), item.title, item.problem,
              item.rectification, item.status, item.status, item.longTerm ? 1 : 0, item.plannedMeasures ?? '',
              item.leader ?? '', item.unit ?? '', item.remark ?? '', at, at).lastInsertRowid,
          );
          writeDetails(id, item, true);
          summary.added.push(item.code);
          return;
        }
        // Against the report's own deadlines: one moved by a change in a group is not the report's to compare.
        const reported = statements.reportDeadlines.all(old.id) as string[];
        const before = comparable(old, old.reportedStatus, reported);
        const after = comparable(item, item.status, distinctDates(item));
        const fields: string[] = (Object.keys(after) as (keyof typeof after)[]).filter((key) => before[key] !== after[key]);
        fields.push(...ledgerFields(old, item));
        if (old.seq !== seq && fields.length === 0) fields.push('order');
        if (fields.length === 0) {
          summary.unchanged++;
          return;
        }
        let status = old.status;
        if (item.status !== old.reportedStatus && !(old.status === 'closed' && item.status === 'done')) {
          status = item.status;
          if (status !== old.status) {
            statements.insertStatusUpdate.run(old.id, `导入 ${source.fileName}`, at, source.fileName, old.status, status,
              `导入 ${source.fileName}`, at);
            summary.statusChanges.push({ code: item.code, from: old.status, to: status });
          }
        }
        statements.updateItem.run(seq, JSON.stringify(item.sections), item.title, item.problem, item.rectification,
          item.status, status, item.longTerm ? 1 : 0, item.plannedMeasures ?? null, item.leader ?? null, item.unit ?? null,
          item.remark ?? null, at, old.id);
        statements.deleteMeasures.run(old.id);
        statements.deleteDeadlines.run(old.id);
        writeDetails(old.id, item, false);
        summary.changed.push({ code: item.code, fields });
      }));
      summary.missing = [...existing.keys()];
      for (const { word, kind } of draft.words ?? []) statements.insertWord.run(ledgerId, word, kind);

      const nothingChanged =
        existingLedger &&
        summary.added.length === 0 &&
        summary.changed.length === 0 &&
        existingLedger.report_date === draft.reportDate &&
        existingLedger.report_date_source === draft.reportDateSource;
      if (nothingChanged) return summary;
      if (existingLedger) statements.updateLedger.run(draft.reportDate, draft.reportDateSource, at, ledgerId);
      statements.insertImport.run(ledgerId, source.fileName, source.sha256, source.format, source.encoding,
        draft.reportDate, at, JSON.stringify({ added: summary.added, changed: summary.changed, unchanged: summary.unchanged,
          missing: summary.missing }));
      return summary;
    })
    .immediate();
}
