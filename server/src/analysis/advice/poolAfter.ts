import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, Obj } from '../checker';
import { callArgs, findAll, kids, unparen } from '../hints/syntax';
import type { AdviceContext } from './context';
import { localVar } from './context';
import { inNestedFunc, lineOf, methodCall, nodeRange, usesOf } from './util';

/** sync-pool-use-after-put: uses after a Put, and pooled memory returned past a deferred Put. */

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

const CONTAINERS = new Set(['block', 'statement_list', 'expression_case', 'default_case', 'type_case', 'communication_case']);

/** The statement holding n directly in a block or a case clause. */
function containedStatement(n: Node, fn: Node): Node | null {
  for (let c: Node | null = n; c && c.id !== fn.id; c = c.parent) {
    if (c.parent && CONTAINERS.has(c.parent.type)) return c;
    if (c.type === 'func_literal') return null;
  }
  return null;
}

/** The statements of a container (a case clause's value or communication excluded). */
function containerStatements(c: Node): Node[] {
  const skip = new Set([c.childForFieldName('value')?.id, c.childForFieldName('communication')?.id]);
  for (const t of c.childrenForFieldName('type')) if (t) skip.add(t.id);
  return kids(c).filter((s) => s.type !== 'statement_list' && !skip.has(s.id));
}

export function useAfterPut(ctx: AdviceContext, call: Node, obj: Obj): void {
  const { info } = ctx;
  // a value type (struct, string, number) was copied into the pool: the local copy is still the putter's
  const k = info.underlying(obj.type).kind;
  if (k !== 'pointer' && k !== 'slice' && k !== 'map') return;
  const fn = ctx.fn;
  let stmt = containedStatement(call, fn);
  while (stmt) {
    const container = stmt.parent!;
    const sibs = containerStatements(container);
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
    // Fell off the end: continue after the enclosing if/switch/select or plain block (not loops, not functions).
    let up: Node | null = container.type === 'statement_list' ? container.parent : container;
    if (up?.type === 'block') up = up.parent;
    while (up && up.id !== fn.id) {
      if (up.type === 'for_statement' || up.type === 'func_literal') return;
      if (['if_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement', 'block', 'labeled_statement'].includes(up.type)) break;
      up = up.parent;
    }
    if (!up || up.id === fn.id) return;
    // the outermost if of an else-if chain
    while (up.parent?.type === 'if_statement') up = up.parent;
    stmt = up.parent && CONTAINERS.has(up.parent.type) ? up : containedStatement(up, fn);
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

export function aliasReturnedAfterDeferredPut(ctx: AdviceContext, call: Node, obj: Obj): void {
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

