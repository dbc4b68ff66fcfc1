import { lineStarts, offsetToPosition, positionToOffset } from './positions';
import type { Category, Finding } from './types';

/**
 * Merging the compiler's escape results with the model's. For a file whose
 * compile succeeded for its current content, the compiler's findings replace the
 * model's findings of the same kinds; elsewhere the model's estimates stay.
 */
export const COMPILER_KINDS: ReadonlySet<Category> = new Set<Category>(['escape', 'leak', 'noescape']);

export function mergeCompilerFindings(model: Finding[], compiler: Finding[], builtFiles: ReadonlySet<string>): Finding[] {
  const out = model.filter((f) => !(builtFiles.has(f.file) && COMPILER_KINDS.has(f.category)));
  for (const f of compiler) if (builtFiles.has(f.file)) out.push(f);
  return out.sort(byPosition);
}

export function byPosition(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.range.start.line !== b.range.start.line) return a.range.start.line - b.range.start.line;
  return a.range.start.character - b.range.start.character;
}

/** The one edited region between two texts: common prefix and suffix removed (UTF-16 offsets). */
export function editRegion(oldText: string, newText: string): { start: number; oldEnd: number; newEnd: number } | null {
  if (oldText === newText) return null;
  let start = 0;
  const max = Math.min(oldText.length, newText.length);
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/**
 * Compiler findings of one file built from `builtText`, shown over `currentText`:
 * identical text → the compiler's findings replace the model's escape kinds;
 * after edits → compiler findings outside the edited region move with the text
 * and are marked stale, and inside the edited region the model's findings stand in.
 */
export function mergeFileWithCompiler(model: Finding[], compiler: Finding[], builtText: string, currentText: string): Finding[] {
  const region = editRegion(builtText, currentText);
  if (!region) return mergeCompilerFindings(model, compiler, new Set(compiler.map((f) => f.file).concat(model.map((f) => f.file))));
  const oldStarts = lineStarts(builtText);
  const newStarts = lineStarts(currentText);
  const delta = region.newEnd - region.oldEnd;
  const out: Finding[] = [];
  for (const f of compiler) {
    const s = positionToOffset(oldStarts, f.range.start, builtText.length);
    const e = positionToOffset(oldStarts, f.range.end, builtText.length);
    if (e < region.start) out.push({ ...f, stale: true });
    else if (s >= region.oldEnd) {
      out.push({ ...f, stale: true, range: { start: offsetToPosition(newStarts, s + delta), end: offsetToPosition(newStarts, e + delta) } });
    }
  }
  const editedFrom = offsetToPosition(newStarts, region.start).line;
  const editedTo = offsetToPosition(newStarts, region.newEnd).line;
  for (const f of model) {
    if (!COMPILER_KINDS.has(f.category)) out.push(f);
    else if (f.range.end.line >= editedFrom && f.range.start.line <= editedTo) out.push(f);
  }
  return out.sort(byPosition);
}
