import type { Node } from 'web-tree-sitter';
import { insertAt, replaceNode } from '../fixes/edits';
import { loopCount } from '../hints/loopCount';
import { assignSides, callArgs, findAll, indentAt, isCallOf, unparen } from '../hints/syntax';
import type { Fix } from '../types';
import type { AdviceContext } from './context';
import { localVar } from './context';
import { blockStatement, lineOf, loopsAround, namesIn, nodeRange, usesOf } from './util';

/**
 * `pointer-alloc-in-loop`: `s = append(s, &T{...})` in a loop allocates one
 * object per element (escape: the address is stored in the slice's heap array),
 * and each is a separate object for the GC to scan. Allocating the values in one
 * []T and appending `&ts[len(ts)-1]` does one allocation; with capacity reserved
 * up front the backing array never moves, so the pointers stay distinct and
 * nothing else observes the batch. Approximates cmd/compile/internal/escape
 * (composite literal address flowing to a heap slice).
 */
export function checkPointerAlloc(ctx: AdviceContext): void {
  if (!ctx.enabled('pointer-alloc-in-loop')) return;
  const { info } = ctx;
  const taken = new Set<string>();
  for (const call of findAll(ctx.fn, ['call_expression'], true)) {
    if (!isCallOf(call, 'append') || info.calleeOf(call).kind !== 'builtin') continue;
    const args = callArgs(call);
    const lits = args.slice(1).filter((a) => {
      const x = unparen(a);
      return x?.type === 'unary_expression' && x.child(0)?.text === '&' && unparen(x.childForFieldName('operand'))?.type === 'composite_literal';
    });
    if (lits.length === 0) continue;
    const loops = loopsAround(call);
    if (loops.length === 0) continue;
    const slice = localVar(info, unparen(args[0]));
    const target = unparen(args[0]);
    if (!target) continue;
    // the slice must outlive the iteration (declared outside the innermost loop)
    if (slice?.decl && loops[0].startIndex <= slice.decl.startIndex && slice.decl.endIndex <= loops[0].endIndex) continue;
    const lit = unparen(lits[0])!;
    const compLit = unparen(lit.childForFieldName('operand'))!;
    const typeNode = compLit.childForFieldName('type');
    const tname = typeNode?.text ?? 'T';
    const plan = planBatch(ctx, call, lit, compLit, loops, taken);
    ctx.report({
      range: nodeRange(lit),
      code: 'pointer-alloc-in-loop',
      message: `each iteration of the loop at line ${lineOf(loops[0])} allocates a separate ${tname} for \`${target.text}\`: one heap object per element for the GC to track and scan; allocate the values in one []${tname} (make([]${tname}, 0, count)) and append pointers to its elements.`,
      why: [`&${tname}{...} is stored in \`${target.text}\`, so it escapes and is heap-allocated on every iteration`],
      fixes: 'fix' in plan ? [plan.fix] : [],
      noFixReason: 'reason' in plan ? plan.reason : undefined,
    });
  }
}

function planBatch(ctx: AdviceContext, call: Node, lit: Node, compLit: Node, loops: Node[], taken: Set<string>): { fix: Fix } | { reason: string } {
  const { info } = ctx;
  const stmt = call.parent?.parent;
  if (stmt?.type !== 'assignment_statement' || blockStatement(stmt) !== stmt) return { reason: 'the append is not a statement `s = append(s, &T{...})`' };
  const { left, right, op } = assignSides(stmt);
  const args = callArgs(call);
  const slice = localVar(info, unparen(args[0]));
  if (op !== '=' || left.length !== 1 || right.length !== 1 || unparen(right[0])?.id !== call.id || args.length !== 2) return { reason: 'the append is not a statement `s = append(s, &T{...})`' };
  if (!slice || localVar(info, left[0])?.id !== slice.id) return { reason: 'only a local slice variable appended to itself is rewritten' };
  if (loops.length > 1) return { reason: `the append is in nested loops (line ${lineOf(loops[loops.length - 1])}): no cheap bound on the count` };
  const loop = loops[0];
  for (let p = stmt.parent; p && p.id !== loop.id; p = p.parent) if (p.type === 'func_literal') return { reason: 'the append is inside a function literal' };
  const appends = usesOf(info, loop, slice).filter((u) => u.parent?.type === 'argument_list' && isCallOf(u.parent.parent, 'append'));
  if (appends.length > 1) return { reason: `\`${slice.name}\` is appended to more than once in the loop` };
  const count = loopCount(loop, info);
  if ('uncountable' in count) return { reason: `the number of iterations of the loop at line ${lineOf(loop)} is not known before it starts` };
  if ('reason' in count) return { reason: count.reason };
  const typeNode = compLit.childForFieldName('type');
  if (!typeNode) return { reason: 'the literal has no type' };
  const loopStmt = loop.parent?.type === 'labeled_statement' ? loop.parent : loop;
  if (blockStatement(loopStmt) !== loopStmt) return { reason: 'the loop is not a statement of a block' };
  const text = ctx.file.file.text;
  const lineStart = text.lastIndexOf('\n', loopStmt.startIndex - 1) + 1;
  if (text.slice(lineStart, loopStmt.startIndex).trim() !== '') return { reason: 'the loop does not start its line' };
  const used = namesIn(ctx.fn);
  const base = slice.name;
  const name = [`${base}Vals`, `${base}Batch`, `${base}Items`].find((c) => !used.has(c) && !taken.has(c) && !ctx.index.values.has(c) && !ctx.index.funcs.has(c) && !ctx.index.types.has(c) && !ctx.file.imports.has(c));
  if (!name) return { reason: 'no free name for the batch slice' };
  taken.add(name);
  const indent = indentAt(text, loopStmt.startIndex);
  const sIndent = indentAt(text, stmt.startIndex);
  const capText = count.count.text;
  const edits = [
    insertAt(ctx.file, lineStart, `${indent}${name} := make([]${typeNode.text}, 0, ${capText})\n`),
    replaceNode(ctx.file, stmt, `${name} = append(${name}, ${compLit.text})\n${sIndent}${left[0].text} = append(${left[0].text}, &${name}[len(${name})-1])`),
  ];
  return {
    fix: {
      kind: 'batch-allocate',
      title: `Allocate the ${typeNode.text} values of ${slice.name} in one slice`,
      edits,
      // the values now share one backing array: one surviving pointer keeps the whole batch alive
      fixAll: false,
    },
  };
}
