import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, Obj, PackageChecker } from '../checker';
import { insertAt, replaceNode } from '../fixes/edits';
import type { FileInfo, PackageIndex } from '../goPackage';
import type { GoType } from '../goTypes';
import { callArgs, contains, findAll, indentAt, kids, unparen, walk } from '../hints/syntax';
import type { Fix } from '../types';
import type { AdviceContext, PackageFacts, PoolSite } from './context';
import { localVar } from './context';
import { blockStatement, callKey, comparedWithNil, showType, inNestedFunc, isInterfaceType, isPointerShaped, isUnknown, lineOf, methodCall, nodeRange, usesOf } from './util';

/**
 * sync.Pool advice. A pool holds `any`: Put of a value that is not pointer-shaped
 * boxes it (runtime/iface.go convT, one allocation per Put); the GC empties pools
 * every other cycle (sync/pool.go poolCleanup, the victim cache), so what is put
 * back must be cheap to keep, reset, and never used again by the putter.
 */

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
  for (const { fn, file, info } of funcs) {
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
function rootLocal(info: FunctionInfo, arg: Node | undefined): { obj: Obj; node: Node } | undefined {
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

/** `defer p.Put(x)` or a Put inside a deferred function literal. */
function isDeferred(call: Node): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'defer_statement') return true;
    if (p.type === 'function_declaration' || p.type === 'method_declaration') return false;
    if (p.type === 'func_literal' && p.parent?.type !== 'call_expression') return false;
  }
  return false;
}

// ---- Put of a non-pointer -------------------------------------------------

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

const planCache = new WeakMap<PackageFacts, Map<string, { fix: Fix } | { reason: string }>>();

function pointerFixPlan(ctx: AdviceContext, key: string): { fix: Fix } | { reason: string } {
  let m = planCache.get(ctx.pkg);
  if (!m) planCache.set(ctx.pkg, (m = new Map()));
  let plan = m.get(key);
  if (!plan) m.set(key, (plan = planPointerFix(ctx, key)));
  return plan;
}

