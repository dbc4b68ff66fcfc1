import * as path from 'path';
import { analyzePackage, PackageAnalysis } from '../analysis/analyze';
import { EscapeSession } from '../analysis/escape';
import { BuildContext, contextIncluding, defaultBuildContext } from '../analysis/buildConstraints';
import { GoPackage, indexPackage, PackageIndex, SourceFile } from '../analysis/goPackage';
import { findStructs, layoutEngineFor, type StructReport } from '../analysis/layout';
import { forgetTopTable } from '../analysis/checker/nodes';
import { brokeOtherDeclarations, declLayout, DeclLayout } from '../analysis/parseDamage';
import { heldFindings } from '../analysis/heldFindings';
import { Relocation } from '../analysis/relocate';
import type { Category } from '../analysis/types';
import { DocumentStore, uriToPath } from '../documents';
import type { Settings } from '../settings';
import { hostGoos } from './host';
import { ExternalLayouts } from './moduleResolver';
import type { ExternalTypeResolver, LayoutEngine } from '../analysis/layout/sizes';
import { goVersionOf, importPathOf, PackageLoader } from './packageLoader';
import { loadStdTables } from './stdData';

/**
 * Maps documents to packages and caches each document's analysis by the exact
 * content it was computed from (file texts, target, settings that matter). Each run
 * reports findings for the document's own file only (what the whole package decides,
 * like escape summaries, still sees every file); per-function results live in one
 * escape session per package directory, shared by the package's open documents.
 */
export interface PackageResult {
  key: string;
  /** The key without the files: what else the findings depend on (target, settings). */
  configKey: string;
  dir: string;
  goarch: string;
  external: ExternalTypeResolver;
  index: PackageIndex;
  analysis: PackageAnalysis;
  /** The document's file as analyzed. */
  file: SourceFile;
  /** Its top-level declarations as analyzed (see parseDamage.ts). */
  layout: DeclLayout;
  /**
   * Set when the document's current text was not analyzed: a half-typed edit broke declarations
   * it did not touch, and `analysis.findings` are the last analysis's, moved with the text (those
   * placed in the edited text dropped); `analysis.structs` is empty. `file` is the current text;
   * `index` is the last analysis's, whose syntax trees are gone: nothing may read it.
   */
  held?: true;
  /** The build excludes the document's file (its constraints): the compiler does not build it, only the model reads it. */
  excluded?: true;
}

/** A package's layouts over its current files (see AnalysisService.readCurrentLayout). */
export interface CurrentLayout {
  index: PackageIndex;
  file: SourceFile;
  structs: StructReport[];
  engine: LayoutEngine;
  goarch: string;
}

export class AnalysisService {
  private readonly loader: PackageLoader;
  private readonly cache = new Map<string, PackageResult>();
  private readonly sessions = new Map<string, EscapeSession>();
  /** Other packages' layouts per build target (the workspace's, and those of open files it excludes), most recent last. */
  private externals = new Map<string, ExternalLayouts>();
  /** The build target the cached results were computed for (none yet: undefined). */
  private targetKey: string | undefined;
  /** Workspace GOARCH/GOOS from `go env`, when known. */
  workspaceTarget: { goarch?: string; goos?: string } = {};

  constructor(
    private readonly docs: DocumentStore,
    private settings: () => Settings,
    private readonly log: (message: string) => void = () => undefined,
    /**
     * `keepOnBrokenEdits: false` analyzes every text as it is (for checks that compare the models'
     * incremental results with fresh ones, half-typed code included); by default a half-typed edit
     * that breaks other declarations keeps the last findings (see heldResult).
     */
    private readonly options: { keepOnBrokenEdits?: boolean } = {},
  ) {
    this.loader = new PackageLoader({
      textOf: (p) => {
        const d = this.docs.byPath(p);
        return d ? { text: d.text, tree: d.tree, lines: d.lines } : undefined;
      },
    });
  }

  goarch(): string {
    return this.settings().goarch || this.workspaceTarget.goarch || 'amd64';
  }

  buildContext(): BuildContext {
    const s = this.settings();
    return defaultBuildContext({ goarch: this.goarch(), goos: s.goos || this.workspaceTarget.goos || hostGoos(), tags: s.buildTags });
  }

  categories(): Set<Category> {
    const s = this.settings();
    const on = new Set<Category>();
    if (s['layout.severity'] !== 'off') on.add('layout');
    if (s['escape.severity'] !== 'off') on.add('escape');
    if (s['leak.severity'] !== 'off') on.add('leak');
    if (s['noescape.severity'] !== 'off') on.add('noescape');
    if (s['alloc.severity'] !== 'off') on.add('alloc');
    if (s['advice.severity'] !== 'off') on.add('advice');
    return on;
  }

