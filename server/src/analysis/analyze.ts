import { analyzeAdvice } from './advice';
import { PackageChecker } from './checker';
import { clearKidsCache } from './checker/nodes';
import { EscapeSession } from './escape';
import type { PackageIndex } from './goPackage';
import type { GoType } from './goTypes';
import { analyzeAllocationHints, HintCache, isSuppressed } from './hints';
import { analyzeStructs, layoutEngineFor, StructReport } from './layout';
import { layoutFindings } from './layout/findings';
import type { ExternalTypeResolver } from './layout/sizes';
import type { StdTables } from './stdTables';
import type { Category, Finding } from './types';

/**
 * The pure analysis of one package: struct layouts, layout diagnostics, the
 * escape model and allocation hints. No LSP, no fs, no processes.
 */
export interface AnalysisOptions {
  goarch: string;
  std: StdTables;
  /** Categories to compute; the others are skipped entirely. */
  categories: ReadonlySet<Category>;
  largeCopyThreshold: number;
  /** The module's `go` version from go.mod (`1.22`). */
  goVersion?: string;
  /**
   * Report findings only in these files (absolute paths): per-function rules and layout
   * fixes run only there, while what needs the whole package (escape summaries, pool
   * facts, layouts) still sees every file. The server passes the document it publishes for.
   */
  onlyFiles?: ReadonlySet<string>;
  /** Keeps per-function escape results between runs on the same package. */
  escapeSession?: EscapeSession;
  /** Layouts of types declared in other packages (module sources); unknown without it. */
  external?: ExternalTypeResolver;
  /** Advice codes that are on (all when absent). */
  adviceCodes?: ReadonlySet<string>;
}

export interface PackageAnalysis {
  structs: StructReport[];
  findings: Finding[];
  /** Analyses that failed on this input (the others still ran); for the log. */
  errors: string[];
}

/**
 * The per-function hint cache of a package, kept with its escape session (the caller
 * keeps one session per package); emptied when the target, the options or the
 * resolver of other packages' layouts change.
 */
const hintCaches = new WeakMap<EscapeSession, { cache: HintCache; external?: ExternalTypeResolver }>();

function hintCacheOf(session: EscapeSession, index: PackageIndex, opts: AnalysisOptions): HintCache {
  let h = hintCaches.get(session);
  if (!h || h.external !== opts.external) hintCaches.set(session, (h = { cache: new HintCache(), external: opts.external }));
  h.cache.begin(JSON.stringify([opts.goarch, opts.largeCopyThreshold, opts.goVersion]), session.changedSince(index));
  return h.cache;
}

/** Runs one analysis; a failure on strange input loses that analysis only, never the others. */
function isolated(name: string, errors: string[], fn: () => void): void {
  try {
    fn();
  } catch (err) {
    errors.push(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}

const ESCAPE_CATEGORIES: Category[] = ['escape', 'leak', 'noescape'];

export function analyzePackage(index: PackageIndex, opts: AnalysisOptions): PackageAnalysis {
  const engine = layoutEngineFor(index, { goarch: opts.goarch, std: opts.std.layout, external: opts.external });
  const sizes = {
    sizeof: (t: GoType) => {
      const l = engine.layoutOf(t);
      return l.ok ? l.size : null;
    },
  };
  const errors: string[] = [];
  let structs: StructReport[] = [];
  const findings: Finding[] = [];
  isolated('layout', errors, () => {
    structs = analyzeStructs(index, { goarch: opts.goarch, std: opts.std.layout, external: opts.external });
    if (opts.categories.has('layout')) {
      const reported = opts.onlyFiles ? structs.filter((r) => opts.onlyFiles!.has(r.file.path)) : structs;
      findings.push(...layoutFindings(reported, index, (r) => isSuppressed(r.file, r.nameRange.start.line, 'struct-layout')));
    }
  });
  // One checker for every analysis of this run: each function is type-checked once.
  let checker: PackageChecker | undefined;
  const sharedChecker = () => (checker ??= new PackageChecker(index, { std: opts.std, goarch: opts.goarch }));
  if (ESCAPE_CATEGORIES.some((c) => opts.categories.has(c))) isolated('escape model', errors, () => {
    const session = opts.escapeSession ?? new EscapeSession();
    const result = session.run(index, { std: opts.std, goarch: opts.goarch, sizes, includeNoEscape: opts.categories.has('noescape'), checker: sharedChecker() });
    for (const f of result.findings) {
      if (!opts.categories.has(f.category) || (opts.onlyFiles && !opts.onlyFiles.has(f.file))) continue;
      const file = index.files.get(f.file)?.file;
      if (file && isSuppressed(file, f.range.start.line, f.code)) continue;
      findings.push(f);
    }
  });
  if (opts.categories.has('alloc')) {
    isolated('allocation hints', errors, () => {
      const cache = opts.escapeSession ? hintCacheOf(opts.escapeSession, index, opts) : undefined;
      findings.push(...analyzeAllocationHints(index, { checker: sharedChecker(), sizes, largeCopyThreshold: opts.largeCopyThreshold, goVersion: opts.goVersion, files: opts.onlyFiles, cache }));
    });
  }
  if (opts.categories.has('advice')) {
    isolated('advice', errors, () => {
      findings.push(...analyzeAdvice(index, { checker: sharedChecker(), goVersion: opts.goVersion, std: opts.std, goarch: opts.goarch, codes: opts.adviceCodes, files: opts.onlyFiles }));
    });
  }
  clearKidsCache();
  return { structs, findings, errors };
}