function planPointerFix(ctx: AdviceContext, key: string): { fix: Fix } | { reason: string } {
  if (!key.startsWith('var:')) return { reason: 'the pool is not a package-level variable of this package' };
  const name = key.slice(4);
  const decl = ctx.index.values.get(name);
  if (!decl || decl.isConst) return { reason: `\`${name}\` is not declared in this package` };
  if (/^[A-Z]/.test(name)) return { reason: `\`${name}\` is exported: other packages may Get and Put values of the old type` };
  for (const tf of ctx.index.pkg.testFiles ?? []) {
    if (findAll(tf.tree.rootNode, ['identifier'], true).some((i) => i.text === name)) return { reason: `\`${name}\` is used by the package's tests` };
  }
  const spec = decl.spec;
  const names = spec.childrenForFieldName('name').filter((n): n is Node => !!n);
  if (names.length !== 1) return { reason: `\`${name}\` is declared together with other variables` };
  const declFile = ctx.index.files.get(decl.file.path)!;
  const edits: Fix['edits'] = [];
  // New: func() any { return E } → { b := E; return &b }
  const value = kids(spec.childForFieldName('value'))[0];
  let lit = unparen(value);
  if (lit?.type === 'unary_expression' && lit.child(0)?.text === '&') lit = unparen(lit.childForFieldName('operand'));
  if (value && lit?.type !== 'composite_literal') return { reason: `\`${name}\` is not initialized with a sync.Pool literal` };
  if (lit) {
    for (const el of kids(lit.childForFieldName('body'))) {
      if (el.type !== 'keyed_element') return { reason: 'the pool literal has positional fields' };
      const [k, v] = kids(el);
      if (kids(k)[0]?.text !== 'New') continue;
      const f = kids(v)[0] ?? v;
      const body = f?.type === 'func_literal' ? f.childForFieldName('body') : null;
      const stmts = kids(body);
      if (!body || stmts.length !== 1 || stmts[0].type !== 'return_statement') return { reason: 'New is not a function literal with a single return statement' };
      const ret = stmts[0];
      const e = kids(kids(ret)[0])[0] ?? kids(ret)[0];
      if (!e) return { reason: 'New returns nothing' };
      const used = new Set(findAll(f, ['identifier'], true).map((i) => i.text));
      const b = ['b', 'buf', 'v', 'x'].find((c) => !used.has(c));
      if (!b) return { reason: 'no free name in New' };
      const oneLine = ret.startPosition.row === body.startPosition.row;
      const indent = indentAt(declFile.file.text, ret.startIndex);
      edits.push(replaceNode(declFile, ret, oneLine ? `${b} := ${e.text}; return &${b}` : `${b} := ${e.text}\n${indent}return &${b}`));
    }
  }
  // Every use of the pool in the package: `x := name.Get().(T)` and `name.Put(E)` statements.
  let typeText: string | undefined;
  const perFunc = new Map<number, { fn: Node; file: FileInfo; info: FunctionInfo; get?: { stmt: Node; assert: Node; varName: string }; puts: Node[] }>();
  for (const { fn, file, info } of ctx.pkg.funcs) {
    for (const id of findAll(fn, ['identifier'], true)) {
      if (id.text !== name || !info.objectOf(id)?.global) continue;
      const sel = id.parent;
      const method = sel?.type === 'selector_expression' && sel.childForFieldName('operand')?.id === id.id ? sel.childForFieldName('field')?.text : undefined;
      const call = sel?.parent?.type === 'call_expression' && sel.parent.childForFieldName('function')?.id === sel.id ? sel.parent : undefined;
      const where = `${file.file.path.split('/').pop()}:${lineOf(id)}`;
      if (!call || (method !== 'Get' && method !== 'Put')) return { reason: `\`${name}\` is used at ${where} in a way the fix does not rewrite` };
      let entry = perFunc.get(fn.id);
      if (!entry) perFunc.set(fn.id, (entry = { fn, file, info, puts: [] }));
      if (method === 'Get') {
        const assert = call.parent;
        if (assert?.type !== 'type_assertion_expression') return { reason: `the result of Get at ${where} is not asserted to a type` };
        const tt = assert.childForFieldName('type')?.text ?? '';
        if (typeText !== undefined && tt !== typeText) return { reason: `Get results are asserted to different types (${typeText}, ${tt})` };
        typeText = tt;
        let top = assert;
        if (top.parent?.type === 'slice_expression' && top.parent.childForFieldName('operand')?.id === top.id) top = top.parent;
        const list = top.parent;
        const stmt = list?.parent;
        if (list?.type !== 'expression_list' || !stmt || (stmt.type !== 'short_var_declaration' && stmt.type !== 'assignment_statement')) return { reason: `the Get at ${where} is not a plain \`x := ${name}.Get().(T)\`` };
        const left = kids(stmt.childForFieldName('left'));
        if (left.length !== 1 || kids(list).length !== 1 || left[0].type !== 'identifier' || blockStatement(stmt) !== stmt) return { reason: `the Get at ${where} is not a plain \`x := ${name}.Get().(T)\`` };
        if (entry.get) return { reason: `\`${fn.childForFieldName('name')?.text}\` gets from the pool twice` };
        entry.get = { stmt, assert, varName: left[0].text };
      } else {
        const stmt = call.parent;
        if (stmt?.type !== 'expression_statement' || blockStatement(stmt) !== stmt) return { reason: `the Put at ${where} is ${isDeferred(call) ? 'deferred' : 'not a statement of its own'}; the fix needs \`*p = x\` before it` };
        if (callArgs(call).length !== 1) return { reason: `the Put at ${where} has no single argument` };
        entry.puts.push(call);
      }
    }
  }
  if (typeText === undefined) return { reason: `\`${name}\` has no Get in this package to rewrite` };
  if (typeText.startsWith('*')) return { reason: `Get already asserts a pointer type` };
  for (const e of perFunc.values()) {
    const fname = e.fn.childForFieldName('name')?.text ?? '?';
    if (e.puts.length && !e.get) return { reason: `\`${fname}\` puts a value it did not get from the pool: there is no pointer to put back` };
    if (!e.get) continue;
    const getBlock = e.get.stmt.parent!;
    for (const p of e.puts) {
      if (!contains(getBlock, p) || p.startIndex < e.get.stmt.endIndex) return { reason: `the Put at line ${lineOf(p)} is not in the scope of the Get at line ${lineOf(e.get.stmt)}` };
      const t = e.info.typeOf(callArgs(p)[0]);
      if (!isUnknown(e.info, t) && showType(t) !== showType(e.info.resolveType(e.get.assert.childForFieldName('type')))) return { reason: `the Put at line ${lineOf(p)} puts a ${showType(t)}` };
    }
    const used = new Set(findAll(e.fn, ['identifier'], true).map((i) => i.text));
    const ptr = [`${e.get.varName}p`, `${e.get.varName}Ptr`, `${e.get.varName}ptr`].find((c) => !used.has(c) && !ctx.index.values.has(c) && !ctx.index.funcs.has(c) && !ctx.index.types.has(c));
    if (!ptr) return { reason: `no free name for the pointer in \`${fname}\`` };
    const text = e.file.file.text;
    const getStmt = e.get.stmt;
    const indent = indentAt(text, getStmt.startIndex);
    const lineStart = text.lastIndexOf('\n', getStmt.startIndex - 1) + 1;
    if (text.slice(lineStart, getStmt.startIndex).trim() !== '') return { reason: `the Get at line ${lineOf(getStmt)} does not start its line` };
    edits.push(insertAt(e.file, lineStart, `${indent}${ptr} := ${name}.Get().(*${typeText})\n`));
    const wrap = e.get.assert.parent?.type === 'slice_expression';
    edits.push(replaceNode(e.file, e.get.assert, wrap ? `(*${ptr})` : `*${ptr}`));
    for (const p of e.puts) {
      const stmt = p.parent!;
      const pi = indentAt(text, stmt.startIndex);
      edits.push(replaceNode(e.file, stmt, `*${ptr} = ${callArgs(p)[0].text}\n${pi}${name}.Put(${ptr})`));
    }
  }
  return { fix: { kind: 'pool-pointer', title: `Pool *${typeText} in ${name} instead of ${typeText}`, edits, fixAll: true } };
}

