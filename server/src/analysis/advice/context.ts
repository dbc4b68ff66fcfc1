import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, Obj, PackageChecker } from '../checker';
import type { FileInfo, PackageIndex } from '../goPackage';
import type { GoType } from '../goTypes';
import type { StdTables } from '../stdTables';
import type { Finding, Fix } from '../types';
import type { AdviceCode } from './codes';

/** Options of analyzeAdvice; the feature layer maps settings into these. */
export interface AdviceOptions {
  /** A checker for this package version (shared with the other models); one is created when absent. */
  checker?: PackageChecker;
  /** The `go` line of the module's go.mod (`1.22`); decides messages and fixes. Unknown = the newest Go. */
  goVersion?: string;
  std?: StdTables;
  goarch?: string;
  /** Codes to run; all when absent. */
  codes?: ReadonlySet<string>;
  /** Rethrow a rule's exception instead of skipping that rule for that function (tests). */
  strict?: boolean;
  /** Run the rules only on the functions of these files (absolute paths); package facts still come from every file. */
  files?: ReadonlySet<string>;
  /** Per-function advice kept between runs on one package (begun by the caller). */
  cache?: import('../functionCache').FunctionCache;
  /**
   * What the rules that read other functions depend on (crossFunction.ts): a function that
   * names one of `words` keeps its cached advice only while `key` is the same.
   */
  crossFunction?: { words: ReadonlySet<string>; key: string };
}

export type AdviceReport = Omit<Finding, 'file' | 'category' | 'source' | 'related' | 'why' | 'fixes' | 'code'> & {
  code: AdviceCode;
  why?: string[];
  related?: Finding['related'];
  fixes?: Fix[];
};

/** What every rule sees: one function declaration with its type information and the package. */
export interface AdviceContext {
  index: PackageIndex;
  file: FileInfo;
  /** The function or method declaration. */
  fn: Node;
  info: FunctionInfo;
  checker: PackageChecker;
  options: AdviceOptions;
  /** Package-level facts shared by the rules (computed once). */
  pkg: PackageFacts;
  enabled(code: AdviceCode): boolean;
  report(f: AdviceReport): void;
}

/** A sync.Pool of the package: a package-level variable (`bufPool`) or a struct field (`T.pool`). */
export interface PoolSite {
  /** `bufPool` or `.pool` (fields are matched by name). */
  key: string;
  /** The call `p.Get()` / `p.Put(x)`. */
  call: Node;
  fn: Node;
  file: FileInfo;
  info: FunctionInfo;
}

export interface PackageFacts {
  /** Get sites per pool key. */
  gets: Map<string, PoolSite[]>;
  puts: Map<string, PoolSite[]>;
  /** Every function declaration of the package with its info. */
  funcs: { fn: Node; file: FileInfo; info: FunctionInfo }[];
}

/** The object an identifier denotes, if it is a local variable (params included). */
export function localVar(info: FunctionInfo, ident: Node | null | undefined): Obj | undefined {
  if (!ident || ident.type !== 'identifier') return undefined;
  const o = info.objectOf(ident);
  return o && o.kind === 'var' && !o.global ? o : undefined;
}

export function isNamed(t: GoType, pkg: string, name: string): boolean {
  return t.kind === 'named' && t.pkg === pkg && t.name === name;
}

/** `T` or `*T` named pkg.name. */
export function isNamedOrPtr(t: GoType, pkg: string, name: string): boolean {
  return isNamed(t, pkg, name) || (t.kind === 'pointer' && isNamed(t.elem, pkg, name));
}
