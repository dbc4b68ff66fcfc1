/**
 * Builds the escape graph of function bodies: statements (stmt.go), assignments
 * (assign.go), expressions (expr.go) and calls (call.go) of
 * cmd/compile/internal/escape, over tree-sitter nodes typed by the checker.
 */
import type { Node } from 'web-tree-sitter';
import { copyOf, descendantsOf, kids } from '../checker/nodes';
import type { Callee, FunctionInfo, Obj, PackageChecker } from '../checker';
import type { GoType, Signature } from '../goTypes';
import { Graph, Hole, Leaks, Loc, addr, deref, hole, note, shift, AllocKind, ATTR_PERSISTS } from './graph';
import { printExpr } from './print';
import { typeString } from '../goTypes';
import type { CallVia } from '../reasonWords';
import { MAX_IMPLICIT_STACK_VAR_SIZE, MAX_STACK_VAR_SIZE, SizeOracle } from './sizes';


/** Leak summary of one function: per parameter (receiver first when a method). */
export interface FuncSummary {
  key: string;
  /** Leaks per parameter slot: index 0 is the receiver for methods. null = no pointers / unnamed. */
  params: (number[] | null)[];
  hasRecv: boolean;
}

export interface BatchContext {
  checker: PackageChecker;
  sizes: SizeOracle;
  summaries: Map<string, FuncSummary>;
  /** Function nodes (declarations) of the batch being analyzed, by node id → key. */
  inBatch: Map<number, string>;
  /** Params/results locations of batch functions and literals, by function node id. */
  frames: Map<number, { params: (Loc | null)[]; recv: Loc | null; results: Loc[] }>;
  /** Locations of variables by object id. */
  vars: Map<number, Loc>;
  graph: Graph;
  /** Closure locations to flow captured variables into once all bodies are walked. */
  closures: { k: Hole; lit: Node; info: FunctionInfo; depth: number }[];
  /** Function literal → its parent function node. */
  parentFn: Map<number, Node>;
  /** Static func-literal values of local variables (assigned once). */
  staticLits: Map<number, Node>;
  /** Local vars with a statically known constant int value (never reassigned). */
  reassignedObjs: Set<number>;
  /** How the callee of a call is reached (interface, function value, package without source), by call node id: for the words. */
  callVia?: Map<number, CallVia>;
}

export class Escape {
  loopDepth = 1;
  private labels = new Map<string, 'looping' | 'nonlooping'>();

  constructor(
    readonly b: BatchContext,
    readonly info: FunctionInfo,
    readonly curfn: Node,
  ) {}

  get g(): Graph {
    return this.b.graph;
  }
  get checker(): PackageChecker {
    return this.b.checker;
  }

  // ---- locations ---------------------------------------------------------

  varLoc(o: Obj): Loc {
    let l = this.b.vars.get(o.id);
    if (!l) {
      const fn = o.owner ?? this.curfn;
      l = this.g.newLoc(o, o.decl, fn, 1, true);
      if (o.role === 'param' || o.role === 'recv') l.param = true;
      if (o.role === 'result') {
        l.paramOut = true;
        l.resultIndex = (o.index ?? 0) + 1;
      }
      this.b.vars.set(o.id, l);
    }
    return l;
  }

  private heapHole(): Hole {
    return hole(this.g.heap);
  }
  private discardHole(): Hole {
    return hole(this.g.blank);
  }
  private mutatorHole(): Hole {
    return hole(this.g.mutator);
  }
  private calleeHole(): Hole {
    return hole(this.g.callee);
  }

  private teeHole(...ks: Hole[]): Hole {
    const live = ks.filter((k) => k.dst !== this.g.blank);
    if (live.length === 0) return this.discardHole();
    if (live.length === 1) return live[0];
    const loc = this.g.newLoc(null, null, this.curfn, this.loopDepth, false);
    for (const k of live) this.g.flow(k.derefs < 0 ? shift(k, 0 - k.derefs) : k, loc);
    return hole(loc);
  }

  private later(k: Hole): Hole {
    const loc = this.g.newLoc(null, null, this.curfn, this.loopDepth, true);
    this.g.flow(k, loc);
    return hole(loc);
  }

  /** expr.go spill: a new allocation location whose address flows to k. */
  private spill(k: Hole, n: Node, kind: AllocKind, text?: string, size?: number | null, pos?: Node, quiet = false): Hole {
    const loc = this.g.newLoc(null, n, this.curfn, this.loopDepth, false, {
      kind,
      text: text ?? printExpr(n, this.info),
      pos: pos ?? n,
      size,
      quiet,
    });
    this.g.flow(addr(k, n, 'spill'), loc);
    return hole(loc);
  }

  // ---- types -------------------------------------------------------------

  private typeOf(n: Node | null | undefined): GoType {
    return this.info.typeOf(n);
  }
  private hasPointers(t: GoType): boolean {
    if (t.kind === 'basic' && t.name.startsWith('untyped')) return true;
    return this.checker.oracle.hasPointers(t);
  }
  private isIface(t: GoType): boolean {
    return this.checker.oracle.isInterface(t);
  }

  // ---- statements (stmt.go) -----------------------------------------------

  walkFunc(fnNode: Node): void {
    const body = fnNode.childForFieldName('body');
    if (!body) return;
    this.findLabels(body);
    this.block(body);
  }

  private findLabels(body: Node): void {
    const seen = new Set<string>();
    // In source order, not inside function literals (the tree index: no walk of the body).
    let skipUntil = -1;
    for (const n of descendantsOf(body, ['func_literal', 'goto_statement', 'labeled_statement'])) {
      if (n.startIndex < skipUntil) continue;
      const type = n.type;
      if (type === 'func_literal') skipUntil = n.endIndex;
      else if (type === 'labeled_statement') {
        const l = n.childForFieldName('label')?.text ?? kids(n)[0]?.text;
        if (l) {
          seen.add(l);
          this.labels.set(l, 'nonlooping');
        }
      } else {
        const l = kids(n)[0]?.text;
        if (l && seen.has(l)) this.labels.set(l, 'looping');
      }
    }
  }

  private block(n: Node | null | undefined): void {
    if (!n) return;
    const old = this.loopDepth;
    if (n.type === 'block') for (const s of kids(n)) this.stmt(s);
    else this.stmt(n);
    this.loopDepth = old;
  }

  private stmts(list: Node[]): void {
    for (const s of list) this.stmt(s);
  }

  private dcl(ident: Node): Hole {
    const o = this.info.objectOf(ident);
    if (!o || o.kind !== 'var' || ident.text === '_') return this.discardHole();
    const l = this.varLoc(o);
    l.loopDepth = this.loopDepth;
    return hole(l);
  }