// ---- use after Put -----------------------------------------------------

/** Uses of a slice that only read the local header (len, cap, comparisons with nil). */
function headerOnlyUse(info: FunctionInfo, u: Node, obj: Obj): boolean {
  const p = u.parent;
  const k = info.underlying(obj.type).kind;
  if (k !== 'slice' && k !== 'basic') return false;
  if (p?.type === 'argument_list') {
    const f = p.parent?.childForFieldName('function');
    return f?.type === 'identifier' && (f.text === 'len' || f.text === 'cap');
  }
  return p?.type === 'binary_expression' && (p.childForFieldName('left')?.type === 'nil' || p.childForFieldName('right')?.type === 'nil');
}

/** True when stmt assigns a new value to obj (x = ..., x := ... redeclared) without reading it. */
function reassigns(info: FunctionInfo, stmt: Node, obj: Obj): boolean {
  if (stmt.type !== 'assignment_statement' && stmt.type !== 'short_var_declaration') return false;
  if (stmt.type === 'assignment_statement' && stmt.childForFieldName('operator')?.text !== '=') return false;
  const left = kids(stmt.childForFieldName('left'));
  if (!left.some((l) => l.type === 'identifier' && localVar(info, l)?.id === obj.id)) return false;
  return usesOf(info, stmt.childForFieldName('right') ?? stmt, obj).length === 0;
}

