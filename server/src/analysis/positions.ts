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
