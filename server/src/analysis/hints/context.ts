import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, Obj, PackageChecker } from '../checker';
import type { FileInfo, PackageIndex } from '../goPackage';
import type { GoType } from '../goTypes';
import type { Finding, Fix } from '../types';
import { identifierUses } from './syntax';

/** Sizes of types, supplied by the layout model. */
export interface SizeOracle {
  sizeof(t: GoType): number | null;
}

/** Options of analyzeAllocationHints; the feature layer maps settings into these. */
export interface HintOptions {
  /** A checker for this package version (shared with the escape model); one is created when absent. */
  checker?: PackageChecker;
  /** Type sizes for large-param-copy / large-range-copy; those hints are off without it. */
  sizes?: SizeOracle;
  /** Bytes from which a copy by parameter or range is reported (default 128, the compiler's `copy` threshold). */
  largeCopyThreshold?: number;
  /** The module's `go` version (`1.21`); fixes needing newer Go are refused. Unknown = assume current. */
  goVersion?: string;
  /** Codes to run; all when absent. */
  codes?: ReadonlySet<string>;
  /** Only the functions of these files (absolute paths); all files when absent. */
  files?: ReadonlySet<string>;
  /** Per-function results kept between runs on one package (begun by the caller). */
  cache?: import('../functionCache').FunctionCache;
}

export const HINT_CODES = [
  'slice-append-in-loop',
  'map-fill-in-loop',
  'string-concat-in-loop',
  'fmt-sprint-strconv',
  'alloc-in-loop',
  'defer-in-loop',
  'large-param-copy',
  'large-range-copy',
  'iface-conversion-in-loop',
  'fmt-sprint-bytes',
  'builder-grow',
] as const;
export type HintCode = (typeof HINT_CODES)[number];

/** What every rule sees: one function declaration with its type information. */
export interface FuncContext {
  index: PackageIndex;
  file: FileInfo;
  fn: Node;
  info: FunctionInfo;
  checker: PackageChecker;
  options: HintOptions;
  report(f: Omit<Finding, 'file' | 'category' | 'source' | 'related' | 'why' | 'fixes'> & Partial<Pick<Finding, 'why' | 'related'>> & { fixes?: Fix[] }): void;
}

export function nodeRange(n: Node): Finding['range'] {
  return {
    start: { line: n.startPosition.row, character: n.startPosition.column },
    end: { line: n.endPosition.row, character: n.endPosition.column },
  };
}

/** The object an identifier denotes, if it is a local variable. */
export function localVar(ctx: FuncContext, ident: Node | null | undefined): Obj | undefined {
  if (!ident || ident.type !== 'identifier') return undefined;
  const o = ctx.info.objectOf(ident);
  return o && o.kind === 'var' && !o.global ? o : undefined;
}

/** Every identifier in `scope` that denotes `obj`. */
export function usesOf(ctx: FuncContext, scope: Node, obj: Obj): Node[] {
  return identifierUses(ctx.info, scope, obj);
}

/** 1-based line for messages. */
export function lineOf(n: Node): number {
  return n.startPosition.row + 1;
}

/** Compares `go` versions like "1.21" ≥ "1.19"; unknown versions pass. */
export function goAtLeast(version: string | undefined, want: string): boolean {
  if (!version) return true;
  const a = version.replace(/^go/, '').split('.').map(Number);
  const b = want.split('.').map(Number);
  for (let i = 0; i < 2; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
