import type { Position, TextEdit } from '../types';

/** Offset in `text` of a 0-based line / UTF-16 column position. */
export function offsetAt(text: string, pos: Position): number {
  let off = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return Math.min(off + pos.character, text.length);
}

/** Applies non-overlapping edits of one file (as an editor would). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const spans = edits
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  let limit = Infinity;
  for (const s of spans) {
    if (s.end > limit) throw new Error('overlapping edits');
    out = out.slice(0, s.start) + s.newText + out.slice(s.end);
    limit = s.start;
  }
  return out;
}
