import type { Node } from 'web-tree-sitter';
import type { Obj } from '../checker';
import { replaceNode } from '../fixes/edits';
import { withImports } from '../fixes/fix';
import { importedName } from '../fixes/imports';
import { goAtLeast } from '../hints/context';
import { callArgs, findAll, isCallOf, isPureExpr, kids, unparen } from '../hints/syntax';
import type { Fix } from '../types';
import type { AdviceContext } from './context';
import { localVar } from './context';
import { callKey, lineOf, nodeRange, ownerFunc, usesOf } from './util';

/** Bytes from which a local buffer made with a constant size counts as large (4 KiB: a page). */
const LARGE = 4096;

/**
 * Functions returning a whole stream in one new buffer: as large as the peer sends. (os.ReadFile is left
 * out: it mostly reads small configuration files, where keeping the whole file costs nothing.)
 */
const WHOLE_READERS = new Set(['io.ReadAll', 'io/ioutil.ReadAll']);
/** Functions whose result is a sub-slice (or a slice of sub-slices) of their first argument. */
const SUB_FUNCS = new Set([
  'bytes.TrimSpace', 'bytes.Trim', 'bytes.TrimLeft', 'bytes.TrimRight', 'bytes.TrimPrefix', 'bytes.TrimSuffix', 'bytes.TrimFunc',
  'strings.TrimSpace', 'strings.Trim', 'strings.TrimLeft', 'strings.TrimRight', 'strings.TrimPrefix', 'strings.TrimSuffix', 'strings.TrimFunc',
]);
const PARTS_FUNCS = new Set([
  'bytes.Split', 'bytes.SplitN', 'bytes.SplitAfter', 'bytes.Fields', 'bytes.FieldsFunc',
  'strings.Split', 'strings.SplitN', 'strings.SplitAfter', 'strings.Fields', 'strings.FieldsFunc',
]);
const CUT_FUNCS = new Set(['bytes.Cut', 'strings.Cut', 'bytes.CutPrefix', 'bytes.CutSuffix', 'strings.CutPrefix', 'strings.CutSuffix']);

type Kind = 'buffer' | 'sub' | 'parts';
interface Large {
  kind: Kind;
  /** Where the large buffer comes from (for messages). */
  origin: Node;
  /** The variable holding the whole buffer, when there is one. */
  buffer?: Obj;
  /** How to name the buffer in messages. */
  bufText?: string;
}

/**
 * `subslice-retention`: a sub-slice or substring of a large local buffer (made
 * with ≥4 KiB, or read whole with io.ReadAll / os.ReadFile) stored where it
 * outlives the function (returned, a global, a field, a channel, a non-local
 * map or slice) keeps the whole backing array reachable: the GC cannot free part
 * of an object (runtime/mbitmap.go: liveness is per object). The fix copies it
 * with bytes.Clone / strings.Clone (Go 1.20) or slices.Clone (Go 1.21).
 */
export function checkRetention(ctx: AdviceContext): void {
  if (!ctx.enabled('subslice-retention')) return;
  const { info } = ctx;
  const large = new Map<number, Large>();
  const assigns = findAll(ctx.fn, ['short_var_declaration', 'assignment_statement', 'var_spec', 'range_clause'], true);
  // two passes propagate aliases declared after their source in source order (rare) well enough
  for (let pass = 0; pass < 2; pass++) {
    for (const s of assigns) {
      if (s.type === 'range_clause') {
        const right = s.childForFieldName('right');
        const src = classify(ctx, right, large);
        const left = kids(s.childForFieldName('left'));
        if (src?.kind === 'parts' && left[1]) mark(ctx, large, left[1], { ...src, kind: 'sub' });
        continue;
      }
      const left = s.type === 'var_spec' ? s.childrenForFieldName('name').filter((n): n is Node => !!n) : kids(s.childForFieldName('left'));
      const right = kids(s.childForFieldName(s.type === 'var_spec' ? 'value' : 'right'));
      if (s.type === 'assignment_statement' && s.childForFieldName('operator')?.text !== '=') continue;
      if (right.length === 1 && left.length > 1) {
        const r = unparen(right[0]);
        const key = r?.type === 'call_expression' ? callKey(info, r) : undefined;
        if (key && WHOLE_READERS.has(key)) mark(ctx, large, left[0], { kind: 'buffer', origin: r!, buffer: undefined });
        if (key && CUT_FUNCS.has(key)) {
          const src = classify(ctx, callArgs(r!)[0], large);
          if (src) for (const l of left.slice(0, key.endsWith('.Cut') ? 2 : 1)) mark(ctx, large, l, { ...src, kind: 'sub' });
        }
        continue;
      }
      left.forEach((l, i) => {
        const src = classify(ctx, right[i], large);
        if (src) mark(ctx, large, l, src);
      });
    }
  }
  if (large.size === 0) return;
  // a variable that is also assigned something else (out := p.spare; if ... { out = make(...) }) is not a purely local buffer
  for (const s of assigns) {
    if (s.type === 'range_clause') continue;
    const left = s.type === 'var_spec' ? s.childrenForFieldName('name').filter((n): n is Node => !!n) : kids(s.childForFieldName('left'));
    const right = kids(s.childForFieldName(s.type === 'var_spec' ? 'value' : 'right'));
    left.forEach((l, i) => {
      const o = localVar(info, l);
      const src = o ? large.get(o.id) : undefined;
      if (!o || !src || src.kind !== 'buffer') return;
      const r = right.length === left.length ? right[i] : right[0];
      if (!r || classify(ctx, r, large)?.kind !== 'buffer') {
        if (!(right.length === 1 && left.length > 1 && r && WHOLE_READERS.has(callKey(info, unparen(r)!) ?? ''))) large.delete(o.id);
      }
    });
  }
  for (const e of findAll(ctx.fn, ['slice_expression', 'identifier', 'index_expression'], true)) {
    const src = storedSub(ctx, e, large);
    if (!src || (src.buffer && !large.has(src.buffer.id))) continue;
    const sink = sinkOf(ctx, e);
    if (!sink) continue;
    if (src.buffer && bufferEscapes(ctx, src.buffer)) continue;
    report(ctx, e, src, sink);
  }
}

