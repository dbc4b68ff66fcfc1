import type { Node } from 'web-tree-sitter';
import type { FunctionInfo, Obj } from '../checker';
import { callArgs, findAll, isFuncNode, kids, unparen, walk } from '../hints/syntax';
import type { AdviceContext } from './context';
import { localVar } from './context';
import { blockStatements, callKey, comparedWithNil, httpHandlerParams, lineOf, methodCall, nodeRange, ownerFunc, usesOf } from './util';

/**
 * Resources whose memory is only released by Close: *os.File (a file
 * descriptor plus the runtime poller entry; the finalizer closes it only after a
 * GC, if ever) and http.Response.Body (net/http/transport.go: an unclosed body
 * keeps its connection, goroutines and buffers alive). And request bodies read
 * whole without http.MaxBytesReader.
 */
export function checkResources(ctx: AdviceContext): void {
  const { info } = ctx;
  for (const call of findAll(ctx.fn, ['call_expression'], true)) {
    const key = callKey(info, call);
    if (!key) continue;
    if (OPENERS.has(key) && ctx.enabled('file-not-closed')) checkOpened(ctx, call, 'file');
    else if ((HTTP_CALLS.has(key) || isClientCall(key)) && ctx.enabled('response-body-not-closed')) checkOpened(ctx, call, 'response');
    else if ((key === 'io.ReadAll' || key === 'io/ioutil.ReadAll') && ctx.enabled('request-body-unbounded')) checkReadAll(ctx, call);
  }
}

const OPENERS = new Set(['os.Open', 'os.OpenFile', 'os.Create', 'os.CreateTemp', 'os.OpenInRoot', 'os.Root.Open', 'os.Root.Create', 'os.Root.OpenFile']);
const HTTP_CALLS = new Set(['net/http.Get', 'net/http.Post', 'net/http.Head', 'net/http.PostForm']);

function isClientCall(key: string): boolean {
  return /^net\/http\.Client\.(Do|Get|Post|Head|PostForm)$/.test(key);
}

/** Std functions that use a reader/writer only during the call. */
const USERS = new Set([
  'io.Copy', 'io.CopyN', 'io.CopyBuffer', 'io.ReadAll', 'io/ioutil.ReadAll', 'io.ReadFull', 'io.ReadAtLeast', 'io.WriteString',
  'encoding/binary.Read', 'encoding/binary.Write', 'fmt.Fprint', 'fmt.Fprintf', 'fmt.Fprintln', 'fmt.Fscan', 'fmt.Fscanf',
  'fmt.Fscanln', 'net/http/httputil.DumpResponse',
]);

/** Std functions that wrap a reader/writer in a new value (fine while the wrapper stays in the function). */
const WRAPPERS = new Set([
  'io.LimitReader', 'io.TeeReader', 'bufio.NewReader', 'bufio.NewReaderSize', 'bufio.NewWriter', 'bufio.NewWriterSize',
  'bufio.NewScanner', 'encoding/json.NewDecoder', 'encoding/json.NewEncoder', 'encoding/xml.NewDecoder',
  'encoding/xml.NewEncoder', 'encoding/csv.NewReader', 'encoding/csv.NewWriter', 'encoding/gob.NewDecoder',
  'encoding/gob.NewEncoder', 'compress/gzip.NewReader', 'compress/gzip.NewWriter', 'archive/tar.NewReader',
  'archive/zip.NewWriter', 'mime/multipart.NewReader',
]);

interface Resource {
  kind: 'file' | 'response';
  obj: Obj;
  errObj?: Obj;
  openStmt: Node;
  call: Node;
  info: FunctionInfo;
}

/** `x.Close()` for a file, `x.Body.Close()` for a response. */
function isCloseCall(r: Resource, c: Node): boolean {
  const m = methodCall(c);
  if (m?.name !== 'Close') return false;
  let recv = unparen(m.recv);
  if (r.kind === 'response') {
    if (recv?.type !== 'selector_expression' || recv.childForFieldName('field')?.text !== 'Body') return false;
    recv = unparen(recv.childForFieldName('operand'));
  }
  return recv?.type === 'identifier' && localVar(r.info, recv)?.id === r.obj.id;
}

function containsClose(r: Resource, n: Node): boolean {
  let hit = false;
  walk(n, (c) => {
    if (c.type === 'call_expression' && isCloseCall(r, c)) hit = true;
    return !hit;
  });
  return hit;
}