  stmt(s: Node): void {
    switch (s.type) {
      case 'block':
        this.block(s);
        return;
      case 'labeled_statement': {
        const label = s.childForFieldName('label')?.text ?? kids(s)[0]?.text ?? '';
        if (this.labels.get(label) === 'looping') this.loopDepth++;
        for (const c of kids(s)) if (c.type !== 'label_name') this.stmt(c);
        return;
      }
      case 'short_var_declaration': {
        const left = kids(s.childForFieldName('left'));
        const right = kids(s.childForFieldName('right'));
        const fresh = left.filter((l) => this.info.objectOf(l)?.decl?.id === l.id);
        for (const l of fresh) this.dcl(l);
        this.assignList(left, right, s, new Set(fresh.map((f) => f.id)));
        return;
      }
      case 'var_declaration':
        for (const spec of s.descendantsOfType('var_spec')) {
          if (!spec) continue;
          const names = spec.childrenForFieldName('name').filter((x): x is Node => !!x);
          for (const nm of names) this.dcl(nm);
          const values = kids(spec.childForFieldName('value'));
          if (values.length) this.assignList(names, values, spec, new Set(names.map((x) => x.id)));
          else for (const nm of names) this.checkTooLarge(nm);
        }
        return;
      case 'const_declaration':
      case 'type_declaration':
      case 'empty_statement':
      case 'fallthrough_statement':
      case 'break_statement':
      case 'continue_statement':
      case 'goto_statement':
        return;
      case 'assignment_statement': {
        const left = kids(s.childForFieldName('left'));
        const right = kids(s.childForFieldName('right'));
        const op = s.childForFieldName('operator')?.text ?? '=';
        if (op !== '=') {
          // OASOP: x op= y flows y to x.
          this.assignList(left, right, s, new Set());
          return;
        }
        this.assignList(left, right, s, new Set());
        return;
      }
      case 'inc_statement':
      case 'dec_statement': {
        const x = kids(s)[0];
        const k = this.addr(x);
        this.reassigned([k], s, new Set());
        return;
      }
      case 'expression_statement': {
        const e = kids(s)[0];
        if (e) this.exprStmt(e);
        return;
      }
      case 'send_statement': {
        this.discard(s.childForFieldName('channel'));
        const ct = this.checker.oracle.underlying(this.typeOf(s.childForFieldName('channel')));
        this.exprTo(note(this.heapHole(), s, 'send'), s.childForFieldName('value'), ct.kind === 'chan' ? ct.elem : undefined);
        return;
      }
      case 'return_statement': {
        const frame = this.b.frames.get(this.curfn.id);
        const results = frame?.results ?? [];
        const exprs = kids(kids(s)[0]?.type === 'expression_list' ? kids(s)[0] : s);
        if (exprs.length === 0) return;
        const sig = this.info.frames.get(this.curfn.id)?.sig;
        if (exprs.length === 1 && results.length > 1) {
          this.call(results.map((r) => note(hole(r), s, 'return')), exprs[0]);
          return;
        }
        exprs.forEach((e, i) => {
          const r = results[i];
          this.exprTo(r ? note(hole(r), s, 'return') : this.discardHole(), e, sig?.results[i]?.type);
        });
        return;
      }
      case 'go_statement':
      case 'defer_statement':
        this.goDefer(s);
        return;
      case 'if_statement': {
        const init = s.childForFieldName('initializer');
        if (init) this.stmt(init);
        const cond = s.childForFieldName('condition');
        this.discard(cond);
        // Dead code with constant conditions is removed before escape analysis.
        const cv = this.constCond(cond);
        if (cv !== false) this.block(s.childForFieldName('consequence'));
        const alt = s.childForFieldName('alternative');
        if (alt && cv !== true) this.block(alt);
        return;
      }
      case 'for_statement':
        this.forStmt(s);
        return;
      case 'expression_switch_statement': {
        const init = s.childForFieldName('initializer');
        if (init) this.stmt(init);
        this.discard(s.childForFieldName('value'));
        for (const c of kids(s)) {
          if (c.type !== 'expression_case' && c.type !== 'default_case') continue;
          const v = c.childForFieldName('value');
          for (const e of kids(v)) this.discard(e);
          const old = this.loopDepth;
          this.stmts(kids(c).filter((x) => x.id !== v?.id));
          this.loopDepth = old;
        }
        return;
      }
      case 'type_switch_statement': {
        const init = s.childForFieldName('initializer');
        if (init) this.stmt(init);
        const value = s.childForFieldName('value');
        const ks: Hole[] = [];
        for (const c of kids(s)) {
          const cv = this.info.caseVars.get(c.id);
          if (!cv) continue;
          const l = this.varLoc(cv);
          l.loopDepth = this.loopDepth;
          if (this.hasPointers(cv.type)) ks.push(this.dotType(note(hole(l), c, 'switch case'), cv.type));
        }
        this.expr(this.teeHole(...ks), value);
        for (const c of kids(s)) {
          if (c.type !== 'type_case' && c.type !== 'default_case') continue;
          const types = new Set(c.childrenForFieldName('type').map((x) => x?.id));
          const old = this.loopDepth;
          this.stmts(kids(c).filter((x) => !types.has(x.id)));
          this.loopDepth = old;
        }
        return;
      }
      case 'select_statement':
        for (const c of kids(s)) {
          const comm = c.childForFieldName('communication');
          if (comm) {
            if (comm.type === 'receive_statement') {
              const left = kids(comm.childForFieldName('left'));
              const right = comm.childForFieldName('right');
              const fresh = new Set(left.filter((l) => this.info.objectOf(l)?.decl?.id === l.id).map((l) => l.id));
              for (const l of left) if (fresh.has(l.id)) this.dcl(l);
              if (left.length) this.assignList(left, right ? [right] : [], comm, fresh);
              else this.discard(right);
            } else this.stmt(comm);
          }
          const old = this.loopDepth;
          this.stmts(kids(c).filter((x) => x.id !== comm?.id));
          this.loopDepth = old;
        }
        return;
      default:
        if (s.type.endsWith('_expression') || s.type === 'identifier') this.exprStmt(s);
    }
  }

  private constCond(c: Node | null): boolean | undefined {
    if (!c) return undefined;
    const v = this.info.constValue(c);
    if (typeof v === 'boolean') return v;
    if (c.type === 'parenthesized_expression') return this.constCond(kids(c)[0] ?? null);
    if (c.type === 'binary_expression') {
      const op = c.childForFieldName('operator')?.text;
      const l = this.constCond(c.childForFieldName('left'));
      if (op === '&&' && l === false) return false;
      if (op === '||' && l === true) return true;
    }
    return undefined;
  }

  private exprStmt(e: Node): void {
    const inner = e.type === 'parenthesized_expression' ? e.namedChildren[0] ?? e : e;
    if (inner.type === 'call_expression') this.call(null, inner);
    else this.discard(inner);
  }