function mark(ctx: AdviceContext, large: Map<number, Large>, ident: Node, l: Large): void {
  const o = localVar(ctx.info, ident);
  if (!o || large.has(o.id)) return;
  large.set(o.id, l.kind === 'buffer' && !l.buffer ? { ...l, buffer: o, bufText: o.name } : l);
}

/** What kind of large-backed value an expression is. */
function classify(ctx: AdviceContext, n: Node | null | undefined, large: Map<number, Large>): Large | undefined {
  const { info } = ctx;
  const e = unparen(n);
  if (!e) return undefined;
  switch (e.type) {
    case 'identifier': {
      const o = localVar(info, e);
      return o ? large.get(o.id) : undefined;
    }
    case 'slice_expression': {
      const src = classify(ctx, e.childForFieldName('operand'), large);
      if (!src || src.kind === 'parts') return undefined;
      return isFullSlice(e) ? src : { ...src, kind: 'sub' };
    }
    case 'index_expression': {
      const src = classify(ctx, e.childForFieldName('operand'), large);
      return src?.kind === 'parts' ? { ...src, kind: 'sub' } : undefined;
    }
    case 'call_expression': {
      if (isCallOf(e, 'make') && info.calleeOf(e).kind === 'builtin') {
        const args = callArgs(e);
        const t = info.underlying(info.resolveType(args[0]));
        if (t.kind !== 'slice') return undefined;
        const n1 = info.constValue(args[1]);
        const n2 = args[2] ? info.constValue(args[2]) : undefined;
        const count = Math.max(typeof n1 === 'number' ? n1 : 0, typeof n2 === 'number' ? n2 : 0);
        return count * elemSize(ctx, t.elem) >= LARGE ? { kind: 'buffer', origin: e, buffer: undefined } : undefined;
      }
      const key = callKey(info, e);
      if (key && PARTS_FUNCS.has(key)) {
        const src = classify(ctx, callArgs(e)[0], large);
        if (!src || src.kind === 'parts') return undefined;
        return { ...src, kind: 'parts' };
      }
      // trimming a piece keeps it a piece (trimming the whole buffer keeps almost all of it: not reported)
      if (key && SUB_FUNCS.has(key)) {
        const src = classify(ctx, callArgs(e)[0], large);
        return src?.kind === 'sub' ? src : undefined;
      }
      // string(buf) of a large buffer is a large string (a copy, but as large)
      if (info.calleeOf(e).kind === 'conversion') {
        const src = classify(ctx, callArgs(e)[0], large);
        if (src?.kind === 'buffer' && isString(ctx, info.typeOf(e))) return { kind: 'buffer', origin: src.origin, buffer: undefined, bufText: e.text };
      }
      return undefined;
    }
  }
  return undefined;
}

function isFullSlice(e: Node): boolean {
  return !e.childForFieldName('start') && !e.childForFieldName('end') && !e.childForFieldName('capacity');
}

function elemSize(ctx: AdviceContext, t: import('../goTypes').GoType): number {
  const u = ctx.info.underlying(t);
  if (u.kind === 'basic') return ({ bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, string: 16 } as Record<string, number>)[u.name] ?? 8;
  if (u.kind === 'slice') return 24;
  if (u.kind === 'interface') return 16;
  return 8;
}