function checkOpened(ctx: AdviceContext, call: Node, kind: Resource['kind']): void {
  const { info } = ctx;
  const list = call.parent;
  const stmt = list?.parent;
  if (list?.type !== 'expression_list' || kids(list).length !== 1) return;
  if (stmt?.type !== 'short_var_declaration' && stmt?.type !== 'assignment_statement') return;
  const left = kids(stmt.childForFieldName('left'));
  const obj = localVar(info, left[0]);
  if (!obj || obj.role === 'result') return;
  const errObj = localVar(info, left[1]);
  if (stmt.parent?.type !== 'block' && stmt.parent?.type !== 'statement_list') return; // if/for initializers: scoped, skip
  const owner = ownerFunc(call) ?? ctx.fn;
  if (findAll(owner, ['goto_statement'], false).length) return;
  const r: Resource = { kind, obj, errObj, openStmt: stmt, call, info };
  // every use must be one we understand; anything that could hand the resource over ends the analysis
  const uses = usesOf(info, ctx.fn, obj).filter((u) => u.id !== left[0].id);
  for (const u of uses) if (!benignUse(ctx, r, u)) return;
  if (uses.some((u) => u.startIndex < stmt.startIndex)) return; // reused variable: not tracked
  const leak = findLeak(r, owner);
  if (!leak) return;
  const what = kind === 'file' ? `file \`${obj.name}\`` : `\`${obj.name}.Body\``;
  const where = leak === 'end' ? 'when the function ends' : `on the path leaving at line ${lineOf(leak)}`;
  const never = !uses.some((u) => containsCloseUse(r, u));
  const message =
    kind === 'file'
      ? never
        ? `${what} (opened here) is never closed: its descriptor and runtime poller entry stay until a finalizer runs after some GC, if ever; defer ${obj.name}.Close() after the error check.`
        : `${what} is not closed ${where}: its descriptor and runtime poller entry leak on that path; defer ${obj.name}.Close() right after the error check.`
      : never
        ? `the response body \`${obj.name}.Body\` is never closed: the connection, its goroutines and buffers are not released; defer ${obj.name}.Body.Close() after the error check.`
        : `the response body \`${obj.name}.Body\` is not closed ${where}: the connection and its buffers leak on that path; defer ${obj.name}.Body.Close() right after the error check.`;
  ctx.report({
    range: nodeRange(kind === 'file' ? call : call),
    code: kind === 'file' ? 'file-not-closed' : 'response-body-not-closed',
    message,
    why: [leak === 'end' ? `the end of the function is reached without Close` : `line ${lineOf(leak)} leaves without Close`],
  });
}

function containsCloseUse(r: Resource, u: Node): boolean {
  for (let p: Node | null = u.parent; p && p.type !== 'block'; p = p.parent) if (p.type === 'call_expression' && isCloseCall(r, p)) return true;
  return false;
}

/** Uses that keep the resource in this function: method calls, field reads, nil checks, consumer calls. */
function benignUse(ctx: AdviceContext, r: Resource, u: Node): boolean {
  const p = u.parent;
  if (!p) return false;
  if (p.type === 'binary_expression' && comparedWithNil(p)) return true;
  if (p.type === 'selector_expression' && p.childForFieldName('operand')?.id === u.id) {
    const field = p.childForFieldName('field')?.text;
    const gp = p.parent;
    if (r.kind === 'file') {
      // f.Read(...), f.Close(), f.Name(): method calls on the file
      if (gp?.type === 'call_expression' && gp.childForFieldName('function')?.id === p.id) return true;
      return false; // method value f.Read: could be stored
    }
    if (field !== 'Body') return true; // resp.StatusCode, resp.Header.Get(...)
    // resp.Body: Close, Read, or handed to a consumer
    if (gp?.type === 'selector_expression' && gp.parent?.type === 'call_expression') return true;
    if (gp?.type === 'argument_list') return consumerArg(ctx, gp.parent!);
    return false;
  }
  if (p.type === 'argument_list' && r.kind === 'file') return consumerArg(ctx, p.parent!);
  return false;
}

function consumerArg(ctx: AdviceContext, call: Node): boolean {
  const key = callKey(ctx.info, call);
  if (key && USERS.has(key)) return true;
  if (!key || !WRAPPERS.has(key)) return false;
  // a wrapper that is returned hands the resource to the caller
  const up = call.parent;
  return !(up?.type === 'expression_list' && up.parent?.type === 'return_statement');
}

