import type { Position } from './types';

/**
 * The one place where positions change units.
 *
 * Inside the product a position is a 0-based line and a UTF-16 column (LSP and
 * web-tree-sitter). The Go compiler and our CLI speak 1-based lines and 1-based
 * byte (UTF-8) columns.
 */

/**
 * LSP counts a lone `\r` as a line break; tree-sitter and the Go compiler count
 * only `\n`. The analysis sees the text with each lone `\r` turned into `\n`:
 * same length, same offsets, and rows that agree with LSP lines.
 */
export function normalizeLoneCR(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r(?!\n)/g, '\n');
}

/** Splits text into lines the way the Go compiler counts them (only `\n` ends a line). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineText(text: string, starts: number[], line: number): string {
  if (line < 0 || line >= starts.length) return '';
  const end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
  return text.slice(starts[line], end);
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** UTF-16 position → compiler position (1-based line, 1-based byte column). */
export function toCompilerPosition(
  text: string,
  pos: Position,
  starts: number[] = lineStarts(text),
): { line: number; column: number } {
  const lt = lineText(text, starts, pos.line);
  let bytes = 0;
  for (let i = 0; i < Math.min(pos.character, lt.length); i++) {
    const cp = lt.codePointAt(i)!;
    bytes += utf8Length(cp);
    if (cp > 0xffff) i++;
  }
  return { line: pos.line + 1, column: bytes + 1 };
}

/** Compiler position (1-based line, 1-based byte column) → UTF-16 position, clamped to the line. */
export function fromCompilerPosition(
  text: string,
  line: number,
  column: number,
  starts: number[] = lineStarts(text),
): Position {
  const l = Math.max(0, Math.min(line - 1, starts.length - 1));
  const lt = lineText(text, starts, l);
  let bytes = 0;
  let i = 0;
  while (i < lt.length && bytes < column - 1) {
    const cp = lt.codePointAt(i)!;
    bytes += utf8Length(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return { line: l, character: i };
}

/** Offset (UTF-16 index into text) → position. */
export function offsetToPosition(starts: number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

export function positionToOffset(starts: number[], pos: Position, textLength: number): number {
  if (pos.line >= starts.length) return textLength;
  return Math.min(starts[Math.max(0, pos.line)] + pos.character, textLength);
}

/**
 * The line starts of one text (only `\n` ends a line: the analysis's text, see normalizeLoneCR),
 * made from the previous version's after an edit: a keystroke in a 50,000-line file re-reads the
 * edited text, not the file (splitting it was 3 MB of garbage per keystroke).
 */
export class LineIndex {
  private constructor(
    readonly text: string,
    /** UTF-16 offset of each line's first character. */
    private readonly starts: number[],
  ) {}

  static of(text: string): LineIndex {
    return new LineIndex(text, lineStarts(text));
  }

  /**
   * The index of `text`, which is this index's text with `[start, oldEnd)` replaced by
   * `[start, newEnd)` of `text`. The character before the edit is read again: whether a `\r`
   * there ends a line depends on what follows it in texts that are not normalized yet.
   */
  edited(text: string, start: number, oldEnd: number, newEnd: number): LineIndex {
    const from = Math.max(0, start - 1);
    const delta = newEnd - oldEnd;
    const old = this.starts;
    // lines starting at or before `from` keep their starts; those after the old edit's end move by delta
    let keep = old.length;
    while (keep > 0 && old[keep - 1] > from) keep--;
    let after = keep;
    while (after < old.length && old[after] <= oldEnd) after++;
    const added: number[] = [];
    for (let i = text.indexOf('\n', from); i >= 0 && i < newEnd; i = text.indexOf('\n', i + 1)) added.push(i + 1);
    // (one array of the final size: 50,000 lines grown by push were 1.6 MB per keystroke)
    const out = new Array<number>(keep + added.length + old.length - after);
    let n = 0;
    for (let k = 0; k < keep; k++) out[n++] = old[k];
    for (let k = 0; k < added.length; k++) out[n++] = added[k];
    for (let k = after; k < old.length; k++) out[n++] = old[k] + delta;
    return new LineIndex(text, out);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    return offsetToPosition(this.starts, offset);
  }

  /**
   * The offset of an LSP position (lines as LSP counts them: the text is normalized, see normalizeLoneCR), clamped
   * as vscode-languageserver-textdocument's offsetAt clamps: to the text, and to before the line's line break.
   */
  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.starts[pos.line];
    if (pos.character <= 0) return start;
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    let offset = Math.min(start + pos.character, next);
    while (offset > start && (this.text.charCodeAt(offset - 1) === 10 || this.text.charCodeAt(offset - 1) === 13)) offset--;
    return offset;
  }

  /**
   * The line break ending a line, `\r\n` or `\n`. The last line has none: it takes the one
   * before it (`\n` in a one-line text), as text typed after it would be written.
   */
  lineBreak(line: number): '\r\n' | '\n' {
    const n = this.starts.length;
    if (n < 2) return '\n';
    const next = Math.min(Math.max(line, 0), n - 2) + 1;
    return this.text.charCodeAt(this.starts[next] - 2) === 13 ? '\r\n' : '\n';
  }

  /** A line's text without its line break (`\r\n` too); '' past the end. */
  lineText(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    let end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(this.starts[line], end);
  }
}
