/**
 * The embedded escape model: predicts `go build -gcflags=-m` escape facts for a
 * package from its tree-sitter trees, without a toolchain.
 *
 * Follows cmd/compile/internal/escape: functions are analyzed in batches of
 * strongly connected components of the call graph, bottom-up (escape.go Funcs /
 * ir.VisitFuncsBottomUp); each batch builds one graph (walk.ts), solves it
 * (graph.ts walkAll) and tags its parameters (escape.go paramTag) so callers in
 * later batches use the summaries, like the compiler's leak tags.
 *
 *   analyzeEscapes(index, options) → Finding[]
 *   new EscapeSession().run(index, options, changedKeys?) → { findings, summaries } (per-function cache)
 */
import type { Node, Tree } from 'web-tree-sitter';
import { copyOf, derivedOf, descendantsOf, kids, topDecls } from '../checker/nodes';
import { PackageChecker, FunctionInfo, Obj } from '../checker';
import { copyMap, type FuncDecl, type PackageIndex } from '../goPackage';
import { DeclChanges, treeFacts, untouched } from '../incremental';
import { relocateAll, Relocations, TextHistory } from '../relocate';
import { isStackOverflow } from '../spans';
import { nodeHash } from '../textMemo';
import type { StdTables } from '../stdTables';
import type { Finding, RelatedInfo } from '../types';
import { ATTR_ESCAPES, ATTR_MUTATES, Graph, Leaks, Loc, PathStep, addr, hole, note } from './graph';
import { reportPos } from './print';
import { defaultSizeOracle, SizeOracle } from './sizes';
import { BatchContext, Escape, FuncSummary } from './walk';
import { compilerText, heapReasonStep, modelWords, noteSteps, type ModelStep } from './words';
import type { CallVia, SubjectFacts } from '../reasonWords';

export type { SizeOracle } from './sizes';
export { defaultSizeOracle } from './sizes';
export type { FuncSummary } from './walk';

export interface EscapeOptions {
  std?: StdTables;
  goarch?: string;
  sizes?: SizeOracle;
  /** Also report `does not escape` facts (default true; they are category 'noescape'). */
  includeNoEscape?: boolean;
  /**
   * Also report `leaking param` facts (default true; category 'leak'). The summaries are computed
   * either way (callers need them); the editor leaves these off by default, and findings it would
   * drop are neither explained (pathSteps) nor kept and moved with the text between keystrokes.
   */
  includeLeaks?: boolean;
  /** A checker of this index to share with other analyses (type-checking a function once per run). */
  checker?: PackageChecker;
  /**
   * The files whose findings `findings` lists (all when absent): the server reports the edited document's file,
   * and a keystroke need not gather the package's other findings (byFunction and the caches keep every function's;
   * a function's findings are all in its own file).
   */
  onlyFiles?: ReadonlySet<string>;
}

export interface EscapeResult {
  findings: Finding[];
  /** Leak summaries by function key (`F`, `T.M`). */
  summaries: Map<string, FuncSummary>;
  /** Findings per function key (for caching). */
  byFunction: Map<string, readonly Finding[]>;
}

/** Runs the model over a package. Approximates cmd/compile/internal/escape (escape.go Funcs). */
export function analyzeEscapes(index: PackageIndex, options: EscapeOptions = {}): Finding[] {
  return new EscapeSession().run(index, options).findings;
}

/** A function's identity for the caches (see fingerprint), with the parts an edit elsewhere in its file leaves as they were (compared without making the string). */
interface Identity {
  /** The file the function was in. */
  path: string;
  fingerprint: string;
  text: string;
  header: string;
}

interface CacheEntry extends Identity {
  /** The callees outside its batch (sorted) and the summaries of theirs it was computed with. */
  callees: string[];
  calleeSummaries: (FuncSummary | undefined)[];
  findings: readonly Finding[];
  /** Absent when the function could not be analyzed (nested too deeply). */
  summary?: FuncSummary;
  /** The first finding's line counted from the function's first line (see placed); absent without findings. */
  firstLine?: number;
}

/**
 * Per-function caching: a batch whose functions have the same text and position
 * as before, and whose callees' summaries are unchanged, reuses its previous
 * findings and summaries. `changedKeys` may name functions known to have changed
 * (they are re-analyzed even when their fingerprint matches).
 */
export class EscapeSession {
  private cache = new Map<string, CacheEntry>();
  /** Call edges of each function with the identity (file header + text) they were computed for. */
  private edges = new Map<string, Identity & { edges: string[] }>();
  /** The trees of the previous run: a function in the same tree object has the same text and place. */
  private trees = new Map<string, Tree>();
  private readonly changes = new DeclChanges();
  /** The file texts of the previous run: cached findings move with the edits made since. */
  private readonly texts = new TextHistory();
  private changedFor?: { index: PackageIndex; changed: Set<string> | undefined };
  /** The previous run's functions (in order), call graph and batches. */
  private shape?: { keys: string[]; graph: Map<string, string[]>; sccs: string[][]; sccOf?: Map<string, string[]> };
  private summaries = new Map<string, FuncSummary>();
  /** The type information of the functions of large recursive groups (see KEEP_GROUP), with the tree it was made from. */
  private kept = new Map<string, { tree: Tree; node: Node; info: FunctionInfo; reassigned?: Set<number> }>();
  private byFunction = new Map<string, readonly Finding[]>();
  private relocatedFor?: { index: PackageIndex; relocations: Relocations };
  /** What the last run did: batches, how many were reused, functions type-checked, and whether only the edited files were looked at. */
  lastStats = { batches: 0, reused: 0, checked: 0, shortcut: false };
  /** Which kinds of findings the cached ones include (includeNoEscape, includeLeaks): another choice starts afresh. */
  private reported?: string;

