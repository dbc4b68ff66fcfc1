import type { Node } from 'web-tree-sitter';
import type { FunctionInfo } from '../checker';
import { insertAt, replaceNode } from '../fixes/edits';
import type { FileInfo } from '../goPackage';
import { callArgs, contains, findAll, indentAt, kids, unparen } from '../hints/syntax';
import type { Fix } from '../types';
import type { AdviceContext, PackageFacts } from './context';
import { isDeferred } from './poolSites';
import { blockStatement, isUnknown, lineOf, showType } from './util';

/**
 * The fix of sync-pool-put-non-pointer: pool *T instead of T when every use of the pool is a plain
 * `x := p.Get().(T)` / `p.Put(x)` statement of this package.
 */

const planCache = new WeakMap<PackageFacts, Map<string, { fix: Fix } | { reason: string }>>();

export function pointerFixPlan(ctx: AdviceContext, key: string): { fix: Fix } | { reason: string } {
  let m = planCache.get(ctx.pkg);
  if (!m) planCache.set(ctx.pkg, (m = new Map()));
  let plan = m.get(key);
  if (!plan) m.set(key, (plan = planPointerFix(ctx, key)));
  return plan;
}

function planPointerFix(ctx: AdviceContext, key: string): { fix: Fix } | { reason: string } {
  if (!key.startsWith('var:')) return { reason: 'the pool is not a package-level variable of this package' };
  const name = key.slice(4);
  const decl = ctx.index.values.get(name);
  if (!decl || decl.isConst) return { reason: `\`${name}\` is not declared in this package` };
  if (/^[A-Z]/.test(name)) return { reason: `\`${name}\` is exported: other packages may Get and Put values of the old type` };
  for (const tf of ctx.index.pkg.testFiles ?? []) {
    if (findAll(tf.tree.rootNode, ['identifier'], true).some((i) => i.text === name)) return { reason: `\`${name}\` is used by the package's tests` };
  }
  const spec = decl.spec;
  const names = spec.childrenForFieldName('name').filter((n): n is Node => !!n);
  if (names.length !== 1) return { reason: `\`${name}\` is declared together with other variables` };
  const declFile = ctx.index.files.get(decl.file.path)!;
  const edits: Fix['edits'] = [];
  // New: func() any { return E } → { b := E; return &b }
  const value = kids(spec.childForFieldName('value'))[0];
  let lit = unparen(value);
  if (lit?.type === 'unary_expression' && lit.child(0)?.text === '&') lit = unparen(lit.childForFieldName('operand'));
  if (value && lit?.type !== 'composite_literal') return { reason: `\`${name}\` is not initialized with a sync.Pool literal` };
  if (lit) {
    for (const el of kids(lit.childForFieldName('body'))) {
      if (el.type !== 'keyed_element') return { reason: 'the pool literal has positional fields' };
      const [k, v] = kids(el);
      if (kids(k)[0]?.text !== 'New') continue;
      const f = kids(v)[0] ?? v;
      const body = f?.type === 'func_literal' ? f.childForFieldName('body') : null;
      const stmts = kids(body);
      if (!body || stmts.length !== 1 || stmts[0].type !== 'return_statement') return { reason: 'New is not a function literal with a single return statement' };
      const ret = stmts[0];
      const e = kids(kids(ret)[0])[0] ?? kids(ret)[0];
      if (!e) return { reason: 'New returns nothing' };
      const used = new Set(findAll(f, ['identifier'], true).map((i) => i.text));
      const b = ['b', 'buf', 'v', 'x'].find((c) => !used.has(c));
      if (!b) return { reason: 'no free name in New' };
      const oneLine = ret.startPosition.row === body.startPosition.row;
      const indent = indentAt(declFile.file.text, ret.startIndex);
      edits.push(replaceNode(declFile, ret, oneLine ? `${b} := ${e.text}; return &${b}` : `${b} := ${e.text}\n${indent}return &${b}`));
    }
  }
  // Every use of the pool in the package: `x := name.Get().(T)` and `name.Put(E)` statements.
  let typeText: string | undefined;
  const perFunc = new Map<number, { fn: Node; file: FileInfo; info: FunctionInfo; get?: { stmt: Node; assert: Node; varName: string }; puts: Node[] }>();
  for (const f of ctx.pkg.funcs) {
    const { fn, file } = f;
    // only functions that mention the pool's name are type-checked
    const ids = findAll(fn, ['identifier'], true).filter((id) => id.text === name);
    if (ids.length === 0) continue;
    const info = f.info;
    for (const id of ids) {
      if (!info.objectOf(id)?.global) continue;
      const sel = id.parent;
      const method = sel?.type === 'selector_expression' && sel.childForFieldName('operand')?.id === id.id ? sel.childForFieldName('field')?.text : undefined;
      const call = sel?.parent?.type === 'call_expression' && sel.parent.childForFieldName('function')?.id === sel.id ? sel.parent : undefined;
      const where = `${file.file.path.split('/').pop()}:${lineOf(id)}`;
      if (!call || (method !== 'Get' && method !== 'Put')) return { reason: `\`${name}\` is used at ${where} in a way the fix does not rewrite` };
      let entry = perFunc.get(fn.id);
      if (!entry) perFunc.set(fn.id, (entry = { fn, file, info, puts: [] }));
      if (method === 'Get') {
        const assert = call.parent;
        if (assert?.type !== 'type_assertion_expression') return { reason: `the result of Get at ${where} is not asserted to a type` };
        const tt = assert.childForFieldName('type')?.text ?? '';
        if (typeText !== undefined && tt !== typeText) return { reason: `Get results are asserted to different types (${typeText}, ${tt})` };
        typeText = tt;
        let top = assert;
        if (top.parent?.type === 'slice_expression' && top.parent.childForFieldName('operand')?.id === top.id) top = top.parent;
        const list = top.parent;
        const stmt = list?.parent;
        if (list?.type !== 'expression_list' || !stmt || (stmt.type !== 'short_var_declaration' && stmt.type !== 'assignment_statement')) return { reason: `the Get at ${where} is not a plain \`x := ${name}.Get().(T)\`` };
        const left = kids(stmt.childForFieldName('left'));
        if (left.length !== 1 || kids(list).length !== 1 || left[0].type !== 'identifier' || blockStatement(stmt) !== stmt) return { reason: `the Get at ${where} is not a plain \`x := ${name}.Get().(T)\`` };
        if (entry.get) return { reason: `\`${fn.childForFieldName('name')?.text}\` gets from the pool twice` };
        entry.get = { stmt, assert, varName: left[0].text };
      } else {
        const stmt = call.parent;
        if (stmt?.type !== 'expression_statement' || blockStatement(stmt) !== stmt) return { reason: `the Put at ${where} is ${isDeferred(call) ? 'deferred' : 'not a statement of its own'}; the fix needs \`*p = x\` before it` };
        if (callArgs(call).length !== 1) return { reason: `the Put at ${where} has no single argument` };
        entry.puts.push(call);
      }
    }
  }
  if (typeText === undefined) return { reason: `\`${name}\` has no Get in this package to rewrite` };
  if (typeText.startsWith('*')) return { reason: `Get already asserts a pointer type` };
  for (const e of perFunc.values()) {
    const fname = e.fn.childForFieldName('name')?.text ?? '?';
    if (e.puts.length && !e.get) return { reason: `\`${fname}\` puts a value it did not get from the pool: there is no pointer to put back` };
    if (!e.get) continue;
    const getBlock = e.get.stmt.parent!;
    for (const p of e.puts) {
      if (!contains(getBlock, p) || p.startIndex < e.get.stmt.endIndex) return { reason: `the Put at line ${lineOf(p)} is not in the scope of the Get at line ${lineOf(e.get.stmt)}` };
      const t = e.info.typeOf(callArgs(p)[0]);
      if (!isUnknown(e.info, t) && showType(t) !== showType(e.info.resolveType(e.get.assert.childForFieldName('type')))) return { reason: `the Put at line ${lineOf(p)} puts a ${showType(t)}` };
    }
    const used = new Set(findAll(e.fn, ['identifier'], true).map((i) => i.text));
    const ptr = [`${e.get.varName}p`, `${e.get.varName}Ptr`, `${e.get.varName}ptr`].find((c) => !used.has(c) && !ctx.index.values.has(c) && !ctx.index.funcs.has(c) && !ctx.index.types.has(c));
    if (!ptr) return { reason: `no free name for the pointer in \`${fname}\`` };
    const text = e.file.file.text;
    const getStmt = e.get.stmt;
    const indent = indentAt(text, getStmt.startIndex);
    const lineStart = text.lastIndexOf('\n', getStmt.startIndex - 1) + 1;
    if (text.slice(lineStart, getStmt.startIndex).trim() !== '') return { reason: `the Get at line ${lineOf(getStmt)} does not start its line` };
    edits.push(insertAt(e.file, lineStart, `${indent}${ptr} := ${name}.Get().(*${typeText})\n`));
    const wrap = e.get.assert.parent?.type === 'slice_expression';
    edits.push(replaceNode(e.file, e.get.assert, wrap ? `(*${ptr})` : `*${ptr}`));
    for (const p of e.puts) {
      const stmt = p.parent!;
      const pi = indentAt(text, stmt.startIndex);
      edits.push(replaceNode(e.file, stmt, `*${ptr} = ${callArgs(p)[0].text}\n${pi}${name}.Put(${ptr})`));
    }
  }
  return { fix: { kind: 'pool-pointer', title: `Pool *${typeText} in ${name} instead of ${typeText}`, edits, fixAll: true } };
}

