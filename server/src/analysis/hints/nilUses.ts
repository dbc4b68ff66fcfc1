import type { Node } from 'web-tree-sitter';
import type { Obj } from '../checker';
import { FuncContext, lineOf, localVar } from './context';
import { assignSides, callArgs, hasSpread, isCallOf, selectorCall, unparen } from './syntax';

/** Standard functions that treat a nil slice argument exactly like an empty one. */
const NIL_INSENSITIVE = new Set([
  'strings.Join', 'bytes.Join', 'sort.Strings', 'sort.Ints', 'sort.Float64s', 'sort.Slice', 'sort.SliceStable',
  'slices.Sort', 'slices.SortFunc', 'slices.SortStableFunc', 'slices.Contains', 'slices.Index', 'slices.IndexFunc',
  'slices.ContainsFunc', 'slices.Reverse', 'slices.Max', 'slices.Min', 'path.Join', 'filepath.Join',
]);

/**
 * Why a use of a slice variable could tell a nil slice from an empty one, or
 * undefined when it cannot: `len`, `range`, indexing, `append(s, ...)` back into
 * s, spreading into append/copy, and a few std functions are safe; comparison with
 * nil, returning, storing, passing to other functions (reflect, encoding/json,
 * `%#v`) are not.
 */
export function nilSensitiveUse(ctx: FuncContext, u: Node, obj: Obj): string | undefined {
  const p = u.parent;
  if (!p) return undefined;
  const where = `(line ${lineOf(u)})`;
  if (p.type === 'index_expression' && p.childForFieldName('operand')?.id === u.id) return undefined;
  if (p.type === 'range_clause' && p.childForFieldName('right')?.id === u.id) return undefined;
  if (p.type === 'binary_expression') {
    const other = p.childForFieldName('left')?.id === u.id ? p.childForFieldName('right') : p.childForFieldName('left');
    if (other?.text === 'nil') return `it is compared with nil ${where}`;
    return `it is used in \`${p.text}\` ${where}`;
  }
  if (p.type === 'argument_list') {
    const call = p.parent!;
    const args = callArgs(call);
    if (isCallOf(call, 'len')) return undefined;
    if (isCallOf(call, 'append')) {
      if (args[0]?.id === u.id) {
        const stmt = call.parent?.parent;
        if (stmt?.type === 'assignment_statement') {
          const { left, right } = assignSides(stmt);
          if (left.length === 1 && right.length === 1 && unparen(right[0])?.id === call.id && localVar(ctx, left[0])?.id === obj.id) return undefined;
        }
        return `it is appended to into another variable ${where}`;
      }
      if (hasSpread(call) && args[args.length - 1]?.id === u.id) return undefined;
    }
    if (isCallOf(call, 'copy')) return undefined;
    const sel = selectorCall(call);
    if (sel && sel.operand.type === 'identifier' && ctx.info.objectOf(sel.operand)?.kind === 'pkg') {
      const key = `${ctx.info.objectOf(sel.operand)?.pkgPath}.${sel.field}`;
      if (NIL_INSENSITIVE.has(key) || NIL_INSENSITIVE.has(`${sel.operand.text}.${sel.field}`)) return undefined;
    }
    return `it is passed to \`${call.childForFieldName('function')?.text}\` ${where}`;
  }
  if (p.type === 'expression_list' && p.parent?.type === 'return_statement') return `it is returned ${where}`;
  if (p.type === 'expression_list' && p.parent?.type === 'assignment_statement') {
    const { left } = assignSides(p.parent);
    if (left.some((l) => l.id === u.id)) return undefined; // overwritten: the old value is gone
    return `it is assigned elsewhere ${where}`;
  }
  return `it is used in \`${p.text.length > 40 ? p.text.slice(0, 40) + '…' : p.text}\` ${where}`;
}