  /**
   * The package-level declarations changed since the previous analysis of this package
   * (memoized per index, so the other per-function caches of the same run share it).
   */
  changedSince(index: PackageIndex): Set<string> | undefined {
    if (this.changedFor?.index !== index) this.changedFor = { index, changed: this.changes.update(index) };
    return this.changedFor.changed;
  }

  /**
   * How the package's files moved since the previous analysis (memoized per index, so the
   * per-function caches of one run share it): cached findings follow the edits.
   */
  relocationsSince(index: PackageIndex): Relocations {
    if (this.relocatedFor?.index !== index) this.relocatedFor = { index, relocations: this.texts.advance([...index.pkg.files, ...(index.pkg.testFiles ?? [])]) };
    return this.relocatedFor.relocations;
  }

  run(index: PackageIndex, options: EscapeOptions = {}, changedKeys?: Set<string>): EscapeResult {
    try {
      return this.runOnce(index, options, changedKeys);
    } catch (e) {
      // A run that failed half-way leaves no state half-updated: the next one starts afresh.
      this.forget();
      throw e;
    }
  }

  /**
   * The package analysis that ran this session is over (its other models used the same checker):
   * the type information kept for the next run lets go of this run's checker, its index and
   * every function it checked.
   */
  endRun(): void {
    for (const k of this.kept.values()) k.info.detach();
  }

  /**
   * The declarations of the large recursive groups whose type information is kept (see KEEP_GROUP):
   * the node caches of their trees are kept for them too (clearKidsCache), since an edit to one
   * member walks every other one again.
   */
  keptDeclarations(): Node[] {
    return [...this.kept.values()].map((k) => k.node);
  }

  private forget(): void {
    this.cache = new Map();
    this.edges = new Map();
    this.trees = new Map();
    this.shape = undefined;
    this.kept = new Map();
    this.summaries = new Map();
    this.byFunction = new Map();
  }

