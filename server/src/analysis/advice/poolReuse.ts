import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, Obj } from '../checker';
import type { GoType } from '../goTypes';
import { callArgs, findAll, kids, unparen, walk } from '../hints/syntax';
import type { AdviceContext, PackageFacts, PoolSite } from './context';
import { localVar } from './context';
import { comparedWithNil, isUnknown, methodCall, nodeRange, showType, usesOf } from './util';

/** sync-pool-put-without-reset and sync-pool-unbounded-growth: what a pooled object carries to its next user. */

function hasMethod(ctx: AdviceContext, t: GoType, name: string): boolean {
  const m = ctx.checker.lookupMethod(t, name);
  return !!m && !m.iface;
}

/** `x.Reset()` (or `*x = T{}`) somewhere in `scope` before `before`. */
function resets(info: FunctionInfo, scope: Node, obj: Obj, before?: number): boolean {
  for (const c of findAll(scope, ['call_expression'], true)) {
    if (before !== undefined && c.startIndex > before) continue;
    const m = methodCall(c);
    if (m?.name === 'Reset' && unparen(m.recv)?.type === 'identifier' && localVar(info, unparen(m.recv))?.id === obj.id) return true;
  }
  for (const a of findAll(scope, ['assignment_statement'], true)) {
    if (before !== undefined && a.startIndex > before) continue;
    const l = unparen(kids(a.childForFieldName('left'))[0]);
    if (l?.type === 'unary_expression' && l.child(0)?.text === '*' && localVar(info, unparen(l.childForFieldName('operand')))?.id === obj.id) return true;
  }
  return false;
}

/** The variables a Get result lands in: `x := p.Get().(*T)`, or `v := p.Get()` then `x := v.(*T)`. */
function getVars(g: PoolSite): { vars: Obj[]; returned: boolean; decl?: Node } {
  let e: Node | null = g.call.parent;
  while (e && (e.type === 'type_assertion_expression' || e.type === 'parenthesized_expression')) e = e.parent;
  if (e?.type === 'expression_list' && e.parent?.type === 'return_statement') return { vars: [], returned: true };
  if (e?.type !== 'expression_list' || (e.parent?.type !== 'short_var_declaration' && e.parent?.type !== 'assignment_statement')) return { vars: [], returned: false };
  const v = localVar(g.info, kids(e.parent.childForFieldName('left'))[0]);
  if (!v) return { vars: [], returned: false };
  const vars = [v];
  // v.(*T) assigned to another variable
  for (const u of usesOf(g.info, g.fn, v)) {
    let a: Node | null = u.parent;
    if (a?.type !== 'type_assertion_expression') continue;
    while (a?.parent?.type === 'parenthesized_expression') a = a.parent;
    const list = a?.parent;
    if (list?.type === 'expression_list' && (list.parent?.type === 'short_var_declaration' || list.parent?.type === 'assignment_statement')) {
      const x = localVar(g.info, kids(list.parent.childForFieldName('left'))[0]);
      if (x) vars.push(x);
    }
    if (list?.type === 'expression_list' && list.parent?.type === 'return_statement') return { vars, returned: true };
  }
  return { vars, returned: false, decl: e.parent };
}

/** How the pool's Get sites prepare what they get: 'reset' (Reset or zeroing first), 'zero' (zeroing `*x = T{}`), 'no', or 'unknown'. */
function getSidePrep(ctx: AdviceContext, key: string): 'reset' | 'zero' | 'no' | 'unknown' {
  const gets = ctx.pkg.gets.get(key) ?? [];
  if (gets.length === 0) return 'unknown';
  let result: 'reset' | 'zero' | 'no' = 'no';
  for (const g of gets) {
    const { vars, returned } = getVars(g);
    // `return p.Get().(*T)`: the caller may reset; the contract is not visible here
    if (returned) return 'unknown';
    for (const o of vars) {
      // zeroing the whole object (`*x = T{}`, like net/http's responseWriterState) anywhere after the Get
      for (const a of findAll(g.fn, ['assignment_statement'], true)) {
        const l = unparen(kids(a.childForFieldName('left'))[0]);
        const r = unparen(kids(a.childForFieldName('right'))[0]);
        if (l?.type === 'unary_expression' && l.child(0)?.text === '*' && localVar(g.info, unparen(l.childForFieldName('operand')))?.id === o.id && r?.type === 'composite_literal') return 'zero';
      }
      // the first use after the declaration, nil checks and assertions aside
      const first = usesOf(g.info, g.fn, o)
        .filter((u) => u.id !== o.decl?.id && !(u.parent?.type === 'binary_expression' && comparedWithNil(u.parent)) && u.parent?.type !== 'type_assertion_expression')
        .sort((a, b) => a.startIndex - b.startIndex)[0];
      const sel = first?.parent;
      if (sel?.type === 'selector_expression' && sel.childForFieldName('field')?.text === 'Reset' && sel.parent?.type === 'call_expression') result = 'reset';
    }
  }
  return result;
}

