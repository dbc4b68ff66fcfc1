import type { Node, Tree } from 'web-tree-sitter';
import { PackageChecker, type FunctionInfo } from '../checker';
import type { FileInfo, PackageIndex } from '../goPackage';
import { copyOf, functionDecls } from '../checker/nodes';
import { occurrenceCounter } from '../functionCache';
import { treeFacts } from '../incremental';
import { byPositionAndCode } from '../merge';
import { isSuppressed } from '../hints/directives';
import type { Finding } from '../types';
import { ADVICE_CODES, AdviceCode, catalogueLink } from './codes';
import type { AdviceContext, AdviceOptions, PackageFacts } from './context';
import { checkConversions } from './conversions';
import { checkJsonMarshal } from './encoding';
import { checkGcKnobs } from './gcKnobs';
import { checkMakeLen } from './makeLen';
import { checkPointerAlloc } from './pointerAlloc';
import { checkPoolFunc, checkPoolNew, collectPoolSites } from './pool';
import { checkResources } from './resources';
import { checkRetention } from './retention';
import { checkTimers } from './timers';

export { ADVICE_CODES, catalogueLink } from './codes';
export type { AdviceCode, AdviceCodeInfo } from './codes';
export type { AdviceOptions } from './context';

const RULES: ((ctx: AdviceContext) => void)[] = [
  checkPoolFunc,
  checkRetention,
  checkMakeLen,
  checkTimers,
  checkResources,
  checkGcKnobs,
  checkPointerAlloc,
  checkConversions,
  checkJsonMarshal,
];

/**
 * The memory guides' advice as hints (issue 8): sync.Pool misuse, retention of
 * large buffers by small slices, length-vs-capacity, timers and resources that are
 * not released, GC knobs used as cures, pointer-heavy allocation, conversions in
 * loops and json.Marshal into writers. Each finding has its own code (see
 * ADVICE_CODES), category 'advice', a message with the lesson, fixes where they
 * are safe (else `noFixReason`), and ends its `why` with the catalogue link.
 *
 * The runtime and compiler behaviour behind each rule: runtime/mgc.go (sync.Pool
 * is cleared by the GC, poolCleanup), runtime/iface.go convT (boxing a non-pointer
 * on Put), runtime/time.go (timers, collected unreferenced since Go 1.23),
 * cmd/compile/internal/walk/order.go mapKeyReplaceStrConv and
 * walk/convert.go (conversions the compiler elides), runtime/slice.go growslice.
 */
export function analyzeAdvice(index: PackageIndex, options: AdviceOptions = {}): Finding[] {
  const checker = options.checker ?? new PackageChecker(index, { std: options.std, goarch: options.goarch });
  const findings: Finding[] = [];
  const enabled = (code: AdviceCode) => !options.codes || options.codes.has(code);
  const funcs: PackageFacts['funcs'] = [];
  for (const file of index.files.values()) {
    for (const fn of functionDecls(file.file.tree)) {
      // Type-checked when a rule first asks (memoized by the checker): package facts look only at
      // the functions that can matter (pool users), and with `files` the rules run on a few.
      funcs.push(new PackageFunc(fn, file, checker));
    }
  }
  // Pool sites are collected when a rule first asks (only functions with a Put do).
  let sites: ReturnType<typeof collectPoolSites> | undefined;
  const pkg: PackageFacts = {
    funcs,
    get gets() {
      return (sites ??= collectPoolSites(funcs)).gets;
    },
    get puts() {
      return (sites ??= collectPoolSites(funcs)).puts;
    },
  };
  const seen = new Set<string>();
  /** Findings of the function being analyzed, before suppression and de-duplication. */
  let current: Finding[] = [];
  const makeCtx = (file: PackageFacts['funcs'][number]['file'], fn: Node, info: PackageFacts['funcs'][number]['info']): AdviceContext => ({
    index,
    file,
    fn,
    info,
    checker,
    options,
    pkg,
    enabled,
    report(f) {
      if (!enabled(f.code)) return;
      current.push({
        file: file.file.path,
        category: 'advice',
        source: 'model',
        related: f.related ?? [],
        ...f,
        why: [...(f.why ?? []), catalogueLink(f.code)],
        fixes: f.fixes ?? [],
      });
    },
  });
  const keep = (list: readonly Finding[]) => {
    for (const f of list) {
      const file = index.files.get(f.file)?.file;
      if (file && isSuppressed(file, f.range.start.line, f.code)) continue;
      const key = `${f.file}:${f.range.start.line}:${f.range.start.character}:${f.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(f);
    }
  };
  /** The rules on one function (a failing rule loses its own advice for this function only). */
  const adviceOf = (f: PackageFacts['funcs'][number]): Finding[] => {
    current = [];
    let info: PackageFacts['funcs'][number]['info'];
    try {
      info = f.info;
    } catch (e) {
      // the checker could not type this function (code being typed, or a checker gap): no advice for it
      if (options.strict) throw e;
      return current;
    }
    const ctx = makeCtx(f.file, copyOf(f.fn), info);
    for (const rule of RULES) {
      try {
        rule(ctx);
      } catch (e) {
        // code being typed can surprise a rule: lose that rule's advice for this function, not the analysis
        if (options.strict) throw e;
      }
    }
    return current;
  };
  // (asked for every function of the file per keystroke: the few cross words as an array, no iterator each time)
  const crossWords = options.crossFunction ? [...options.crossFunction.words] : [];
  /** The package facts a function's advice depends on, when it names a pool or a GC knob. */
  const crossKey = (tree: Tree, fn: Node): string | undefined => {
    const cross = options.crossFunction;
    const words = treeFacts(tree).funcWords.get(fn.id);
    if (!cross || !words) return cross?.key;
    for (let i = 0; i < crossWords.length; i++) if (words.has(crossWords[i])) return cross.key;
    return undefined;
  };
  let nth = occurrenceCounter();
  let lastFile: unknown;
  for (const f of funcs) {
    if (options.files && !options.files.has(f.file.file.path)) continue;
    if (f.file !== lastFile) {
      lastFile = f.file;
      nth = occurrenceCounter();
    }
    keep(options.cache ? options.cache.findingsOf(f.file.file, f.fn, nth(f.fn), () => adviceOf(f), { extra: crossKey(f.file.file.tree, f.fn) }) : adviceOf(f));
  }
  options.cache?.end();
  current = [];
  try {
    checkPoolNew(index, checker, (file, fn, info) => makeCtx(file, fn, info), options.files);
  } catch (e) {
    if (options.strict) throw e;
  }
  keep(current);
  findings.sort(byPositionAndCode);
  return findings;
}

/** A function of the package for the rules (PackageFacts.funcs): type-checked when first asked. */
class PackageFunc {
  constructor(
    readonly fn: Node,
    readonly file: FileInfo,
    private readonly checker: PackageChecker,
  ) {}

  get info(): FunctionInfo {
    return this.checker.checkFunction(this.fn);
  }
}

/** The codes with their default-on flag, for the `goMemoryHints.advice` settings object. */
export function defaultAdviceSettings(): Record<string, boolean> {
  return Object.fromEntries(ADVICE_CODES.map((c) => [c.code, c.defaultOn]));
}
