import type { Node } from 'web-tree-sitter';
import { PackageChecker } from '../checker';
import type { FileInfo, PackageIndex } from '../goPackage';
import type { ImportAwareFix } from '../fixes/fix';
import { copyOf, functionDecls } from '../checker/nodes';
import { occurrenceCounter } from '../functionCache';
import { byPositionAndCode } from '../merge';
import { isStackOverflow } from '../spans';
import type { Finding } from '../types';
import { FuncContext, HintOptions } from './context';
import { isSuppressed } from './directives';
import { checkBuilderGrow } from './builderGrow';
import { checkFmtSprint } from './fmtSprint';
import { checkLargeCopies } from './largeCopy';
import { checkLoopAllocs } from './loopAllocs';
import { checkPrealloc } from './prealloc';
import { checkStringConcat } from './stringConcat';

export { HINT_CODES } from './context';
export type { HintCode, HintOptions, SizeOracle } from './context';
export { isSuppressed, parseDirective } from './directives';

const RULES: ((ctx: FuncContext) => void)[] = [checkPrealloc, checkStringConcat, checkFmtSprint, checkLoopAllocs, checkLargeCopies, checkBuilderGrow];

/**
 * Allocation hints (issue 3): patterns that allocate more than they need to, each
 * with a code, a message saying what to do, and the fix of issue 5 when one is
 * safe (else `noFixReason`). Model estimates in the spirit of the compiler's
 * walk/escape decisions (cmd/compile/internal/walk/builtin.go for append/make,
 * runtime/slice.go growslice, runtime/string.go concatstrings); findings are
 * sorted by file and position and respect `//memhints:ignore` directives.
 */
export function analyzeAllocationHints(index: PackageIndex, options: HintOptions = {}): Finding[] {
  const checker = options.checker ?? new PackageChecker(index);
  const findings: Finding[] = [];
  const cache = options.cache;
  for (const file of index.files.values()) {
    if (options.files && !options.files.has(file.file.path)) continue;
    const nth = occurrenceCounter();
    for (const fn of functionDecls(file.file.tree)) {
      const compute = () => hintsOf(index, file, fn, checker, options);
      const raw = cache ? cache.findingsOf(file.file, fn, nth(fn), compute, { dependsOnFile: removesImportUses }) : compute();
      for (const f of raw) if (!isSuppressed(file.file, f.range.start.line, f.code)) findings.push(f);
    }
  }
  cache?.end();
  findings.sort(byPositionAndCode);
  return findings;
}

/**
 * A fix that deletes uses of an imported package also deletes the import when they were
 * its last uses in the file: that depends on the file's other functions, so such hints are
 * computed again every time.
 */
function removesImportUses(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.fixes.some((x) => Object.keys((x as ImportAwareFix).importChanges?.removedUses ?? {}).length > 0));
}

/** The hints of one function, before suppression directives (which can change without the function). */
function hintsOf(index: PackageIndex, file: FileInfo, decl: Node, checker: PackageChecker, options: HintOptions): Finding[] {
  const findings: Finding[] = [];
  const fn = copyOf(decl);
  let info: ReturnType<PackageChecker['checkFunction']>;
  try {
    info = checker.checkFunction(fn);
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    return [];
  }
  const ctx: FuncContext = {
    index,
    file,
    fn,
    info,
    checker,
    options,
    report(f) {
      if (options.codes && !options.codes.has(f.code)) return;
      findings.push({
        file: file.file.path,
        category: 'alloc',
        source: 'model',
        why: [],
        related: [],
        ...f,
        fixes: f.fixes ?? [],
      });
    },
  };
  const before = findings.length;
  try {
    for (const rule of RULES) rule(ctx);
  } catch (e) {
    // A function nested too deeply for the recursive walkers gets no hints.
    if (!isStackOverflow(e)) throw e;
    findings.length = before;
  }
  return findings;
}