  private forStmt(s: Node): void {
    const clause = kids(s).find((c) => c.type === 'for_clause' || c.type === 'range_clause');
    const body = s.childForFieldName('body');
    if (clause?.type === 'range_clause') {
      const right = clause.childForFieldName('right');
      const tmp = this.g.newLoc(null, null, this.curfn, this.loopDepth, true);
      this.expr(hole(tmp), right);
      this.loopDepth++;
      const left = kids(clause.childForFieldName('left'));
      const define = clause.children.some((c) => c?.type === ':=');
      const ks = left.map((l) => (define ? this.dcl(l) : this.addr(l)));
      const xt = this.checker.oracle.underlying(this.typeOf(right));
      if (ks[1] && xt.kind !== 'func') {
        if (xt.kind === 'array') this.g.flow(note(ks[1], s, 'range'), tmp);
        else this.g.flow(deref(ks[1], s, 'range-deref'), tmp);
      }
      if (!define) this.reassigned(ks, s, new Set());
      if (xt.kind === 'func') this.rangeFunc(right, body);
      else this.block(body);
      this.loopDepth--;
      return;
    }
    if (clause?.type === 'for_clause') {
      const init = clause.childForFieldName('initializer');
      if (init) this.stmt(init);
      // Go 1.22 per-iteration variables: when captured or address-taken they live inside the loop.
      if (init?.type === 'short_var_declaration') {
        for (const l of kids(init.childForFieldName('left'))) {
          const o = this.info.objectOf(l);
          if (o && this.addressTakenOrCaptured(o, s)) {
            const loc = this.b.vars.get(o.id);
            if (loc) loc.loopDepth = this.loopDepth + 1;
          }
        }
      }
      this.loopDepth++;
      this.discard(clause.childForFieldName('condition'));
      const upd = clause.childForFieldName('update');
      if (upd) this.stmt(upd);
      this.block(body);
      this.loopDepth--;
      return;
    }
    this.loopDepth++;
    for (const c of kids(s)) if (c.id !== body?.id) this.discard(c);
    this.block(body);
    this.loopDepth--;
  }

  /** range-over-func: the body becomes a closure passed to the iterator (rewritten by the compiler). */
  private rangeFunc(iter: Node | null, body: Node | null): void {
    this.block(body);
    void iter;
  }

  private addressTakenOrCaptured(o: Obj, scope: Node): boolean {
    let found = false;
    const visit = (n: Node, inLit: boolean) => {
      if (found) return;
      if (n.type === 'unary_expression' && n.child(0)?.text === '&') {
        const x = n.childForFieldName('operand');
        if (x?.type === 'identifier' && this.info.objectOf(x) === o) found = true;
      }
      if (inLit && n.type === 'identifier' && this.info.objectOf(n) === o) found = true;
      for (const c of kids(n)) visit(c, inLit || n.type === 'func_literal');
    };
    visit(scope, false);
    return found;
  }

  private goDefer(s: Node): void {
    const isDefer = s.type === 'defer_statement';
    let k = this.heapHole();
    if (isDefer && this.loopDepth === 1) k = this.later(this.discardHole());
    let call = kids(s)[0];
    while (call?.type === 'parenthesized_expression') call = call.namedChildren[0] ?? call;
    if (!call || call.type !== 'call_expression') {
      this.discard(call);
      return;
    }
    const fn = call.childForFieldName('function');
    const args = kids(call.childForFieldName('arguments'));
    if (fn?.type === 'func_literal' && args.length === 0 && (this.info.typeOf(fn) as { sig?: Signature }).sig?.results.length === 0) {
      // Already a zero-argument call: the literal itself flows to k.
      this.expr(k, fn);
      return;
    }
    // The compiler wraps the call in a closure capturing the evaluated arguments by value;
    // the wrapper's record flows to k (reports about the wrapper itself are omitted).
    const wrapper = this.g.newLoc(null, null, this.curfn, this.loopDepth, false);
    this.g.flow(addr(k, s, 'go/defer wrapper'), wrapper);
    this.call(null, call, note(hole(wrapper), s, 'captured by the go/defer wrapper'));
  }

  // ---- assignments (assign.go) -----------------------------------------------

  /** assign.go addr: the hole for storing into dst. */
  private addr(n: Node | null | undefined): Hole {
    if (!n) return this.discardHole();
    switch (n.type) {
      case 'identifier': {
        if (n.text === '_') return this.discardHole();
        const o = this.info.objectOf(n);
        if (!o || o.kind !== 'var') return this.discardHole();
        if (o.global) return this.heapHole();
        return hole(this.varLoc(o));
      }
      case 'parenthesized_expression':
        return this.addr(n.namedChildren[0]);
      case 'selector_expression': {
        const x = n.childForFieldName('operand')!;
        const xo = x.type === 'identifier' ? this.info.objectOf(x) : undefined;
        if (xo?.kind === 'pkg') return this.heapHole();
        const f = this.checker.oracle.lookupField(this.typeOf(x), n.childForFieldName('field')?.text ?? '');
        if (f && f.ptrDerefs === 0) return this.addr(x);
        this.mutate(x, f ? f.ptrDerefs - 1 : 0);
        return this.heapHole();
      }
      case 'index_expression': {
        const x = n.childForFieldName('operand')!;
        const idx = n.childForFieldName('index') ?? kids(n)[1];
        const xt = this.checker.oracle.underlying(this.typeOf(x));
        if (xt.kind === 'map') {
          this.discard(x);
          this.exprTo(note(this.heapHole(), n, 'key of map put'), idx, xt.key);
          return this.heapHole();
        }
        this.discard(idx);
        if (xt.kind === 'array') return this.addr(x);
        this.mutate(x, 0);
        return this.heapHole();
      }
      case 'unary_expression':
        if (n.child(0)?.text === '*') {
          this.mutate(n.childForFieldName('operand'), 0);
          return this.heapHole();
        }
        return this.discardHole();
      default:
        this.discard(n);
        return this.heapHole();
    }
  }

  private mutate(n: Node | null | undefined, extraDerefs: number): void {
    this.expr(shift(this.mutatorHole(), extraDerefs), n);
  }

  private assignList(dsts: Node[], srcs: Node[], where: Node, defs: Set<number>): void {
    if (srcs.length === 1 && dsts.length > 1) {
      const src = srcs[0];
      const inner = src.type === 'parenthesized_expression' ? src.namedChildren[0] ?? src : src;
      const ks = dsts.map((d) => this.addr(d));
      if (inner.type === 'call_expression' && this.callResultCount(inner) > 1) {
        this.call(ks.map((k) => note(k, where, 'assign-pair-func')), inner);
      } else {
        // v, ok = m[k] / x.(T) / <-ch
        const why =
          inner.type === 'type_assertion_expression' ? 'assign-pair-dot-type'
          : inner.type === 'index_expression' ? 'assign-pair-mapr'
          : inner.type === 'unary_expression' && inner.child(0)?.text === '<-' ? 'assign-pair-receive'
          : 'assign-pair';
        this.exprTo(note(ks[0], where, why), src, this.typeOfDst(dsts[0]));
      }
      this.reassigned(ks, where, defs);
      return;
    }
    const ks = dsts.map((d) => this.addr(d));
    ks.forEach((k, i) => {
      const src = srcs[i];
      if (!src) return;
      const dst = dsts[i];
      if (this.isSelfAssign(dst, src)) k = this.discardHole();
      this.exprTo(note(k, where, 'assign'), src, this.typeOfDst(dst));
    });
    this.reassigned(ks, where, defs);
    for (const d of dsts) if (defs.has(d.id)) this.checkTooLarge(d);
  }

  private typeOfDst(d: Node): GoType | undefined {
    if (d.type === 'identifier' && d.text === '_') return undefined;
    return this.typeOf(d);
  }

  private callResultCount(call: Node): number {
    const t = this.typeOf(call);
    return t.kind === 'tuple' ? t.types.length : 1;
  }