/** Statement-level: does executing `s` (to completion) close the resource on every path? */
function stmtCloses(r: Resource, s: Node): boolean {
  switch (s.type) {
    case 'expression_statement':
    case 'assignment_statement':
    case 'short_var_declaration':
    case 'defer_statement':
    case 'go_statement':
    case 'return_statement':
      return containsClose(r, s);
    case 'if_statement': {
      const init = s.childForFieldName('initializer');
      if (init && containsClose(r, init)) return true;
      const cons = s.childForFieldName('consequence');
      const alt = s.childForFieldName('alternative');
      if (cons && alt && blockCloses(r, cons) && (alt.type === 'block' ? blockCloses(r, alt) : stmtCloses(r, alt))) return true;
      // if err == nil { ... Close ... }: the other path has no resource
      const cond = s.childForFieldName('condition');
      if (cond && r.errObj && isErrNil(r, cond, '==') && cons && blockCloses(r, cons)) return true;
      return false;
    }
    case 'expression_switch_statement':
    case 'type_switch_statement': {
      // every clause closes or leaves, and there is a default
      const init = s.childForFieldName('initializer');
      if (init && containsClose(r, init)) return true;
      const clauses = kids(s).filter((c) => /_case$/.test(c.type));
      if (!clauses.some((c) => c.type === 'default_case')) return false;
      return clauses.every((c) => {
        const stmts = caseStatements(c);
        return stmts.some((x) => stmtCloses(r, x)) || (stmts.length > 0 && terminating(stmts[stmts.length - 1]));
      });
    }
    case 'block':
      return blockCloses(r, s);
    case 'labeled_statement':
      return kids(s).some((c) => c.type !== 'label_name' && stmtCloses(r, c));
  }
  return false;
}

function caseStatements(c: Node): Node[] {
  const skip = new Set([c.childForFieldName('value')?.id, c.childForFieldName('communication')?.id]);
  for (const t of c.childrenForFieldName('type')) if (t) skip.add(t.id);
  return kids(c).filter((x) => !skip.has(x.id));
}

function blockCloses(r: Resource, b: Node): boolean {
  return blockStatements(b).some((s) => stmtCloses(r, s));
}

function isErrNil(r: Resource, cond: Node, op: '==' | '!='): boolean {
  const c = unparen(cond);
  if (c?.type !== 'binary_expression' || c.childForFieldName('operator')?.text !== op) return false;
  const x = comparedWithNil(c);
  return !!x && x.type === 'identifier' && localVar(r.info, x)?.id === r.errObj?.id;
}

function terminating(s: Node): boolean {
  if (s.type === 'return_statement' || s.type === 'goto_statement') return true;
  if (s.type === 'expression_statement') {
    const c = kids(s)[0];
    const f = c?.type === 'call_expression' ? c.childForFieldName('function')?.text : undefined;
    return f === 'panic' || f === 'os.Exit' || (!!f && /^log\.(Fatal|Panic)/.test(f));
  }
  if (s.type === 'if_statement') {
    const cons = s.childForFieldName('consequence');
    const alt = s.childForFieldName('alternative');
    if (!cons || !alt) return false;
    const last = blockStatements(cons).at(-1);
    const altTerm = alt.type === 'block' ? blockStatements(alt).slice(-1).some(terminating) : terminating(alt);
    return !!last && terminating(last) && altTerm;
  }
  if (s.type === 'for_statement') {
    const clause = kids(s).find((c) => c.type === 'for_clause' || c.type === 'range_clause');
    const hasCond = clause ? !!clause.childForFieldName('condition') || clause.type === 'range_clause' : kids(s).some((c) => c.type !== 'block');
    return !hasCond && findAll(s, ['break_statement'], false).length === 0;
  }
  return false;
}

/**
 * The first exit (return/break/continue leaving the block where the resource
 * was opened, or the end of that block) reached without closing it; undefined
 * when every exit closes. Path-insensitive within statements: a closing
 * statement before the exit at any enclosing block level covers it.
 */