function terminates(stmt: Node): boolean {
  switch (stmt.type) {
    case 'return_statement':
    case 'goto_statement':
    case 'break_statement':
    case 'continue_statement':
      return true;
    case 'expression_statement': {
      const c = kids(stmt)[0];
      return c?.type === 'call_expression' && c.childForFieldName('function')?.text === 'panic';
    }
  }
  return false;
}

function useAfterPut(ctx: AdviceContext, call: Node, obj: Obj): void {
  const { info } = ctx;
  // a value type (struct, string, number) was copied into the pool: the local copy is still the putter's
  const k = info.underlying(obj.type).kind;
  if (k !== 'pointer' && k !== 'slice' && k !== 'map') return;
  let stmt = blockStatement(call);
  const fn = ctx.fn;
  while (stmt) {
    const block = stmt.parent!;
    const sibs = kids(block).filter((s) => s.type !== 'statement_list');
    let i = sibs.findIndex((s) => s.id === stmt!.id);
    for (i = i + 1; i < sibs.length; i++) {
      const s = sibs[i];
      if (reassigns(info, s, obj)) return;
      const uses = usesOf(info, s, obj).filter((u) => !headerOnlyUse(info, u, obj));
      if (uses.length) {
        const u = uses[0];
        ctx.report({
          range: nodeRange(u),
          code: 'sync-pool-use-after-put',
          message: `\`${obj.name}\` is used after it was put back into the pool (line ${lineOf(call)}): another goroutine's Get may already own it and overwrite it; finish with it before Put.`,
          why: [`Put at line ${lineOf(call)} hands \`${obj.name}\` to the pool`],
        });
        return;
      }
      if (terminates(s)) return;
    }
    // Fell off the end of this block: continue after the enclosing if/switch/select (not loops, not functions).
    const owner = block.parent;
    if (!owner || owner.id === fn.id || owner.type === 'func_literal' || owner.type === 'for_statement') return;
    let up: Node | null = owner;
    while (up && up.type !== 'if_statement' && up.type !== 'expression_switch_statement' && up.type !== 'type_switch_statement' && up.type !== 'select_statement' && up.type !== 'block') {
      if (up.type === 'for_statement' || up.type === 'func_literal' || up.id === fn.id) return;
      up = up.parent;
    }
    if (!up) return;
    // the outermost if of an else-if chain
    while (up.parent?.type === 'if_statement') up = up.parent;
    stmt = blockStatement(up);
  }
}

/** Expressions that alias the memory of a pooled object x: x, x[i:j], *x, x.Bytes(), x.f (slice field). */
function aliasesPooled(info: FunctionInfo, e: Node | null, obj: Obj, aliases: Set<number>): boolean {
  const x = unparen(e);
  if (!x) return false;
  switch (x.type) {
    case 'identifier': {
      const o = localVar(info, x);
      if (!o) return false;
      if (aliases.has(o.id)) return true;
      if (o.id !== obj.id) return false;
      const k = info.underlying(o.type).kind;
      return k === 'slice' || k === 'pointer' || k === 'map';
    }
    case 'slice_expression':
      return aliasesPooled(info, x.childForFieldName('operand'), obj, aliases) || derefOf(info, x.childForFieldName('operand'), obj);
    case 'unary_expression':
      return x.child(0)?.text === '*' && unparen(x.childForFieldName('operand'))?.type === 'identifier' && localVar(info, unparen(x.childForFieldName('operand')))?.id === obj.id;
    case 'call_expression': {
      if (x.childForFieldName('function')?.text === 'append' && info.calleeOf(x).kind === 'builtin') return aliasesPooled(info, callArgs(x)[0] ?? null, obj, aliases);
      const m = methodCall(x);
      if (!m || (m.name !== 'Bytes' && m.name !== 'AvailableBuffer')) return false;
      const r = unparen(m.recv);
      return r?.type === 'identifier' && localVar(info, r)?.id === obj.id;
    }
    case 'selector_expression': {
      const op = unparen(x.childForFieldName('operand'));
      if (op?.type !== 'identifier' || localVar(info, op)?.id !== obj.id) return false;
      const k = info.underlying(info.typeOf(x)).kind;
      return k === 'slice' || k === 'pointer' || k === 'map';
    }
  }
  return false;
}