  private runOnce(index: PackageIndex, options: EscapeOptions, changedKeys: Set<string> | undefined): EscapeResult {
    const reported = `${options.includeNoEscape !== false} ${options.includeLeaks !== false}`;
    if (this.reported !== reported) {
      // cached batches hold the findings of the previous choice: none of them may be reused
      this.forget();
      this.reported = reported;
    }
    const checker = options.checker ?? new PackageChecker(index, { std: options.std, goarch: options.goarch });
    const sizes = options.sizes ?? defaultSizeOracle(checker.oracle, wordSize(options.goarch));
    const funcs = allFuncs(index);
    const keys = [...funcs.keys()];
    const treeFile = new Map<Tree, string>();
    for (const f of index.pkg.files) treeFile.set(f.tree, f.path);
    // A function whose text and file header are unchanged and that mentions no changed
    // declaration keeps its call edges, its batch findings and its summary: it is not type-checked again.
    const changed = this.changedSince(index);
    const relocations = this.relocationsSince(index);
    const wordsOf = (d: FuncDecl) => treeFacts(d.file.tree).funcWords.get(d.node.id);
    const methods = this.shape && changed ? changedMethods(changed, this.shape.keys, funcs, this.trees, this.cache, wordsOf) : undefined;
    const prevEdges = this.edges;
    // (answered once per function and run: on the in-place path the previous edges are overwritten as the new ones
    // are found, and the answer is the one given before)
    const validity = new Map<string, boolean>();
    const valid = methods
      ? (d: FuncDecl) => {
          let v = validity.get(d.key);
          if (v === undefined) {
            const words = wordsOf(d);
            // it selects a method with a changed name: invalid if it reached a changed one (or is new)
            const before = prevEdges.get(d.key)?.edges;
            v = untouched(words, methods.rest) && (!words || !methods.names.some((w) => words.has(w)) || (!!before && !before.some((k) => methods.keys.has(k))));
            validity.set(d.key, v);
          }
          return v;
        }
      : (d: FuncDecl) => untouched(wordsOf(d), changed);
    const infos = new Map<string, FunctionInfo>();
    const kept = this.kept;
    this.kept = new Map();
    const infoOf = (d: FuncDecl) => {
      let i = infos.get(d.key);
      if (!i) {
        // a member of a recursive group analyzed again for another member's edit: its type information is still good
        const k = kept.get(d.key);
        if (k && k.tree === d.file.tree && valid(d) && checker.adopt(d, k.info)) {
          i = k.info;
          if (k.reassigned && !reassigned.has(d.key)) reassigned.set(d.key, k.reassigned);
        } else i = checker.checkFunction(d);
        infos.set(d.key, i);
      }
      return i;
    };
    const prevTrees = this.trees;
    this.trees = new Map(index.pkg.files.map((f) => [f.path, f.tree]));
    // The same functions in the same files: only the functions of the edited files, and those that name a changed
    // declaration (a signature or type edit), are looked at; the others keep edges, batches and findings.
    const edited = this.shape && !changedKeys?.size ? editedFiles(index, prevTrees, changed, this.shape.keys, keys) : undefined;
    // The identity of a function in a file whose tree is the one of the previous run is the one
    // computed then (same text, same header): no text is copied out of the tree for it.
    // Computed once per function and run (a function of an edited file copies its text out).
    const idents = new Map<string, string>();
    const identity = (d: FuncDecl, old: Identity | undefined) => {
      // (most functions of an edited file are as they were: their old identity, compared by its parts — the text
      // hash is the very string the old tree had, see inheritNodeHashes —, no new string)
      if (
        old &&
        old.path === d.file.path &&
        (prevTrees.get(d.file.path) === d.file.tree || (old.text === nodeHash(d.node) && old.header === treeFacts(d.file.tree).headerHash))
      )
        return old.fingerprint;
      let id = idents.get(d.key);
      if (id === undefined) {
        id = fingerprint(d);
        idents.set(d.key, id);
      }
      return id;
    };
    const reassigned = new Map<string, Set<number>>();
    const edgesOf = (d: FuncDecl) => {
      const hit = this.edges.get(d.key);
      const fingerprint = identity(d, hit);
      return {
        // the same array while every callee is still there: batches compare their callees by it
        reuse: hit && hit.fingerprint === fingerprint && valid(d) ? (hit.edges.every((k) => funcs.has(k)) ? hit.edges : hit.edges.filter((k) => funcs.has(k))) : undefined,
        keep: (edges: string[]) => newEdges.set(d.key, { ...identityOf(d, fingerprint), edges }),
      };
    };
    let newEdges: Map<string, Identity & { edges: string[] }>;
    let graph: Map<string, string[]>;
    let sccs: string[][] | undefined;
    /** Only the edited files' functions are new and no edge changed: the batches, summaries and caches are the previous run's, updated in place. */
    let same = false;
    const editedSccs = new Set<string[]>();
    if (edited && this.shape) {
      // Only the edited functions can have new edges; when they have the same ones, the batches are the same.
      // (The same functions: the previous run's maps are updated in place, sparing the collector a copy per keystroke.)
      newEdges = this.edges;
      graph = this.shape.graph;
      const inEdited = new Map<string, FuncDecl>();
      // Edited: a function of an edited file whose identity (file header + text, see fingerprint) is not the one it was
      // analyzed with — not every function of that file (a 50,000-line file: 2,886 call-edge checks and batch checks
      // per keystroke) —, a function naming a changed declaration (it may call something else now: a method set or a
      // callee's kind changed), a declaration of a key now in another file than its cached one (a method pasted into
      // one file and deleted from another, the later file's winning, is another function).
      funcs.forEach((d, k) => {
        const c = this.cache.get(k);
        if (c?.path !== d.file.path || (edited.has(d.file.path) && (identity(d, c) !== c.fingerprint || !placed(c, d, relocations))) || (changed!.size && !valid(d)))
          inEdited.set(k, d);
      });
      // every function's new edges go into the graph, also after the first that differs (tarjan reads them all)
      same = true;
      for (const [k, e] of callGraph(inEdited, funcs, infoOf, checker, reassigned, edgesOf)) {
        const before = graph.get(k);
        graph.set(k, e);
        if (before === undefined || !sameList(before, e)) same = false;
      }
      if (same) {
        sccs = this.shape.sccs;
        // the batches holding an edited function or one naming a changed declaration: the only ones looked into (see untouchedBatch)
        const sccOf = (this.shape.sccOf ??= new Map(this.shape.sccs.flatMap((c) => c.map((k) => [k, c] as [string, string[]]))));
        for (const k of inEdited.keys()) {
          const c = sccOf.get(k);
          if (c) editedSccs.add(c);
        }
      }
    } else {
      newEdges = new Map();
      graph = callGraph(funcs, funcs, infoOf, checker, reassigned, edgesOf);
    }
    this.edges = newEdges;
    // A batch the previous run had too (all of them when no edge changed), whose functions the
    // edits did not touch, needs no check (cleanBatch).
    const hadBatch = edited && this.shape ? (sccs ? () => true : sameBatchAs(this.shape.sccs)) : undefined;
    sccs ??= tarjan(keys, (k) => graph.get(k) ?? []);
    if (!same) this.shape = { keys, graph, sccs };
    // Every function's entry is set below: with the same functions, the previous run's maps are updated.
    const inPlace = edited !== undefined;
    const summaries = inPlace ? this.summaries : new Map<string, FuncSummary>();
    const byFunction = inPlace ? this.byFunction : new Map<string, readonly Finding[]>();
    const newCache = inPlace ? this.cache : new Map<string, CacheEntry>();
    const findings: Finding[] = [];
    const only = options.onlyFiles;
    const wanted = (path: string) => !only || only.has(path);
    const setSummary = (k: string, s: FuncSummary | undefined) => {
      if (!s) summaries.delete(k);
      else if (summaries.get(k) !== s) summaries.set(k, s);
    };
    // Batches analyzed again whose leak tags differ from before: their callers are checked.
    const newTags = new Set<string>();
    this.lastStats = { batches: sccs.length, reused: 0, checked: 0, shortcut: hadBatch !== undefined };
    const reuse = (scc: string[], entries: CacheEntry[], moved: (readonly Finding[])[]) => {
      this.lastStats.reused++;
      if (scc.length >= KEEP_GROUP) {
        for (const k of scc) {
          const e = kept.get(k);
          if (e && e.tree === funcs.get(k)!.file.tree) this.kept.set(k, e);
        }
      }
      scc.forEach((k, i) => {
        const c = moved[i] === entries[i].findings ? entries[i] : { ...entries[i], findings: moved[i] };
        setSummary(k, c.summary);
        if (byFunction.get(k) !== c.findings) byFunction.set(k, c.findings);
        if (wanted(c.path)) pushAll(findings, c.findings);
        if (newCache.get(k) !== c) newCache.set(k, c);
      });
    };
    // (index loops here and in untouchedBatch: a keystroke in a 50,000-line file passes over its 2,886 functions,
    // and their iterators were 1.6 MB of garbage per keystroke)
    for (let b = 0; b < sccs.length; b++) {
      const scc = sccs[b];
      if (same && scc.length < KEEP_GROUP && !editedSccs.has(scc) && untouchedBatch(scc, this.cache, newTags, relocations)) {
        // the common case of a keystroke: a batch of other files, nothing to move (reuse, without copies)
        this.lastStats.reused++;
        for (let i = 0; i < scc.length; i++) {
          const c = this.cache.get(scc[i])!;
          if (wanted(c.path)) pushAll(findings, c.findings);
        }
        continue;
      }
      const cached = scc.map((k) => this.cache.get(k));
      if (hadBatch?.(scc) && cleanBatch(scc, cached, funcs, edited!, newTags, valid, identity, relocations)) {
        // In an unedited file, same edges, no callee with new tags: the checks below would all pass.
        const moved = cached.map((c) => relocateAll(c!.findings, relocations));
        if (moved.every((m) => m !== undefined)) {
          reuse(scc, cached as CacheEntry[], moved as (readonly Finding[])[]);
          continue;
        }
      }
      const decls = scc.map((k) => funcs.get(k)!);
      const callees = calleesOf(scc, graph);
      const fingerprints = decls.map((d, i) => identity(d, cached[i]));
      const reusable = cached.every(
        (c, i) =>
          c && !changedKeys?.has(scc[i]) && c.fingerprint === fingerprints[i] && placed(c, decls[i], relocations) && sameSummaries(c, callees, summaries) && valid(decls[i]),
      );
      const moved = reusable ? cached.map((c) => relocateAll(c!.findings, relocations)) : [];
      if (reusable && moved.every((m) => m !== undefined)) {
        reuse(scc, cached as CacheEntry[], moved as (readonly Finding[])[]);
        continue;
      }
      let out: ReturnType<typeof analyzeBatch>;
      try {
        out = analyzeBatch(decls, infoOf, reassigned, checker, sizes, summaries, treeFile, options);
      } catch (e) {
        // Functions nested too deeply for the recursive walkers: no findings, and no summary
        // (callers then treat their arguments as escaping, the conservative answer).
        if (!isStackOverflow(e)) throw e;
        out = { findings: new Map(), summaries: new Map() };
      }
      // the type information of a large recursive group's members, for the next edit of one of them
      if (scc.length >= KEEP_GROUP) for (const d of decls) this.kept.set(d.key, { tree: d.file.tree, node: d.node, info: infoOf(d), reassigned: reassigned.get(d.key) });
      scc.forEach((k, i) => {
        const fnFindings = out.findings.get(k) ?? [];
        const summary = out.summaries.get(k);
        setSummary(k, summary);
        if (!cached[i] || paramsText(summary) !== paramsText(cached[i]!.summary)) newTags.add(k);
        byFunction.set(k, fnFindings);
        if (wanted(decls[i].file.path)) pushAll(findings, fnFindings);
        const firstLine = fnFindings.length ? fnFindings[0].range.start.line - decls[i].node.startPosition.row : undefined;
        newCache.set(k, {
          ...identityOf(decls[i], fingerprints[i]),
          callees,
          calleeSummaries: callees.map((c) => summaries.get(c)),
          findings: fnFindings,
          summary,
          firstLine,
        });
      });
    }
    this.cache = newCache;
    this.summaries = summaries;
    this.byFunction = byFunction;
    this.lastStats.checked = infos.size;
    return { findings, summaries, byFunction };
  }
}

