/**
 * Word keeps a number a clerk typed (`一、`) as text, but one made with its numbering button as list formatting: the
 * paragraph names a list and a level, and `numbering.xml` says how that level counts (`chineseCounting`) and what it
 * shows (`%1、`). Mammoth reads the text and drops such numbers, yet the outline is how the importer finds items; so
 * before mammoth reads a document, every numbered paragraph gets its number written in, as Word would show it.
 *
 * Counting follows Word: a level counts on within its list and starts again when a level above it moves; lists that
 * share a definition share their counters, unless one restarts with its own `startOverride`.
 */
import { chineseNumeral } from './numerals.ts';
import { circled } from './outline.ts';

interface Level {
  format: string;
  text: string;
  start: number;
}

interface List {
  definition: string;
  /** Levels this list restarts at its own start. */
  starts: Map<number, number>;
}

export interface Numbering {
  definitions: Map<string, Map<number, Level>>;
  lists: Map<string, List>;
}

const attribute = (xml: string, element: string) =>
  new RegExp(`<w:${element}\\b[^>]*?w:val="([^"]*)"`).exec(xml)?.[1];

const unescapeXml = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!);

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The list definitions of `word/numbering.xml`. */
export function readNumbering(xml: string): Numbering {
  const definitions = new Map<string, Map<number, Level>>();
  for (const [, id, body] of xml.matchAll(/<w:abstractNum\b[^>]*?w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels = new Map<number, Level>();
    for (const [, ilvl, level] of body!.matchAll(/<w:lvl\b[^>]*?w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
      levels.set(Number(ilvl), {
        format: attribute(level!, 'numFmt') ?? 'decimal',
        text: unescapeXml(attribute(level!, 'lvlText') ?? ''),
        start: Number(attribute(level!, 'start') ?? 1),
      });
    }
    definitions.set(id!, levels);
  }
  const lists = new Map<string, List>();
  for (const [, id, body] of xml.matchAll(/<w:num\b[^>]*?w:numId="(\d+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const starts = new Map<number, number>();
    for (const [, ilvl, override] of body!.matchAll(/<w:lvlOverride\b[^>]*?w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvlOverride>/g)) {
      const start = attribute(override!, 'startOverride');
      if (start !== undefined) starts.set(Number(ilvl), Number(start));
    }
    lists.set(id!, { definition: attribute(body!, 'abstractNumId') ?? '', starts });
  }
  return { definitions, lists };
}

const heavenlyStems = '甲乙丙丁戊己庚辛壬癸';

function roman(n: number): string {
  const numerals: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [value, letters] of numerals) for (; n >= value; n -= value) out += letters;
  return out;
}

function letters(n: number): string {
  // Word repeats the letter past z: aa, bb, …
  return String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
}

/** A counter as a level's `numFmt` shows it; undefined for bullets and unnumbered levels. */
export function formatCounter(n: number, format: string): string | undefined {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseNumeral(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return circled[n - 1] ?? String(n);
    case 'ideographTraditional':
      return heavenlyStems[n - 1] ?? String(n);
    case 'decimalZero':
      return String(n).padStart(2, '0');
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'lowerLetter':
      return letters(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    case 'bullet':
    case 'none':
      return undefined;
    default:
      return String(n);
  }
}

/** A list and level, either of which a paragraph or a style may leave to the style it is based on. */
interface NumberingProperties {
  numId?: string;
  ilvl?: string;
}

/** A paragraph style: the style it is based on and the numbering it gives, from `word/styles.xml`. */
interface Style {
  basedOn?: string;
  numbering: NumberingProperties;
}

export interface Styles {
  styles: Map<string, Style>;
  /** The style of a paragraph that names none. */
  defaultStyle?: string;
}

const numberingOf = (properties: string | undefined): NumberingProperties => {
  const numPr = properties && /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(properties)?.[1];
  return numPr ? { numId: attribute(numPr, 'numId'), ilvl: attribute(numPr, 'ilvl') } : {};
};

/** Changes tracked in a paragraph's properties hold the properties as they were: not what Word shows now. */
const withoutTrackedChanges = (xml: string) => xml.replace(/<w:pPrChange\b[\s\S]*?<\/w:pPrChange>/g, (change) => ' '.repeat(change.length));

/** The paragraph styles of `word/styles.xml` (headings numbered through their style, as 标题 1/标题 2 often are). */
export function readStyles(xml: string): Styles {
  const styles = new Map<string, Style>();
  let defaultStyle: string | undefined;
  for (const [, attributes, body] of withoutTrackedChanges(xml).matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    if (!/w:type="paragraph"/.test(attributes!)) continue;
    const id = /w:styleId="([^"]*)"/.exec(attributes!)?.[1];
    if (id === undefined) continue;
    if (/w:default="(?:1|true|on)"/.test(attributes!)) defaultStyle = id;
    const properties = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(body!)?.[1];
    styles.set(id, { basedOn: attribute(body!, 'basedOn'), numbering: numberingOf(properties) });
  }
  return { styles, defaultStyle };
}

/** The numbering a paragraph shows: its own, else its style's, else that of the styles the style is based on. */
function paragraphNumbering(own: NumberingProperties, styleId: string | undefined, styles: Styles): NumberingProperties {
  let { numId, ilvl } = own;
  const seen = new Set<string>();
  for (let id = styleId ?? styles.defaultStyle; id !== undefined && !seen.has(id) && (numId === undefined || ilvl === undefined); ) {
    seen.add(id);
    const style = styles.styles.get(id);
    numId ??= style?.numbering.numId;
    ilvl ??= style?.numbering.ilvl;
    id = style?.basedOn;
  }
  return { numId, ilvl };
}

/**
 * `word/document.xml` with the number of every numbered paragraph written in as a run of text at its start, right
 * after the paragraph's properties. The list formatting stays; only what Word would draw before the text is added.
 */
export function writeInNumbers(documentXml: string, numbering: Numbering, styles: Styles = { styles: new Map() }): string {
  const counters = new Map<string, number[]>();
  return documentXml.replace(/<w:p\b([^>]*?)(\/>|>([\s\S]*?)<\/w:p>)/g, (paragraph, attributes: string, _end, body?: string) => {
    if (body === undefined) return paragraph;
    // Searched with tracked changes blanked out, so that positions in it are positions in the paragraph.
    const shown = withoutTrackedChanges(body);
    const properties = /^\s*<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(shown);
    const styleId = properties ? attribute(properties[1]!, 'pStyle') : undefined;
    const { numId: listId, ilvl: levelNumber } = paragraphNumbering(numberingOf(properties?.[1]), styleId, styles);
    // numId 0 takes away the numbering a style gives.
    const list = listId === undefined ? undefined : numbering.lists.get(listId);
    const levels = list && numbering.definitions.get(list.definition);
    if (!list || !levels) return paragraph;
    const ilvl = Number(levelNumber ?? 0);
    const level = levels.get(ilvl);
    if (!level) return paragraph;

    // Lists with a restart of their own count alone; the others share their definition's counters.
    const key = list.starts.size > 0 ? `list ${listId}` : `definition ${list.definition}`;
    const counts = counters.get(key) ?? [];
    counters.set(key, counts);
    const startOf = (l: number) => list.starts.get(l) ?? levels.get(l)?.start ?? 1;
    counts[ilvl] = counts[ilvl] === undefined ? startOf(ilvl) : counts[ilvl]! + 1;
    counts.length = ilvl + 1;

    const label = level.text.replace(/%(\d)/g, (_, k: string) => {
      const l = Number(k) - 1;
      return formatCounter(counts[l] ?? startOf(l), levels.get(l)?.format ?? 'decimal') ?? '';
    });
    if (formatCounter(counts[ilvl]!, level.format) === undefined || !label.trim()) return paragraph;
    const run = `<w:r><w:t xml:space="preserve">${escapeXml(label)}</w:t></w:r>`;
    const at = properties ? properties.index + properties[0].length : 0;
    return `<w:p${attributes}>${body.slice(0, at)}${run}${body.slice(at)}</w:p>`;
  });
}
