import { Relocation, relocateFinding, type Relocations } from './relocate';
import type { Finding, Range } from './types';

/**
 * The last analysis's findings over a half-typed edit (workspace/analysisService.ts, heldResult):
 * those placed in or next to the edited text dropped (their range, or their fix's, would take in
 * the text typed since), the others moved with the text.
 *
 * Typing on while the edit is held moves the same findings again at every keystroke: 9,620 in the
 * 50,000-line file, 30 ms a keystroke. Only a finding with a range on the edited lines depends on
 * the columns of the edit; every other one moves by whole lines, and whether it stays and where
 * it goes depend on the first and last edited line and the lines added alone (Relocation.map and
 * mapLine). So those are moved once per such line shape of the edit and kept with the findings;
 * a keystroke that types on a line moves only the findings of its lines.
 */

/** The moved findings, by the line shape of the edit, kept per list of last findings. */
const byShape = new WeakMap<readonly Finding[], { shape: string; file: string; moved: (Finding | null | undefined)[] }>();

export function heldFindings(findings: readonly Finding[], file: string, edit: Relocation | null, relocations: Relocations): Finding[] {
  const meets = (f: string, r: Range) => f === file && !!edit?.meets(r);
  const stays = (f: Finding) => !meets(f.file, f.range) && !f.related.some((x) => meets(x.file, x.range)) && !f.fixes.some((x) => x.edits.some((e) => meets(e.file, e.range)));
  const move = (f: Finding) => (stays(f) ? (relocateFinding(f, relocations) ?? null) : null);
  if (!edit) return findings.flatMap((f) => move(f) ?? []);
  const first = edit.firstLine;
  const last = edit.lastOldLine;
  const onEditedLines = (f: string, r: Range) => f === file && r.end.line >= first && r.start.line <= last;
  const shape = `${first}:${last}:${edit.lineDelta}`;
  let kept = byShape.get(findings);
  if (!kept || kept.shape !== shape || kept.file !== file) {
    const moved = new Array<Finding | null | undefined>(findings.length);
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i];
      const edited = onEditedLines(f.file, f.range) || f.related.some((x) => onEditedLines(x.file, x.range)) || f.fixes.some((x) => x.edits.some((e) => onEditedLines(e.file, e.range)));
      moved[i] = edited ? undefined : move(f);
    }
    byShape.set(findings, (kept = { shape, file, moved }));
  }
  const out: Finding[] = [];
  for (let i = 0; i < findings.length; i++) {
    const m = kept.moved[i];
    const f = m === undefined ? move(findings[i]) : m;
    if (f) out.push(f);
  }
  return out;
}
