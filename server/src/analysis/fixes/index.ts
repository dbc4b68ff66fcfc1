import type { FileInfo } from '../goPackage';
import { lineStarts, positionToOffset } from '../positions';
import type { Finding, Fix, Range, TextEdit } from '../types';
import type { ImportAwareFix } from './fix';
import { importedName, importEdits, packageUses } from './imports';

export type { ImportAwareFix } from './fix';
export { importEdits, packageUses } from './imports';

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
  order: number;
}

function toOffsets(text: string, edits: readonly TextEdit[]): OffsetEdit[] {
  const starts = lineStarts(text);
  return edits.map((e, order) => ({
    start: positionToOffset(starts, e.range.start, text.length),
    end: positionToOffset(starts, e.range.end, text.length),
    newText: e.newText,
    order,
  }));
}

/**
 * Applies edits of one file to its text. Edits must not overlap; insertions at
 * the same offset keep their given order, and an insertion at the start of a
 * replaced range goes before the replacement (LSP WorkspaceEdit semantics).
 */
export function applyFixes(text: string, edits: readonly TextEdit[]): string {
  const es = toOffsets(text, edits).sort((a, b) => a.start - b.start || (a.start === a.end ? -1 : 0) - (b.start === b.end ? -1 : 0) || a.order - b.order);
  let out = '';
  let pos = 0;
  for (const e of es) {
    if (e.start < pos) throw new Error(`overlapping edits at offset ${e.start}`);
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === b.start) return true;
  return a.start < b.end && b.start < a.end;
}

/**
 * "Fix all" for one file: every fix marked `fixAll` of the findings, in a
 * deterministic order (by position, then kind), skipping a fix whose edits
 * overlap one already taken. Import changes are computed once for the chosen
 * set: imports are added once, and an import is removed when the chosen fixes
 * delete all its uses. `includeReviewFixes` also takes fixes that need a look
 * (upper-bound preallocations), for tests and the CLI's explicit `--only`.
 */
export function fixAllEdits(
  file: FileInfo,
  findings: readonly Finding[],
  opts: { includeReviewFixes?: boolean } = {},
): { edits: TextEdit[]; applied: Fix[] } {
  const text = file.file.text;
  const candidates: { fix: ImportAwareFix; body: OffsetEdit[] }[] = [];
  for (const f of findings) {
    if (f.file !== file.file.path) continue;
    for (const fix of f.fixes as ImportAwareFix[]) {
      if ((!fix.fixAll && !opts.includeReviewFixes) || fix.edits.some((e) => e.file !== file.file.path)) continue;
      const n = fix.importChanges?.bodyEdits ?? fix.edits.length;
      candidates.push({ fix, body: toOffsets(text, fix.edits.slice(0, n)) });
    }
  }
  candidates.sort((a, b) => Math.min(...a.body.map((e) => e.start)) - Math.min(...b.body.map((e) => e.start)) || (a.fix.kind < b.fix.kind ? -1 : a.fix.kind > b.fix.kind ? 1 : 0));
  const taken: OffsetEdit[] = [];
  const applied: ImportAwareFix[] = [];
  for (const c of candidates) {
    if (c.body.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...c.body);
    applied.push(c.fix);
  }
  const add = new Set<string>();
  const removed = new Map<string, number>();
  for (const fix of applied) {
    for (const p of fix.importChanges?.add ?? []) add.add(p);
    for (const [p, n] of Object.entries(fix.importChanges?.removedUses ?? {})) removed.set(p, (removed.get(p) ?? 0) + n);
  }
  const remove = [...removed].filter(([p, n]) => {
    const name = importedName(file, p);
    return !!name && !add.has(p) && packageUses(file, name) <= n;
  });
  const edits: TextEdit[] = [];
  for (const fix of applied) edits.push(...fix.edits.slice(0, fix.importChanges?.bodyEdits ?? fix.edits.length));
  edits.push(...importEdits(file, [...add], remove.map(([p]) => p)));
  return { edits, applied };
}

/** Applies "fix all" to a file's text. */
export function fixAllText(file: FileInfo, findings: readonly Finding[], opts: { includeReviewFixes?: boolean } = {}): { text: string; applied: Fix[] } {
  const { edits, applied } = fixAllEdits(file, findings, opts);
  return { text: applyFixes(file.file.text, edits), applied };
}

export function rangeIsEmpty(r: Range): boolean {
  return r.start.line === r.end.line && r.start.character === r.end.character;
}
