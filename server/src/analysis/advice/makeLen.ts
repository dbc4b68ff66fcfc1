import type { Node } from 'web-tree-sitter';
import { replaceNode } from '../fixes/edits';
import { assignSides, callArgs, findAll, hasSpread, isCallOf, kids, unparen } from '../hints/syntax';
import type { AdviceContext } from './context';
import { localVar } from './context';
import { callKey, lineOf, methodCall, nodeRange, usesOf } from './util';

/** Std functions that only read a slice argument. */
const READ_ONLY = new Set([
  'strings.Join', 'bytes.Join', 'fmt.Print', 'fmt.Println', 'fmt.Printf', 'fmt.Sprint', 'fmt.Sprintln', 'fmt.Sprintf',
  'fmt.Fprint', 'fmt.Fprintln', 'fmt.Fprintf', 'fmt.Errorf', 'encoding/json.Marshal', 'encoding/json.MarshalIndent',
  'slices.Contains', 'slices.Index', 'slices.Equal', 'bytes.Equal', 'reflect.DeepEqual', 'errors.Join',
]);

/**
 * `make-len-then-append`: `s := make([]T, n)` later grown by `s = append(s, ...)`
 * without ever writing s[i] (or slicing, copying into, or passing s to code that
 * could): the n zero values stay in front of the appended ones
 * (runtime/slice.go growslice appends after len). The fix starts the slice empty
 * with capacity n; it changes the result on purpose, so it is not in "Fix all".
 */
export function checkMakeLen(ctx: AdviceContext): void {
  if (!ctx.enabled('make-len-then-append')) return;
  const { info } = ctx;
  for (const call of findAll(ctx.fn, ['call_expression'], true)) {
    // a call with a syntax error inside (code being typed) gets no advice: its fix would copy the broken text
    if (!isCallOf(call, 'make') || call.hasError || info.calleeOf(call).kind !== 'builtin') continue;
    const args = callArgs(call);
    if (args.length < 2 || info.underlying(info.resolveType(args[0])).kind !== 'slice') continue;
    const n = args[1];
    if (info.constValue(n) === 0) continue;
    const list = call.parent;
    const stmt = list?.parent;
    let name: Node | undefined;
    if (list?.type === 'expression_list' && stmt?.type === 'short_var_declaration' && kids(list).length === 1) name = kids(stmt.childForFieldName('left'))[0];
    else if (list?.type === 'expression_list' && stmt?.type === 'var_spec' && kids(list).length === 1) name = stmt.childrenForFieldName('name').find((x): x is Node => !!x);
    const obj = localVar(info, name);
    if (!obj || !name) continue;
    const uses = usesOf(info, ctx.fn, obj).filter((u) => u.id !== name!.id);
    let firstAppend: Node | undefined;
    let ok = true;
    for (const u of uses) {
      const kind = useKind(ctx, u, obj.id);
      if (kind === 'append') {
        firstAppend ??= u;
        continue;
      }
      if (kind === 'bad' || !firstAppend || u.startIndex < firstAppend.startIndex) {
        ok = false;
        break;
      }
    }
    if (!ok || !firstAppend) continue;
    const t = args[0].text;
    const capArg = args[2];
    const newText = capArg ? '0' : `0, ${n.text}`;
    const edit = replaceNode(ctx.file, n, newText);
    ctx.report({
      range: nodeRange(call),
      code: 'make-len-then-append',
      message: `\`${obj.name}\` is made with length ${n.text} and then appended to (line ${lineOf(firstAppend)}): the appended elements land after ${n.text} zero values; use make(${t}, 0, ${capArg ? capArg.text : n.text}) to reserve capacity instead.`,
      why: [`nothing writes ${obj.name}[i] before the append, so the first ${n.text} elements stay zero`],
      fixes: [
        {
          kind: 'make-zero-length',
          title: `Make ${obj.name} empty with capacity ${capArg ? capArg.text : n.text} (drops the ${n.text} leading zero values)`,
          edits: [edit],
          fixAll: false,
        },
      ],
    });
  }
}

/** 'append' for `s = append(s, ...)`, 'ok' for uses that cannot write s[i] or rely on its length, 'bad' otherwise. */
function useKind(ctx: AdviceContext, u: Node, id: number): 'append' | 'ok' | 'bad' {
  const { info } = ctx;
  const p = u.parent;
  if (!p) return 'bad';
  if (p.type === 'argument_list') {
    const call = p.parent!;
    const args = callArgs(call);
    if (isCallOf(call, 'append')) {
      if (args[0]?.id === u.id) {
        const st = call.parent?.parent;
        if (st?.type === 'assignment_statement') {
          const { left, right, op } = assignSides(st);
          if (op === '=' && left.length === 1 && right.length === 1 && unparen(right[0])?.id === call.id && localVar(info, left[0])?.id === id) return 'append';
        }
        return 'bad';
      }
      return hasSpread(call) && args[args.length - 1]?.id === u.id ? 'ok' : 'bad';
    }
    if (isCallOf(call, 'len') || isCallOf(call, 'cap')) return 'ok';
    if (isCallOf(call, 'copy')) return args[1]?.id === u.id ? 'ok' : 'bad';
    const key = callKey(info, call);
    if (key && READ_ONLY.has(key)) return 'ok';
    const m = methodCall(call);
    if (m && (m.name === 'Write' || m.name === 'WriteString') && args.length === 1) return 'ok';
    if (info.calleeOf(call).kind === 'conversion') return 'ok';
    return 'bad';
  }
  if (p.type === 'range_clause' && p.childForFieldName('right')?.id === u.id) return 'ok';
  if (p.type === 'type_conversion_expression') return 'ok';
  if (p.type === 'expression_list') {
    const st = p.parent;
    if (st?.type === 'return_statement') return 'ok';
    if (st?.type === 'assignment_statement' || st?.type === 'short_var_declaration') {
      // stored elsewhere (x.f = s): fine; s = append(s, ...): the append; other assignments to s: not this pattern
      if (!kids(st.childForFieldName('left')).some((l) => l.id === u.id)) return 'ok';
      const { left, right, op } = assignSides(st);
      const r = unparen(right[0]);
      const first = r && isCallOf(r, 'append') ? callArgs(r)[0] : undefined;
      return op === '=' && left.length === 1 && right.length === 1 && first && localVar(info, first)?.id === id ? 'append' : 'bad';
    }
  }
  if (p.type === 'keyed_element' || p.type === 'literal_element') return 'ok';
  return 'bad';
}