function isString(ctx: AdviceContext, t: import('../goTypes').GoType): boolean {
  const u = ctx.info.underlying(t);
  return u.kind === 'basic' && (u.name === 'string' || u.name === 'untyped string');
}

/** A sub-slice expression of a large buffer (or a variable holding one) that is being stored. */
function storedSub(ctx: AdviceContext, e: Node, large: Map<number, Large>): Large | undefined {
  if (e.type === 'identifier') {
    const p = e.parent;
    // only whole-expression uses, not operands of a slice/index/selector
    if (p?.type === 'slice_expression' || p?.type === 'index_expression' || p?.type === 'selector_expression') return undefined;
    const o = localVar(ctx.info, e);
    const l = o ? large.get(o.id) : undefined;
    // the buffer itself, or all of its pieces together (a split result): nothing is retained beyond what is kept
    if (!l || l.kind !== 'sub') return undefined;
    if (o!.decl?.id === e.id) return undefined;
    return l;
  }
  if (e.parent?.type === 'slice_expression' && e.parent.childForFieldName('operand')?.id === e.id) return undefined;
  const l = classify(ctx, e, large);
  if (!l || l.kind === 'buffer') return undefined;
  if (e.type === 'index_expression' && e.parent?.type === 'index_expression') return undefined;
  return l;
}

/** Where a value goes when it outlives the function, or undefined. */
function sinkOf(ctx: AdviceContext, e: Node): string | undefined {
  const { info } = ctx;
  let cur = e;
  for (let p = e.parent; p; cur = p, p = p.parent) {
    switch (p.type) {
      case 'parenthesized_expression':
      case 'literal_element':
      case 'keyed_element':
      case 'literal_value':
      case 'composite_literal':
        continue;
      case 'unary_expression':
        if (p.child(0)?.text === '&') continue;
        return undefined;
      case 'argument_list': {
        const call = p.parent!;
        const args = callArgs(call);
        if (isCallOf(call, 'append') && args[0]?.id !== cur.id && info.calleeOf(call).kind === 'builtin') {
          p = call;
          cur = call;
          continue;
        }
        return undefined;
      }
      case 'expression_list': {
        const st = p.parent;
        if (st?.type === 'return_statement') return 'returned';
        if (st?.type === 'assignment_statement' && st.childForFieldName('right')?.id === p.id) {
          const idx = kids(p).findIndex((k) => k.id === cur.id);
          const left = kids(st.childForFieldName('left'));
          const target = left.length === kids(p).length ? left[idx] : undefined;
          return target ? nonLocalTarget(ctx, target) : undefined;
        }
        return undefined;
      }
      case 'send_statement':
        return p.childForFieldName('value')?.id === cur.id ? 'sent on a channel' : undefined;
      default:
        return undefined;
    }
  }
  return undefined;
}

function nonLocalTarget(ctx: AdviceContext, t: Node): string | undefined {
  const { info } = ctx;
  const x = unparen(t);
  if (!x) return undefined;
  if (x.type === 'identifier') {
    const o = info.objectOf(x);
    if (o?.global && o.kind === 'var') return `stored in the package variable \`${x.text}\``;
    if (o && !o.global && o.role === 'result') return 'returned';
    return undefined;
  }
  if (x.type === 'selector_expression') {
    const op = unparen(x.childForFieldName('operand'));
    const root = rootOf(op);
    const o = root ? info.objectOf(root) : undefined;
    // a field of a local struct value declared in this function is still local
    if (o && !o.global && o.role === undefined && info.underlying(o.type).kind === 'struct') return undefined;
    return `stored in \`${x.text}\``;
  }
  if (x.type === 'index_expression') {
    const root = rootOf(x.childForFieldName('operand'));
    const o = root ? info.objectOf(root) : undefined;
    if (o && !o.global && o.role === undefined && root?.id === unparen(x.childForFieldName('operand'))?.id) return undefined; // local map/slice
    return `stored in \`${x.text}\``;
  }
  if (x.type === 'unary_expression' && x.child(0)?.text === '*') return `stored through \`${x.childForFieldName('operand')?.text}\``;
  return undefined;
}

function rootOf(n: Node | null | undefined): Node | undefined {
  let x = unparen(n);
  while (x && (x.type === 'selector_expression' || x.type === 'index_expression' || x.type === 'slice_expression')) x = unparen(x.childForFieldName('operand'));
  return x?.type === 'identifier' ? x : undefined;
}

