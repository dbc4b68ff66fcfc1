import type { Node } from 'web-tree-sitter';
import type { Obj } from '../checker';
import { insertAt, replaceNode } from '../fixes/edits';
import type { Fix } from '../types';
import { FuncContext, lineOf, localVar, nodeRange, usesOf } from './context';
import { CountResult, loopCount } from './loopCount';
import { nilSensitiveUse } from './nilUses';
import { assignSides, callArgs, contains, findAll, hasSpread, isCallOf, jumpsOutOfIteration, kids, statements, unparen, walk } from './syntax';

/**
 * `slice-append-in-loop` and `map-fill-in-loop`: a slice declared empty (`var s
 * []T`, `[]T{}`, `make([]T, 0)`) or a map without a size hint, then filled by the
 * next statement that mentions it, a loop whose iteration count is known.
 * Approximates what growslice (runtime/slice.go) and map growth cost; the fix
 * sizes the allocation once, like prealloc but with the refusals of issue 5.
 */
export function checkPrealloc(ctx: FuncContext): void {
  const body = ctx.fn.childForFieldName('body');
  if (!body) return;
  for (const block of findAll(body, ['block'], true)) {
    const stmts = statements(block);
    stmts.forEach((stmt, i) => {
      const decl = emptyDecl(ctx, stmt);
      if (!decl) return;
      let j = i + 1;
      while (j < stmts.length && usesOf(ctx, stmts[j], decl.obj).length === 0) j++;
      let loop = stmts[j];
      if (loop?.type === 'labeled_statement') loop = kids(loop).find((c) => c.type === 'for_statement') ?? loop;
      if (!loop || loop.type !== 'for_statement') return;
      if (decl.kind === 'slice') checkSlice(ctx, decl, loop, stmts.slice(i + 1, j));
      else checkMap(ctx, decl, loop, stmts.slice(i + 1, j));
    });
  }
}

interface EmptyDecl {
  kind: 'slice' | 'map';
  stmt: Node;
  name: Node;
  obj: Obj;
  /** The value expression, absent for `var s []T`. */
  value: Node | null;
  /** Source text of the type for make(). */
  typeText: string;
  nilOrigin: boolean;
}

function emptyDecl(ctx: FuncContext, stmt: Node): EmptyDecl | undefined {
  let name: Node | undefined;
  let value: Node | null = null;
  let typeNode: Node | null = null;
  if (stmt.type === 'short_var_declaration') {
    const { left, right } = assignSides(stmt);
    if (left.length !== 1 || right.length !== 1) return undefined;
    name = left[0];
    value = right[0];
  } else if (stmt.type === 'var_declaration') {
    const specs = kids(stmt);
    if (specs.length !== 1 || specs[0].type !== 'var_spec') return undefined;
    const names = specs[0].childrenForFieldName('name').filter((n): n is Node => !!n && n.type === 'identifier');
    const values = kids(specs[0].childForFieldName('value'));
    if (names.length !== 1 || values.length > 1) return undefined;
    name = names[0];
    value = values[0] ?? null;
    typeNode = specs[0].childForFieldName('type');
  } else return undefined;
  const obj = localVar(ctx, name);
  if (!obj) return undefined;
  const t = ctx.info.underlying(obj.type);
  if (t.kind !== 'slice' && t.kind !== 'map') return undefined;
  const kind = t.kind;
  const v = unparen(value);
  if (!v) {
    if (kind !== 'slice' || !typeNode) return undefined;
    return { kind, stmt, name, obj, value: null, typeText: typeNode.text, nilOrigin: true };
  }
  if (v.type === 'composite_literal') {
    const lit = v.childForFieldName('body');
    if (!lit || kids(lit).length > 0) return undefined;
    const tn = v.childForFieldName('type');
    if (!tn || (tn.type !== 'slice_type' && tn.type !== 'map_type' && tn.type !== 'type_identifier')) return undefined;
    return { kind, stmt, name, obj, value: v, typeText: tn.text, nilOrigin: false };
  }
  if (isCallOf(v, 'make')) {
    const args = callArgs(v);
    if (kind === 'slice' && (args.length < 2 || args.length > 3 || ctx.info.constValue(args[1]) !== 0)) return undefined;
    if (kind === 'slice' && args.length === 3 && ctx.info.constValue(args[2]) !== 0) return undefined;
    if (kind === 'map' && args.length === 2 && ctx.info.constValue(args[1]) !== 0) return undefined;
    if (args.length === 0) return undefined;
    return { kind, stmt, name, obj, value: v, typeText: args[0].text, nilOrigin: false };
  }
  return undefined;
}

