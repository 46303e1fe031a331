/**
 * The tables of a Word document's body, made into sheets, so that a ledger kept as a Word table (序号, 存在问题,
 * 整改措施, 责任人, 整改时限 …) is read exactly as the same ledger in Excel: a cell spread over several columns
 * (`gridSpan`, a category row across the table) and cells merged down (`vMerge`, a problem over the rows of its
 * measures) become the same merged cells.
 */
import { Grid } from './sheet-grid.ts';

export interface BodyTable {
  /** Where the table's XML begins and ends in the document. */
  start: number;
  end: number;
  xml: string;
}

const tableTag = /<(\/?)w:tbl(?=[\s>])/g;

/** The tables at the top level of the document, not those inside another table's cells. */
export function bodyTables(documentXml: string): BodyTable[] {
  const tables: BodyTable[] = [];
  let depth = 0;
  let start = 0;
  for (const match of documentXml.matchAll(tableTag)) {
    if (match[1] === '') {
      if (depth++ === 0) start = match.index;
    } else if (--depth === 0) {
      const end = documentXml.indexOf('>', match.index) + 1;
      tables.push({ start, end, xml: documentXml.slice(start, end) });
    }
  }
  return tables;
}

const unescapeXml = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name: string, dec?: string, hex?: string) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!,
  );

/** A cell's text as Word shows it: its paragraphs one a line, tracked deletions left out. */
function cellText(xml: string): string {
  return [...xml.matchAll(/<w:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/w:p>)/g)]
    .map(([, body]) =>
      [...(body ?? '').replace(/<w:del\b[\s\S]*?<\/w:del>/g, '').matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\b[^>]*\/>/g)]
        .map(([, text, mark]) => (mark === 'tab' ? '\t' : mark ? '\n' : unescapeXml(text!)))
        .join(''),
    )
    .join('\n')
    .trim();
}

const numberIn = (xml: string, element: string) => Number(new RegExp(`<w:${element}\\b[^>]*?w:val="(\\d+)"`).exec(xml)?.[1] ?? 0);

/**
 * The table as a sheet: each cell's text at its place in the grid, a cell spanning columns merged across them, a
 * cell continued down (`<w:vMerge/>`) merged into the one above. Undefined for a table holding a table.
 */
export function tableSheet(table: BodyTable): Grid | undefined {
  const inner = table.xml.slice(table.xml.indexOf('>') + 1);
  if (/<w:tbl(?=[\s>])/.test(inner)) return undefined;
  const sheet = new Grid('表格');
  /** The merge each column is in the middle of: its corners so far. */
  const open = new Map<number, { top: number; left: number; bottom: number; right: number }>();
  const close = (column: number) => {
    const merge = open.get(column);
    open.delete(column);
    if (merge && (merge.bottom > merge.top || merge.right > merge.left)) sheet.merge(merge.top, merge.left, merge.bottom, merge.right);
  };
  let r = 0;
  for (const [, row] of inner.matchAll(/<w:tr\b[^>]*>([\s\S]*?)<\/w:tr>/g)) {
    r++;
    let c = 1 + numberIn(/<w:trPr>([\s\S]*?)<\/w:trPr>/.exec(row!)?.[1] ?? '', 'gridBefore');
    for (const [, cell] of row!.matchAll(/<w:tc\b[^>]*>([\s\S]*?)<\/w:tc>/g)) {
      const properties = /<w:tcPr>([\s\S]*?)<\/w:tcPr>/.exec(cell!)?.[1] ?? '';
      const span = Math.max(1, numberIn(properties, 'gridSpan'));
      const vMerge = /<w:vMerge\b([^>]*)\/?>/.exec(properties);
      const continued = vMerge !== null && !/w:val="restart"/.test(vMerge[1]!) && open.has(c);
      if (continued) {
        open.get(c)!.bottom = r;
      } else {
        close(c);
        const text = cellText(cell!);
        sheet.set(r, c, text);
        open.set(c, { top: r, left: c, bottom: r, right: c + span - 1 });
      }
      c += span;
    }
  }
  for (const column of [...open.keys()]) close(column);
  return sheet;
}
