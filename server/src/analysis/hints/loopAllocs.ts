import type { Node } from 'web-tree-sitter';
import type { Signature } from '../goTypes';
import type { GoType } from '../goTypes';
import { FuncContext, lineOf, localVar, nodeRange, usesOf } from './context';
import { assignSides, callArgs, enclosingLoops, findAll, hasSpread, isCallOf, kids, selectorCall, unparen } from './syntax';

/**
 * Per-iteration costs inside loops:
 * - `defer-in-loop`: a defer in a loop gets a heap defer record each iteration and
 *   runs only at function return (cmd/compile/internal/escape/stmt.go, ODEFER at
 *   loopDepth > 1).
 * - `alloc-in-loop`: `make` with a run-time size or a map created inside a loop,
 *   held by a variable that never outlives the iteration: hoist it and reuse it.
 * - `iface-conversion-in-loop`: a non-pointer-shaped value passed as an interface
 *   argument that escapes (fmt, log, interface methods) is boxed each iteration
 *   (runtime/iface.go convT*); bool, one-byte values, constants and zero-size
 *   values are not allocated and are not reported.
 */
export function checkLoopAllocs(ctx: FuncContext): void {
  const body = ctx.fn.childForFieldName('body');
  if (!body) return;
  for (const d of findAll(body, ['defer_statement'], true)) {
    const loops = enclosingLoops(d);
    if (loops.length === 0) continue;
    ctx.report({
      range: nodeRange(d.child(0)!),
      code: 'defer-in-loop',
      message: `defer inside the loop at line ${lineOf(loops[0])} allocates a defer record on the heap every iteration and runs only when the function returns; move the loop body into a function (or call it explicitly at the end of the iteration).`,
    });
  }
  for (const stmt of findAll(body, ['short_var_declaration', 'var_declaration'], true)) checkAllocStmt(ctx, stmt);
  for (const call of findAll(body, ['call_expression'], true)) checkIfaceArgs(ctx, call);
}

function allocKind(ctx: FuncContext, v: Node): string | undefined {
  const e = unparen(v);
  if (!e) return undefined;
  if (isCallOf(e, 'make')) {
    const args = callArgs(e);
    const t = ctx.info.underlying(ctx.info.resolveType(args[0]));
    if (t.kind === 'map') return 'map';
    if (t.kind === 'slice') {
      const sizes = args.slice(1);
      if (sizes.some((s) => ctx.info.constValue(s) === undefined)) return 'slice';
    }
    return undefined;
  }
  if (e.type === 'composite_literal') {
    const t = ctx.info.underlying(ctx.info.typeOf(e));
    if (t.kind === 'map') return 'map';
  }
  return undefined;
}

/** Uses that keep the value within the iteration. */
function staysLocal(ctx: FuncContext, u: Node, objId: number): boolean {
  const p = u.parent;
  if (!p) return false;
  if ((p.type === 'index_expression' || p.type === 'slice_expression') && p.childForFieldName('operand')?.id === u.id) {
    if (p.type === 'index_expression') return true;
    return staysLocal(ctx, p, objId);
  }
  if (p.type === 'range_clause' && p.childForFieldName('right')?.id === u.id) return true;
  if (p.type === 'expression_list' && p.parent?.type === 'assignment_statement') {
    const { left, right } = assignSides(p.parent);
    if (left.some((l) => l.id === u.id)) {
      return right.length === 1 && (isCallOf(unparen(right[0]), 'append') || unparen(right[0])?.type === 'slice_expression') && usesOf(ctx, right[0], ctx.info.objectOf(u)!).length > 0;
    }
    return false;
  }
  if (p.type === 'argument_list') {
    const call = p.parent!;
    const args = callArgs(call);
    for (const b of ['len', 'cap', 'copy', 'delete', 'clear']) if (isCallOf(call, b)) return true;
    if (isCallOf(call, 'append')) {
      if (args[0]?.id === u.id) {
        const st = call.parent?.parent;
        return st?.type === 'assignment_statement' && localVar(ctx, assignSides(st).left[0])?.id === objId;
      }
      return hasSpread(call) && args[args.length - 1]?.id === u.id;
    }
    const sel = selectorCall(call);
    if (sel && ['Read', 'Write', 'ReadAt', 'WriteAt', 'ReadFull'].includes(sel.field)) return true;
    return false;
  }
  if (p.type === 'type_conversion_expression') return p.childForFieldName('type')?.text === 'string';
  return false;
}