/** Appends of `s = append(s, ...)` form in the loop, and the other uses. */
function classifySliceUses(ctx: FuncContext, loop: Node, obj: Obj) {
  const appends: Node[] = [];
  const consumed = new Set<number>();
  for (const a of findAll(loop, ['assignment_statement'], true)) {
    const { left, right, op } = assignSides(a);
    if (op !== '=' || left.length !== 1 || right.length !== 1 || localVar(ctx, left[0])?.id !== obj.id) continue;
    const call = unparen(right[0]);
    const first = call && isCallOf(call, 'append') ? callArgs(call)[0] : undefined;
    if (!first || localVar(ctx, first)?.id !== obj.id) continue;
    appends.push(a);
    consumed.add(left[0].id).add(first.id);
  }
  const others = usesOf(ctx, loop, obj).filter((u) => !consumed.has(u.id) && !benignRead(u));
  return { appends, others };
}

/** `len(s)` or `s[i]`: reads that do not observe capacity or identity. */
function benignRead(u: Node): boolean {
  const p = u.parent;
  if (p?.type === 'argument_list' && isCallOf(p.parent, 'len')) return true;
  if (p?.type === 'index_expression' && p.childForFieldName('operand')?.id === u.id) return true;
  return false;
}

/** Nested in a condition or a nested loop between `n` and the loop body? */
function nesting(n: Node, loop: Node): 'direct' | 'conditional' | 'nested-loop' | 'closure' {
  const body = loop.childForFieldName('body');
  let kind: 'direct' | 'conditional' = 'direct';
  for (let p = n.parent; p && p.id !== body?.id; p = p.parent) {
    if (p.type === 'func_literal') return 'closure';
    if (p.type === 'for_statement') return 'nested-loop';
    if (p.type !== 'block' && p.type !== 'statement_list') kind = 'conditional';
  }
  return kind;
}

/** Why the count cannot be evaluated at the declaration, or undefined when it can. */
function countNotAvailable(ctx: FuncContext, decl: EmptyDecl, between: Node[], countExpr: Node | null): string | undefined {
  if (!countExpr || between.length === 0) return undefined;
  const names = new Set<string>();
  walk(countExpr, (c) => {
    if (c.type === 'identifier' && c.text !== 'len' && c.text !== 'cap') names.add(c.text);
  });
  for (const s of between) {
    for (const name of names) {
      const hit = findAll(s, ['identifier'], true).find((x) => x.text === name);
      if (hit) return `\`${name}\` is used between the declaration of \`${decl.obj.name}\` (line ${lineOf(decl.stmt)}) and the loop (line ${lineOf(hit)}), so the count is not known where it is declared`;
    }
  }
  return undefined;
}

function capacityText(k: number, count: string): string {
  return k === 1 ? count : `${k}*${count}`;
}

function sliceFix(ctx: FuncContext, decl: EmptyDecl, cap: string, exact: boolean): Fix {
  const v = decl.value;
  const make = `make(${decl.typeText}, 0, ${cap})`;
  let edit;
  if (!v) edit = replaceNode(ctx.file, decl.stmt, `${decl.name.text} := ${make}`);
  else if (v.type === 'call_expression' && callArgs(v).length === 2) edit = insertAt(ctx.file, callArgs(v)[1].endIndex, `, ${cap}`);
  else if (v.type === 'call_expression') edit = replaceNode(ctx.file, callArgs(v)[2], cap);
  else edit = replaceNode(ctx.file, v, make);
  return {
    kind: 'prealloc-slice',
    title: exact ? `Preallocate ${decl.obj.name} with capacity ${cap}` : `Preallocate ${decl.obj.name} with capacity ${cap} (upper bound)`,
    edits: [edit],
    fixAll: exact,
  };
}