/**
 * A changed method (`.M` in `changed`: a method named M has another signature) makes every
 * function that selects a method named M look changed — whatever the receiver (`.Close`: 79
 * functions of net/http). The previous run's call edges narrow it: a function whose selectors
 * `.M` reached other types' methods (or nothing) sees no change; one with an edge to a changed
 * `T.M` does. Returned: `changed` without the narrowed `.M` words, those words, and the changed
 * method keys (in an edited file, with new text, or naming another changed declaration — a
 * signature `M() Q` whose Q changed is another signature with the same text). `undefined` when nothing can be narrowed; a
 * name keeps its `.M` word when a method of that name appeared or went (a selector may now
 * reach it).
 */
function changedMethods(
  changed: Set<string>,
  prevKeys: string[],
  funcs: ReadonlyMap<string, FuncDecl>,
  prevTrees: Map<string, Tree>,
  cache: Map<string, CacheEntry>,
  wordsOf: (d: FuncDecl) => Set<string> | undefined,
): { rest: Set<string>; names: string[]; keys: Set<string> } | undefined {
  const names = [...changed].filter((w) => w.startsWith('.'));
  if (!names.length) return undefined;
  const methodsNamed = (keys: Iterable<string>, m: string) => {
    const out: string[] = [];
    for (const k of keys) if (k.endsWith(m) && k.indexOf('.') === k.length - m.length) out.push(k);
    return out.sort();
  };
  const rest = new Set(changed);
  const narrowed: string[] = [];
  for (const m of names) {
    if (!sameList(methodsNamed(prevKeys, m), methodsNamed(funcs.keys(), m))) continue;
    rest.delete(m);
    narrowed.push(m);
  }
  const keys = new Set<string>();
  for (const m of narrowed) {
    for (const k of methodsNamed(funcs.keys(), m)) {
      const d = funcs.get(k)!;
      const c = cache.get(k);
      // its text changed, or it names a changed declaration (`M() Q` with Q changed: the same text, another result)
      if ((prevTrees.get(d.file.path) !== d.file.tree && (!c || c.fingerprint !== fingerprint(d))) || !untouched(wordsOf(d), rest)) keys.add(k);
    }
  }
  return narrowed.length ? { rest, names: narrowed, keys } : undefined;
}

/**
 * The size from which a recursive group's members keep their type information between runs: an
 * edit to one member analyzes the whole group again (go/types: 90 functions), and re-checking
 * every member was a third of that. Smaller groups are checked again (it costs little; kept
 * information costs memory).
 */
const KEEP_GROUP = 8;

/**
 * The files edited since the previous run when the same functions are there in the same order, in the same files
 * (a run that knows what changed: `changed` defined). `undefined` otherwise (every function is looked at). Only
 * the edited files' functions, and those naming a changed declaration, can have new edges.
 */