  private reassigned(ks: Hole[], where: Node, defs: Set<number>): void {
    for (const k of ks) {
      const l = k.dst;
      if (!l.obj) continue;
      if (l.obj.decl && defs.has(l.obj.decl.id)) continue;
      l.reassigned = true;
    }
    void where;
  }

  /** utils.go isSelfAssign: `b.buf = b.buf[n:m]`, `x.a = x.b`. */
  private isSelfAssign(dst: Node, src: Node): boolean {
    const base = (n: Node): string | undefined => {
      if (n.type === 'selector_expression') return n.childForFieldName('operand')?.text;
      if (n.type === 'unary_expression' && n.child(0)?.text === '*') return n.childForFieldName('operand')?.text;
      return undefined;
    };
    if (src.type === 'slice_expression') {
      const sx = src.childForFieldName('operand');
      if (!sx) return false;
      const dt = this.checker.oracle.underlying(this.typeOf(dst.type === 'selector_expression' ? dst.childForFieldName('operand') : null));
      const isPtrDst = dst.type === 'unary_expression' || dt.kind === 'pointer';
      const st = this.checker.oracle.underlying(this.typeOf(sx));
      if (st.kind === 'array') return false;
      const sb = sx.type === 'selector_expression' || sx.type === 'unary_expression' ? base(sx) : undefined;
      const db = base(dst);
      return isPtrDst && !!db && db === sb && /^[A-Za-z_]\w*$/.test(db);
    }
    if (dst.type === 'selector_expression' && src.type === 'selector_expression') {
      const a = dst.childForFieldName('operand')?.text;
      return !!a && a === src.childForFieldName('operand')?.text && /^[\w.]+$/.test(a);
    }
    if (dst.type === 'index_expression' && src.type === 'index_expression') {
      const safe = (i: Node | null) => !!i && /^[\w.+\-* ]+$/.test(i.text) && !i.text.includes('(');
      const a = dst.childForFieldName('operand');
      const b = src.childForFieldName('operand');
      const at = this.checker.oracle.underlying(this.typeOf(a));
      if (at.kind === 'map') return false;
      return !!a && !!b && a.text === b.text && /^[\w.]+$/.test(a.text) && safe(dst.childForFieldName('index') ?? kids(dst)[1]) && safe(src.childForFieldName('index') ?? kids(src)[1]);
    }
    return false;
  }

  private checkTooLarge(ident: Node): void {
    const o = this.info.objectOf(ident);
    if (!o || o.kind !== 'var') return;
    const l = this.b.vars.get(o.id);
    if (!l) return;
    const size = this.b.sizes.sizeof(o.type);
    if (size !== null && size > MAX_STACK_VAR_SIZE) l.heapReason = 'too large for stack';
  }

  // ---- expressions (expr.go) --------------------------------------------------

  discard(n: Node | null | undefined): void {
    this.expr(this.discardHole(), n);
  }

  /** Evaluates n into k, inserting the implicit conversion to `target` (an interface) when needed. */
  exprTo(k: Hole, n: Node | null | undefined, target: GoType | undefined): void {
    if (!n) return;
    if (target && this.isIface(target)) {
      const st = this.typeOf(n);
      if (!(st.kind === 'basic' && st.name === 'untyped nil') && !this.isIface(st) && st.kind !== 'tuple') {
        this.convIface(k, n, n, st, true);
        return;
      }
    }
    this.expr(k, n);
  }

  /** OCONVIFACE: non-pointer-shaped values are boxed in a new location. */
  private convIface(k: Hole, conv: Node, x: Node, st: GoType, implicit: boolean): void {
    if (!this.checker.oracle.isDirectIface(st) && st.kind !== 'unknown') {
      const text = implicit ? this.convText(x) : printExpr(conv, this.info);
      k = this.spill(k, conv, 'conviface', text, null, implicit ? x : conv);
    }
    this.expr(note(k, conv, 'interface-converted'), x);
  }

  /** How the compiler prints an implicitly converted value (constants folded, statically-known literals). */
  private convText(x: Node): string {
    // rewriteWithLiterals: a local never reassigned, initialized with a literal, prints as that literal.
    if (x.type === 'identifier') {
      const o = this.info.objectOf(x);
      if (o && o.kind === 'var' && !o.global && !this.b.reassignedObjs.has(o.id)) {
        const init = this.staticInit(o);
        if (init && /_literal$/.test(init.type) && init.type !== 'func_literal' && init.type !== 'composite_literal') {
          const v = this.info.constValue(init);
          if (v !== undefined) return printExpr(init, this.info);
        }
      }
    }
    return printExpr(x, this.info);
  }

  /** The initializer expression of a local declared once with `x := e` / `var x = e`. */
  staticInit(o: Obj): Node | undefined {
    const d = o.decl;
    const parent = d?.parent;
    if (!d || !parent) return undefined;
    if (parent.type === 'expression_list' && parent.parent?.type === 'short_var_declaration') {
      const sv = parent.parent;
      const left = kids(sv.childForFieldName('left'));
      const right = kids(sv.childForFieldName('right'));
      const i = left.findIndex((l) => l.id === d.id);
      return left.length === right.length ? right[i] : undefined;
    }
    if (parent.type === 'var_spec') {
      const names = parent.childrenForFieldName('name').filter((x): x is Node => !!x);
      const values = kids(parent.childForFieldName('value'));
      const i = names.findIndex((l) => l.id === d.id);
      return names.length === values.length ? values[i] : undefined;
    }
    return undefined;
  }

  private dotType(k: Hole, t: GoType): Hole {
    if (!this.isIface(t) && !this.checker.oracle.isDirectIface(t)) return shift(k, 1);
    return k;
  }

