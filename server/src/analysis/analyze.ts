import type { Node } from 'web-tree-sitter';
import { analyzeAdvice } from './advice';
import { PackageChecker } from './checker';
import { clearKidsCache } from './checker/nodes';
import { EscapeSession } from './escape';
import { linesOf, type PackageIndex, type SourceFile } from './goPackage';
import type { GoType } from './goTypes';
import { crossFunctionFacts } from './advice/crossFunction';
import { FunctionCache, occurrenceCounter } from './functionCache';
import { specReferences } from './incremental';
import { editedWords } from './relocate';
import { endTextMemoRun } from './textMemo';
import { analyzeAllocationHints, isSuppressed } from './hints';
import { findStructs, layoutEngineFor, reportStructs, StructReport, structNodesIn, structSpecs } from './layout';
import { layoutFindings } from './layout/findings';
import { denotingNamesKey, layoutUses, layoutUsesChanged, sameFieldsKey, type LayoutUses } from './layout/reorder';
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
 * The per-function caches of a package (hints, advice), kept with its escape session
 * (the caller keeps one session per package); emptied when the target, the options or
 * the resolver of other packages' layouts change.
 */
interface PackageCaches {
  layout: FunctionCache;
  /** The layout uses of the previous run (see layoutUsesChanged). */
  layoutUses?: LayoutUses;
  hints: FunctionCache;
  advice: FunctionCache;
  external?: ExternalTypeResolver;
}
const packageCaches = new WeakMap<EscapeSession, PackageCaches>();

function cachesOf(session: EscapeSession, opts: AnalysisOptions): PackageCaches {
  let c = packageCaches.get(session);
  if (!c || c.external !== opts.external) packageCaches.set(session, (c = { layout: new FunctionCache(), hints: new FunctionCache(), advice: new FunctionCache(), external: opts.external }));
  return c;
}