function editedFiles(index: PackageIndex, prevTrees: Map<string, Tree>, changed: Set<string> | undefined, prevKeys: string[], keys: string[]): Set<string> | undefined {
  if (!changed || !sameList(prevKeys, keys) || prevTrees.size !== index.pkg.files.length) return undefined;
  const out = new Set<string>();
  for (const f of index.pkg.files) {
    const prev = prevTrees.get(f.path);
    if (prev === undefined) return undefined;
    if (prev !== f.tree) out.add(f.path);
  }
  return out;
}

/**
 * A batch of the previous run (the same functions) that needs no check (see run): its
 * functions have the same text (those outside edited files, the same tree), and none of its
 * callees has new leak tags. Its cached callees are its current ones: the edges of a function
 * with the same text and no changed declaration are the previous run's.
 */
function cleanBatch(
  scc: string[],
  cached: (CacheEntry | undefined)[],
  funcs: ReadonlyMap<string, FuncDecl>,
  edited: Set<string>,
  newTags: Set<string>,
  valid: (d: FuncDecl) => boolean,
  identity: (d: FuncDecl, old: CacheEntry) => string,
  relocations: Relocations,
): boolean {
  for (let i = 0; i < scc.length; i++) {
    const c = cached[i];
    const d = funcs.get(scc[i])!;
    if (!c || c.path !== d.file.path || !valid(d)) return false;
    // in an edited file, a function the edit did not touch (its text hash is the old tree's, see inheritNodeHashes)
    if (edited.has(d.file.path) && (identity(d, c) !== c.fingerprint || !placed(c, d, relocations))) return false;
    if (newTags.size) for (const k of c.callees) if (newTags.has(k)) return false;
  }
  return true;
}

/**
 * A batch of the previous run (same functions, same edges) with no edited function whose cached
 * findings stay as they are: no callee has new leak tags, and no finding moves (none is on or
 * below an edited line, none names one). Its functions' texts are the ones they were analyzed with
 * (their trees are the previous run's, or their identities match, see run), and none names a
 * changed declaration (the batches of those are looked into, like the edited ones): they are valid.
 * Checked without copying anything.
 */
function untouchedBatch(scc: string[], cache: Map<string, CacheEntry>, newTags: Set<string>, relocations: Relocations): boolean {
  for (let i = 0; i < scc.length; i++) {
    const c = cache.get(scc[i]);
    if (!c) return false;
    if (newTags.size) for (let j = 0; j < c.callees.length; j++) if (newTags.has(c.callees[j])) return false;
    if (relocateAll(c.findings, relocations) !== c.findings) return false;
  }
  return true;
}

/** Whether a batch is one of `sccs` (the same functions). */
function sameBatchAs(sccs: string[][]): (scc: string[]) => boolean {
  const of = new Map<string, string[]>();
  for (const c of sccs) for (const k of c) of.set(k, c);
  return (scc) => {
    const before = of.get(scc[0]);
    return !!before && before.length === scc.length && scc.every((k) => of.get(k) === before);
  };
}

function pushAll<T>(out: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) out.push(items[i]);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function wordSize(goarch?: string): number {
  return goarch && ['386', 'arm', 'mips', 'mipsle'].includes(goarch) ? 4 : 8;
}

/** A single function's callees other than itself, sorted, by its edges array (kept across runs while valid). */
const soleCallees = new WeakMap<string[], string[]>();

/** The callees of a batch outside it, sorted. */
function calleesOf(scc: string[], graph: Map<string, string[]>): string[] {
  if (scc.length === 1) {
    const edges = graph.get(scc[0]) ?? [];
    let out = soleCallees.get(edges);
    if (!out) soleCallees.set(edges, (out = edges.filter((k) => k !== scc[0]).sort()));
    return out;
  }
  return [...new Set(scc.flatMap((k) => graph.get(k) ?? []))].filter((k) => !scc.includes(k)).sort();
}

/**
 * Whether a cached batch saw the same callees with the same leak tags: a reused callee keeps
 * its summary object; a recomputed one is compared by its tags.
 */
function sameSummaries(c: CacheEntry, callees: string[], summaries: Map<string, FuncSummary>): boolean {
  if (c.callees.length !== callees.length) return false;
  for (let i = 0; i < callees.length; i++) {
    if (c.callees[i] !== callees[i]) return false;
    const now = summaries.get(callees[i]);
    const then = c.calleeSummaries[i];
    if (now !== then && paramsText(now) !== paramsText(then)) return false;
  }
  return true;
}

const paramsTexts = new WeakMap<FuncSummary, string>();

/** A summary's leak tags as text (what callers' cache entries compare), once per summary. */
function paramsText(s: FuncSummary | undefined): string {
  if (!s) return 'null';
  let t = paramsTexts.get(s);
  if (t === undefined) paramsTexts.set(s, (t = JSON.stringify(s.params)));
  return t;
}

/**
 * Whether a cached function's findings, moved with the edits, are still in the function `d` now
 * names. The cache is keyed by name and text, not place: two functions with the same text but
 * their names swapped, or a method pasted a second time below itself (the later one is the
 * method, as for the compiler's duplicate-declaration error), find an entry whose findings
 * would stay where the other text is.
 */
function placed(c: CacheEntry, d: FuncDecl, relocations: Relocations): boolean {
  if (c.firstLine === undefined) return true;
  const r = relocations.get(c.path);
  const p = r ? r.map(c.findings[0].range.start) : c.findings[0].range.start;
  return p !== undefined && p.line - d.node.startPosition.row === c.firstLine;
}

/** A function's identity with its parts (`fingerprint` is fingerprint(d), or the equal one of an earlier run). */
function identityOf(d: FuncDecl, fingerprint: string): Identity {
  return { path: d.file.path, fingerprint, text: nodeHash(d.node), header: treeFacts(d.file.tree).headerHash };
}