function checkSlice(ctx: FuncContext, decl: EmptyDecl, loop: Node, between: Node[]): void {
  const { appends, others } = classifySliceUses(ctx, loop, decl.obj);
  if (appends.length === 0) return;
  const count: CountResult = loopCount(loop, ctx.info);
  if ('uncountable' in count) return;
  const name = decl.obj.name;
  const at = `line ${lineOf(loop)}`;
  let refusal: string | undefined = 'reason' in count ? count.reason : undefined;
  let exact = 'count' in count && count.count.exact;
  let k = 0;
  for (const a of appends) {
    const call = unparen(assignSides(a).right[0])!;
    const n = nesting(a, loop);
    if (n === 'nested-loop' || n === 'closure') refusal ??= `\`${name}\` is appended to in a nested ${n === 'closure' ? 'function' : 'loop'} (line ${lineOf(a)}): no cheap bound on its length`;
    if (n === 'conditional') exact = false;
    if (hasSpread(call)) refusal ??= `\`${name}\` grows by a whole slice per iteration (line ${lineOf(a)}): no cheap bound on its length`;
    k += callArgs(call).length - 1;
  }
  if (jumpsOutOfIteration(loop.childForFieldName('body')!).length > 0) exact = false;
  if (others.length) refusal ??= `\`${name}\` is used inside the loop (line ${lineOf(others[0])}) in a way that could observe its capacity`;
  const all = usesOf(ctx, ctx.fn, decl.obj);
  const captured = all.find((u) => findAll(ctx.fn, ['func_literal'], true).some((f) => contains(f, u)));
  if (captured) refusal ??= `\`${name}\` is used in a function literal (line ${lineOf(captured)})`;
  const addr = all.find((u) => u.parent?.type === 'unary_expression' && u.parent.child(0)?.text === '&');
  if (addr) refusal ??= `the address of \`${name}\` is taken (line ${lineOf(addr)})`;
  const capUse = all.find((u) => u.parent?.type === 'argument_list' && isCallOf(u.parent.parent, 'cap'));
  if (capUse) refusal ??= `\`${name}\` has its capacity read (line ${lineOf(capUse)})`;
  if (decl.nilOrigin && !refusal) {
    const after = all.filter((u) => u.startIndex >= loop.endIndex);
    for (const u of after) {
      const why = nilSensitiveUse(ctx, u, decl.obj);
      if (why) {
        refusal = `\`${name}\` starts nil and stays nil when the loop does not run, but ${why}: preallocating would make it an empty non-nil slice`;
        break;
      }
    }
  }
  if ('count' in count) refusal ??= countNotAvailable(ctx, decl, between, count.count.expr);
  const cap = 'count' in count ? capacityText(k, count.count.text) : '';
  const bound = exact ? '' : ' (an upper bound: not every iteration appends)';
  const message = refusal
    ? `\`${name}\` grows by append in the loop at ${at} without preallocation; each growth reallocates and copies. Preallocate its capacity with make(${decl.typeText}, 0, n) if you know n.`
    : `\`${name}\` grows by append in the loop at ${at} without preallocation; each growth reallocates and copies. Preallocate: make(${decl.typeText}, 0, ${cap})${bound}.`;
  ctx.report({
    range: nodeRange(decl.name),
    code: 'slice-append-in-loop',
    message,
    fixes: refusal ? [] : [sliceFix(ctx, decl, cap, exact)],
    noFixReason: refusal,
  });
}

function checkMap(ctx: FuncContext, decl: EmptyDecl, loop: Node, between: Node[]): void {
  const name = decl.obj.name;
  let inserts = 0;
  let exact = true;
  let refusal: string | undefined;
  for (const a of findAll(loop, ['assignment_statement'], true)) {
    const { left, op } = assignSides(a);
    const hits = left.filter((l) => l.type === 'index_expression' && localVar(ctx, l.childForFieldName('operand'))?.id === decl.obj.id);
    if (op !== '=' || hits.length === 0) continue;
    const n = nesting(a, loop);
    if (n === 'nested-loop' || n === 'closure') refusal ??= `\`${name}\` is filled in a nested ${n === 'closure' ? 'function' : 'loop'} (line ${lineOf(a)}): no cheap bound on its size`;
    if (n === 'conditional') exact = false;
    inserts += hits.length;
  }
  if (inserts === 0) return;
  const count = loopCount(loop, ctx.info);
  if ('uncountable' in count) return;
  if ('reason' in count) refusal ??= count.reason;
  const reassigned = usesOf(ctx, loop, decl.obj).find((u) => {
    const p = u.parent?.parent;
    return p?.type === 'assignment_statement' && u.parent?.id === p.childForFieldName('left')?.id;
  });
  if (reassigned) refusal ??= `\`${name}\` is reassigned in the loop (line ${lineOf(reassigned)})`;
  if (jumpsOutOfIteration(loop.childForFieldName('body')!).length > 0) exact = false;
  if ('count' in count) refusal ??= countNotAvailable(ctx, decl, between, count.count.expr);
  const hint = 'count' in count ? capacityText(inserts, count.count.text) : '';
  const bound = exact ? '' : ' (an upper bound: not every iteration inserts)';
  const message = refusal
    ? `\`${name}\` is filled in the loop at line ${lineOf(loop)} without a size hint; the map grows and rehashes as it fills. Give make a size hint if you know it.`
    : `\`${name}\` is filled in the loop at line ${lineOf(loop)} without a size hint; the map grows and rehashes as it fills. Use make(${decl.typeText}, ${hint})${bound}.`;
  let fixes: Fix[] = [];
  if (!refusal) {
    const v = decl.value!;
    const args = v.type === 'call_expression' ? callArgs(v) : [];
    const edit =
      v.type !== 'call_expression' ? replaceNode(ctx.file, v, `make(${decl.typeText}, ${hint})`)
      : args.length === 1 ? insertAt(ctx.file, args[0].endIndex, `, ${hint}`)
      : replaceNode(ctx.file, args[1], hint);
    fixes = [
      {
        kind: 'map-size-hint',
        title: exact ? `Give ${name} a size hint of ${hint}` : `Give ${name} a size hint of ${hint} (upper bound)`,
        edits: [edit],
        fixAll: exact,
      },
    ];
  }
  ctx.report({ range: nodeRange(decl.name), code: 'map-fill-in-loop', message, fixes, noFixReason: refusal });
}
