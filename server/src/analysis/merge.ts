import { lineStarts, offsetToPosition, positionToOffset } from './positions';
import type { Category, Finding } from './types';

/**
 * Merging the compiler's escape results with the model's. For a file whose
 * compile succeeded for its current content, the compiler's findings replace the
 * model's findings of the same kinds; elsewhere the model's estimates stay. The
 * compiler's `large-copy` findings (its `-json` copy log) replace the model's
 * large-copy hints on the same line.
 */
export const COMPILER_KINDS: ReadonlySet<Category> = new Set<Category>(['escape', 'leak', 'noescape']);

/** The model's large-copy hints; a compiler `large-copy` on the same line replaces them. */
export const MODEL_COPY_CODES: ReadonlySet<string> = new Set(['large-param-copy', 'large-range-copy']);

export function mergeCompilerFindings(model: Finding[], compiler: Finding[], builtFiles: ReadonlySet<string>): Finding[] {
  const built = compiler.filter((f) => builtFiles.has(f.file));
  const out = withoutCopiesOnLines(
    model.filter((f) => !(builtFiles.has(f.file) && COMPILER_KINDS.has(f.category))),
    built,
  );
  out.push(...built);
  return out.sort(byPosition);
}

/**
 * Drops the model's large-copy hints on lines where the compiler logged a copy (`large-copy`): the
 * compiler's finding says the same with the real size. The model's hints elsewhere stay (a parameter's
 * copy is logged at each call site, not at the parameter).
 */
function withoutCopiesOnLines(model: Finding[], compiler: Finding[]): Finding[] {
  const lines = new Set(compiler.filter((f) => f.code === 'large-copy').map((f) => `${f.file}\0${f.range.start.line}`));
  if (lines.size === 0) return model;
  return model.filter((f) => !(MODEL_COPY_CODES.has(f.code) && lines.has(`${f.file}\0${f.range.start.line}`)));
}

export function byPosition(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.range.start.line !== b.range.start.line) return a.range.start.line - b.range.start.line;
  return a.range.start.character - b.range.start.character;
}

/** By position, then code: the order the models return their findings in. */
export function byPositionAndCode(a: Finding, b: Finding): number {
  return byPosition(a, b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** The one edited region between two texts: common prefix and suffix removed (UTF-16 offsets). */
export function editRegion(oldText: string, newText: string): { start: number; oldEnd: number; newEnd: number } | null {
  if (oldText === newText) return null;
  // Compared a block at a time, large blocks first (a slice is a view, and comparing two is a
  // native compare): a keystroke in a 4,000-line file compared 110,000 characters one by one.
  const max = Math.min(oldText.length, newText.length);
  let start = 0;
  for (let step = 4096; step >= 1; step >>= 2) {
    while (start + step <= max && oldText.slice(start, start + step) === newText.slice(start, start + step)) start += step;
  }
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  for (let step = 4096; step >= 1; step >>= 2) {
    while (oldEnd - step >= start && newEnd - step >= start && oldText.slice(oldEnd - step, oldEnd) === newText.slice(newEnd - step, newEnd)) {
      oldEnd -= step;
      newEnd -= step;
    }
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
  const kept = model.filter((f) => !COMPILER_KINDS.has(f.category) || (f.range.end.line >= editedFrom && f.range.start.line <= editedTo));
  out.push(...withoutCopiesOnLines(kept, out));
  return out.sort(byPosition);
}
