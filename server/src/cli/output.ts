import * as path from 'path';
import type { PackageIndex } from '../analysis/goPackage';
import { lineStarts, toCompilerPosition } from '../analysis/positions';
import type { Finding, Severity } from '../analysis/types';
import { defaultSettings } from '../settings';

/** Findings as the CLI prints them: 1-based lines and byte columns, like the Go compiler. */
export interface FindingJson {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  severity: Severity;
  message: string;
  source: 'model' | 'compiler';
  why: string[];
}

const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** Default severities of the editor; facts that are off there are hints here, so `--json` has them all. */
export function cliSeverity(f: Finding): Severity {
  const s = defaultSettings();
  const setting =
    f.category === 'layout' ? s['layout.severity'] : f.category === 'escape' ? s['escape.severity'] : f.category === 'leak' ? s['leak.severity'] : f.category === 'noescape' ? s['noescape.severity'] : f.category === 'advice' ? s['advice.severity'] : s['alloc.severity'];
  return setting === 'off' ? 'hint' : setting;
}

export function toFindingJson(f: Finding, textOf: (file: string) => string | undefined): FindingJson {
  const text = textOf(f.file) ?? '';
  const starts = lineStarts(text);
  const a = toCompilerPosition(text, f.range.start, starts);
  const b = toCompilerPosition(text, f.range.end, starts);
  return {
    file: f.file,
    line: a.line,
    column: a.column,
    endLine: b.line,
    endColumn: b.column,
    code: f.code,
    severity: cliSeverity(f),
    message: f.message,
    source: f.source,
    why: f.why,
  };
}

export function textOfIndex(indexes: PackageIndex[]): (file: string) => string | undefined {
  const m = new Map<string, string>();
  for (const ix of indexes) for (const f of ix.pkg.files) m.set(f.path, f.text);
  return (file) => m.get(file);
}

/** `file:line:col: message` like go vet, relative to the working directory when below it. */
export function formatText(j: FindingJson, cwd = process.cwd()): string {
  const rel = path.relative(cwd, j.file);
  const shown = rel.startsWith('..') ? j.file : rel.startsWith('.') ? rel : './' + rel;
  const tag = j.source === 'compiler' ? 'compiler' : 'model';
  return `${shown}:${j.line}:${j.column}: ${j.message} [${j.code}, ${j.severity}, ${tag}]`;
}
