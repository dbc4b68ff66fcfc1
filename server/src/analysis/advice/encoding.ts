import type { Node } from 'web-tree-sitter';
import { callArgs, findAll, kids } from '../hints/syntax';
import type { AdviceContext } from './context';
import { localVar } from './context';
import { callKey, lineOf, methodCall, nodeRange, ownerFunc, usesOf } from './util';

/**
 * `data, err := json.Marshal(v)` whose only use is `w.Write(data)`: Marshal
 * builds the whole document in a pooled encodeState and then copies it into a
 * new []byte (encoding/json/encode.go Marshal), which is garbage after the write.
 * json.NewEncoder(w).Encode(v) writes from the pooled buffer directly. Encode
 * appends a newline, so this is a suggestion only.
 */
export function checkJsonMarshal(ctx: AdviceContext): void {
  if (!ctx.enabled('json-marshal-to-writer')) return;
  for (const call of findAll(ctx.fn, ['call_expression'], true)) {
    const key = callKey(ctx.info, call);
    if (key !== 'encoding/json.Marshal' && key !== 'encoding/json.MarshalIndent') continue;
    const list = call.parent;
    const stmt = list?.parent;
    if (list?.type !== 'expression_list' || (stmt?.type !== 'short_var_declaration' && stmt?.type !== 'assignment_statement')) continue;
    const left = kids(stmt.childForFieldName('left'));
    const data = localVar(ctx.info, left[0]);
    if (!data || kids(list).length !== 1) continue;
    const owner = ownerFunc(call) ?? ctx.fn;
    const uses = usesOf(ctx.info, owner, data).filter((u) => u.id !== left[0].id);
    if (uses.length !== 1) continue;
    const u = uses[0];
    const wcall: Node | null | undefined = u.parent?.type === 'argument_list' ? u.parent.parent : undefined;
    const m = methodCall(wcall);
    if (!wcall || m?.name !== 'Write' || callArgs(wcall).length !== 1) continue;
    // hashes and signatures need the exact bytes: Encode's newline would change them
    let rt = ctx.info.typeOf(m.recv);
    if (rt.kind === 'pointer') rt = rt.elem;
    if (rt.kind === 'named' && /^(hash|crypto)(\/|$)/.test(rt.pkg)) continue;
    const v = callArgs(call)[0]?.text ?? 'v';
    const enc = key.endsWith('MarshalIndent')
      ? `an Encoder (json.NewEncoder(${m.recv.text}) with SetIndent(${callArgs(call).slice(1).map((a) => a.text).join(', ')}), then Encode(${v}))`
      : `json.NewEncoder(${m.recv.text}).Encode(${v})`;
    ctx.report({
      range: nodeRange(call),
      code: 'json-marshal-to-writer',
      message: `the result of json.${key.slice(14)} is only written to \`${m.recv.text}\` (line ${lineOf(wcall)}): ${enc} encodes straight into the writer without the intermediate []byte (note: Encode adds a trailing newline).`,
      why: ['Marshal copies the encoded document out of its pooled buffer into a new slice that becomes garbage after the write'],
      noFixReason: 'Encode writes a trailing newline that Marshal does not, which changes the output; apply by hand where that is fine',
    });
  }
}
