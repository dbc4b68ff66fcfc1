import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, Obj } from '../checker';
import { callArgs, findAll, unparen } from '../hints/syntax';
import type { PackageFacts, PoolSite } from './context';
import { localVar } from './context';
import { callKey, methodCall } from './util';

/** Where the package's sync.Pools are used: a stable key per pool, its Get and Put calls. */

/** A stable name for the pool an expression denotes. */
export function poolKey(info: FunctionInfo, e: Node | null): string {
  const x = unparen(e);
  if (!x) return '?';
  switch (x.type) {
    case 'identifier': {
      const o = info.objectOf(x);
      if (o?.global) return `var:${x.text}`;
      return o ? `local:${o.id}` : `expr:${x.text}`;
    }
    case 'unary_expression':
      if (x.child(0)?.text === '&') return poolKey(info, x.childForFieldName('operand'));
      break;
    case 'selector_expression': {
      const op = x.childForFieldName('operand');
      const f = x.childForFieldName('field')?.text ?? '';
      if (op?.type === 'identifier' && info.objectOf(op)?.kind === 'pkg') return `ext:${info.objectOf(op)?.pkgPath}.${f}`;
      let t = info.typeOf(op);
      if (t.kind === 'pointer') t = t.elem;
      return t.kind === 'named' ? `field:${t.name}.${f}` : `field:?.${f}`;
    }
    case 'index_expression':
      return `idx:${poolKey(info, x.childForFieldName('operand'))}`;
  }
  return `expr:${x.text}`;
}

/** Get and Put calls of every sync.Pool in the package. */
export function collectPoolSites(funcs: PackageFacts['funcs']): Pick<PackageFacts, 'gets' | 'puts'> {
  const gets = new Map<string, PoolSite[]>();
  const puts = new Map<string, PoolSite[]>();
  for (const f of funcs) {
    const { fn, file } = f;
    // A Get or Put call names its method: functions without the word are skipped before type-checking.
    if (!/\b(Get|Put)\b/.test(fn.text)) continue;
    let info: FunctionInfo;
    try {
      info = f.info;
    } catch {
      continue;
    }
    for (const call of findAll(fn, ['call_expression'], true)) {
      const k = callKey(info, call);
      if (k !== 'sync.Pool.Get' && k !== 'sync.Pool.Put') continue;
      const key = poolKey(info, methodCall(call)!.recv);
      const m = k === 'sync.Pool.Get' ? gets : puts;
      if (!m.has(key)) m.set(key, []);
      m.get(key)!.push({ key, call, fn, file, info });
    }
  }
  return { gets, puts };
}

/** The local variable a Put argument is made of: `x`, `x[:0]`, `&x`, `(*T)(x)`. */
export function rootLocal(info: FunctionInfo, arg: Node | undefined): { obj: Obj; node: Node } | undefined {
  let e = unparen(arg);
  for (let i = 0; e && i < 4; i++) {
    if (e.type === 'identifier') {
      const o = localVar(info, e);
      return o ? { obj: o, node: e } : undefined;
    }
    if (e.type === 'slice_expression') e = unparen(e.childForFieldName('operand'));
    else if (e.type === 'unary_expression' && e.child(0)?.text === '&') e = unparen(e.childForFieldName('operand'));
    else if (e.type === 'call_expression' && info.calleeOf(e).kind === 'conversion') e = unparen(callArgs(e)[0]);
    else if (e.type === 'type_conversion_expression') e = unparen(e.childForFieldName('operand'));
    else return undefined;
  }
  return undefined;
}

/** `defer p.Put(x)` or a Put inside a deferred function literal. */
export function isDeferred(call: Node): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'defer_statement') return true;
    if (p.type === 'function_declaration' || p.type === 'method_declaration') return false;
    if (p.type === 'func_literal' && p.parent?.type !== 'call_expression') return false;
  }
  return false;
}

