/** The ledger's vocabulary, shared by everything that reads or writes it. */

export const statuses = ['not_started', 'in_progress', 'done', 'closed'] as const;
export type Status = (typeof statuses)[number];
/** What a measure's own words can say; closing is an approval of the whole item, never of a measure. */
export type MeasureStatus = Exclude<Status, 'closed'>;

export const statusNames: Record<Status, string> = {
  not_started: '未启动',
  in_progress: '正在整改',
  done: '已完成',
  closed: '已销号',
};

/** An enclosing outline heading: `{ code: '一/4', title: '破解制约产业集聚发展问题的办法不多' }`. */
export interface Section {
  code: string;
  title: string;
}

export interface Measure {
  marker: string | null;
  text: string;
  status: MeasureStatus | null;
  deadline: string | null;
}

export interface Deadline {
  date: string;
  phrase: string;
  measureSeq: number | null;
}

/**
 * What a spreadsheet ledger (整改台账) says of an item beside the report's text: the measures planned (整改措施), the
 * leader (责任领导) and unit (责任单位) responsible, remarks (备注). '' when it says nothing.
 */
export interface LedgerColumns {
  plannedMeasures: string;
  leader: string;
  unit: string;
  remark: string;
}

export const ledgerColumnKeys = ['plannedMeasures', 'leader', 'unit', 'remark'] as const satisfies readonly (keyof LedgerColumns)[];

/**
 * One item as a report states it: what an importer produces and the ledger takes in. A text report says nothing of
 * the spreadsheet's columns or of responsible people: left out, the ledger keeps what it has.
 */
export interface ItemDraft extends Partial<LedgerColumns> {
  code: string;
  sections: Section[];
  title: string;
  problem: string;
  rectification: string;
  status: Status;
  longTerm: boolean;
  measures: Measure[];
  deadlines: Deadline[];
  /** People the report names as responsible (责任人): added to the item's, never taking anyone away. */
  responsible?: string[];
  /** What the reader could not read of this item (also among the report's warnings), for whoever reviews the import. */
  warnings?: string[];
}

export type ReportDateSource = 'date-line' | 'latest-date' | 'document-year' | 'title-row' | 'as-of' | 'import-date';

/** Where a spreadsheet's items were found: the sheet, its header row and what each column was taken for. */
export interface SheetLayout {
  sheet: string;
  /** For a Word document's table: which of its tables, counting from 1. */
  table?: number;
  headerRow: number;
  /** Every header cell, left to right; `field` is null for a column that could not be placed. */
  columns: { column: string; header: string; field: string | null }[];
}

/** A whole report, read. */
export interface ReportDraft {
  reportDate: string;
  reportDateSource: ReportDateSource;
  items: ItemDraft[];
  /** Things a careful reader should look at: duplicate codes, skipped text. */
  warnings: string[];
  /** For a spreadsheet: how it was read, to show the user. */
  layout?: SheetLayout;
  /** The report's own words (units, people, names it lists), kept with the ledger so that messages are cut by them. */
  words?: LedgerWord[];
}

/** A word of one ledger that a general dictionary would cut apart: `县住建局`, `东昇高科`. */
export interface LedgerWord {
  word: string;
  kind: 'unit' | 'person' | 'term';
}

export interface Ledger {
  id: number;
  name: string;
  reportDate: string | null;
  reportDateSource: ReportDateSource | null;
}

export interface Item extends LedgerColumns {
  id: number;
  ledgerId: number;
  code: string;
  seq: number;
  sections: Section[];
  title: string;
  problem: string;
  rectification: string;
  status: Status;
  reportedStatus: Status;
  longTerm: boolean;
  /** Percent reported in the groups (`已完成80%`); null until someone reports one. */
  progress: number | null;
  measures: Measure[];
  /** Distinct, ascending; a deadline moved by an approved change replaces the report's. */
  deadlines: string[];
  responsible: string[];
}
