import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, Obj } from '../checker';
import { forEachEnclosing } from '../spans';
import { descendantsOf, kids, memoSearch } from '../checker/nodes';

/** Small tree helpers over tree-sitter-go 0.20 nodes used by the hints and fixes. */

/** Named children without comments, cached for the package analysis (shared: do not change the array). */
export { kids };

/** Pre-order walk; return false from `visit` to skip a subtree. */
export function walk(n: Node, visit: (n: Node) => boolean | void): void {
  if (visit(n) === false) return;
  for (const c of n.namedChildren) if (c) walk(c, visit);
}

export function isFuncNode(n: Node): boolean {
  return n.type === 'function_declaration' || n.type === 'method_declaration' || n.type === 'func_literal';
}

/** The statements of a block (comments excluded). tree-sitter-go 0.20 puts them directly under `block`. */
export function statements(block: Node): Node[] {
  const list = kids(block).find((c) => c.type === 'statement_list');
  return kids(list ?? block);
}

/**
 * Every identifier under `scope` (function literals included) that denotes `obj`, in source order:
 * the scope's identifiers are searched once per run (memoSearch), not walked per object.
 */
export function identifierUses(info: FunctionInfo, scope: Node, obj: Obj): Node[] {
  const idents = memoSearch(scope, 'identifier', () => scope.descendantsOfType('identifier').filter((c): c is Node => !!c));
  return idents.filter((c) => c.text === obj.name && info.objectOf(c)?.id === obj.id);
}

/**
 * Nodes of one of `types` under n (n included), in source order, not descending into
 * function literals. Uses tree-sitter's own traversal (one call) rather than a walk
 * over `namedChildren` (one call and one Node object per node), which was the
 * hottest path of the hints and advice.
 */
export function findAll(n: Node, types: string[], intoFuncLits = false): Node[] {
  return memoSearch(n, `${types.join(',')}\0${intoFuncLits}`, () => search(n, types, intoFuncLits));
}

function search(n: Node, types: string[], intoFuncLits: boolean): Node[] {
  if (intoFuncLits) return descendantsOf(n, types);
  const out: Node[] = [];
  let skipUntil = -1;
  for (const c of descendantsOf(n, [...types, 'func_literal'])) {
    if (c.startIndex < skipUntil) continue;
    if (c.type === 'func_literal' && c.id !== n.id) {
      skipUntil = c.endIndex;
      continue;
    }
    if (types.includes(c.type)) out.push(c);
  }
  return out;
}

/** True when `inner` lies within `outer` (or is it). */
export function contains(outer: Node, inner: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** Innermost enclosing node of one of `types`, stopping at function boundaries. */
export function enclosing(n: Node, types: string[], stop?: Node): Node | null {
  for (let p = n.parent; p && p.id !== stop?.id; p = p.parent) {
    if (types.includes(p.type)) return p;
    if (isFuncNode(p)) return null;
  }
  return null;
}

const LOOP_OR_FUNC = ['for_statement', 'function_declaration', 'method_declaration', 'func_literal'];

/** Loops (`for_statement`) enclosing n inside its function, innermost first. */
export function enclosingLoops(n: Node): Node[] {
  const loops: Node[] = [];
  forEachEnclosing(n, LOOP_OR_FUNC, (p) => {
    if (isFuncNode(p)) return false;
    loops.push(p);
    return true;
  });
  return loops;
}

/** The function (declaration or literal) that contains n. */
export function enclosingFunc(n: Node): Node | null {
  for (let p = n.parent; p; p = p.parent) if (isFuncNode(p)) return p;
  return null;
}

/** `f(...)` where f is the identifier `name`. */
export function isCallOf(n: Node | null | undefined, name: string): boolean {
  return !!n && n.type === 'call_expression' && n.childForFieldName('function')?.type === 'identifier' && n.childForFieldName('function')?.text === name;
}

export function callArgs(call: Node): Node[] {
  return kids(call.childForFieldName('arguments'));
}

/** True when the call's last argument is spread with `...`. */
export function hasSpread(call: Node): boolean {
  const args = call.childForFieldName('arguments');
  // Without `...` in its text the list has neither (its text is one slice; the children are Node objects).
  return !!args && args.text.includes('...') && (args.children.some((c) => c?.type === '...') || args.namedChildren.some((c) => c?.type === 'variadic_argument'));
}

/** Left and right expression lists of an assignment / short var declaration. */
export function assignSides(stmt: Node): { left: Node[]; right: Node[]; op: string } {
  const left = kids(stmt.childForFieldName('left'));
  const right = kids(stmt.childForFieldName('right'));
  const op = stmt.type === 'short_var_declaration' ? ':=' : (stmt.childForFieldName('operator')?.text ?? '=');
  return { left, right, op };
}

/** Strips parentheses. */
export function unparen(n: Node | null | undefined): Node | null {
  let c = n ?? null;
  while (c && c.type === 'parenthesized_expression') c = kids(c)[0] ?? null;
  return c;
}

/** `pkg.Name` call where pkg is an import name: returns [pkgIdent, name]. */
export function selectorCall(call: Node): { operand: Node; field: string } | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression') return undefined;
  const operand = fn.childForFieldName('operand');
  const field = fn.childForFieldName('field')?.text;
  if (!operand || !field) return undefined;
  return { operand, field };
}

/** Indentation (leading whitespace) of the line holding offset. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(lineStart));
  return m ? m[0] : '';
}

/** Unlabeled or labeled jumps in a loop body that leave the loop or skip the rest of an iteration. */
export function jumpsOutOfIteration(body: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node, inLoop: boolean, inSwitch: boolean): void => {
    for (const c of kids(n)) {
      if (c.type === 'func_literal') continue;
      switch (c.type) {
        case 'return_statement':
        case 'goto_statement':
          out.push(c);
          break;
        case 'break_statement':
          if (kids(c).length > 0 || (!inLoop && !inSwitch)) out.push(c);
          break;
        case 'continue_statement':
          if (kids(c).length > 0 || !inLoop) out.push(c);
          break;
        case 'for_statement':
          visit(c, true, inSwitch);
          continue;
        case 'expression_switch_statement':
        case 'type_switch_statement':
        case 'select_statement':
          visit(c, inLoop, true);
          continue;
      }
      visit(c, inLoop, inSwitch);
    }
  };
  visit(body, false, false);
  return out;
}

/** Whether an expression is free of calls (other than len/cap), receives, and function literals. */
export function isPureExpr(n: Node): boolean {
  let ok = true;
  walk(n, (c) => {
    if (c.type === 'call_expression' && !isCallOf(c, 'len') && !isCallOf(c, 'cap')) ok = false;
    if (c.type === 'unary_expression' && c.child(0)?.text === '<-') ok = false;
    if (c.type === 'func_literal' || c.type === 'composite_literal') ok = false;
    return ok;
  });
  return ok;
}

/** Root identifiers an expression reads (operands of selectors included, fields excluded). */
export function rootIdents(n: Node): Node[] {
  const out: Node[] = [];
  walk(n, (c) => {
    if (c.type === 'identifier') out.push(c);
    return true;
  });
  return out;
}