  expr(k: Hole, n: Node | null | undefined): void {
    if (!n) return;
    if (k.derefs >= 0 && k.dst !== this.g.blank) {
      const t = this.typeOf(n);
      if (t.kind !== 'unknown' && t.kind !== 'tuple' && !(t.kind === 'basic' && t.name.startsWith('untyped')) && !this.hasPointers(t)) {
        k = this.discardHole();
      }
    }
    switch (n.type) {
      case 'identifier': {
        const o = this.info.objectOf(n);
        if (!o || o.kind !== 'var' || o.global) return;
        this.g.flow(k, this.varLoc(o));
        return;
      }
      case 'parenthesized_expression':
        this.expr(k, n.namedChildren[0]);
        return;
      case 'unary_expression': {
        const op = n.child(0)?.text;
        const x = n.childForFieldName('operand');
        if (op === '&') {
          let inner = x;
          while (inner?.type === 'parenthesized_expression') inner = inner.namedChildren[0];
          if (inner?.type === 'composite_literal') {
            const t = this.typeOf(inner);
            const size = this.b.sizes.sizeof(t);
            const kk = this.spill(k, n, 'ptrlit', undefined, size);
            this.compositeElems(kk, inner, t, false);
            return;
          }
          this.expr(addr(k, n, 'address-of'), x);
          return;
        }
        if (op === '*') {
          this.expr(deref(k, n, 'indirection'), x);
          return;
        }
        this.discard(x);
        return;
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text;
        const t = this.typeOf(n);
        const ut = this.checker.oracle.underlying(t);
        if (op === '+' && ut.kind === 'basic' && ut.name === 'string' && this.info.constValue(n) === undefined) {
          this.spill(k, n, 'addstr');
          this.discardConcat(n);
          return;
        }
        this.discard(n.childForFieldName('left'));
        this.discard(n.childForFieldName('right'));
        return;
      }
      case 'selector_expression':
        this.selector(k, n);
        return;
      case 'index_expression': {
        const x = n.childForFieldName('operand');
        const idx = n.childForFieldName('index') ?? kids(n)[1];
        const xt = this.checker.oracle.underlying(this.typeOf(x));
        if (xt.kind === 'map') {
          this.discard(x);
          this.discard(idx);
        } else if (xt.kind === 'array') {
          this.expr(note(k, n, 'fixed-array-index-of'), x);
          this.discard(idx);
        } else if (xt.kind === 'func') {
          return; // generic instantiation
        } else {
          this.expr(deref(k, n, 'dot of pointer'), x);
          this.discard(idx);
        }
        return;
      }
      case 'slice_expression': {
        const x = n.childForFieldName('operand');
        const xt = this.checker.oracle.underlying(this.typeOf(x));
        // The compiler's implicit `&arr` prints as `arr`.
        if (xt.kind === 'array') this.expr(addr(note(k, n, 'slice'), x ?? n, 'address-of'), x);
        else this.expr(note(k, n, 'slice'), x);
        this.discard(n.childForFieldName('start'));
        this.discard(n.childForFieldName('end'));
        this.discard(n.childForFieldName('capacity'));
        return;
      }
      case 'type_assertion_expression':
        this.expr(note(this.dotType(k, this.typeOf(n)), n, 'dot'), n.childForFieldName('operand'));
        return;
      case 'type_conversion_expression':
        this.conversion(k, n, this.typeOf(n), n.childForFieldName('operand') ?? undefined);
        return;
      case 'call_expression': {
        const callee = this.info.calleeOf(n);
        if (callee.kind === 'conversion') {
          this.conversion(k, n, callee.to, kids(n.childForFieldName('arguments'))[0]);
          return;
        }
        if (callee.kind === 'builtin' && (callee.name === 'new' || callee.name === 'make')) {
          this.newOrMake(k, n, callee.name);
          return;
        }
        this.call([k], n);
        return;
      }
      case 'composite_literal': {
        const t = this.typeOf(n);
        this.compositeLit(k, n, t);
        return;
      }
      case 'literal_value': {
        const t = this.info.elidedTypes.get(n.id);
        if (t && this.info.elidedPointer.has(n.id)) {
          const kk = this.spill(k, n, 'ptrlit', '&' + printExpr(n, this.info), this.b.sizes.sizeof(t));
          this.compositeElems(kk, n, t, false);
          return;
        }
        if (this.info.elidedPointer.has(n.id)) {
          const kk = this.spill(k, n, 'ptrlit', '&' + printExpr(n, this.info), t ? this.b.sizes.sizeof(t) : null);
          this.compositeElems(kk, n, t, false);
          return;
        }
        this.compositeLit(k, n, t);
        return;
      }
      case 'func_literal':
        this.closure(k, n);
        return;
      default:
        return; // literals, nil, types, iota
    }
  }