/** A function's identity for the cache: its file, the file's header and its text (not its place: findings move, see relocate.ts). */
function fingerprint(d: FuncDecl): string {
  return `${d.file.path}\0${treeFacts(d.file.tree).headerHash}\0${nodeHash(d.node)}`;
}

/** index.funcs plus `init` functions (several per package are allowed), keyed `init#N`. */
function allFuncs(index: PackageIndex): ReadonlyMap<string, FuncDecl> {
  // (most packages have no init function: then the index's own map, not a copy per keystroke)
  if (index.pkg.files.every((f) => initFuncs(f.tree).length === 0)) return index.funcs;
  const m = copyMap(index.funcs);
  let n = 0;
  for (const f of index.pkg.files) {
    for (const d of initFuncs(f.tree)) {
      const key = `init#${n++}`;
      m.set(key, { key, name: 'init', recvPointer: false, file: f, node: d });
    }
  }
  return m;
}

const inits = new WeakMap<Tree, Node[]>();

function initFuncs(tree: Tree): Node[] {
  let out = inits.get(tree);
  if (!out) {
    // (by the declarations' kinds and derived facts: a new tree of a large file is not walked for its few inits)
    const found: Node[] = [];
    const tops = topDecls(tree);
    for (let i = 0; i < tops.length; i++) {
      const d = tops[i];
      if (d.type === 'function_declaration' && derivedOf(d, 'isInit', () => d.node.childForFieldName('name')?.text === 'init')) found.push(d.node);
    }
    out = found;
    inits.set(tree, out);
  }
  return out;
}

/**
 * The call edges of every function (for the batches, bottom-up). The walk over a body that
 * finds them also notes its reassigned variables (see reassignedVars) into `reassigned`,
 * sparing analyzeBatch a second walk of every body.
 */
function callGraph(
  of: ReadonlyMap<string, FuncDecl>,
  funcs: ReadonlyMap<string, FuncDecl>,
  infoOf: (d: FuncDecl) => FunctionInfo,
  checker: PackageChecker,
  reassigned: Map<string, Set<number>>,
  cached: (d: FuncDecl) => { reuse?: string[]; keep: (edges: string[]) => void },
): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const [key, d] of of) {
    const c = cached(d);
    if (c.reuse) {
      g.set(key, c.reuse);
      c.keep(c.reuse);
      continue;
    }
    let info: FunctionInfo;
    try {
      info = infoOf(d);
    } catch (e) {
      // Nested too deeply for the checker: no edges; its batch fails the same way and is skipped.
      if (!isStackOverflow(e)) throw e;
      g.set(key, []);
      continue;
    }
    const out = new Set<string>();
    const assigned = new Set<number>();
    const visit = (n: Node) => {
      const t = n.type;
      if (t === 'identifier') {
        const o = info.objectOf(n);
        if (o?.kind === 'func' && o.funcKey) out.add(o.funcKey);
      } else if (t === 'selector_expression') {
        const x = n.childForFieldName('operand');
        const name = n.childForFieldName('field')?.text ?? '';
        if (x && !(x.type === 'identifier' && info.objectOf(x)?.kind === 'pkg')) {
          const m = checker.lookupMethod(info.typeOf(x), name);
          if (m?.local) out.add(m.local.key);
        }
      } else noteReassigned(info, n, t, assigned);
      for (let i = 0, ks = kids(n); i < ks.length; i++) visit(ks[i]);
    };
    const body = copyOf(d.node).childForFieldName('body');
    try {
      if (body) visit(body);
      reassigned.set(key, assigned);
    } catch (e) {
      if (!isStackOverflow(e)) throw e;
    }
    const edges = [...out].filter((k) => funcs.has(k));
    g.set(key, edges);
    c.keep(edges);
  }
  return g;
}