function checkAllocStmt(ctx: FuncContext, stmt: Node): void {
  const loops = enclosingLoops(stmt);
  if (loops.length === 0) return;
  let name: Node | undefined;
  let value: Node | undefined;
  if (stmt.type === 'short_var_declaration') {
    const { left, right } = assignSides(stmt);
    if (left.length !== 1 || right.length !== 1) return;
    [name, value] = [left[0], right[0]];
  } else {
    const spec = kids(stmt)[0];
    const values = kids(spec?.childForFieldName('value'));
    const names = spec?.childrenForFieldName('name').filter((n): n is Node => !!n && n.type === 'identifier') ?? [];
    if (kids(stmt).length !== 1 || names.length !== 1 || values.length !== 1) return;
    [name, value] = [names[0], values[0]];
  }
  const kind = allocKind(ctx, value);
  const obj = localVar(ctx, name);
  if (!kind || !obj) return;
  const uses = usesOf(ctx, ctx.fn, obj).filter((u) => u.id !== name!.id);
  if (uses.some((u) => findAll(ctx.fn, ['func_literal'], true).some((f) => f.startIndex <= u.startIndex && u.endIndex <= f.endIndex))) return;
  if (!uses.every((u) => staysLocal(ctx, u, obj.id))) return;
  const how = kind === 'map' ? `clear(${obj.name})` : `${obj.name} = ${obj.name}[:0] (or reslice to the size needed)`;
  ctx.report({
    range: nodeRange(unparen(value)!),
    code: 'alloc-in-loop',
    message: `\`${obj.name}\` is allocated on every iteration of the loop at line ${lineOf(loops[0])} but does not outlive the iteration: allocate it once before the loop and reuse it (${how}).`,
  });
}

/** fmt and log functions whose trailing arguments are `...any` and escape. */
const FMT_LIKE: Record<string, number> = {
  'fmt.Print': 0, 'fmt.Println': 0, 'fmt.Printf': 1, 'fmt.Sprint': 0, 'fmt.Sprintln': 0, 'fmt.Sprintf': 1,
  'fmt.Fprint': 1, 'fmt.Fprintln': 1, 'fmt.Fprintf': 2, 'fmt.Errorf': 1, 'fmt.Append': 1, 'fmt.Appendf': 2, 'fmt.Appendln': 1,
  'log.Print': 0, 'log.Println': 0, 'log.Printf': 1, 'log.Fatal': 0, 'log.Fatalf': 1, 'log.Fatalln': 0, 'log.Panic': 0, 'log.Panicf': 1,
};

function isIface(ctx: FuncContext, t: GoType): boolean {
  return ctx.info.underlying(t).kind === 'interface';
}

/** True when converting a value of type t to an interface allocates (convT; not for pointer-shaped, tiny or zero-size). */
function boxAllocates(ctx: FuncContext, t: GoType): boolean {
  if (t.kind === 'unknown' || t.kind === 'tuple' || isIface(ctx, t)) return false;
  const u = ctx.info.underlying(t);
  if (u.kind === 'unknown') return false;
  if (ctx.checker.oracle.isDirectIface(t)) return false;
  if (u.kind === 'basic' && (/^untyped/.test(u.name) || ['bool', 'int8', 'uint8'].includes(u.name))) return false;
  if (u.kind === 'struct' && u.fields.length === 0) return false;
  if (u.kind === 'array' && u.len === 0) return false;
  return true;
}

function checkIfaceArgs(ctx: FuncContext, call: Node): void {
  const loops = enclosingLoops(call);
  if (loops.length === 0 || hasSpread(call)) return;
  const args = callArgs(call);
  let paramTypes: (GoType | 'any')[] | undefined;
  const sel = selectorCall(call);
  const pkg = sel && sel.operand.type === 'identifier' ? ctx.info.objectOf(sel.operand) : undefined;
  if (pkg?.kind === 'pkg' && `${pkg.pkgPath}.${sel!.field}` in FMT_LIKE) {
    const fixed = FMT_LIKE[`${pkg.pkgPath}.${sel!.field}`];
    // single-value Sprint/Sprintf forms are reported by fmt-sprint-strconv
    if (/^Sprint/.test(sel!.field) && args.length - fixed === 1) return;
    paramTypes = args.map((_, i) => (i < fixed ? { kind: 'unknown', reason: 'fixed' } : 'any'));
  } else {
    const callee = ctx.info.calleeOf(call);
    const escapes = callee.kind === 'interface' || callee.kind === 'dynamic' || (callee.kind === 'std' && stdParamsEscape(callee.fn.p.map((p) => p.e)));
    const sig: Signature | undefined = 'sig' in callee ? callee.sig : undefined;
    if (!escapes || !sig) return;
    paramTypes = args.map((_, i) => {
      const last = sig.params.length - 1;
      if (sig.variadic && i >= last) {
        const st = sig.params[last]?.type;
        return st?.kind === 'slice' ? st.elem : { kind: 'unknown', reason: 'variadic' };
      }
      return sig.params[i]?.type ?? { kind: 'unknown', reason: 'arity' };
    });
  }
  args.forEach((a, i) => {
    const pt = paramTypes![i];
    if (pt !== 'any' && (pt.kind === 'unknown' || !isIface(ctx, pt))) return;
    if (ctx.info.constValue(a) !== undefined) return;
    const at = ctx.info.typeOf(a);
    if (!boxAllocates(ctx, at)) return;
    ctx.report({
      range: nodeRange(a),
      code: 'iface-conversion-in-loop',
      message: `\`${a.text}\` is converted to an interface on every iteration of the loop at line ${lineOf(loops[0])}, which allocates a copy on the heap; pass a pointer, hoist the conversion out of the loop, or use a typed API (strconv, WriteString).`,
    });
  });
}

function stdParamsEscape(tags: unknown[]): boolean {
  return tags.some((e) => e !== undefined && e !== 'none');
}
