import type { Node } from 'web-tree-sitter';
import type { FunctionInfo } from '../checker';
import type { GoType } from '../goTypes';
import { goAtLeast } from '../hints/context';
import { callArgs, findAll, kids, unparen } from '../hints/syntax';
import type { AdviceContext } from './context';
import { localVar } from './context';
import { callKey, isInterfaceType, lineOf, loopsAround, methodCall, nodeRange, usesOf } from './util';

/** strings/bytes functions with the same signature shape whose results do not depend on the type. */
const MIRRORED = new Set([
  'Contains', 'ContainsAny', 'ContainsRune', 'Count', 'EqualFold', 'HasPrefix', 'HasSuffix', 'Index', 'IndexAny',
  'IndexByte', 'IndexRune', 'LastIndex', 'LastIndexAny', 'LastIndexByte', 'Compare', 'ContainsFunc', 'IndexFunc', 'LastIndexFunc',
]);

/** Interface writers for which io.WriteString is the allocation-free form (the usual dynamic writers implement WriteString). */
const STRING_WRITER_IFACES = new Set(['io.Writer', 'io.ReadWriter', 'io.WriteCloser', 'io.ReadWriteCloser', 'net/http.ResponseWriter']);

interface Conv {
  node: Node;
  operand: Node;
  /** 'string' for string(b), 'bytes' for []byte(s), 'runes' for []rune(s). */
  to: 'string' | 'bytes' | 'runes';
}

function basicName(info: FunctionInfo, t: GoType): string | undefined {
  const u = info.underlying(t);
  return u.kind === 'basic' ? u.name : undefined;
}

function asConversion(info: FunctionInfo, n: Node): Conv | undefined {
  let operand: Node | null = null;
  let to: GoType | undefined;
  if (n.type === 'type_conversion_expression') {
    operand = n.childForFieldName('operand');
    to = info.resolveType(n.childForFieldName('type'));
  } else if (n.type === 'call_expression') {
    const c = info.calleeOf(n);
    if (c.kind !== 'conversion' || callArgs(n).length !== 1) return undefined;
    operand = callArgs(n)[0];
    to = c.to;
  }
  if (!operand || !to) return undefined;
  const tu = info.underlying(to);
  const from = info.typeOf(operand);
  const fu = info.underlying(from);
  const fromString = fu.kind === 'basic' && (fu.name === 'string' || fu.name === 'untyped string');
  if (tu.kind === 'basic' && tu.name === 'string' && fu.kind === 'slice') {
    const e = basicName(info, fu.elem);
    if (e === 'uint8') return { node: n, operand, to: 'string' };
    return undefined;
  }
  if (tu.kind === 'slice' && fromString) {
    const e = basicName(info, tu.elem);
    if (e === 'uint8') return { node: n, operand, to: 'bytes' };
    if (e === 'int32') return { node: n, operand, to: 'runes' };
  }
  return undefined;
}

/**
 * `conversion-in-loop`: a string↔[]byte conversion in a loop copies every
 * iteration (runtime/string.go slicebytetostring / stringtoslicebyte; a 32-byte
 * stack buffer only when the result does not escape), and an allocation-free form
 * exists. Never reported for the forms the compiler elides
 * (cmd/compile/internal/walk/order.go mapKeyReplaceStrConv for `m[string(b)]`,
 * comparisons and switch tags, concatenation operands, `for range []byte(s)`,
 * `len(string(b))`, zero-copy `[]byte(s)` that is neither mutated nor escapes
 * since Go 1.22).
 */
export function checkConversions(ctx: AdviceContext): void {
  if (!ctx.enabled('conversion-in-loop')) return;
  const { info } = ctx;
  for (const n of findAll(ctx.fn, ['call_expression', 'type_conversion_expression'], true)) {
    const c = asConversion(info, n);
    if (!c || c.to === 'runes') continue;
    const loops = loopsAround(n);
    if (loops.length === 0) continue;
    if (info.constValue(c.operand) !== undefined) continue;
    const advice = adviceFor(ctx, c);
    if (!advice) continue;
    const what = c.to === 'string' ? `string(${c.operand.text})` : `[]byte(${c.operand.text})`;
    ctx.report({
      range: nodeRange(n),
      code: 'conversion-in-loop',
      message: `${what} copies ${c.to === 'string' ? 'the bytes' : 'the string'} on every iteration of the loop at line ${lineOf(loops[0])} (on the heap when longer than 32 bytes or when it escapes); ${advice}.`,
      why: ['the compiler elides this conversion only in map lookups, comparisons, switch tags, concatenation, range and (for []byte(s), Go 1.22+) when the slice is neither modified nor escapes'],
    });
  }
}

function pkgOfCall(ctx: AdviceContext, call: Node): { pkg: string; name: string } | undefined {
  const key = callKey(ctx.info, call);
  if (!key) return undefined;
  const m = /^(strings|bytes)\.([A-Za-z]+)$/.exec(key);
  return m ? { pkg: m[1], name: m[2] } : undefined;
}