  private discardConcat(n: Node): void {
    if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
      this.discardConcat(n.childForFieldName('left')!);
      this.discardConcat(n.childForFieldName('right')!);
    } else this.discard(n);
  }

  private selector(k: Hole, n: Node): void {
    const x = n.childForFieldName('operand')!;
    const name = n.childForFieldName('field')?.text ?? '';
    if (x.type === 'identifier' && this.info.objectOf(x)?.kind === 'pkg') return;
    if (this.info.isTypeExpr(x)) return; // method expression
    const xt = this.typeOf(x);
    const f = this.checker.oracle.lookupField(xt, name);
    if (f) {
      let kk = k;
      for (let i = 0; i < f.ptrDerefs; i++) kk = deref(kk, n, 'dot of pointer');
      this.expr(f.ptrDerefs ? kk : note(kk, n, 'dot'), x);
      return;
    }
    // Method value x.M: allocates a closure record holding the receiver.
    const m = this.checker.lookupMethod(xt, name);
    if (!m) {
      // A field of a type whose layout is opaque (std struct without fields in the table).
      const ut = this.checker.oracle.underlying(xt);
      this.expr(ut.kind === 'pointer' ? deref(k, n, 'dot of pointer') : note(k, n, 'dot'), x);
      return;
    }
    const closureK = this.spill(k, n, 'methvalue');
    let paramK: Hole = this.heapHole();
    if (m?.local || m?.std) {
      const sum = this.summaryFor(m.local ? { kind: 'local', decl: m.local, sig: this.checker.signatureOf(m.local) } : { kind: 'std', key: m.std!.key, fn: m.std!.fn, sig: this.checker.stdSignature(m.std!.fn) });
      const nres = m.local ? this.checker.signatureOf(m.local).results.length : m.std!.fn.r.length;
      const ks = Array.from({ length: nres }, () => this.heapHole());
      paramK = sum === 'batch' ? this.heapHole() : this.tagHole(ks, sum, 0);
    }
    let recvK = this.teeHole(paramK, closureK);
    if (m) {
      recvK = shift(recvK, m.ptrDerefs);
      if (m.ptrRecv && !m.isPtr && !m.iface) recvK = addr(recvK, x ?? n, 'address-of');
      else if (!m.ptrRecv && m.isPtr && !m.iface) recvK = deref(recvK, x ?? n, 'indirection');
    }
    this.expr(recvK, x);
  }

  private conversion(k: Hole, n: Node, to: GoType, x: Node | undefined): void {
    if (!x) return;
    const from = this.typeOf(x);
    const uto = this.checker.oracle.underlying(to);
    const ufrom = this.checker.oracle.underlying(from);
    if (this.info.constValue(n) !== undefined && !(uto.kind === 'interface')) return;
    if (uto.kind === 'interface') {
      if (this.isIface(from) || (from.kind === 'basic' && from.name === 'untyped nil')) this.expr(k, x);
      else this.convIface(k, n, x, from, false);
      return;
    }
    const isStr = (t: GoType) => t.kind === 'basic' && (t.name === 'string' || t.name === 'untyped string');
    if (uto.kind === 'slice' && isStr(ufrom)) {
      const et = this.checker.oracle.underlying(uto.elem);
      const kind: AllocKind = et.kind === 'basic' && et.name === 'int32' ? 'str2runes' : 'str2bytes';
      this.spill(k, n, kind);
      this.discard(x);
      return;
    }
    if (isStr(uto) && ufrom.kind === 'slice') {
      this.spill(k, n, 'bytes2str');
      this.discard(x);
      return;
    }
    if (isStr(uto) && ufrom.kind === 'basic' && !isStr(ufrom)) {
      this.spill(k, n, 'runestr');
      this.discard(x);
      return;
    }
    if (uto.kind === 'array' && ufrom.kind === 'slice') {
      this.expr(deref(k, n, 'slice-to-array'), x);
      return;
    }
    this.expr(k, x);
  }

  private newOrMake(k: Hole, n: Node, which: 'new' | 'make'): void {
    const args = kids(n.childForFieldName('arguments'));
    const t = this.info.resolveType(args[0]);
    if (which === 'new') {
      const kk = this.spill(k, n, 'new', undefined, this.b.sizes.sizeof(t));
      if (this.b.sizes.sizeof(t) !== null && this.b.sizes.sizeof(t)! > MAX_IMPLICIT_STACK_VAR_SIZE) this.lastAllocHeap(kk, 'too large for stack');
      return;
    }
    const u = this.checker.oracle.underlying(t);
    if (u.kind === 'chan') {
      for (const a of args.slice(1)) this.discard(a);
      return;
    }
    if (u.kind === 'map') {
      this.spill(k, n, 'makemap');
      for (const a of args.slice(1)) this.discard(a);
      return;
    }
    const text = this.makeText(n, args);
    const kk = this.spill(k, n, 'makeslice', text);
    for (const a of args.slice(1)) this.discard(a);
    if (u.kind === 'slice') {
      const es = this.b.sizes.sizeof(u.elem);
      const r = args[2] ?? args[1];
      const v = r ? this.staticInt(r) : undefined;
      if (es === 0) this.lastAllocHeap(kk, 'zero-sized element');
      else if (v !== undefined && es !== null && v * es > MAX_IMPLICIT_STACK_VAR_SIZE) this.lastAllocHeap(kk, 'too large for stack');
    }
  }

  /** ReassignOracle.StaticValue for ints: constants, and locals assigned once from a constant. */
  private staticInt(n: Node): number | undefined {
    const v = this.info.constValue(n);
    if (typeof v === 'number') return v;
    if (n.type === 'identifier') {
      const o = this.info.objectOf(n);
      if (o && o.kind === 'var' && !o.global && !this.b.reassignedObjs.has(o.id) && o.role === undefined) {
        const init = this.staticInit(o);
        if (init) {
          const iv = this.info.constValue(init);
          if (typeof iv === 'number') return iv;
          if (init.type === 'identifier') return this.staticInt(init);
        }
      }
    }
    return undefined;
  }

  private makeText(n: Node, args: Node[]): string {
    const parts = args.map((a, i) => {
      if (i === 0) return printExpr(a, this.info);
      const v = this.staticInt(a);
      return v !== undefined && (i === args.length - 1) ? String(v) : printExpr(a, this.info);
    });
    void n;
    return `make(${[parts[0] === undefined ? '?' : (args[0].type.endsWith('_type') ? typeTextOf(args[0]) : parts[0]), ...parts.slice(1)].join(', ')})`;
  }

  private lastAllocHeap(k: Hole, why: string): void {
    k.dst.heapReason = why;
  }

  private compositeLit(k: Hole, n: Node, t: GoType | undefined): void {
    const u = t ? this.checker.oracle.underlying(t) : undefined;
    if (u?.kind === 'slice') {
      const kk = this.spill(k, n, 'slicelit');
      this.compositeElems(kk, n, t, true);
      return;
    }
    if (u?.kind === 'map') {
      this.spill(k, n, 'maplit');
      const body = n.type === 'literal_value' ? n : n.childForFieldName('body');
      for (const el of kids(body)) {
        if (el.type !== 'keyed_element') continue;
        const [kn, vn] = kids(el);
        this.exprTo(note(this.heapHole(), n, 'map literal key'), unwrapElem(kn), u.key);
        this.exprTo(note(this.heapHole(), n, 'map literal value'), unwrapElem(vn), u.elem);
      }
      return;
    }
    this.compositeElems(k, n, t, false);
  }

  /** Elements of a struct/array/slice literal flow into k. */
  private compositeElems(k: Hole, n: Node, t: GoType | undefined, _slice: boolean): void {
    const body = n.type === 'literal_value' ? n : n.childForFieldName('body');
    const u = t ? this.checker.oracle.underlying(t) : undefined;
    let i = 0;
    for (const el of kids(body)) {
      let valueNode: Node | undefined;
      let target: GoType | undefined;
      if (el.type === 'keyed_element') {
        const [kn, vn] = kids(el);
        valueNode = unwrapElem(vn);
        if (u?.kind === 'struct') target = u.fields.find((f) => f.name === unwrapElem(kn)?.text)?.type;
        else {
          this.discard(unwrapElem(kn));
          if (u?.kind === 'slice' || u?.kind === 'array') target = u.elem;
        }
      } else {
        valueNode = unwrapElem(el);
        if (u?.kind === 'struct') target = u.fields[i]?.type;
        else if (u?.kind === 'slice' || u?.kind === 'array') target = u.elem;
      }
      const why = u?.kind === 'struct' ? 'struct literal element' : u?.kind === 'array' ? 'array literal element' : u?.kind === 'slice' ? 'slice-literal-element' : 'literal element';
      this.exprTo(note(k, n, why), valueNode, target);
      i++;
    }
  }

  // ---- closures --------------------------------------------------------------

  private closure(k: Hole, lit: Node): void {
    const kk = this.spill(k, lit, 'closure', 'func literal', null, lit, this.inlinedClosure(lit));
    this.b.closures.push({ k: kk, lit, info: this.info, depth: this.loopDepth });
    for (const o of this.freeVars(lit)) {
      const loc = this.varLoc(o);
      if (!loc.captured) {
        loc.captured = true;
        if (loc.loopDepth === this.loopDepth) loc.reassigned = false;
      }
    }
    this.b.parentFn.set(lit.id, this.curfn);
    const inner = new Escape(this.b, this.info, lit);
    this.initFrame(lit);
    inner.walkFunc(lit);
    const frame = this.b.frames.get(lit.id);
    if (frame) this.g.closureResults.set(kk.dst, frame.results);
  }

  /**
   * The compiler inlines small closures called in place (`func(){...}()`) or through a
   * variable bound once and only called; the literal then has no report of its own.
   */
  private inlinedClosure(lit: Node): boolean {
    const small = lit.descendantCount < 120 && !/\b(go|defer|recover|select)\b/.test(lit.childForFieldName('body')?.text ?? '');
    if (!small) return false;
    const p = lit.parent;
    if (p?.type === 'call_expression' && p.childForFieldName('function')?.id === lit.id) {
      return p.parent?.type !== 'go_statement' && p.parent?.type !== 'defer_statement';
    }
    for (const [objId, l] of this.b.staticLits) {
      if (l.id !== lit.id) continue;
      const o = this.info.locals.find((x) => x.id === objId);
      const body = this.curfn.childForFieldName('body');
      if (!o || !body) return false;
      let onlyCalls = true;
      const visit = (n: Node) => {
        if (!onlyCalls) return;
        if (n.type === 'identifier' && n.id !== o.decl?.id && this.info.objectOf(n) === o) {
          const par = n.parent;
          if (!(par?.type === 'call_expression' && par.childForFieldName('function')?.id === n.id) || par.parent?.type === 'go_statement' || par.parent?.type === 'defer_statement') onlyCalls = false;
        }
        for (let i = 0, ks = kids(n); i < ks.length; i++) visit(ks[i]);
      };
      visit(body);
      return onlyCalls;
    }
    return false;
  }

  /** Declares the locations of a function's params/results (initFunc). */
  initFrame(fnNode: Node): void {
    if (this.b.frames.has(fnNode.id)) return;
    const f = this.info.frames.get(fnNode.id);
    const params: (Loc | null)[] = [];
    const sig = f?.sig;
    const byIndex = new Map<number, Obj>();
    for (const p of f?.params ?? []) byIndex.set(p.index ?? -2, p);
    for (let i = 0; i < (sig?.params.length ?? 0); i++) {
      const o = byIndex.get(i);
      params.push(o && o.name !== '_' ? this.varLoc(o) : null);
    }
    const recv = f?.recv && f.recv.name !== '_' ? this.varLoc(f.recv) : null;
    const results: Loc[] = [];
    const named = new Map<number, Obj>();
    for (const r of f?.results ?? []) named.set(r.index ?? -1, r);
    for (let i = 0; i < (sig?.results.length ?? 0); i++) {
      const o = named.get(i);
      let l: Loc;
      if (o) l = this.varLoc(o);
      else {
        l = this.g.newLoc(null, null, fnNode, 1, true);
        l.paramOut = true;
        l.resultIndex = i + 1;
      }
      results.push(l);
    }
    this.b.frames.set(fnNode.id, { params, recv, results });
  }

  private freeVarCache = new Map<number, Obj[]>();
  private freeVarUses = new Map<string, Node>();
  /** The first use of free variable `o` inside `lit` (where the compiler positions the closure variable). */
  freeVarUse(lit: Node, o: Obj): Node | undefined {
    this.freeVars(lit);
    return this.freeVarUses.get(`${lit.id}:${o.id}`);
  }
  freeVars(lit: Node): Obj[] {
    const c = this.freeVarCache.get(lit.id);
    if (c) return c;
    const out: Obj[] = [];
    const seen = new Set<number>();
    const inside = (o: Obj): boolean => {
      let p: Node | null = o.owner ?? null;
      while (p) {
        if (p.id === lit.id) return true;
        p = p.parent;
      }
      return false;
    };
    const visit = (n: Node) => {
      if (n.type === 'identifier') {
        const o = this.info.objectOf(n);
        if (o && o.kind === 'var' && !o.global && !seen.has(o.id) && !inside(o)) {
          seen.add(o.id);
          out.push(o);
          this.freeVarUses.set(`${lit.id}:${o.id}`, n);
        }
      }
      for (const ch of kids(n)) visit(ch);
    };
    const body = lit.childForFieldName('body');
    if (body) visit(body);
    this.freeVarCache.set(lit.id, out);
    return out;
  }

  // ---- calls (call.go) -------------------------------------------------------

  summaryFor(callee: Callee): FuncSummary | 'batch' | undefined {
    if (callee.kind === 'local') {
      if (this.b.inBatch.has(callee.decl.node.id)) return 'batch';
      return this.b.summaries.get(callee.decl.key);
    }
    if (callee.kind === 'std') {
      const fn = callee.fn;
      const tag = (e: (typeof fn.p)[number]['e']): number[] | null => {
        if (e === undefined || e === 'none') return new Leaks().v;
        const l = new Leaks();
        if (e.heap) l.add(0, 0);
        if (e.content) l.add(0, 1);
        for (const [ri, lvl] of e.res ?? []) l.add(3 + ri, lvl);
        return l.v;
      };
      return {
        key: callee.key,
        hasRecv: !!fn.recv,
        params: [...(fn.recv ? [tag(fn.recv.e)] : []), ...fn.p.map((p) => tag(p.e))],
      };
    }
    return undefined;
  }

  /** call.go tagHole: where an argument for parameter slot `slot` flows. */
  private tagHole(ks: Hole[] | null, sum: FuncSummary | undefined, slot: number): Hole {
    if (!sum) return this.heapHole();
    const leaks = sum.params[slot];
    if (leaks === undefined) return this.heapHole();
    if (leaks === null) return this.discardHole();
    const tag: Hole[] = [];
    if (leaks[0] >= 0) tag.push(shift(this.heapHole(), leaks[0]));
    if (leaks[1] >= 0) tag.push(shift(this.mutatorHole(), leaks[1]));
    if (leaks[2] >= 0) tag.push(shift(this.calleeHole(), leaks[2]));
    if (ks) for (let i = 0; i < 5; i++) if (leaks[3 + i] >= 0 && ks[i]) tag.push(shift(ks[i], leaks[3 + i]));
    return this.teeHole(...tag);
  }

  /**
   * Evaluates a call; ks receive its results. `extra`, when set, also receives
   * every argument (the go/defer wrapper capturing them).
   */
  call(ks: Hole[] | null, call: Node, extra?: Hole): void {
    const callee = this.info.calleeOf(call);
    this.noteVia(call, callee);
    const argsNode = call.childForFieldName('arguments');
    const rawArgs = kids(argsNode);
    const ddd = rawArgs.some((a) => a.type === 'variadic_argument');
    const args = rawArgs.map((a) => (a.type === 'variadic_argument' ? a.namedChildren[0]! : a));
    const argument = (k: Hole, a: Node | undefined, target?: GoType) => {
      if (!a) return;
      const kk = extra ? this.teeHole(k, extra) : k;
      this.exprTo(note(kk, call, 'call parameter'), a, target);
    };

    if (callee.kind === 'conversion') {
      this.conversion(ks?.[0] ?? this.discardHole(), call, callee.to, args[0]);
      return;
    }
    if (callee.kind === 'builtin') {
      this.builtin(ks, call, callee.name, args, ddd, argument);
      return;
    }

    // Static callee in the same batch (mutually recursive or a function literal).
    let batchFn: Node | undefined;
    if (callee.kind === 'local' && this.b.inBatch.has(callee.decl.node.id)) batchFn = copyOf(callee.decl.node);
    if (callee.kind === 'funcLit') batchFn = callee.lit;
    if (callee.kind === 'dynamic') {
      const fnExpr = call.childForFieldName('function');
      if (fnExpr?.type === 'identifier') {
        const o = this.info.objectOf(fnExpr);
        const lit = o ? this.b.staticLits.get(o.id) : undefined;
        if (lit) batchFn = lit;
      }
    }

    const sig: Signature | undefined = 'sig' in callee ? callee.sig : undefined;
    const sum = batchFn ? undefined : this.summaryFor(callee);
    const summary = sum === 'batch' ? undefined : sum;

    // Callee function expression.
    const fnExpr = call.childForFieldName('function');
    if (callee.kind === 'funcLit') {
      this.expr(this.discardHole(), fnExpr);
    } else if (callee.kind === 'dynamic') {
      let calleeK = this.discardHole();
      if (!batchFn && ks && ks.some((k) => k.dst !== this.g.blank)) calleeK = note(this.calleeHole(), call, 'callee operand');
      this.expr(calleeK, fnExpr);
    }

    if (batchFn && ks) {
      this.initFrameFor(batchFn);
      const frame = this.b.frames.get(batchFn.id);
      frame?.results.forEach((r, i) => ks[i] && this.g.flow(ks[i], r));
    }

    const paramHole = (slot: number, recvSlot: boolean): Hole => {
      if (batchFn) {
        const frame = this.b.frames.get(batchFn.id);
        const l = recvSlot ? frame?.recv : frame?.params[slot];
        return l ? hole(l) : this.discardHole();
      }
      if (callee.kind === 'interface' || callee.kind === 'dynamic' || callee.kind === 'external') return this.heapHole();
      const hasRecv = summary?.hasRecv ?? false;
      return this.tagHole(ks, summary, recvSlot ? 0 : slot + (hasRecv ? 1 : 0));
    };

    // Receiver.
    const recv = 'recv' in callee ? callee.recv : undefined;
    let argList = args;
    let paramTypes = sig?.params.map((p) => p.type) ?? [];
    if (recv) {
      let k = paramHole(0, true);
      if (extra) k = this.teeHole(k, extra);
      k = note(k, call, 'call parameter');
      k = shift(k, recv.ptrDerefs);
      // Implicit `&recv` / `*recv`: the compiler prints them as the receiver itself.
      if (recv.adjust === 'addr') k = addr(k, recv.expr, 'address-of');
      else if (recv.adjust === 'deref') k = deref(k, recv.expr, 'indirection');
      this.expr(k, recv.expr);
    } else if (callee.kind === 'local' && callee.decl.recvType && fnExpr?.type === 'selector_expression') {
      // method expression T.M(recv, args...)
      const rk = paramHole(0, true);
      argument(rk, args[0]);
      argList = args.slice(1);
    }

    // Multi-value argument f(g()).
    if (argList.length === 1 && argList[0].type === 'call_expression' && paramTypes.length > 1 && this.callResultCount(argList[0]) > 1) {
      const tmps = paramTypes.map(() => this.g.newLoc(null, null, this.curfn, this.loopDepth, false));
      this.call(tmps.map((t) => hole(t)), argList[0]);
      tmps.forEach((t, i) => {
        let k = paramHole(i, false);
        if (extra) k = this.teeHole(k, extra);
        if (paramTypes[i] && this.isIface(paramTypes[i])) k = this.spill(k, argList[0], 'conviface', undefined, null, argList[0], true);
        this.g.flow(k, t);
      });
      return;
    }

    const variadic = !!sig?.variadic && !ddd;
    const nFixed = variadic ? paramTypes.length - 1 : paramTypes.length;
    if (!sig) paramTypes = [];
    argList.forEach((a, i) => {
      if (variadic && i >= nFixed) return;
      argument(paramHole(i, false), a, paramTypes[i]);
    });
    if (variadic) {
      const extraArgs = argList.slice(nFixed);
      if (extraArgs.length) {
        let k = paramHole(nFixed, false);
        if (extra) k = this.teeHole(k, extra);
        const dk = this.spill(note(k, call, 'call parameter'), call, 'ddd', '... argument', null, call);
        const st = this.checker.oracle.underlying(paramTypes[nFixed] ?? { kind: 'unknown', reason: '' });
        const et = st.kind === 'slice' ? st.elem : undefined;
        for (const a of extraArgs) this.exprTo(note(dk, call, 'slice-literal-element'), a, et);
      }
    }
  }

  /** Records how the callee is reached when the compiler's words would not say it (see CallVia). */
  private noteVia(call: Node, callee: Callee): void {
    const m = this.b.callVia;
    if (!m || m.has(call.id)) return;
    if (callee.kind === 'interface') {
      const t = callee.recv.type.kind === 'named' ? callee.recv.type : callee.ifaceType;
      m.set(call.id, { kind: 'interface', type: typeString(t) });
    } else if (callee.kind === 'local' && callee.recv && callee.decl.recvType && !/\[/.test(callee.decl.node.childForFieldName('receiver')?.text ?? '')) {
      // The compiler calls a method statically by its method expression: `(*T).M(t, …)`.
      const t = callee.decl.recvType;
      m.set(call.id, { kind: 'known', name: callee.decl.recvPointer ? `(*${t}).${callee.decl.name}` : `${t}.${callee.decl.name}` });
    } else if (callee.kind === 'external') {
      m.set(call.id, { kind: 'external', pkg: callee.pkg });
    } else if (callee.kind === 'dynamic') {
      const fn = call.childForFieldName('function');
      const o = fn?.type === 'identifier' ? this.info.objectOf(fn) : undefined;
      if (!(o && this.b.staticLits.has(o.id))) m.set(call.id, { kind: 'func-value' });
    }
  }

  private initFrameFor(fnNode: Node): void {
    if (this.b.frames.has(fnNode.id)) return;
    this.initFrame(fnNode);
  }

  private builtin(ks: Hole[] | null, call: Node, name: string, args: Node[], ddd: boolean, argument: (k: Hole, a: Node | undefined, t?: GoType) => void): void {
    const k0 = ks?.[0] ?? this.discardHole();
    switch (name) {
      case 'append': {
        const st = this.checker.oracle.underlying(this.typeOf(args[0]));
        const elem = st.kind === 'slice' ? st.elem : undefined;
        let appendeeK = this.teeHole(k0, this.mutatorHole());
        if (!elem || this.hasPointers(elem)) appendeeK = this.teeHole(appendeeK, deref(this.heapHole(), call, 'appendee slice'));
        argument(appendeeK, args[0]);
        if (ddd) {
          const at = this.checker.oracle.underlying(this.typeOf(args[1]));
          let appendedK = this.discardHole();
          if (at.kind === 'slice' && this.hasPointers(at.elem)) appendedK = deref(this.heapHole(), call, 'appended slice...');
          argument(appendedK, args[1]);
        } else {
          for (const a of args.slice(1)) argument(this.heapHole(), a, elem);
        }
        const bs = this.spill(k0, call, 'append', 'append');
        bs.dst.loopDepth = 0;
        return;
      }
      case 'copy': {
        argument(this.mutatorHole(), args[0]);
        const yt = this.checker.oracle.underlying(this.typeOf(args[1]));
        argument(yt.kind === 'slice' && this.hasPointers(yt.elem) ? deref(this.heapHole(), call, 'copied slice') : this.discardHole(), args[1]);
        return;
      }
      case 'panic':
        argument(this.heapHole(), args[0], { kind: 'interface', methods: [], embeds: [] });
        return;
      case 'min':
      case 'max':
        for (const a of args) argument(k0, a);
        return;
      case 'clear':
        argument(this.mutatorHole(), args[0]);
        return;
      case 'unsafe.String':
      case 'unsafe.Slice':
      case 'unsafe.Add':
      case 'unsafe.StringData':
      case 'unsafe.SliceData':
        argument(k0, args[0]);
        for (const a of args.slice(1)) this.discard(a);
        return;
      case 'print':
      case 'println':
      case 'delete':
      case 'recover':
      case 'len':
      case 'cap':
      case 'close':
      case 'real':
      case 'imag':
      case 'complex':
      default:
        for (const a of args) if (!a.type.endsWith('_type')) this.discard(a);
    }
  }
}

function unwrapElem(n: Node | undefined): Node | undefined {
  if (!n) return undefined;
  if (n.type === 'literal_element') return n.namedChildren[0] ?? undefined;
  return n;
}

function typeTextOf(n: Node): string {
  return n.text.replace(/interface\{\}/g, 'interface {}').replace(/\s+/g, ' ');
}

export { ATTR_PERSISTS };
