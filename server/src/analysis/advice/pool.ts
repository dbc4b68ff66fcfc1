import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, PackageChecker } from '../checker';
import type { FileInfo, PackageIndex } from '../goPackage';
import { callArgs, findAll, kids } from '../hints/syntax';
import type { AdviceContext } from './context';
import { aliasReturnedAfterDeferredPut, useAfterPut } from './poolAfter';
import { pointerFixPlan } from './poolFix';
import { putWithoutReset, unboundedGrowth } from './poolReuse';
import { isDeferred, poolKey, rootLocal } from './poolSites';
import { callKey, isInterfaceType, isPointerShaped, isUnknown, methodCall, nodeRange, showType } from './util';

export { collectPoolSites, poolKey } from './poolSites';

/*
 * sync.Pool advice. A pool holds `any`: Put of a value that is not pointer-shaped
 * boxes it (runtime/iface.go convT, one allocation per Put); the GC empties pools
 * every other cycle (sync/pool.go poolCleanup, the victim cache), so what is put
 * back must be cheap to keep, reset, and never used again by the putter.
 */

/** The sync.Pool hints at every Put of one function (see the codes sync-pool-*). */
export function checkPoolFunc(ctx: AdviceContext): void {
  const { info } = ctx;
  for (const call of findAll(ctx.fn, ['call_expression'], true)) {
    if (callKey(info, call) !== 'sync.Pool.Put') continue;
    const arg = callArgs(call)[0];
    if (!arg) continue;
    const key = poolKey(info, methodCall(call)!.recv);
    const deferred = isDeferred(call);
    if (ctx.enabled('sync-pool-put-non-pointer')) putNonPointer(ctx, call, arg, key);
    const root = rootLocal(info, arg);
    if (!root) continue;
    if (ctx.enabled('sync-pool-use-after-put')) {
      if (deferred) aliasReturnedAfterDeferredPut(ctx, call, root.obj);
      else useAfterPut(ctx, call, root.obj);
    }
    if (ctx.enabled('sync-pool-put-without-reset')) putWithoutReset(ctx, call, root.obj, key);
    if (ctx.enabled('sync-pool-unbounded-growth')) unboundedGrowth(ctx, call, root.obj, key);
  }
}

function putNonPointer(ctx: AdviceContext, call: Node, arg: Node, key: string): void {
  const { info } = ctx;
  const t = info.typeOf(arg);
  if (isUnknown(info, t) || isInterfaceType(info, t) || isPointerShaped(info, t)) return;
  const u = info.underlying(t);
  if (u.kind === 'unknown' || (u.kind === 'basic' && u.name.startsWith('untyped'))) return;
  if ((u.kind === 'struct' && u.fields.length === 0) || (u.kind === 'array' && u.len === 0)) return;
  const ts = showType(t);
  const plan = pointerFixPlan(ctx, key);
  ctx.report({
    range: nodeRange(arg),
    code: 'sync-pool-put-non-pointer',
    message: `\`${arg.text}\` (${ts}) is not pointer-shaped: Put boxes it into an interface, which allocates a copy on every call and defeats the pool; pool a pointer (*${ts}) instead.`,
    why: [`sync.Pool stores \`any\`; only pointer-shaped values fit in the interface word without an allocation (runtime convT)`],
    fixes: 'fix' in plan ? [plan.fix] : [],
    noFixReason: 'reason' in plan ? plan.reason : undefined,
  });
}

/** Checks `sync.Pool{New: func() any { return X }}` literals in the whole package (functions and package-level vars). */
export function checkPoolNew(index: PackageIndex, checker: PackageChecker, ctxFor: (file: FileInfo, fn: Node, info: FunctionInfo) => AdviceContext, files?: ReadonlySet<string>): void {
  for (const file of index.files.values()) {
    if (files && !files.has(file.file.path)) continue;
    for (const lit of poolLiterals(file)) {
      for (const el of kids(lit.childForFieldName('body'))) {
        if (el.type !== 'keyed_element') continue;
        const [k, v] = kids(el);
        if (kids(k)[0]?.text !== 'New') continue;
        const f = kids(v)[0] ?? v;
        if (f?.type !== 'func_literal') continue;
        let decl: Node | null = f.parent;
        while (decl && decl.type !== 'function_declaration' && decl.type !== 'method_declaration') decl = decl.parent;
        const info = checker.checkFunction(decl ?? f);
        const ctx = ctxFor(file, decl ?? f, info);
        if (!ctx.enabled('sync-pool-new-non-pointer')) continue;
        for (const ret of findAll(f, ['return_statement'], false)) {
          const e = kids(kids(ret)[0])[0] ?? kids(ret)[0];
          if (!e) continue;
          const t = info.typeOf(e);
          if (isUnknown(info, t) || isInterfaceType(info, t) || isPointerShaped(info, t)) continue;
          const u = info.underlying(t);
          if (u.kind === 'unknown' || (u.kind === 'basic' && u.name.startsWith('untyped'))) continue;
          ctx.report({
            range: nodeRange(e),
            code: 'sync-pool-new-non-pointer',
            message: `New returns a ${showType(t)}, which is not pointer-shaped: it is boxed into an interface (an allocation) on every pool miss, and every Put boxes it again; return a pointer (e.g. *${showType(t)}).`,
            why: ['sync.Pool stores `any`; a non-pointer value is copied to the heap to fit'],
          });
        }
      }
    }
  }
}

/**
 * The `sync.Pool{...}` literals of a file (under any import name of sync), in source order. Found
 * from the text: the literal's type names `Pool`, so each occurrence of the word is looked up in
 * the tree — a search of the whole tree per keystroke cost milliseconds on a large file.
 */
function poolLiterals(file: FileInfo): Node[] {
  const out: Node[] = [];
  const text = file.file.text;
  for (let i = text.indexOf('Pool'); i >= 0; i = text.indexOf('Pool', i + 4)) {
    const name = file.file.tree.rootNode.descendantForIndex(i, i + 4);
    const tn = name?.parent;
    const lit = tn?.parent;
    if (name?.startIndex !== i || !tn || lit?.type !== 'composite_literal' || lit.childForFieldName('type')?.id !== tn.id) continue;
    if (isSyncPoolType(file, tn)) out.push(lit);
  }
  return out;
}

function isSyncPoolType(file: FileInfo, tn: Node): boolean {
  if (tn.type !== 'qualified_type') return false;
  const pkg = tn.childForFieldName('package')?.text;
  return tn.childForFieldName('name')?.text === 'Pool' && !!pkg && file.imports.get(pkg) === 'sync';
}

