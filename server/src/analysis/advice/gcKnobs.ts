import type { Node } from 'web-tree-sitter';
import { findAll, unparen } from '../hints/syntax';
import type { AdviceContext } from './context';
import { callKey, funcsAround, httpHandlerParams, lineOf, loopsAround, nodeRange } from './util';

/**
 * GC knobs used as cures (runtime/mgc.go, runtime/debug/garbage.go): runtime.GC
 * runs a full, blocking collection; debug.FreeOSMemory adds a forced scavenge;
 * SetGCPercent / SetMemoryLimit change process-wide pacing (and stop the world
 * briefly). The pacer already runs the GC when needed; GOGC and GOMEMLIMIT (or
 * one call at start-up) are the tools.
 */
export function checkGcKnobs(ctx: AdviceContext): void {
  const name = ctx.fn.childForFieldName('name')?.text ?? '';
  const calls = findAll(ctx.fn, ['call_expression'], true);
  const keys = calls.map((c) => callKey(ctx.info, c));
  if (!keys.some((k) => k === 'runtime.GC' || (k ?? '').startsWith('runtime/debug.'))) return;
  // Commands, tests and test helpers, and functions that force a GC to measure (profiles, MemStats) are fine.
  const exemptAll =
    ctx.index.name === 'main' ||
    ctx.index.name === 'testing' ||
    /^(Test|Benchmark|Example|Fuzz)/.test(name) ||
    ctx.file.file.path.endsWith('_test.go') ||
    [...ctx.file.imports.values()].includes('testing') ||
    measuresIn(ctx);
  calls.forEach((call, i) => {
    const key = keys[i];
    const exempt = exemptAll || debugHook(ctx, call);
    if (key === 'runtime.GC' && !exempt) {
      ctx.report({
        range: nodeRange(call),
        code: 'runtime-gc-call',
        message: 'runtime.GC() blocks the caller for a full collection and makes every goroutine help (mark assists); the pacer already collects when needed: tune GOGC / GOMEMLIMIT (or debug.SetMemoryLimit once at start-up) instead of forcing cycles.',
        why: ['outside package main and tests, a forced GC is usually a cure for a symptom'],
      });
    } else if (key === 'runtime/debug.FreeOSMemory' && !exempt) {
      ctx.report({
        range: nodeRange(call),
        code: 'free-os-memory-call',
        message: 'debug.FreeOSMemory() forces a full collection and returns every free page to the OS, which the next allocations must fault back in; set GOMEMLIMIT (the scavenger then releases memory as the limit nears) instead.',
        why: ['outside package main and tests, forcing the scavenger trades CPU and page faults for RSS'],
      });
    } else if (key === 'runtime/debug.SetGCPercent' || key === 'runtime/debug.SetMemoryLimit') {
      const loops = loopsAround(call);
      const handler = funcsAround(call).find((f) => httpHandlerParams(ctx.info, f));
      if (loops.length === 0 && !handler) return;
      const fn = key.endsWith('SetGCPercent') ? 'debug.SetGCPercent' : 'debug.SetMemoryLimit';
      const where = loops.length ? `in the loop at line ${lineOf(loops[0])}` : `in an HTTP handler (line ${lineOf(handler!)})`;
      ctx.report({
        range: nodeRange(call),
        code: 'gc-tuning-in-hot-path',
        message: `${fn} ${where}: it changes process-wide GC pacing (and triggers a GC-state update) every time it runs, for every goroutine; set GOGC / GOMEMLIMIT or call it once at start-up.`,
        why: [`${fn} is a process-wide setting, not a per-request or per-iteration one`],
      });
    }
  });
}

/**
 * Calls that read memory statistics or profiles (a GC first materializes up-to-date numbers) or that
 * register finalizers and cleanups (a GC is how they are made to run).
 */
const MEASURING = new Set([
  'runtime.ReadMemStats', 'runtime.MemProfile', 'runtime/pprof.WriteHeapProfile', 'runtime/pprof.Lookup',
  'runtime/pprof.Profile.WriteTo', 'runtime/debug.WriteHeapDump', 'runtime/debug.ReadGCStats', 'runtime/metrics.Read',
  'runtime.SetFinalizer', 'runtime.AddCleanup',
]);

const measureCache = new WeakMap<object, boolean>();

/** Does the file measure memory (or use finalizers) anywhere? Then a forced GC there is part of that. */
function measuresIn(ctx: AdviceContext): boolean {
  const hit = measureCache.get(ctx.file);
  if (hit !== undefined) return hit;
  let found = false;
  for (const f of ctx.pkg.funcs) {
    if (f.file !== ctx.file) continue;
    for (const c of findAll(f.fn, ['call_expression'], true)) {
      const k = callKey(f.info, c);
      if ((k !== undefined && MEASURING.has(k)) || methodName(c) === 'WriteProfileTo') {
        found = true;
        break;
      }
    }
    if (found) break;
  }
  measureCache.set(ctx.file, found);
  return found;
}

function methodName(call: Node): string | undefined {
  const f = call.childForFieldName('function');
  return f?.type === 'selector_expression' ? f.childForFieldName('field')?.text : undefined;
}

/** `if debugFlag { runtime.GC() }` with a package-level variable: a test or debug hook. */
function debugHook(ctx: AdviceContext, call: Node): boolean {
  for (let p = call.parent; p && p.id !== ctx.fn.id; p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const cond = unparen(p.childForFieldName('condition'));
    if (cond?.type === 'identifier' && ctx.info.objectOf(cond)?.global && ctx.info.objectOf(cond)?.kind === 'var') return true;
    return false;
  }
  return false;
}