  /**
   * The package of a file as the analysis sees it, and the build context it is built under: the
   * workspace's, with test files for a test file. A file the build excludes (`conn_windows.go` on
   * linux, a `//go:build ignore` generator) is analyzed as the build that includes it would see it:
   * its package under the first context its name and `//go:build` line allow (contextIncluding:
   * `windows`, or the tag it names). Alone — no other files, no test files — when it needs the tag
   * `ignore` (run as `go run gen.go`), when no context includes it, or when it declares a package
   * that no other file of that build declares.
   */
  private packageOf(file: string, ctx: BuildContext): { pkg: GoPackage; ctx: BuildContext; excluded?: true } {
    const dir = path.dirname(file);
    const isTest = file.endsWith('_test.go');
    const load = (c: BuildContext) => this.loader.load(dir, { ...c, includeTests: isTest }, { extraFiles: [file], importPath: importPathOf(dir) });
    const pkg = load(ctx);
    if (pkg.files.some((f) => f.path === file)) return { pkg, ctx };
    const own = this.loader.load(dir, { ...ctx, includeTests: true }, { extraFiles: [file], onlyFiles: true }).files;
    if (!own.length) return { pkg, ctx };
    const fit = contextIncluding(path.basename(file), own[0].text, { ...ctx, includeTests: true });
    if (fit && !(fit.tags.includes('ignore') && !ctx.tags.includes('ignore'))) {
      const built = load(fit);
      const name = packageName(own[0]);
      if (built.files.some((f) => f.path === file) && built.files.some((f) => f.path !== file && packageName(f) === name)) {
        return { pkg: built, ctx: { ...fit, includeTests: ctx.includeTests }, excluded: true };
      }
    }
    return { pkg: { dir, importPath: importPathOf(dir), files: own, testFiles: [] }, ctx: fit ? { ...fit, includeTests: ctx.includeTests } : ctx, excluded: true };
  }

  /** The analysis of the package containing the document (a `file:` URI). */
  forDocument(uri: string): PackageResult | undefined {
    const file = uriToPath(uri);
    if (!file) return undefined;
    const dir = path.dirname(file);
    const workspace = this.buildContext();
    const { pkg, ctx, excluded } = this.packageOf(file, workspace);
    const s = this.settings();
    this.targetKey = targetKeyOf(workspace);
    const configKey = JSON.stringify([dir, targetKeyOf(ctx), [...this.categories()], s.largeCopyThreshold, s.advice]);
    const key = JSON.stringify([configKey, [...pkg.files, ...(pkg.testFiles ?? [])].map((f) => [f.path, f.tree.rootNode.id, f.text.length])]);
    const hit = this.cache.get(file);
    if (hit && hit.key === key && sameFiles(hit.index.pkg.files, pkg.files) && sameFiles(hit.index.pkg.testFiles ?? [], pkg.testFiles ?? [])) return hit;
    const own = pkg.files.find((f) => f.path === file);
    if (!own) return undefined;
    const layout = declLayout(own.text, own.tree);
    const held = hit && this.options.keepOnBrokenEdits !== false && heldResult(hit, configKey, key, pkg.files, pkg.testFiles ?? [], own, layout);
    if (held) {
      // the broken tree passes nothing on: the next trees inherit their declarations' facts from the last analyzed one
      forgetTopTable(own.tree);
      return held;
    }
    const index = indexPackage(pkg);
    const external = this.externalLayouts(ctx).resolverFor(dir);
    const analysis = analyzePackage(index, {
      external,
      goarch: ctx.goarch,
      std: loadStdTables(),
      categories: this.categories(),
      largeCopyThreshold: s.largeCopyThreshold,
      goVersion: goVersionOf(dir),
      adviceCodes: new Set(Object.entries(s.advice).filter(([, on]) => on).map(([code]) => code)),
      escapeSession: this.sessionOf(ctx === workspace ? dir : `${dir}\0${targetKeyOf(ctx)}`),
      onlyFiles: new Set([file]),
    });
    for (const e of analysis.errors) this.log(`go-memory-hints: analysis failed in ${dir}: ${e}`);
    const result: PackageResult = { key, configKey, dir, goarch: ctx.goarch, external, index, analysis, file: own, layout };
    if (excluded) result.excluded = true;
    this.cache.set(file, result);
    return result;
  }

  /** The escape session of a package directory (of a directory and another target, for a file the workspace's build excludes). */
  private sessionOf(key: string): EscapeSession {
    return this.sessions.get(key) ?? this.sessions.set(key, new EscapeSession()).get(key)!;
  }

  /**
   * Runs `read` (a hover) over the current text while a half-typed edit is held, when the held
   * result's trees are gone: the package's current files indexed anew with their structs, without
   * the escape model or hints. Then the broken tree's declaration table is forgotten again, as in
   * forDocument: built by the read and kept, the tree that parses whole next would inherit from a
   * table without the swallowed declarations and derive their facts afresh (50,000-line file: the
   * keystroke closing the block 210 -> 540 ms after one hover).
   */
  readCurrentLayout<T>(uri: string, read: (layout: CurrentLayout) => T): T | undefined {
    const file = uriToPath(uri);
    if (!file) return undefined;
    const { pkg, ctx } = this.packageOf(file, this.buildContext());
    const own = pkg.files.find((f) => f.path === file);
    if (!own) return undefined;
    try {
      // (transient: the last index stays the one the next analysis updates)
      const index = indexPackage(pkg, { transient: true });
      const external = this.externalLayouts(ctx).resolverFor(path.dirname(file));
      const engine = layoutEngineFor(index, { goarch: ctx.goarch, std: loadStdTables().layout, external });
      return read({ index, file: own, structs: findStructs(index, engine), engine, goarch: ctx.goarch });
    } finally {
      forgetTopTable(own.tree);
    }
  }

