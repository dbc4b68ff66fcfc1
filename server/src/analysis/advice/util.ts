import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, Obj } from '../checker';
import type { GoType } from '../goTypes';
import type { Finding } from '../types';
import { contains, findAll, isFuncNode, kids, unparen } from '../hints/syntax';
import { isNamedOrPtr } from './context';

/**
 * `pkg.Func` or `pkg.Type.Method` of a call into another package (`time.After`,
 * `sync.Pool.Put`, `net/http.Client.Do`), with or without the std tables; else
 * undefined (local functions, builtins, function values).
 */
export function callKey(info: FunctionInfo, call: Node): string | undefined {
  if (call.type !== 'call_expression') return undefined;
  const c = info.calleeOf(call);
  if (c.kind === 'std') return c.key;
  if (c.kind === 'external') return `${c.pkg}.${c.name}`;
  return undefined;
}

/** The method name of `x.M(...)`, with its receiver expression. */
export function methodCall(call: Node | null | undefined): { recv: Node; name: string } | undefined {
  if (!call || call.type !== 'call_expression') return undefined;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression') return undefined;
  const recv = fn.childForFieldName('operand');
  const name = fn.childForFieldName('field')?.text;
  return recv && name ? { recv, name } : undefined;
}

export function nodeRange(n: Node): Finding['range'] {
  return {
    start: { line: n.startPosition.row, character: n.startPosition.column },
    end: { line: n.endPosition.row, character: n.endPosition.column },
  };
}

/** 1-based line for messages. */
export function lineOf(n: Node): number {
  return n.startPosition.row + 1;
}

/** Every identifier under `scope` (function literals included) that denotes `obj`. */
export { identifierUses as usesOf } from '../hints/syntax';

/** The statement that holds `n` directly inside a block (or statement list), or null. */
export function blockStatement(n: Node, stop?: Node): Node | null {
  for (let c: Node | null = n; c && c !== stop; c = c.parent) {
    const p = c.parent;
    if (!p) return null;
    if (p.type === 'block' || p.type === 'statement_list') return c;
    if (isFuncNode(c)) return null;
  }
  return null;
}

/** The innermost enclosing function node (declaration or literal) of n, n excluded. */
export function ownerFunc(n: Node): Node | null {
  for (let p = n.parent; p; p = p.parent) if (isFuncNode(p)) return p;
  return null;
}

/** The `for` statements around n inside its own function, innermost first. */
export function loopsAround(n: Node): Node[] {
  const out: Node[] = [];
  for (let p = n.parent; p && !isFuncNode(p); p = p.parent) if (p.type === 'for_statement') out.push(p);
  return out;
}

/** True when `t` (after names) is a pointer-shaped type (stored directly in an interface word). */
export function isPointerShaped(info: FunctionInfo, t: GoType): boolean {
  return info.oracle.isDirectIface(t);
}

export function isInterfaceType(info: FunctionInfo, t: GoType): boolean {
  return info.underlying(t).kind === 'interface';
}

export function isUnknown(info: FunctionInfo, t: GoType): boolean {
  if (t.kind === 'unknown' || t.kind === 'tuple' || t.kind === 'typeparam') return true;
  const u = info.underlying(t);
  return u.kind === 'unknown' && t.kind !== 'named';
}

/** The parameter objects of a function node (declaration or literal) typed `*net/http.Request` and `net/http.ResponseWriter`. */
export function httpHandlerParams(info: FunctionInfo, fnNode: Node): { req?: Obj; w?: Obj } | undefined {
  const frame = info.frames.get(fnNode.id);
  if (!frame) return undefined;
  let req: Obj | undefined;
  let w: Obj | undefined;
  frame.sig.params.forEach((p, i) => {
    const o = frame.params.find((x) => x.index === i);
    if (isNamedOrPtr(p.type, 'net/http', 'Request') && p.type.kind === 'pointer') req = o ?? req;
    if (p.type.kind === 'named' && p.type.pkg === 'net/http' && p.type.name === 'ResponseWriter') w = o ?? w;
  });
  const isServeHTTP = fnNode.type === 'method_declaration' && fnNode.childForFieldName('name')?.text === 'ServeHTTP';
  if ((req && w) || (isServeHTTP && req)) return { req, w };
  return undefined;
}

/** The enclosing functions of n (literals first, the declaration last). */
export function funcsAround(n: Node): Node[] {
  const out: Node[] = [];
  for (let p = n.parent; p; p = p.parent) if (isFuncNode(p)) out.push(p);
  return out;
}

/** Names declared anywhere in a function (any scope), to pick fresh names. */
export function namesIn(fn: Node): Set<string> {
  const s = new Set<string>();
  for (const id of findAll(fn, ['identifier'], true)) s.add(id.text);
  return s;
}

/** `a == nil`, `nil != a` and friends: the compared operand, or undefined. */
export function comparedWithNil(bin: Node): Node | undefined {
  if (bin.type !== 'binary_expression') return undefined;
  const op = bin.childForFieldName('operator')?.text;
  if (op !== '==' && op !== '!=') return undefined;
  const l = unparen(bin.childForFieldName('left'));
  const r = unparen(bin.childForFieldName('right'));
  if (r?.type === 'nil') return l ?? undefined;
  if (l?.type === 'nil') return r ?? undefined;
  return undefined;
}

/** True when `n` is inside a function literal that is nested in `fn`. */
export function inNestedFunc(n: Node, fn: Node): boolean {
  for (let p = n.parent; p && p.id !== fn.id; p = p.parent) if (p.type === 'func_literal') return true;
  return false;
}

/** Source statements of a block. */
export function blockStatements(block: Node | null | undefined): Node[] {
  if (!block) return [];
  const list = kids(block).find((c) => c.type === 'statement_list');
  return kids(list ?? block);
}

export { contains };

/** A type as Go programmers write it: byte and rune for uint8 and int32, package names shortened. */
export function showType(t: GoType): string {
  switch (t.kind) {
    case 'basic':
      return t.name === 'uint8' ? 'byte' : t.name === 'int32' ? 'rune' : t.name.replace('untyped ', '');
    case 'pointer':
      return '*' + showType(t.elem);
    case 'slice':
      return '[]' + showType(t.elem);
    case 'array':
      return `[${t.len ?? '?'}]` + showType(t.elem);
    case 'map':
      return `map[${showType(t.key)}]${showType(t.elem)}`;
    case 'chan':
      return 'chan ' + showType(t.elem);
    case 'named': {
      const base = t.pkg === '' || t.pkg === 'builtin' ? t.name : `${t.pkg.slice(t.pkg.lastIndexOf('/') + 1)}.${t.name}`;
      return t.args.length ? `${base}[${t.args.map(showType).join(', ')}]` : base;
    }
    case 'interface':
      return t.methods.length === 0 && t.embeds.length === 0 ? 'any' : 'interface{...}';
    case 'struct':
      return 'struct{...}';
    case 'func':
      return 'func(...)';
    default:
      return '?';
  }
}