/** The whole buffer is itself returned or stored: then a sub-slice retains nothing extra. */
function bufferEscapes(ctx: AdviceContext, buffer: Obj): boolean {
  const owner = buffer.decl ? ownerFunc(buffer.decl) ?? ctx.fn : ctx.fn;
  for (const u of usesOf(ctx.info, owner, buffer)) {
    if (u.id === buffer.decl?.id) continue;
    if (sinkOf(ctx, u)) return true;
  }
  return false;
}

function report(ctx: AdviceContext, e: Node, src: Large, sink: string): void {
  const t = ctx.info.typeOf(e);
  const str = isString(ctx, t);
  const what = str ? 'substring' : 'sub-slice';
  const bufName = src.bufText ?? src.buffer?.name ?? 'the buffer';
  const origin = isCallOf(src.origin, 'make') ? `made at line ${lineOf(src.origin)}` : `read whole at line ${lineOf(src.origin)}`;
  const plan = src.kind === 'parts' ? { reason: 'each element of the split result aliases the buffer; copy them one by one' } : cloneFix(ctx, e, str);
  ctx.report({
    range: nodeRange(e),
    code: 'subslice-retention',
    message: `\`${e.text}\` is a ${what} of \`${bufName}\` (${origin}) and is ${sink}: as long as it lives it keeps all of \`${bufName}\`'s backing array alive; store a copy (${copyHow(ctx, t, str)}).`,
    why: [`a slice or string points into its backing array; the GC frees arrays only as a whole`],
    fixes: 'fix' in plan ? [plan.fix] : [],
    noFixReason: 'reason' in plan ? plan.reason : undefined,
  });
}

function copyHow(ctx: AdviceContext, t: import('../goTypes').GoType, str: boolean): string {
  const v = ctx.options.goVersion;
  if (str) return goAtLeast(v, '1.20') ? 'strings.Clone' : 'string([]byte(s))';
  const u = ctx.info.underlying(t);
  const eu = u.kind === 'slice' ? ctx.info.underlying(u.elem) : undefined;
  if (eu?.kind === 'basic' && eu.name === 'uint8' && goAtLeast(v, '1.20')) return 'bytes.Clone';
  return goAtLeast(v, '1.21') ? 'slices.Clone' : 'append(b[:0:0], s...)';
}

function cloneFix(ctx: AdviceContext, e: Node, str: boolean): { fix: Fix } | { reason: string } {
  const { info } = ctx;
  const v = ctx.options.goVersion;
  const t = info.typeOf(e);
  const u = info.underlying(t);
  if (u.kind === 'unknown') return { reason: `the type of \`${e.text}\` is not known` };
  if (!str && u.kind !== 'slice') return { reason: `\`${e.text}\` is not a slice` };
  if (t.kind === 'named' && str) return { reason: `\`${e.text}\` has a named string type` };
  const eu = u.kind === 'slice' ? info.underlying(u.elem) : undefined;
  const isBytes = eu?.kind === 'basic' && eu.name === 'uint8' && t.kind !== 'named';
  let pkg: string | undefined;
  let call = '';
  if (str) {
    if (goAtLeast(v, '1.20')) [pkg, call] = ['strings', 'Clone'];
  } else if (isBytes && goAtLeast(v, '1.20')) [pkg, call] = ['bytes', 'Clone'];
  else if (goAtLeast(v, '1.21')) [pkg, call] = ['slices', 'Clone'];
  let text: string;
  if (pkg) {
    const name = importedName(ctx.file, pkg);
    if (!name) {
      const taken = ctx.index.values.has(pkg) || ctx.index.funcs.has(pkg) || ctx.index.types.has(pkg) || ctx.file.imports.has(pkg) || findAll(ctx.fn, ['identifier'], true).some((i) => i.text === pkg);
      if (taken) return { reason: `the name \`${pkg}\` is taken in this file` };
    }
    text = `${name ?? pkg}.${call}(${e.text})`;
  } else if (str) text = `string([]byte(${e.text}))`;
  else {
    // append(v[:0:0], e...) copies and keeps e's nil-ness (e is nil exactly when v is), unlike append([]T(nil), e...)
    const v = e.type === 'slice_expression' ? unparen(e.childForFieldName('operand')) : e;
    if (!v || v.type !== 'identifier' || !isPureExpr(e)) return { reason: `\`${e.text}\` is not a plain variable or slice of one: copying it needs a temporary` };
    text = `append(${v.text}[:0:0], ${e.text}...)`;
  }
  const fix: Fix = {
    kind: 'clone-subslice',
    title: `Store a copy of ${e.text}`,
    edits: [replaceNode(ctx.file, e, text)],
    // strings are immutable, so a copy is indistinguishable; a copied []byte no longer aliases the buffer: review
    fixAll: str,
  };
  return { fix: pkg && !importedName(ctx.file, pkg) ? withImports(ctx.file, fix, [pkg]) : fix };
}
