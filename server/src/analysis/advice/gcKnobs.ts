import { findAll } from '../hints/syntax';
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
  const exempt = ctx.index.name === 'main' || /^(Test|Benchmark|Example|Fuzz)/.test(name) || ctx.file.file.path.endsWith('_test.go');
  for (const call of findAll(ctx.fn, ['call_expression'], true)) {
    const key = callKey(ctx.info, call);
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
      if (loops.length === 0 && !handler) continue;
      const fn = key.endsWith('SetGCPercent') ? 'debug.SetGCPercent' : 'debug.SetMemoryLimit';
      const where = loops.length ? `in the loop at line ${lineOf(loops[0])}` : `in an HTTP handler (line ${lineOf(handler!)})`;
      ctx.report({
        range: nodeRange(call),
        code: 'gc-tuning-in-hot-path',
        message: `${fn} ${where}: it changes process-wide GC pacing (and triggers a GC-state update) every time it runs, for every goroutine; set GOGC / GOMEMLIMIT or call it once at start-up.`,
        why: [`${fn} is a process-wide setting, not a per-request or per-iteration one`],
      });
    }
  }
}