export function putWithoutReset(ctx: AdviceContext, call: Node, obj: Obj, key: string): void {
  const { info } = ctx;
  const t = obj.type;
  if (isUnknown(info, t) || !hasMethod(ctx, t, 'Reset')) return;
  if (resets(info, ctx.fn, obj, call.startIndex)) return;
  if (getSidePrep(ctx, key) !== 'no') return;
  ctx.report({
    range: nodeRange(call),
    code: 'sync-pool-put-without-reset',
    message: `\`${obj.name}\` goes back to the pool without Reset and the pool's Get sites do not reset it either: the next user sees stale contents, and whatever it references stays reachable; call ${obj.name}.Reset() before Put.`,
    why: [`${showType(t)} has a Reset method, not called before this Put`],
  });
}

// ---- unbounded growth ----------------------------------------------------

const GROWABLE_STD = new Set(['bytes.Buffer', 'strings.Builder']);

/** Why the pooled object grows with use and keeps what it grew to, or undefined. */
function growsWithUse(ctx: AdviceContext, obj: Obj, put: Node): string | undefined {
  const { info } = ctx;
  const t = obj.type;
  let base = t;
  if (base.kind === 'pointer') base = base.elem;
  // zeroed before Put (*x = T{}): nothing is kept
  if (resetsByZeroing(info, ctx.fn, obj, put.startIndex)) return undefined;
  if (base.kind === 'named' && GROWABLE_STD.has(`${base.pkg}.${base.name}`)) {
    // strings.Builder.Reset drops its buffer; bytes.Buffer.Reset keeps it
    if (base.name === 'Builder' && resets(info, ctx.fn, obj, put.startIndex)) return undefined;
    return `a ${showType(base)} keeps the capacity it grew to`;
  }
  const u = info.underlying(base);
  if (t.kind === 'pointer' && u.kind === 'slice') {
    // *[]T: only when this function appends through the pointer
    const grown = findAll(ctx.fn, ['call_expression'], true).some((c) => c.childForFieldName('function')?.text === 'append' && derefMentions(info, callArgs(c)[0], obj));
    return grown ? 'the slice it points to is appended to and keeps the capacity it grew to' : undefined;
  }
  if (u.kind !== 'struct' || base.kind !== 'named' || base.pkg !== '') return undefined;
  // fields of slice/map/Buffer type that the package grows (append(x.f, ...), x.f[k] = v, x.f.Write...), not dropped before Put
  const grown: string[] = [];
  for (const f of u.fields) {
    const fu = info.underlying(f.type);
    const isBuf = f.type.kind === 'named' && GROWABLE_STD.has(`${f.type.pkg}.${f.type.name}`);
    if (fu.kind !== 'slice' && fu.kind !== 'map' && !isBuf) continue;
    if (droppedBefore(info, ctx.fn, obj, f.name, put.startIndex)) continue;
    if (fieldGrown(ctx, f.name, fu.kind === 'map' ? 'map' : isBuf ? 'buf' : 'slice')) grown.push(f.name);
  }
  if (grown.length === 0) return undefined;
  return `${grown.map((g) => `\`${g}\``).join(', ')} ${grown.length === 1 ? 'grows' : 'grow'} with use and ${grown.length === 1 ? 'keeps its' : 'keep their'} capacity`;
}

/** `(*x)[...]` or `*x` inside e. */
function derefMentions(info: FunctionInfo, e: Node | undefined, obj: Obj): boolean {
  let hit = false;
  if (!e) return false;
  walk(e, (c) => {
    if (c.type === 'unary_expression' && c.child(0)?.text === '*' && localVar(info, unparen(c.childForFieldName('operand')))?.id === obj.id) hit = true;
    return !hit;
  });
  return hit;
}

function resetsByZeroing(info: FunctionInfo, fn: Node, obj: Obj, before: number): boolean {
  for (const a of findAll(fn, ['assignment_statement'], true)) {
    if (a.startIndex > before) continue;
    const l = unparen(kids(a.childForFieldName('left'))[0]);
    const r = unparen(kids(a.childForFieldName('right'))[0]);
    if (l?.type === 'unary_expression' && l.child(0)?.text === '*' && localVar(info, unparen(l.childForFieldName('operand')))?.id === obj.id && r?.type === 'composite_literal' && kids(r.childForFieldName('body')).length === 0) return true;
  }
  return false;
}

/** `x.f = nil` (or a new make/literal) before the Put: the grown storage is dropped. */
function droppedBefore(info: FunctionInfo, fn: Node, obj: Obj, field: string, before: number): boolean {
  for (const a of findAll(fn, ['assignment_statement'], true)) {
    if (a.startIndex > before) continue;
    const left = kids(a.childForFieldName('left'));
    const right = kids(a.childForFieldName('right'));
    for (let i = 0; i < left.length; i++) {
      const l = unparen(left[i]);
      if (l?.type !== 'selector_expression' || l.childForFieldName('field')?.text !== field) continue;
      if (localVar(info, unparen(l.childForFieldName('operand')))?.id !== obj.id) continue;
      const r = unparen(right[i]);
      if (r?.type === 'nil' || (r?.type === 'call_expression' && r.childForFieldName('function')?.text === 'make') || r?.type === 'composite_literal') return true;
    }
  }
  return false;
}

const grownCache = new WeakMap<PackageFacts, Map<string, boolean>>();

function fieldGrown(ctx: AdviceContext, field: string, kind: 'slice' | 'map' | 'buf'): boolean {
  let m = grownCache.get(ctx.pkg);
  if (!m) grownCache.set(ctx.pkg, (m = new Map()));
  const k = `${field}:${kind}`;
  const hit = m.get(k);
  if (hit !== undefined) return hit;
  let found = false;
  const isField = (n: Node | null | undefined) => {
    const x = unparen(n);
    return x?.type === 'selector_expression' && x.childForFieldName('field')?.text === field;
  };
  for (const { fn } of ctx.pkg.funcs) {
    walk(fn, (c) => {
      if (found) return false;
      if (kind === 'slice' && c.type === 'call_expression' && c.childForFieldName('function')?.text === 'append' && isField(callArgs(c)[0])) found = true;
      if (kind === 'map' && c.type === 'assignment_statement' && kids(c.childForFieldName('left')).some((l) => l.type === 'index_expression' && isField(l.childForFieldName('operand')))) found = true;
      if (kind === 'buf' && c.type === 'call_expression') {
        const mc = methodCall(c);
        if (mc && /^(Write|WriteString|WriteByte|WriteRune|ReadFrom|Grow)$/.test(mc.name) && isField(mc.recv)) found = true;
      }
      return !found;
    });
    if (found) break;
  }
  m.set(k, found);
  return found;
}

/** A method of the package called on obj before the Put (like gob's encBuffer.Reset) that checks a size. */
function methodChecksSize(ctx: AdviceContext, obj: Obj, before: number): boolean {
  for (const c of findAll(ctx.fn, ['call_expression'], true)) {
    if (c.startIndex > before) continue;
    const m = methodCall(c);
    if (!m || localVar(ctx.info, unparen(m.recv))?.id !== obj.id) continue;
    const callee = ctx.info.calleeOf(c);
    if (callee.kind === 'local' && sizeCheckIn(callee.decl.node, Infinity)) return true;
  }
  return false;
}

/** An `if` before the Put whose condition looks at a size (len/cap/Len/Cap). */
function sizeChecked(ctx: AdviceContext, before: number): boolean {
  return sizeCheckIn(ctx.fn, before);
}

function sizeCheckIn(fn: Node, before: number): boolean {
  for (const s of findAll(fn, ['if_statement', 'expression_switch_statement'], true)) {
    if (s.startIndex > before) continue;
    const cond = s.childForFieldName('condition') ?? s.childForFieldName('value');
    if (!cond) continue;
    let hit = false;
    walk(cond, (c) => {
      if (c.type === 'call_expression') {
        const f = c.childForFieldName('function');
        if (f?.type === 'identifier' && (f.text === 'len' || f.text === 'cap')) hit = true;
        const m = methodCall(c);
        if (m && /^(Len|Cap|Size|Available)$/.test(m.name)) hit = true;
      }
      return !hit;
    });
    if (hit) return true;
  }
  return false;
}

export function unboundedGrowth(ctx: AdviceContext, call: Node, obj: Obj, key: string): void {
  // pools picked by index (pools[sizeClass]) are bucketed by size
  if (key.startsWith('idx:')) return;
  const why = growsWithUse(ctx, obj, call);
  if (!why || sizeChecked(ctx, call.startIndex) || methodChecksSize(ctx, obj, call.startIndex)) return;
  // Get sites that zero the object (`*x = T{}`) drop what it grew
  if (getSidePrep(ctx, key) === 'zero') return;
  ctx.report({
    range: nodeRange(call),
    code: 'sync-pool-unbounded-growth',
    message: `\`${obj.name}\` goes back to the pool without a size check, but ${why}: after one large use the pool keeps a large object alive (until the GC drops it and the next large use grows another); drop oversized ones before Put (e.g. \`if cap(...) > 64<<10 { return }\`).`,
    why: [`pooled type ${showType(obj.type)}: ${why}`],
  });
}

