/**
 * A sheet as the ledger reader sees it: what each cell shows, by row and column (both from 1), the cells merged
 * into others, and the cells no reader can see (a formula never calculated, an error). An Excel sheet, a Word
 * table and a text's lined-up table are each made into one, so that the three are read alike (xlsx-ledger.ts).
 */

export type CellValue = string | number | Date;

/** Excel's widest sheet: 16,384 columns, so that a row and column make one number. */
const columnsAtMost = 16_384;
const key = (row: number, column: number) => row * columnsAtMost + column;

/** `1` → `A`, `28` → `AB`. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export class Grid {
  private readonly rows: (CellValue | undefined)[][] = [];
  /** Each cell covered by a merge, to the merge's first (top left) cell. */
  private readonly masters = new Map<number, { row: number; column: number }>();
  private readonly unreadables = new Map<number, string>();
  /** The last row and column holding anything, a merge included. */
  rowCount = 0;
  columnCount = 0;

  constructor(readonly name: string) {}

  private extend(row: number, column: number): void {
    if (row > this.rowCount) this.rowCount = row;
    if (column > this.columnCount) this.columnCount = column;
  }

  /** A cell's value as a person sees it: a text without the spaces around it, its line ends `\n`; a blank one is no value. */
  set(row: number, column: number, value: CellValue | undefined): void {
    const shown = typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : value;
    if (shown === undefined || shown === '') return;
    (this.rows[row] ??= [])[column] = shown;
    this.extend(row, column);
  }

  /** A cell that holds something no reader can see: what it is (`错误值 #REF!`). */
  setUnreadable(row: number, column: number, what: string): void {
    this.unreadables.set(key(row, column), what);
    this.extend(row, column);
  }

  /** Merges the cells from `top`,`left` to `bottom`,`right`: the first shows through all of them. */
  merge(top: number, left: number, bottom: number, right: number): void {
    for (let r = top; r <= bottom; r++) {
      for (let c = left; c <= right; c++) {
        if ((r !== top || c !== left) && !this.masters.has(key(r, c))) this.masters.set(key(r, c), { row: top, column: left });
      }
    }
    this.extend(bottom, right);
  }

  /** The cell that shows through this one: the merge's first cell, or the cell itself. */
  master(row: number, column: number): { row: number; column: number } {
    return this.masters.get(key(row, column)) ?? { row, column };
  }

  isMaster(row: number, column: number): boolean {
    return !this.masters.has(key(row, column));
  }

  /** What the cell shows: a merged cell shows its merge's first cell. */
  value(row: number, column: number): CellValue | undefined {
    const at = this.master(row, column);
    return this.rows[at.row]?.[at.column];
  }

  /** What the cell (or the merge it is in) holds that cannot be read, if anything. */
  unreadable(row: number, column: number): string | undefined {
    const at = this.master(row, column);
    return this.unreadables.get(key(at.row, at.column));
  }
}
