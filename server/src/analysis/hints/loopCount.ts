import type { Node } from 'web-tree-sitter';
import type { FunctionInfo } from '../checker';
import { assignSides, findAll, isCallOf, isPureExpr, kids, rootIdents, unparen } from './syntax';

/**
 * How many times a loop iterates, as Go source that can be evaluated before the
 * loop: `len(xs)` for a range over a slice, array or map, the bound of a counted
 * loop `for i := 0; i < len(xs); i++`, the operand of `for range n` when it is a
 * constant or a len/cap (a plain int could be negative: make would panic).
 * `exact` is false when the count is only an upper bound (range over a string
 * counts runes, bounded by the byte length).
 */
export interface LoopCount {
  text: string;
  exact: boolean;
  /** The expression the count is built from (its identifiers must not change before the loop). */
  expr: Node | null;
}

export type CountResult = { count: LoopCount } | { reason: string } | { uncountable: true };

function isLenOrCap(n: Node | null): boolean {
  return !!n && (isCallOf(n, 'len') || isCallOf(n, 'cap'));
}

function nonNegativeConst(info: FunctionInfo, n: Node): number | undefined {
  const v = info.constValue(n);
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** A bound expression usable as a capacity: a non-negative constant, or len/cap of a pure expression. */
function boundText(info: FunctionInfo, n: Node): { text: string } | { reason: string } {
  const e = unparen(n)!;
  if (nonNegativeConst(info, e) !== undefined) return { text: e.text };
  if (isLenOrCap(e) && isPureExpr(e)) return { text: e.text };
  return { reason: `the bound \`${e.text}\` could be negative (make would panic) or costly to evaluate twice` };
}

function assignedIn(body: Node, name: string): boolean {
  for (const s of findAll(body, ['assignment_statement', 'inc_statement', 'dec_statement', 'short_var_declaration'], true)) {
    const targets = s.type === 'inc_statement' || s.type === 'dec_statement' ? kids(s) : assignSides(s).left;
    if (s.type !== 'short_var_declaration' && targets.some((t) => t.type === 'identifier' && t.text === name)) return true;
  }
  for (const u of findAll(body, ['unary_expression'], true)) {
    if (u.child(0)?.text === '&' && unparen(u.childForFieldName('operand'))?.text === name) return true;
  }
  return false;
}

/** Counts the iterations of a `for_statement`; see LoopCount. */
export function loopCount(loop: Node, info: FunctionInfo): CountResult {
  const range = loop.namedChildren.find((c) => c?.type === 'range_clause');
  const body = loop.childForFieldName('body');
  if (range) {
    const right = range.childForFieldName('right');
    if (!right) return { uncountable: true };
    const t = info.underlying(info.typeOf(right));
    const pure = isPureExpr(right);
    switch (t.kind) {
      case 'slice':
      case 'array':
      case 'map':
        if (!pure) return { reason: `the loop ranges over \`${right.text}\`, which cannot be evaluated before the loop without calling it twice` };
        return { count: { text: `len(${right.text})`, exact: true, expr: right } };
      case 'pointer':
        if (info.underlying(t.elem).kind !== 'array' || !pure) return { uncountable: true };
        return { count: { text: `len(${right.text})`, exact: true, expr: right } };
      case 'basic':
        if (t.name === 'string' || t.name === 'untyped string') {
          if (!pure) return { reason: `the loop ranges over \`${right.text}\`, which cannot be evaluated before the loop twice` };
          return { count: { text: `len(${right.text})`, exact: false, expr: right } };
        }
        if (/int|uint/.test(t.name)) {
          const b = boundText(info, right);
          return 'text' in b ? { count: { text: b.text, exact: true, expr: right } } : b;
        }
        return { uncountable: true };
      default:
        return { uncountable: true };
    }
  }
  const clause = loop.namedChildren.find((c) => c?.type === 'for_clause');
  if (!clause || !body) return { uncountable: true };
  const init = clause.childForFieldName('initializer');
  const cond = clause.childForFieldName('condition');
  const update = clause.childForFieldName('update');
  if (!init || !cond || !update || init.type !== 'short_var_declaration') return { uncountable: true };
  const { left, right } = assignSides(init);
  if (left.length !== 1 || right.length !== 1 || info.constValue(right[0]) !== 0) return { uncountable: true };
  const i = left[0].text;
  const updOk =
    (update.type === 'inc_statement' && kids(update)[0]?.text === i) ||
    (update.type === 'assignment_statement' && /^\s*\S+\s*\+=\s*1\s*$/.test(update.text) && assignSides(update).left[0]?.text === i);
  if (!updOk || cond.type !== 'binary_expression') return { uncountable: true };
  const op = cond.childForFieldName('operator')?.text;
  const l = cond.childForFieldName('left');
  const r = cond.childForFieldName('right');
  let bound: Node | null = null;
  if (op === '<' && l?.text === i) bound = r;
  else if (op === '>' && r?.text === i) bound = l;
  if (!bound) return { uncountable: true };
  if (assignedIn(body, i)) return { reason: `the loop variable \`${i}\` is modified inside the loop` };
  for (const id of rootIdents(bound)) {
    if (id.text === 'len' || id.text === 'cap') continue;
    if (assignedIn(body, id.text)) return { reason: `the loop bound \`${bound.text}\` changes inside the loop` };
  }
  const b = boundText(info, bound);
  return 'text' in b ? { count: { text: b.text, exact: true, expr: bound } } : b;
}