function derefOf(info: FunctionInfo, e: Node | null, obj: Obj): boolean {
  const x = unparen(e);
  return x?.type === 'unary_expression' && x.child(0)?.text === '*' && localVar(info, unparen(x.childForFieldName('operand')))?.id === obj.id;
}

function aliasReturnedAfterDeferredPut(ctx: AdviceContext, call: Node, obj: Obj): void {
  const { info } = ctx;
  const deferStmt = findAncestor(call, 'defer_statement');
  if (!deferStmt) return;
  const owner = ownerOf(deferStmt);
  if (!owner) return;
  // one level of local aliases: b := x.Bytes()
  const aliases = new Set<number>();
  const assigns = findAll(owner, ['short_var_declaration', 'assignment_statement'], false);
  for (let changed = true, rounds = 0; changed && rounds < 4; rounds++) {
    changed = false;
    for (const s of assigns) {
      const left = kids(s.childForFieldName('left'));
      const right = kids(s.childForFieldName('right'));
      if (left.length !== right.length) continue;
      left.forEach((l, i) => {
        const o = localVar(info, l);
        if (o && o.id !== obj.id && !aliases.has(o.id) && aliasesPooled(info, right[i], obj, aliases)) {
          aliases.add(o.id);
          changed = true;
        }
      });
    }
  }
  for (const ret of findAll(owner, ['return_statement'], false)) {
    if (ret.startIndex < deferStmt.endIndex || inNestedFunc(ret, owner)) continue;
    for (const e of kids(kids(ret)[0]?.type === 'expression_list' ? kids(ret)[0] : ret)) {
      if (!aliasesPooled(info, e, obj, aliases)) continue;
      ctx.report({
        range: nodeRange(e),
        code: 'sync-pool-use-after-put',
        message: `\`${e.text}\` is returned, but the deferred Put (line ${lineOf(deferStmt)}) gives \`${obj.name}\` back to the pool as the function returns: the caller holds memory the next Get will overwrite; copy it first.`,
        why: [`the deferred Put at line ${lineOf(deferStmt)} runs after the return value is computed`],
      });
    }
  }
}

function findAncestor(n: Node, type: string): Node | null {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === type) return p;
    if (p.type === 'function_declaration' || p.type === 'method_declaration') return null;
  }
  return null;
}

function ownerOf(n: Node): Node | null {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_declaration' || p.type === 'method_declaration' || p.type === 'func_literal') return p;
  return null;
}

// ---- Put without Reset ---------------------------------------------------

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

function putWithoutReset(ctx: AdviceContext, call: Node, obj: Obj, key: string): void {
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

function unboundedGrowth(ctx: AdviceContext, call: Node, obj: Obj, key: string): void {
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

// ---- New returning a non-pointer -----------------------------------------

/** Checks `sync.Pool{New: func() any { return X }}` literals in the whole package (functions and package-level vars). */
export function checkPoolNew(index: PackageIndex, checker: PackageChecker, ctxFor: (file: FileInfo, fn: Node, info: FunctionInfo) => AdviceContext): void {
  for (const file of index.files.values()) {
    for (const lit of findAll(file.file.tree.rootNode, ['composite_literal'], true)) {
      const tn = lit.childForFieldName('type');
      if (!tn || !isSyncPoolType(file, tn)) continue;
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

function isSyncPoolType(file: FileInfo, tn: Node): boolean {
  if (tn.type !== 'qualified_type') return false;
  const pkg = tn.childForFieldName('package')?.text;
  return tn.childForFieldName('name')?.text === 'Pool' && !!pkg && file.imports.get(pkg) === 'sync';
}