  /**
   * Settings or the workspace target may have changed: per-function results go only when
   * the build target did (the other settings are part of each cache's own key). Re-sending
   * the same settings, or learning the target `go env` already implied, costs nothing.
   */
  reconfigure(): void {
    if (this.targetKey !== undefined && targetKeyOf(this.buildContext()) !== this.targetKey) {
      this.invalidate();
      this.targetKey = undefined;
    }
  }

  invalidate(): void {
    this.cache.clear();
    this.sessions.clear();
    this.externals.clear();
  }

  /**
   * A file was saved (or changed on disk): when other packages' layouts were read from its
   * package, forget them and the per-function results computed with their sizes. A save in
   * the package being edited (the usual case) costs nothing: its analysis reads the buffers.
   */
  externalChanged(savedFile?: string): void {
    const dir = savedFile ? path.dirname(savedFile) : undefined;
    if (dir !== undefined && ![...this.externals.values()].some((l) => l.readFrom(dir))) return;
    this.externals.clear();
    this.cache.clear();
    for (const d of [...this.sessions.keys()]) if (d !== dir) this.sessions.delete(d);
  }

  /**
   * Lets go of everything, including the WASM memory of the syntax trees of files read from
   * disk (the open documents' trees are the DocumentStore's). A service made for one analysis
   * (scripts, tests) must be disposed: each holds a parse of every file of its packages.
   */
  dispose(): void {
    this.invalidate();
    this.loader.forget();
  }

  /** A document closed: its own cached result goes (the package's session stays for the others). */
  forget(uri: string): void {
    const file = uriToPath(uri);
    if (file) this.cache.delete(file);
  }

  private externalLayouts(ctx: BuildContext): ExternalLayouts {
    const key = targetKeyOf(ctx);
    let layouts = this.externals.get(key);
    if (layouts) this.externals.delete(key);
    else layouts = new ExternalLayouts(this.loader, ctx, loadStdTables().layout);
    this.externals.set(key, layouts);
    // (a few targets at a time: alternating with a file the workspace's build excludes rebuilt them at each switch)
    if (this.externals.size > KEPT_TARGETS) this.externals.delete(this.externals.keys().next().value!);
    return layouts;
  }
}

/** The name a file's package clause declares ('' without one). */
function packageName(f: SourceFile | undefined): string {
  const clause = f?.tree.rootNode.namedChildren.find((n) => n?.type === 'package_clause');
  return clause?.namedChildren[0]?.text ?? '';
}

/** What per-function results depend on of the build context: the target, the tags and cgo. */
function targetKeyOf(ctx: BuildContext): string {
  return JSON.stringify([ctx.goarch, ctx.goos, ctx.tags, ctx.cgo]);
}

const KEPT_TARGETS = 4;

/**
 * The last analysis of the document kept for its current text, when a half-typed edit broke
 * declarations it did not touch (parseDamage.ts) and nothing else changed since (settings, target,
 * the package's other files): its findings moved with the edit, those in the edited text dropped.
 * Not cached: the next version is compared with the last analyzed one again, and analyzed once
 * the edit is whole (its region is then the whole edit since, see relocate.ts).
 */
function heldResult(last: PackageResult, configKey: string, key: string, files: SourceFile[], testFiles: SourceFile[], own: SourceFile, layout: DeclLayout): PackageResult | undefined {
  if (last.configKey !== configKey) return undefined;
  const before = last.index.pkg.files;
  if (before.length !== files.length || before.some((f, i) => f.path !== files[i].path || (f.path !== own.path && f.text !== files[i].text))) return undefined;
  if (!sameFiles(last.index.pkg.testFiles ?? [], testFiles)) return undefined;
  if (!brokeOtherDeclarations(last.layout, layout)) return undefined;
  const edit = Relocation.between(last.file.text, own.text);
  const relocations = new Map(files.map((f) => [f.path, f.path === own.path ? edit : null]));
  const findings = heldFindings(last.analysis.findings, own.path, edit, relocations);
  // No structs: the last analysis's are read lazily from its trees, which the re-parse has deleted
  // (spreading it would run that getter over freed WASM memory); no hover is served while held.
  return { ...last, key, file: own, analysis: { findings, errors: last.analysis.errors, structs: [] }, held: true };
}

/**
 * The cached analysis is of these very files (the package's, and its test files, whose literals can
 * refuse a reorder fix): same texts and the same tree objects. Root node ids (in the key) are WASM
 * addresses that a later parse can reuse: undoing a held edit gives the analyzed text back with a
 * new tree, at the address of the old one, which the re-parse deleted.
 */
function sameFiles(old: SourceFile[], files: SourceFile[]): boolean {
  return old.length === files.length && old.every((f, i) => f.path === files[i].path && f.text === files[i].text && f.tree === files[i].tree);
}