/** Runs one analysis; a failure on strange input loses that analysis only, never the others. */
function isolated(name: string, errors: string[], fn: () => void): void {
  try {
    fn();
  } catch (err) {
    errors.push(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}

/** Packages the hint fixes import (fixes/imports.ts): a package-level name like one of them changes their fixes. */
const IMPORTED_BY_FIXES = ['strings', 'strconv', 'fmt'];

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
  const findings: Finding[] = [];
  // Every struct's report (hovers need them) is computed when first asked; the findings need
  // only the reported files' structs.
  let structs: StructReport[] | undefined;
  const allStructs = (): StructReport[] => {
    if (!structs) {
      structs = [];
      isolated('layout', errors, () => (structs = findStructs(index, engine)));
    }
    return structs;
  };
  if (opts.categories.has('layout')) {
    isolated('layout', errors, () => {
      const session = opts.escapeSession;
      const caches = session ? cachesOf(session, opts) : undefined;
      const cache = caches?.layout;
      if (caches && cache) {
        // A struct's finding depends on the types its declaration names (the changed declarations),
        // and on code anywhere that uses it (reorder.ts): positional literals of it and unsafe.Offsetof
        // of its fields — layoutUses, compared with the previous run's —, another struct type with the
        // same fields — sameFieldsKey, part of its own key — and the names that denote it (its aliases and
        // types defined as it — denotingNamesKey, part of its key too: an edit can break an alias without
        // naming the type). An edit whose words name the type (a literal, an alias) or `Offsetof`
        // recomputes it too: the keys have no positions, the words catch a literal that moved.
        const relocations = session!.relocationsSince(index);
        const edited = editedWords(relocations);
        const uses = layoutUses(index);
        const usesChanged = caches.layoutUses ? layoutUsesChanged(caches.layoutUses, uses, index) : undefined;
        caches.layoutUses = uses;
        const untouchedByEdits = (e: { names: string[] }) => !!usesChanged && !edited.has('Offsetof') && !e.names.some((n) => edited.has(n) || usesChanged.has(n));
        cache.begin(opts.goarch, session!.changedSince(index), relocations, untouchedByEdits);
      }
      for (const file of index.pkg.files) {
        if (opts.onlyFiles && !opts.onlyFiles.has(file.path)) continue;
        const nth = occurrenceCounter();
        // a struct in a file whose tree is one ERROR is "inside code that does not parse" (reorder.ts):
        // its findings depend on that as well as on its own text
        const brokenFile = cache && file.tree.rootNode.type === 'ERROR' ? '\0broken file' : '';
        for (const spec of structSpecs(file.tree)) {
          const compute = () => layoutFindings(reportStructs(structNodesIn(spec), file, index, engine), index, () => false);
          let raw: readonly Finding[];
          if (cache) {
            const names = spec.childrenForFieldName('name').flatMap((n) => (n ? [n.text] : []));
            raw = cache.findingsOf(file, spec, nth(spec), compute, { words: () => specReferences(spec), names, extra: `${sameFieldsKey(spec, index)}\u0003${denotingNamesKey(names, index)}${brokenFile}${lineAround(file, spec)}` });
          } else raw = compute();
          for (const f of raw) if (!isSuppressed(file, f.range.start.line, 'struct-layout')) findings.push(f);
        }
      }
      cache?.end();
    });
  }
  // One checker for every analysis of this run: each function is type-checked once.
  let checker: PackageChecker | undefined;
  const sharedChecker = () => (checker ??= new PackageChecker(index, { std: opts.std, goarch: opts.goarch }));
  if (ESCAPE_CATEGORIES.some((c) => opts.categories.has(c))) isolated('escape model', errors, () => {
    const session = opts.escapeSession ?? new EscapeSession();
    const result = session.run(index, { std: opts.std, goarch: opts.goarch, sizes, includeNoEscape: opts.categories.has('noescape'), includeLeaks: opts.categories.has('leak'), checker: sharedChecker(), onlyFiles: opts.onlyFiles });
    for (const f of result.findings) {
      if (!opts.categories.has(f.category)) continue; // (the session lists only onlyFiles' findings)
      const file = index.files.get(f.file)?.file;
      if (file && isSuppressed(file, f.range.start.line, f.code)) continue;
      findings.push(f);
    }
  });
  if (opts.categories.has('alloc')) {
    isolated('allocation hints', errors, () => {
      const session = opts.escapeSession;
      const cache = session ? cachesOf(session, opts).hints : undefined;
      const changed = session?.changedSince(index);
      // Fixes that add an import look at whether its name is declared in the package.
      const importNamesChanged = !!changed && IMPORTED_BY_FIXES.some((n) => changed.has(n));
      cache?.begin(JSON.stringify([opts.goarch, opts.largeCopyThreshold, opts.goVersion]), changed, session!.relocationsSince(index), () => !importNamesChanged);
      findings.push(...analyzeAllocationHints(index, { checker: sharedChecker(), sizes, largeCopyThreshold: opts.largeCopyThreshold, goVersion: opts.goVersion, files: opts.onlyFiles, cache }));
    });
  }
  if (opts.categories.has('advice')) {
    isolated('advice', errors, () => {
      const session = opts.escapeSession;
      const cache = session ? cachesOf(session, opts).advice : undefined;
      if (cache) {
        const codes = opts.adviceCodes ? [...opts.adviceCodes].sort() : null;
        cache.begin(JSON.stringify([opts.goarch, opts.goVersion, codes]), session!.changedSince(index), session!.relocationsSince(index));
      }
      const crossFunction = cache ? crossFunctionFacts(index) : undefined;
      findings.push(...analyzeAdvice(index, { checker: sharedChecker(), goVersion: opts.goVersion, std: opts.std, goarch: opts.goarch, codes: opts.adviceCodes, files: opts.onlyFiles, cache, crossFunction }));
    });
  }
  const keep = opts.escapeSession?.keptDeclarations() ?? [];
  opts.escapeSession?.endRun();
  // The result outlives the run (the server keeps it for hovers): its structs getter closes over this
  // scope, and the checker — every function's type information — must not stay alive with it.
  checker = undefined;
  clearKidsCache(keep);
  endTextMemoRun();
  return {
    get structs() {
      return allStructs();
    },
    findings,
    errors,
  };
}

/**
 * Part of a struct spec's cache key: what a one-line struct's reorder fix writes from outside the
 * spec's text (reorder.ts, emit) — the text before the spec on its first line (its indentation)
 * and the line break ending its last line.
 */
function lineAround(file: SourceFile, spec: Node): string {
  const lines = linesOf(file);
  const before = lines.lineText(spec.startPosition.row).slice(0, spec.startPosition.column);
  return `\0${before}\0${lines.lineBreak(spec.endPosition.row) === '\r\n' ? 'crlf' : ''}`;
}