/** Tarjan's SCC algorithm; components come out callees-first (bottom-up). */
function tarjan(nodes: string[], succ: (k: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let i = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    // iterative DFS
    const work: { v: string; it: number }[] = [{ v: start, it: 0 }];
    index.set(start, i);
    low.set(start, i++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1];
      const ss = succ(top.v);
      if (top.it < ss.length) {
        const w = ss[top.it++];
        if (!index.has(w)) {
          index.set(w, i);
          low.set(w, i++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, it: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const p = work[work.length - 1].v;
        low.set(p, Math.min(low.get(p)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        out.push(comp);
      }
    }
  }
  return out;
}

function isGeneric(d: FuncDecl): boolean {
  if (d.node.childForFieldName('type_parameters')) return true;
  const recv = d.node.childForFieldName('receiver');
  // (a generic receiver type is written with brackets: the search, which indexes the whole method, only then)
  return !!recv && recv.text.includes('[') && descendantsOf(recv, ['generic_type']).length > 0;
}

/** Local variables that are assigned after their declaration or address-taken (ReassignOracle). */
function reassignedVars(info: FunctionInfo, body: Node | null): Set<number> {
  const out = new Set<number>();
  if (!body) return out;
  const visit = (n: Node) => {
    noteReassigned(info, n, n.type, out);
    for (let i = 0, ks = kids(n); i < ks.length; i++) visit(ks[i]);
  };
  visit(body);
  return out;
}

/** What reassignedVars notes at one node `n` of type `type`. */
function noteReassigned(info: FunctionInfo, n: Node, type: string, out: Set<number>): void {
  // (called for every node of a function walked again: no closure made per node)
  switch (type) {
    case 'assignment_statement':
    case 'short_var_declaration':
    case 'range_clause':
      for (const l of kids(n.childForFieldName('left'))) markReassigned(info, l, out);
      break;
    case 'inc_statement':
    case 'dec_statement':
      markReassigned(info, kids(n)[0], out);
      break;
    case 'unary_expression':
      if (n.child(0)?.text === '&') markReassigned(info, n.childForFieldName('operand'), out);
      break;
  }
}

function markReassigned(info: FunctionInfo, n: Node | null | undefined, out: Set<number>): void {
  while (n && (n.type === 'parenthesized_expression' || n.type === 'selector_expression' || n.type === 'index_expression')) {
    if (n.type === 'parenthesized_expression') n = n.namedChildren[0];
    else return;
  }
  if (n?.type === 'identifier') {
    const o = info.objectOf(n);
    if (o && o.decl?.id !== n.id) out.add(o.id);
  }
}

function analyzeBatch(
  decls: FuncDecl[],
  infoOf: (d: FuncDecl) => FunctionInfo,
  reassigned: Map<string, Set<number>>,
  checker: PackageChecker,
  sizes: SizeOracle,
  summaries: Map<string, FuncSummary>,
  treeFile: Map<Tree, string>,
  options: EscapeOptions,
): { findings: Map<string, Finding[]>; summaries: Map<string, FuncSummary> } {
  const g = new Graph();
  // (asked for every pair of locations the solver compares: each node's kind and range are read once)
  const spans = new Map<Node, { literal: boolean; start: number; end: number }>();
  const spanOf = (n: Node) => {
    let s = spans.get(n);
    if (!s) spans.set(n, (s = { literal: n.type === 'func_literal', start: n.startIndex, end: n.endIndex }));
    return s;
  };
  g.containsClosure = (outer, inner) => {
    if (!outer || !inner || outer === inner || outer.id === inner.id || inner.tree !== outer.tree) return false;
    const i = spanOf(inner);
    if (!i.literal) return false;
    const o = spanOf(outer);
    return i.start >= o.start && i.end <= o.end;
  };
  const b: BatchContext = {
    checker,
    sizes,
    summaries,
    inBatch: new Map(decls.map((d) => [d.node.id, d.key])),
    frames: new Map(),
    vars: new Map(),
    graph: g,
    closures: [],
    parentFn: new Map(),
    staticLits: new Map(),
    reassignedObjs: new Set(),
    callVia: new Map(),
  };
  const walkers = decls.map((d) => {
    const info = infoOf(d);
    let mine = reassigned.get(d.key);
    // the walkers read the declaration's copy (checker/nodes.ts copyOf), as its type information does
    const fn = copyOf(d.node);
    if (!mine) reassigned.set(d.key, (mine = reassignedVars(info, fn.childForFieldName('body'))));
    for (const id of mine) b.reassignedObjs.add(id);
    return { d, fn, info, e: new Escape(b, info, fn) };
  });
  // Function literals bound once to a local are static callees (ir.StaticValue).
  for (const { info, e } of walkers) {
    for (const o of info.locals) {
      if (b.reassignedObjs.has(o.id)) continue;
      const init = e.staticInit(o);
      if (init?.type === 'func_literal') b.staticLits.set(o.id, init);
    }
  }
  for (const w of walkers) w.e.initFrame(w.fn);
  for (const w of walkers) w.e.walkFunc(w.fn);

  // flowClosure: capture by value or by reference.
  for (const c of b.closures) {
    const e = new Escape(b, c.info, c.lit);
    for (const o of e.freeVars(c.lit)) {
      const loc = e.varLoc(o);
      const size = sizes.sizeof(o.type);
      const byval = !loc.addrtaken && !loc.reassigned && (size === null || size <= 128);
      // Like the compiler's closure variable, the note sits at the first use inside the literal.
      const where = e.freeVarUse(c.lit, o) ?? c.lit;
      let k = c.k;
      if (!byval) {
        loc.addrtaken = true;
        k = addr(k, where, 'reference');
      }
      g.flow(note(k, where, 'captured by a closure'), loc);
    }
  }
  for (const loc of g.all) {
    if (loc.heapReason) g.flow(addr(hole(g.heap), loc.node ?? loc.alloc!.pos, loc.heapReason), loc);
  }
  g.walkAll();

  // Findings.
  const findingsByKey = new Map<string, Finding[]>();
  const outSummaries = new Map<string, FuncSummary>();
  const ownerKey = (fn: Node | null): string | undefined => {
    let n: Node | null = fn;
    while (n) {
      const k = b.inBatch.get(n.id);
      if (k) return k;
      n = n.parent;
    }
    return undefined;
  };
  const generic = new Set(decls.filter(isGeneric).map((d) => d.key));
  const add = (key: string | undefined, f: Finding) => {
    if (!key || generic.has(key)) return;
    let l = findingsByKey.get(key);
    if (!l) findingsByKey.set(key, (l = []));
    l.push(f);
  };
  const fileOf = (n: Node) => treeFile.get(n.tree) ?? '';
  const includeNo = options.includeNoEscape !== false;
  const includeLeaks = options.includeLeaks !== false;
  const via = (call: Node) => b.callVia?.get(call.id);

  for (const loc of g.all) {
    const key = ownerKey(loc.fn);
    if (loc.obj && loc.obj.decl && loc.obj.name !== '_') {
      if (loc.has(ATTR_ESCAPES)) {
        const steps = pathSteps(g.paths.get(loc), loc, g, via);
        add(key, mkFinding(fileOf(loc.obj.decl), loc.obj.decl, loc.obj.decl, 'moved-to-heap', 'escape', `moved to heap: ${loc.obj.name}`, { kind: 'moved', name: loc.obj.name }, steps, fileOf));
      }
      continue;
    }
    const a = loc.alloc;
    if (!a || a.quiet || !loc.node) continue;
    const text = a.kind === 'append' ? 'append' : a.text;
    if (loc.has(ATTR_ESCAPES)) {
      const steps = pathSteps(g.paths.get(loc), loc, g, via);
      // The compiler's explanation names an `append` by its whole call (its report just says `append`).
      const name = a.kind === 'append' ? compilerText(loc.node) : text;
      add(key, mkFinding(fileOf(loc.node), a.pos, loc.node, 'escapes-to-heap', 'escape', `${text} escapes to heap`, { kind: 'escapes', name }, steps, fileOf));
    } else if (includeNo) {
      add(key, mkFinding(fileOf(loc.node), a.pos, loc.node, 'does-not-escape', 'noescape', `${text} does not escape`, { kind: 'noescape', name: text }, [], fileOf));
      if (a.kind === 'str2bytes' && !loc.has(ATTR_MUTATES)) {
        add(key, mkFinding(fileOf(loc.node), a.pos, loc.node, 'zero-copy', 'noescape', 'zero-copy string->[]byte conversion', 'the bytes are never modified, so the string memory is reused', [], fileOf));
      }
    }
  }

  // Parameter tags (escape.go paramTag / reportLeaks).
  const fnNodes: { node: Node; key: string }[] = [];
  for (const w of walkers) fnNodes.push({ node: w.fn, key: w.d.key });
  for (const c of b.closures) fnNodes.push({ node: c.lit, key: ownerKey(c.lit) ?? '' });
  for (const { node: fnNode, key } of fnNodes) {
    const info = decls.find((d) => d.key === key) ? infoOf(decls.find((d) => d.key === key)!) : undefined;
    const f = info?.frames.get(fnNode.id);
    const frame = b.frames.get(fnNode.id);
    if (!f || !frame) continue;
    const sig = f.sig;
    const slots: { obj: Obj | undefined; loc: Loc | null; type: import('../goTypes').GoType }[] = [];
    if (fnNode.type === 'method_declaration') slots.push({ obj: f.recv, loc: frame.recv, type: f.recv?.type ?? { kind: 'unknown', reason: 'recv' } });
    sig.params.forEach((p, i) => slots.push({ obj: f.params.find((o) => o.index === i), loc: frame.params[i] ?? null, type: p.type }));
    const params: (number[] | null)[] = [];
    for (const s of slots) {
      if (!checker.oracle.hasPointers(s.type)) {
        params.push(null);
        continue;
      }
      if (!s.loc || !s.obj) {
        params.push(new Leaks().v);
        continue;
      }
      const esc = s.loc.paramEsc.clone();
      esc.optimize();
      params.push(esc.v);
      if (s.loc.has(ATTR_ESCAPES)) continue;
      const name = s.obj.name;
      const decl = s.obj.decl!;
      // (a parameter that leaks is never also reported as not escaping, whether leaks are reported or not)
      let warned = false;
      if (esc.heap >= 0) {
        const content = esc.heap > 0;
        if (includeLeaks) add(key, mkFinding(fileOf(decl), decl, decl, 'leaking-param', 'leak', content ? `leaking param content: ${name}` : `leaking param: ${name}`, { kind: content ? 'leak-content' : 'leak', name }, pathSteps(g.leakPaths.get(s.loc), s.loc, g, via), fileOf));
        warned = true;
      }
      for (let i = 0; i < 5; i++) {
        const x = esc.result(i);
        if (x < 0) continue;
        const r = f.results.find((o) => o.index === i);
        const rname = r ? r.name : `~r${i}`;
        if (includeLeaks) add(key, mkFinding(fileOf(decl), decl, decl, 'leaking-param', 'leak', `leaking param: ${name} to result ${rname} level=${x}`, { kind: 'leak-result', name, result: rname, level: x }, [], fileOf));
        warned = true;
      }
      if (!warned && includeNo) add(key, mkFinding(fileOf(decl), decl, decl, 'does-not-escape', 'noescape', `${name} does not escape`, { kind: 'noescape', name }, [], fileOf));
    }
    if (fnNode.type !== 'func_literal') {
      const d = decls.find((x) => x.node.id === fnNode.id)!;
      outSummaries.set(d.key, { key: d.key, params, hasRecv: fnNode.type === 'method_declaration' });
    }
  }
  for (const d of decls) if (!outSummaries.has(d.key)) outSummaries.set(d.key, { key: d.key, params: [], hasRecv: false });
  return { findings: findingsByKey, summaries: outSummaries };
}

function pathSteps(path: PathStep[] | undefined, loc: Loc, g: Graph, via: (call: Node) => CallVia | undefined): ModelStep[] {
  const steps: ModelStep[] = [];
  for (const p of path ?? []) steps.push(...noteSteps(p.notes, p.to === g.heap ? '{heap}' : p.to.obj?.name, via));
  const direct = g.directEscapes.get(loc);
  if (direct) steps.push(...noteSteps(direct.notes, '{heap}', via));
  return heapReasonStep(steps, loc.heapReason);
}

/** A model finding; `why` and `related` are written by the shared vocabulary (`words.ts` → `reasonWords.ts`). */
function mkFinding(
  file: string,
  posNode: Node,
  exprNode: Node,
  code: string,
  category: Finding['category'],
  message: string,
  subject: SubjectFacts | string,
  steps: ModelStep[],
  fileOf: (n: Node) => string,
): Finding {
  const p = reportPos(posNode);
  const { why, related } = typeof subject === 'string' ? { why: [subject], related: [] as RelatedInfo[] } : modelWords(subject, steps, fileOf, file);
  return {
    file,
    range: { start: { line: p.row, character: p.column }, end: { line: exprNode.endPosition.row, character: exprNode.endPosition.column } },
    code,
    category,
    message,
    why,
    related,
    source: 'model',
    fixes: [],
  };
}