/** What to write instead, or undefined when this conversion is needed or free. */
function adviceFor(ctx: AdviceContext, c: Conv): string | undefined {
  const { info } = ctx;
  const n = c.node;
  let p = n.parent;
  while (p?.type === 'parenthesized_expression') p = p.parent;
  if (!p) return undefined;
  if (p.type === 'argument_list') {
    const call = p.parent!;
    const args = callArgs(call);
    // strings.Contains(string(b), "x") → bytes.Contains(b, []byte("x")), and back
    const pc = pkgOfCall(ctx, call);
    if (pc && MIRRORED.has(pc.name) && ((c.to === 'string' && pc.pkg === 'strings') || (c.to === 'bytes' && pc.pkg === 'bytes'))) {
      const others = args.filter((a) => a.id !== n.id);
      const fine = others.every((a) => info.constValue(a) !== undefined || asConversion(info, unparen(a)!)?.to === c.to || basicName(info, info.typeOf(a)) === 'int32' || info.underlying(info.typeOf(a)).kind === 'func');
      if (!fine) return undefined;
      const other = pc.pkg === 'strings' ? 'bytes' : 'strings';
      return `call ${other}.${pc.name} on ${c.operand.text} directly`;
    }
    const m = methodCall(call);
    if (m && args.length === 1) {
      const rt = info.typeOf(m.recv);
      if (c.to === 'bytes' && m.name === 'Write') return writeAdvice(ctx, rt, m.recv, c);
      if (c.to === 'string' && m.name === 'WriteString' && hasConcreteMethod(ctx, rt, 'Write')) return `use ${m.recv.text}.Write(${c.operand.text}), which takes the bytes as they are`;
    }
    return undefined;
  }
  // k := string(b) used only where the compiler would have elided an in-place conversion
  if (c.to === 'string' && p.type === 'expression_list' && p.parent?.type === 'short_var_declaration' && kids(p).length === 1) {
    const name = kids(p.parent.childForFieldName('left'))[0];
    const obj = localVar(info, name);
    if (!obj || !name) return undefined;
    const uses = usesOf(info, ctx.fn, obj).filter((u) => u.id !== name.id);
    if (uses.length > 0 && uses.every((u) => elidedContext(info, u))) {
      return `write ${c.node.text} in place of \`${obj.name}\` (${uses.map((u) => `line ${lineOf(u)}`).join(', ')}): the compiler does not copy for map lookups and comparisons`;
    }
  }
  return undefined;
}

function writeAdvice(ctx: AdviceContext, rt: GoType, recv: Node, c: Conv): string | undefined {
  const { info } = ctx;
  const base = rt.kind === 'pointer' ? rt.elem : rt;
  const tkey = base.kind === 'named' ? `${base.pkg}.${base.name}` : '';
  if (isInterfaceType(info, rt)) {
    if (!STRING_WRITER_IFACES.has(tkey)) return undefined;
    return `use io.WriteString(${recv.text}, ${c.operand.text}): writers that implement WriteString take the string without a copy`;
  }
  if (base.kind !== 'named' || base.pkg === '') return undefined;
  const std = info.oracle.stdMethods.get(tkey);
  const write = std?.get('Write');
  if (!std?.get('WriteString') || !write) return undefined;
  // a Write whose parameter does not escape gets a zero-copy []byte(s) since Go 1.22
  const tag = write.fn.p[0]?.e;
  if ((tag === undefined || tag === 'none') && goAtLeast(ctx.options.goVersion, '1.22')) return undefined;
  return `use ${recv.text}.WriteString(${c.operand.text})`;
}

function hasConcreteMethod(ctx: AdviceContext, t: GoType, name: string): boolean {
  if (isInterfaceType(ctx.info, t)) return false;
  const m = ctx.checker.lookupMethod(t, name);
  return !!m && !m.iface;
}

/** A use of a string variable where an in-place string(b) would not be copied. */
function elidedContext(info: FunctionInfo, u: Node): boolean {
  let cur = u;
  let p = u.parent;
  while (p?.type === 'parenthesized_expression') {
    cur = p;
    p = p.parent;
  }
  if (!p) return false;
  if (p.type === 'index_expression' && p.childForFieldName('index')?.id === cur.id) {
    if (info.underlying(info.typeOf(p.childForFieldName('operand'))).kind !== 'map') return false;
    const gp = p.parent;
    // a lookup, not an assignment target or ++
    if (gp?.type === 'inc_statement' || gp?.type === 'dec_statement') return false;
    if (gp?.type === 'expression_list' && (gp.parent?.type === 'assignment_statement' || gp.parent?.type === 'short_var_declaration')) {
      const left = gp.parent.childForFieldName('left');
      if (left?.id === gp.id) return false;
    }
    return true;
  }
  if (p.type === 'binary_expression') {
    const op = p.childForFieldName('operator')?.text ?? '';
    return ['==', '!=', '<', '<=', '>', '>='].includes(op);
  }
  if (p.type === 'expression_switch_statement' && p.childForFieldName('value')?.id === cur.id) return true;
  return false;
}