function findLeak(r: Resource, owner: Node): Node | 'end' | undefined {
  const openBlock = r.openStmt.parent!;
  const top = blockStatements(openBlock);
  const openIdx = top.findIndex((s) => s.id === r.openStmt.id);
  // the error checks right after the open (`if err != nil`, `if errors.Is(err, ...)`): the resource is nil there
  const errChecks: Node[] = [];
  for (let i = openIdx + 1; r.errObj && i < top.length; i++) {
    const cond = top[i].type === 'if_statement' ? top[i].childForFieldName('condition') : null;
    if (!cond || !mentions(r, cond, r.errObj) || mentions(r, cond, r.obj)) break;
    errChecks.push(top[i]);
  }
  const exempt = (x: Node) =>
    errChecks.some((c) => {
      const cons = c.childForFieldName('consequence');
      return !!cons && cons.startIndex <= x.startIndex && x.endIndex <= cons.endIndex;
    });
  const covered = (x: Node): boolean => {
    if (x.type === 'return_statement' && containsClose(r, x)) return true;
    // walk up to openBlock, looking at earlier siblings at every level
    let cur: Node = x;
    for (let p = x.parent; p; p = p.parent) {
      if (p.type === 'block' || p.type === 'statement_list' || /_case$/.test(p.type)) {
        const sibs = blockStatements(p);
        const idx = sibs.findIndex((s) => s.startIndex <= cur.startIndex && cur.endIndex <= s.endIndex);
        const from = p.id === openBlock.id ? openIdx + 1 : 0;
        for (let i = from; i < idx; i++) if (stmtCloses(r, sibs[i])) return true;
        if (p.id === openBlock.id) return false;
      }
      // if err := f.Close(); ... { exit }: the initializer (and condition) ran before either branch
      if ((p.type === 'if_statement' || p.type === 'expression_switch_statement') && cur.id !== p.childForFieldName('initializer')?.id) {
        const init = p.childForFieldName('initializer');
        const cond = p.childForFieldName('condition') ?? p.childForFieldName('value');
        if ((init && containsClose(r, init)) || (cond && cur.id !== cond.id && containsClose(r, cond))) return true;
      }
      if (p.id === owner.id) return false;
      cur = p;
    }
    return false;
  };
  const after = (n: Node) => n.startIndex >= r.openStmt.endIndex;
  for (const ret of findAll(owner, ['return_statement', 'break_statement', 'continue_statement'], false)) {
    if (!after(ret) || nestedIn(ret, owner)) continue;
    if (ret.type !== 'return_statement' && !leavesOpenBlock(ret, openBlock)) continue;
    if (!(openBlock.startIndex <= ret.startIndex && ret.endIndex <= openBlock.endIndex)) continue;
    if (exempt(ret)) continue;
    if (!covered(ret)) return ret;
  }
  // falling off the end of the block where it was opened
  const rest = top.slice(openIdx + 1);
  if (rest.length && terminating(rest[rest.length - 1])) return undefined;
  if (rest.some((s) => stmtCloses(r, s))) return undefined;
  return 'end';
}

function mentions(r: Resource, n: Node, o: Obj): boolean {
  let hit = false;
  walk(n, (c) => {
    if (c.type === 'identifier' && localVar(r.info, c)?.id === o.id) hit = true;
    return !hit;
  });
  return hit;
}

function nestedIn(n: Node, owner: Node): boolean {
  for (let p = n.parent; p && p.id !== owner.id; p = p.parent) if (isFuncNode(p)) return true;
  return false;
}

/** Does a break/continue jump out of openBlock (to a loop that encloses it)? */
function leavesOpenBlock(j: Node, openBlock: Node): boolean {
  const label = kids(j)[0]?.text;
  for (let p = j.parent; p; p = p.parent) {
    if (isFuncNode(p)) return false;
    if (label) {
      if (p.type === 'labeled_statement' && kids(p)[0]?.text === label) return !(openBlock.startIndex >= p.startIndex && openBlock.endIndex <= p.endIndex) ? false : true;
      continue;
    }
    if (p.type === 'for_statement' || (j.type === 'break_statement' && (p.type === 'expression_switch_statement' || p.type === 'type_switch_statement' || p.type === 'select_statement'))) {
      return p.type === 'for_statement' && openBlock.startIndex >= p.startIndex && openBlock.endIndex <= p.endIndex && p.id !== openBlock.id;
    }
  }
  return false;
}

// ---- request bodies -------------------------------------------------------

function checkReadAll(ctx: AdviceContext, call: Node): void {
  const { info } = ctx;
  const arg = unparen(callArgs(call)[0]);
  if (arg?.type !== 'selector_expression' || arg.childForFieldName('field')?.text !== 'Body') return;
  const reqNode = unparen(arg.childForFieldName('operand'));
  const req = localVar(info, reqNode);
  if (!req) return;
  // the request must be the *http.Request parameter of an enclosing handler
  let handlerFn: Node | undefined;
  for (let p = call.parent; p; p = p.parent) {
    if (!isFuncNode(p)) continue;
    const h = httpHandlerParams(info, p);
    if (h?.req?.id === req.id) handlerFn = p;
    if (handlerFn) break;
  }
  if (!handlerFn) return;
  // r.Body = http.MaxBytesReader(...) (or any reassignment of r.Body) before the read
  for (const a of findAll(handlerFn, ['assignment_statement'], true)) {
    if (a.startIndex > call.startIndex) continue;
    const l = unparen(kids(a.childForFieldName('left'))[0]);
    if (l?.type === 'selector_expression' && l.childForFieldName('field')?.text === 'Body' && localVar(info, unparen(l.childForFieldName('operand')))?.id === req.id) return;
  }
  ctx.report({
    range: nodeRange(call),
    code: 'request-body-unbounded',
    message: `io.ReadAll(${arg.text}) reads the whole request body into memory with no limit: a client chooses how much this handler allocates; wrap it first: ${reqNode!.text}.Body = http.MaxBytesReader(w, ${reqNode!.text}.Body, maxBytes).`,
    why: [`\`${reqNode!.text}\` is the request of the HTTP handler at line ${lineOf(handlerFn)}`, 'no http.MaxBytesReader (or other reassignment of Body) before the read'],
  });
}
