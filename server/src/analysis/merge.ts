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
