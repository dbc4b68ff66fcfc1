/**
 * The alignment gofmt gives the fields of a struct: go/printer writes each field
 * line as cells separated by '\v' (or '\t') into a text/tabwriter configured with
 * minwidth 0, tabwidth 8, padding 1, padchar ' ', DiscardEmptyColumns|TabIndent.
 * This module reproduces that tabwriter for the lines of one struct body.
 *
 * A struct field is printed (go/printer nodes.go fieldList) as
 *   named:    names \v type [\v \v tag [\t comment] | \v comment]
 *   embedded: type [\v tag [\t comment] | \v \v comment]
 * A comment line, a blank line, the lines inside a multi-line field and the line
 * after a multi-line field start new alignment sections (formfeeds / one-cell
 * lines flush the tabwriter).
 */

export interface TwCell {
  text: string;
  /** True when the cell is terminated by a horizontal tab (never discarded). */
  htab: boolean;
}

/** One output line: either verbatim text (a section break) or cells to align. */
export type BodyLine =
  | { kind: 'raw'; text: string }
  | {
      kind: 'cells';
      indent: string;
      /** All cells; every cell but the last is terminated by '\v' or '\t'. */
      cells: TwCell[];
      /** The field spans several lines: the next line starts a new section. */
      endsSection: boolean;
    };

/** Width of a cell as tabwriter counts it: runes (code points). */
export function runeWidth(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

export interface FieldCells {
  /** `a, b` for named fields; empty for embedded fields. */
  names: string;
  /** The type (for a multi-line type: its first line). */
  type: string;
  tag?: string;
  comment?: string;
}

/** The cells go/printer emits for one field line (struct with more than one field). */
export function fieldCells(f: FieldCells): TwCell[] {
  const v = (text: string): TwCell => ({ text, htab: false });
  const cells: TwCell[] = [];
  let extraTabs: number;
  if (f.names) {
    cells.push(v(f.names));
    extraTabs = 1;
  } else extraTabs = 2;
  // The type cell; its terminator depends on what follows.
  let pending = f.type;
  if (f.tag !== undefined) {
    cells.push(v(pending));
    if (f.names) cells.push(v(''));
    pending = f.tag;
    extraTabs = 0;
  }
  if (f.comment !== undefined) {
    if (extraTabs === 0) {
      // No pending vtab before the comment: the printer separates with '\t'.
      cells.push({ text: pending, htab: true });
    } else {
      cells.push(v(pending));
      for (let i = 1; i < extraTabs; i++) cells.push(v(''));
    }
    pending = f.comment;
  }
  cells.push(v(pending));
  return cells;
}

/** Formats one tabwriter section (lines between flushes); returns the texts without indentation. */
function formatSection(lines: TwCell[][]): string[] {
  const out: string[] = new Array<string>(lines.length).fill('');
  const widths: number[] = [];
  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i];
      let s = '';
      for (let j = 0; j < line.length; j++) {
        const c = line[j];
        const w = runeWidth(c.text);
        s += c.text;
        if (j < widths.length) s += ' '.repeat(Math.max(0, widths[j] - w));
      }
      out[i] = s;
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let self = line0; self < line1; self++) {
      if (column >= lines[self].length - 1) continue;
      writeLines(line0, self);
      line0 = self;
      let width = 0;
      let discardable = true;
      for (; self < line1; self++) {
        const line = lines[self];
        if (column >= line.length - 1) break;
        const c = line[column];
        const cw = runeWidth(c.text);
        if (cw + 1 > width) width = cw + 1;
        if (cw > 0 || c.htab) discardable = false;
      }
      if (discardable) width = 0;
      widths.push(width);
      format(line0, self);
      widths.pop();
      line0 = self;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out;
}

/**
 * Renders body lines as gofmt would align them. All cell lines of one section are
 * expected to share their indentation (fields of one struct level).
 */
export function renderBody(body: BodyLine[]): string[] {
  const out: string[] = [];
  let section: { indent: string; cells: TwCell[] }[] = [];
  const flush = (): void => {
    const texts = formatSection(section.map((l) => l.cells));
    section.forEach((l, i) => out.push(l.indent + texts[i]));
    section = [];
  };
  for (const l of body) {
    if (l.kind === 'raw') {
      flush();
      out.push(l.text);
      continue;
    }
    section.push({ indent: l.indent, cells: l.cells });
    if (l.endsSection) flush();
  }
  flush();
  return out;
}
