import type { Node } from 'web-tree-sitter';
import { insertAt } from '../fixes/edits';
import { FuncContext, lineOf, localVar, nodeRange, usesOf } from './context';
import { loopCount } from './loopCount';
import { callArgs, findAll, indentAt, jumpsOutOfIteration, selectorCall } from './syntax';

/**
 * `builder-grow`: a local strings.Builder or bytes.Buffer receiving a known
 * number of bytes per iteration of a loop with a known count grows by doubling
 * (append in strings.Builder, grow in bytes.Buffer); one `Grow` before the loop
 * allocates once. Only constant-size writes (WriteByte, WriteString of a
 * constant, WriteRune of a constant) count, so the total is exact.
 */
export function checkBuilderGrow(ctx: FuncContext): void {
  const body = ctx.fn.childForFieldName('body');
  if (!body) return;
  for (const loop of findAll(body, ['for_statement'], true)) {
    if (loop.parent?.type !== 'block' && loop.parent?.type !== 'statement_list') continue;
    const perVar = new Map<number, { name: string; bytes: number; ok: boolean; first: Node }>();
    for (const call of findAll(loop, ['call_expression'], true)) {
      const sel = selectorCall(call);
      const obj = sel ? localVar(ctx, sel.operand) : undefined;
      if (!sel || !obj || obj.role || !isBuilder(ctx, obj.type)) continue;
      if (obj.decl && loop.startIndex <= obj.decl.startIndex && obj.decl.endIndex <= loop.endIndex) continue;
      const e = perVar.get(obj.id) ?? { name: obj.name, bytes: 0, ok: true, first: call };
      perVar.set(obj.id, e);
      const n = writeSize(ctx, sel.field, callArgs(call));
      const direct = call.parent?.type === 'expression_statement' ? call.parent.parent?.id === loop.childForFieldName('body')?.id : call.parent?.parent?.id === loop.childForFieldName('body')?.id;
      if (n === undefined || !direct) e.ok = false;
      else e.bytes += n;
    }
    for (const [id, e] of perVar) {
      if (!e.ok || e.bytes === 0) continue;
      const obj = ctx.info.objectOf(e.first.childForFieldName('function')!.childForFieldName('operand')!)!;
      if (obj.id !== id) continue;
      if (usesOf(ctx, ctx.fn, obj).some((u) => u.parent?.type === 'selector_expression' && u.parent.childForFieldName('field')?.text === 'Grow')) continue;
      if (usesOf(ctx, loop, obj).some((u) => u.parent?.type !== 'selector_expression')) continue;
      const count = loopCount(loop, ctx.info);
      if (!('count' in count) || !count.count.exact || jumpsOutOfIteration(loop.childForFieldName('body')!).length) continue;
      const total = e.bytes === 1 ? count.count.text : `${e.bytes} * ${count.count.text}`;
      const text = ctx.file.file.text;
      const lineStart = text.lastIndexOf('\n', loop.startIndex - 1) + 1;
      ctx.report({
        range: nodeRange(e.first),
        code: 'builder-grow',
        message: `\`${e.name}\` receives ${e.bytes} byte(s) per iteration of the loop at line ${lineOf(loop)} and grows by reallocating; call ${e.name}.Grow(${total}) before the loop.`,
        fixes: [{ kind: 'builder-grow', title: `Call ${e.name}.Grow(${total}) before the loop`, edits: [insertAt(ctx.file, lineStart, `${indentAt(text, loop.startIndex)}${e.name}.Grow(${total})\n`)], fixAll: true }],
      });
    }
  }
}

function isBuilder(ctx: FuncContext, t: import('../goTypes').GoType): boolean {
  return t.kind === 'named' && ((t.pkg === 'strings' && t.name === 'Builder') || (t.pkg === 'bytes' && t.name === 'Buffer'));
}

function writeSize(ctx: FuncContext, method: string, args: Node[]): number | undefined {
  if (method === 'WriteByte') return 1;
  const v = args[0] ? ctx.info.constValue(args[0]) : undefined;
  if (method === 'WriteString' && typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (method === 'WriteRune' && typeof v === 'number') return Buffer.byteLength(String.fromCodePoint(v), 'utf8');
  return undefined;
}
