/**
 * Enough of go/types for the memory models: objects and scopes of function
 * bodies, expression types, constants, field and method selection through
 * embedding, and the static callee of each call (package function, std function
 * with its escape-table entry, interface method, function value).
 *
 * It never fails: code being typed yields `unknown` types where go/types would
 * report errors, and callers treat unknown conservatively.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { adoptCopy, copyOf, descendantsOf, kids } from './nodes';
import { BASIC, GoType, predeclaredType, Signature, substitute, UNKNOWN } from '../goTypes';
import type { FileInfo, FuncDecl, PackageIndex } from '../goPackage';
import { resolveSignature, resolveTypeNode, TypeScope } from '../typeResolver';
import type { StdTables } from '../stdTables';
import { evalConst } from './constants';
import type { Callee, ConstValue, Obj, Receiver } from './objects';
import { ANY, parseTypeString, TypeOracle } from './typeUtil';

export interface CheckerOptions {
  std?: StdTables;
  goarch?: string;
}

const BUILTINS = new Set([
  'append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'max', 'min', 'new', 'panic',
  'print', 'println', 'real', 'recover',
]);

const NO_SIG: Signature = { params: [], results: [], variadic: false };


/** Type parameters declared by a function or by the receiver's generic type. */
function funcTypeParams(node: Node): string[] {
  const names: string[] = [];
  const tp = node.childForFieldName('type_parameters');
  for (const d of kids(tp)) for (const n of d.childrenForFieldName('name')) if (n) names.push(n.text);
  const recv = node.childForFieldName('receiver');
  // The receiver alone is searched (a few nodes): descendantsOf would index the whole method
  // declaration, for every callee whose signature a keystroke's function needs.
  if (recv) {
    for (const g of recv.descendantsOfType('generic_type')) {
      if (!g) continue;
      for (const a of kids(g.childForFieldName('type_arguments'))) names.push(a.text.replace(/^\*/, ''));
    }
  }
  return names;
}

/**
 * Object ids are unique across checkers: a FunctionInfo kept from a previous analysis (see
 * PackageChecker.adopt) meets this analysis's objects in one escape batch, keyed by id.
 */
let nextObjectId = 1;

/** Per-package checker; create once per analysis of a package version. */
export class PackageChecker {
  readonly oracle: TypeOracle;
  private globals = new Map<string, Obj>();
  private globalTyping = new Set<string>();
  private funcs = new Map<number, FunctionInfo>();
  private sigs = new Map<number, Signature>();
  private universe = new Map<string, Obj>();

  constructor(
    readonly index: PackageIndex,
    readonly options: CheckerOptions = {},
  ) {
    this.oracle = new TypeOracle(index, options.std?.layout, options.std?.escape?.funcs, options.goarch ?? 'amd64');
    for (const b of BUILTINS) this.universe.set(b, this.mkObj({ kind: 'builtin', name: b, type: UNKNOWN('builtin'), decl: null, global: true }));
    this.universe.set('nil', this.mkObj({ kind: 'nil', name: 'nil', type: BASIC('untyped nil'), decl: null, global: true }));
    this.universe.set('true', this.mkObj({ kind: 'const', name: 'true', type: BASIC('untyped bool'), decl: null, global: true, value: true }));
    this.universe.set('false', this.mkObj({ kind: 'const', name: 'false', type: BASIC('untyped bool'), decl: null, global: true, value: false }));
  }

  mkObj(o: Omit<Obj, 'id'>): Obj {
    return { id: nextObjectId++, ...o };
  }

  typeScope(file: FileInfo | undefined, typeParams: Iterable<string> = []): TypeScope {
    const scope: TypeScope = { index: this.index, file, typeParams: new Set(typeParams) };
    scope.constInt = (n) => {
      const v = evalConst(n, (id) => this.lookupGlobal(id.text, file)?.value);
      return typeof v === 'number' ? v : null;
    };
    return scope;
  }

  /** The signature of a package function or method declaration (receiver excluded). */
  signatureOf(decl: FuncDecl): Signature {
    const c = this.sigs.get(decl.node.id);
    if (c) return c;
    const sig = resolveSignature(decl.node, this.typeScope(this.index.files.get(decl.file.path), funcTypeParams(decl.node)));
    this.sigs.set(decl.node.id, sig);
    return sig;
  }

  /** Receiver type of a method declaration. */
  receiverType(decl: FuncDecl): GoType {
    const recv = kids(decl.node.childForFieldName('receiver'))[0];
    return resolveTypeNode(recv?.childForFieldName('type'), this.typeScope(this.index.files.get(decl.file.path), funcTypeParams(decl.node)));
  }

  /** Universe, package-level or import object named `name` as seen from `file`. */
  lookupGlobal(name: string, file: FileInfo | undefined): Obj | undefined {
    const g = this.globalObject(name);
    if (g) return g;
    const imp = file?.imports.get(name);
    if (imp !== undefined) return this.mkObj({ kind: 'pkg', name, type: UNKNOWN('package'), decl: null, global: true, pkgPath: imp });
    const u = this.universe.get(name);
    if (u) return u;
    const pre = predeclaredType(name);
    if (pre) return this.mkObj({ kind: 'type', name, type: pre, decl: null, global: true });
    return undefined;
  }

  /** A package-level var, const, func or type. */
  globalObject(name: string): Obj | undefined {
    const cached = this.globals.get(name);
    if (cached) return cached;
    const fd = this.index.funcs.get(name);
    if (fd && !fd.recvType) {
      const o = this.mkObj({ kind: 'func', name, type: { kind: 'func', sig: this.signatureOf(fd) }, decl: fd.node.childForFieldName('name'), global: true, funcKey: name });
      this.globals.set(name, o);
      return o;
    }
    const td = this.index.types.get(name);
    if (td) {
      const o = this.mkObj({ kind: 'type', name, type: { kind: 'named', pkg: '', name, args: [] }, decl: td.spec.childForFieldName('name'), global: true });
      this.globals.set(name, o);
      return o;
    }
    const vd = this.index.values.get(name);
    if (!vd) return undefined;
    if (this.globalTyping.has(name)) return undefined;
    this.globalTyping.add(name);
    try {
      const file = this.index.files.get(vd.file.path);
      const spec = vd.spec;
      const names = spec.childrenForFieldName('name').filter((n): n is Node => !!n);
      const i = names.findIndex((n) => n.text === name);
      const o = this.mkObj({ kind: vd.isConst ? 'const' : 'var', name, type: UNKNOWN('global'), decl: names[i] ?? null, global: true });
      this.globals.set(name, o);
      const ctx = new FunctionInfo(this, null, file);
      if (vd.isConst) {
        const { value, typeNode, iota } = constSpecValue(spec, i);
        o.value = evalConst(value, (id) => this.lookupGlobal(id.text, file)?.value, iota);
        o.type = typeNode ? ctx.resolveType(typeNode) : value ? ctx.typeOf(value) : BASIC('untyped int');
        if (!typeNode && value?.type === 'identifier' && value.text === 'iota') o.type = BASIC('untyped int');
      } else {
        const typeNode = spec.childForFieldName('type');
        const values = kids(spec.childForFieldName('value'));
        if (typeNode) o.type = ctx.resolveType(typeNode);
        else if (values.length === names.length) o.type = defaultType(ctx.typeOf(values[i]));
        else if (values.length === 1) {
          const t = ctx.typeOf(values[0]);
          o.type = t.kind === 'tuple' ? t.types[i] ?? UNKNOWN('tuple') : UNKNOWN('tuple');
        }
      }
      return o;
    } finally {
      this.globalTyping.delete(name);
    }
  }

  /** Type information for one function body (memoized by node). `node` is a function or method declaration. */
  checkFunction(decl: FuncDecl | Node): FunctionInfo {
    const given = 'node' in decl && 'key' in decl ? decl.node : (decl as Node);
    const hit = this.funcs.get(given.id);
    if (hit) return hit;
    const node = copyOf(given);
    const path = 'file' in decl && 'key' in decl ? decl.file.path : undefined;
    const file = path ? this.index.files.get(path) : [...this.index.files.values()].find((f) => f.file.tree === node.tree) ?? [...this.index.files.values()].find((f) => f.file.tree.rootNode.equals(node.tree.rootNode));
    const info = new FunctionInfo(this, node, file);
    info.walkFunction(node);
    this.funcs.set(node.id, info);
    return info;
  }

  /**
   * Takes the FunctionInfo a previous analysis's checker made for `decl`, whose tree (so its
   * text and its file's imports) is the same and which names no changed declaration: its
   * package-level objects become this checker's, and checkFunction answers with it. False
   * when a name it uses no longer resolves to the same kind of thing (then check it again).
   */
  adopt(decl: FuncDecl, info: FunctionInfo): boolean {
    if (!info.rebind(this, this.index.files.get(decl.file.path))) return false;
    this.funcs.set(decl.node.id, info);
    if (info.node) adoptCopy(info.node);
    return true;
  }

  /** Finds a method named `name` on t (value or pointer), through embedding. */
  lookupMethod(
    t: GoType,
    name: string,
  ): { local?: FuncDecl; std?: { key: string; fn: import('../stdTables').StdFunc; ptrRecv: boolean }; iface?: GoType; ptrDerefs: number; ptrRecv: boolean; isPtr: boolean } | undefined {
    let cur = t;
    let d = 0;
    let isPtr = false;
    if (cur.kind === 'pointer') {
      cur = cur.elem;
      isPtr = true;
    }
    const visit = (ty: GoType, derefs: number, viaPtr: boolean, depth: number): ReturnType<PackageChecker['lookupMethod']> => {
      if (depth > 5) return undefined;
      if (ty.kind === 'named' && !this.oracle.isInterface(ty)) {
        if (ty.pkg === '') {
          const fd = this.index.funcs.get(`${ty.name}.${name}`);
          if (fd) return { local: fd, ptrDerefs: derefs, ptrRecv: fd.recvPointer, isPtr: viaPtr };
        } else {
          const m = this.oracle.stdMethods.get(`${ty.pkg}.${ty.name}`)?.get(name);
          if (m) return { std: m, ptrDerefs: derefs, ptrRecv: m.ptrRecv, isPtr: viaPtr };
        }
      }
      const u = this.oracle.underlying(ty);
      if (u.kind === 'interface') return { iface: ty, ptrDerefs: derefs, ptrRecv: false, isPtr: viaPtr };
      if (u.kind === 'struct') {
        for (const f of u.fields) {
          if (!f.embedded) continue;
          const fp = f.type.kind === 'pointer';
          const r = visit(fp ? (f.type as { elem: GoType }).elem : f.type, derefs + (viaPtr ? 1 : 0), fp, depth + 1);
          if (r) return r;
        }
      }
      return undefined;
    };
    void d;
    return visit(cur, 0, isPtr, 0);
  }

  /** Signature of a std function from its table entry. */
  stdSignature(fn: import('../stdTables').StdFunc): Signature {
    return {
      params: fn.p.map((p) => ({ name: p.n, type: parseTypeString(p.t) })),
      results: fn.r.map((r) => ({ name: '', type: parseTypeString(r) })),
      variadic: !!fn.v,
    };
  }
}

/** A const declaration's specs, each spec's place, and for each place the spec whose values it repeats. */
interface ConstGroup {
  specs: Node[];
  place: Map<number, number>;
  /** Index of the nearest spec at or before each place that has values (-1: none). */
  source: number[];
}

/** Per tree (a 5,000-constant iota group was quadratic twice: finding the place, then the values). */
const constGroups = new WeakMap<Tree, Map<number, ConstGroup>>();

function constGroup(decl: Node | null): ConstGroup {
  if (!decl) return { specs: [], place: new Map(), source: [] };
  let perTree = constGroups.get(decl.tree);
  if (!perTree) constGroups.set(decl.tree, (perTree = new Map()));
  let g = perTree.get(decl.id);
  if (!g) {
    const specs = kids(decl).filter((s) => s.type === 'const_spec');
    const source: number[] = [];
    let last = -1;
    specs.forEach((s, i) => {
      if (s.childForFieldName('value')) last = i;
      source.push(last);
    });
    g = { specs, place: new Map(specs.map((s, i) => [s.id, i])), source };
    perTree.set(decl.id, g);
  }
  return g;
}

function constSpecValue(spec: Node, i: number): { value: Node | null; typeNode: Node | null; iota: number } {
  // Implicit repetition: a const spec without values repeats the previous one's.
  const { specs, place, source } = constGroup(spec.parent);
  const idx = place.get(spec.id) ?? -1;
  for (let j = idx >= 0 ? source[idx] : -1; j >= 0; j = j > 0 ? source[j - 1] : -1) {
    const vals = kids(specs[j].childForFieldName('value'));
    if (vals.length) return { value: vals[i] ?? null, typeNode: specs[j].childForFieldName('type'), iota: idx };
  }
  return { value: null, typeNode: null, iota: idx };
}

/** The default type of an untyped constant type (go/types Default). */
export function defaultType(t: GoType | undefined): GoType {
  if (!t) return UNKNOWN('missing value');
  if (t.kind !== 'basic') return t;
  switch (t.name) {
    case 'untyped int':
      return BASIC('int');
    case 'untyped float':
      return BASIC('float64');
    case 'untyped rune':
      return BASIC('int32');
    case 'untyped string':
      return BASIC('string');
    case 'untyped bool':
      return BASIC('bool');
    default:
      return t;
  }
}

/** The checker of a detached FunctionInfo: any use is a bug (adopt it first). */
const DETACHED = new Proxy({} as PackageChecker, {
  get() {
    throw new Error('a detached FunctionInfo was used before a checker adopted it');
  },
});

/**
 * Types and objects of one function body (declaration or, with `node` null,
 * package-level initializer expressions). Function literals inside are part of
 * the same FunctionInfo; `ownerOf` says which function declares a local.
 */

export class FunctionInfo {
  readonly objects = new Map<number, Obj>();
  private types = new Map<number, GoType>();
  /** Types of elided composite literals (`{...}` inside `[]T{...}`), by literal_value node. */
  readonly elidedTypes = new Map<number, GoType>();
  readonly locals: Obj[] = [];
  /** Function literals in source order. */
  readonly funcLits: Node[] = [];
  /** Params, results and receiver per function node (declaration and literals). */
  readonly frames = new Map<number, { params: Obj[]; results: Obj[]; recv?: Obj; sig: Signature }>();
  private scopes: Map<string, Obj>[] = [];
  private typeParams: string[] = [];
  private localTypes = new Map<string, GoType>();
  private ownerStack: Node[] = [];

  constructor(
    /** The checker (and index) it answers lazy questions with; another one's after rebind. */
    public pkg: PackageChecker,
    readonly node: Node | null,
    public file: FileInfo | undefined,
  ) {}

  /**
   * Lets go of the checker (and with it the index and every function it checked) while this
   * information waits to be adopted by a later analysis's checker; used before that, it throws.
   */
  detach(): void {
    this.pkg = DETACHED;
    this.file = undefined;
  }

  /**
   * Moves this function's information to another checker of the same package (see
   * PackageChecker.adopt): package-level objects it resolved are looked up there again.
   */
  rebind(pkg: PackageChecker, file: FileInfo | undefined): boolean {
    const moved: [number, Obj][] = [];
    for (const [id, o] of this.objects) {
      if (!o.global || o.kind === 'pkg') continue;
      const now = pkg.lookupGlobal(o.name, file);
      if (!now || now.kind !== o.kind) return false;
      moved.push([id, now]);
    }
    this.pkg = pkg;
    this.file = file;
    for (const [id, o] of moved) this.objects.set(id, o);
    // A callee naming a declaration of the other checker's index stays when this index has that very
    // declaration (the same file tree, so the same text); one in an edited file is asked again. The
    // others (builtins, conversions, the standard library, interface methods, literals) depend on
    // this function's own text and the names it mentions, which adoption already requires unchanged.
    for (const [id, c] of this.calleeMemo) if (c.kind === 'local' && pkg.index.funcs.get(c.decl.key) !== c.decl) this.calleeMemo.delete(id);
    return true;
  }

  get oracle(): TypeOracle {
    return this.pkg.oracle;
  }

  /** The object an identifier denotes (declaration or use). */
  objectOf(ident: Node): Obj | undefined {
    const o = this.objects.get(ident.id);
    if (o) return o;
    if (ident.type === 'identifier' || ident.type === 'type_identifier') return this.pkg.lookupGlobal(ident.text, this.file);
    return undefined;
  }

  // ---- types ------------------------------------------------------------

  resolveType(n: Node | null | undefined): GoType {
    if (!n) return UNKNOWN('missing type');
    switch (n.type) {
      case 'type_identifier':
      case 'identifier': {
        const lt = this.lookupLocalType(n.text);
        if (lt) return lt;
        break;
      }
      case 'pointer_type':
        return { kind: 'pointer', elem: this.resolveType(n.namedChildren[0]) };
      case 'slice_type':
        return { kind: 'slice', elem: this.resolveType(n.childForFieldName('element')) };
      case 'parenthesized_type':
      case 'parenthesized_expression':
        return this.resolveType(n.namedChildren[0]);
      case 'unary_expression':
        if (n.child(0)?.text === '*') return { kind: 'pointer', elem: this.resolveType(n.childForFieldName('operand')) };
        break;
      case 'array_type':
      case 'implicit_length_array_type': {
        const lenNode = n.childForFieldName('length');
        const v = lenNode ? evalConst(lenNode, (id) => this.objectOf(id)?.value) : null;
        return { kind: 'array', len: typeof v === 'number' ? v : null, elem: this.resolveType(n.childForFieldName('element')) };
      }
      case 'map_type':
        return { kind: 'map', key: this.resolveType(n.childForFieldName('key')), elem: this.resolveType(n.childForFieldName('value')) };
      case 'channel_type':
        return { kind: 'chan', elem: this.resolveType(n.childForFieldName('value')) };
      case 'index_expression': {
        // generic instantiation written as an expression: List[int]
        const base = this.resolveType(n.childForFieldName('operand'));
        const args = kids(n).slice(1).map((a) => this.resolveType(a));
        return base.kind === 'named' ? { ...base, args } : base;
      }
    }
    return resolveTypeNode(n, this.pkg.typeScope(this.file, this.typeParams));
  }

  private lookupLocalType(name: string): GoType | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const o = this.scopes[i].get(name);
      if (o) return o.kind === 'type' ? o.type : undefined;
    }
    return this.localTypes.get(name);
  }

  underlying(t: GoType): GoType {
    return this.oracle.underlying(t);
  }

  /** The type of an expression (tuple for multi-value calls). Never throws. */
  typeOf(n: Node | null | undefined): GoType {
    if (!n) return UNKNOWN('missing');
    const c = this.types.get(n.id);
    if (c) return c;
    let t: GoType;
    try {
      t = this.computeType(n);
    } catch {
      t = UNKNOWN('error');
    }
    this.types.set(n.id, t);
    return t;
  }

  /** True when the expression denotes a type rather than a value. */
  isTypeExpr(n: Node): boolean {
    switch (n.type) {
      case 'type_identifier':
      case 'pointer_type':
      case 'slice_type':
      case 'array_type':
      case 'map_type':
      case 'channel_type':
      case 'function_type':
      case 'struct_type':
      case 'interface_type':
      case 'qualified_type':
      case 'generic_type':
      case 'parenthesized_type':
        return true;
      case 'identifier':
        return this.objectOf(n)?.kind === 'type';
      case 'selector_expression': {
        const op = n.childForFieldName('operand');
        return op?.type === 'identifier' && this.objectOf(op)?.kind === 'pkg' && this.pkgMemberIsType(op, n.childForFieldName('field')?.text ?? '');
      }
      case 'parenthesized_expression':
        return !!n.namedChildren[0] && this.isTypeExpr(n.namedChildren[0]);
      case 'unary_expression':
        return n.child(0)?.text === '*' && !!n.childForFieldName('operand') && this.isTypeExpr(n.childForFieldName('operand')!);
      case 'index_expression': {
        const op = n.childForFieldName('operand');
        return !!op && this.isTypeExpr(op);
      }
      default:
        return false;
    }
  }

  private pkgMemberIsType(pkgIdent: Node, name: string): boolean {
    const path = this.objectOf(pkgIdent)?.pkgPath ?? '';
    const layout = this.pkg.options.std?.layout;
    if (layout?.types[`${path}.${name}`]) return true;
    if (this.pkg.options.std?.escape?.funcs[`${path}.${name}`]) return false;
    if (this.pkg.options.std?.escape?.vars?.[`${path}.${name}`]) return false;
    // Without tables: exported names used as types are unknowable; guess by call shape elsewhere.
    return false;
  }

  /** Constant value of an expression, when it is a constant. */
  constValue(n: Node | null | undefined): ConstValue | undefined {
    return evalConst(n, (id) => {
      const o = this.objectOf(id);
      return o?.kind === 'const' ? o.value : undefined;
    });
  }

  private computeType(n: Node): GoType {
    switch (n.type) {
      case 'identifier': {
        const o = this.objectOf(n);
        if (!o) return UNKNOWN(`undeclared ${n.text}`);
        if (o.kind === 'type') return o.type;
        return o.type;
      }
      case 'int_literal':
        return BASIC('untyped int');
      case 'float_literal':
        return BASIC('untyped float');
      case 'imaginary_literal':
        return BASIC('complex128');
      case 'rune_literal':
        return BASIC('untyped rune');
      case 'interpreted_string_literal':
      case 'raw_string_literal':
        return BASIC('untyped string');
      case 'true':
      case 'false':
        return BASIC('untyped bool');
      case 'nil':
        return BASIC('untyped nil');
      case 'iota':
        return BASIC('untyped int');
      case 'parenthesized_expression':
        return this.typeOf(n.namedChildren[0]);
      case 'composite_literal':
        return this.compositeType(n);
      case 'literal_value': {
        const t = this.elidedTypes.get(n.id) ?? UNKNOWN('elided literal');
        return this.elidedPointer.has(n.id) ? { kind: 'pointer', elem: t } : t;
      }
      case 'func_literal':
        return { kind: 'func', sig: this.frames.get(n.id)?.sig ?? resolveSignature(n, this.pkg.typeScope(this.file, this.typeParams)) };
      case 'unary_expression': {
        const op = n.child(0)?.text;
        const x = this.typeOf(n.childForFieldName('operand'));
        if (op === '&') return { kind: 'pointer', elem: x };
        if (op === '*') {
          const u = this.underlying(x);
          return u.kind === 'pointer' ? u.elem : UNKNOWN('deref');
        }
        if (op === '<-') {
          const u = this.underlying(x);
          return u.kind === 'chan' ? u.elem : UNKNOWN('recv');
        }
        if (op === '!') return BASIC('bool');
        return x;
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text ?? '';
        if (['==', '!=', '<', '<=', '>', '>=', '&&', '||'].includes(op)) return BASIC('untyped bool');
        const l = this.typeOf(n.childForFieldName('left'));
        if (op === '<<' || op === '>>') return l;
        const r = this.typeOf(n.childForFieldName('right'));
        if (l.kind === 'basic' && l.name.startsWith('untyped') && !(r.kind === 'basic' && r.name.startsWith('untyped'))) return r;
        if (l.kind === 'basic' && r.kind === 'basic' && l.name.startsWith('untyped') && r.name.startsWith('untyped')) {
          const rank = ['untyped int', 'untyped rune', 'untyped float'];
          return rank.indexOf(l.name) >= rank.indexOf(r.name) ? l : r;
        }
        return l;
      }
      case 'selector_expression':
        return this.selectorType(n);
      case 'index_expression': {
        const opn = n.childForFieldName('operand');
        const x = this.typeOf(opn);
        const u = this.underlying(x);
        switch (u.kind) {
          case 'map':
            return u.elem;
          case 'slice':
          case 'array':
            return u.elem;
          case 'pointer': {
            const e = this.underlying(u.elem);
            return e.kind === 'array' ? e.elem : UNKNOWN('index');
          }
          case 'basic':
            return u.name === 'string' || u.name === 'untyped string' ? BASIC('uint8') : UNKNOWN('index');
          case 'func':
            return x; // generic instantiation
          default:
            if (opn && this.isTypeExpr(opn)) return this.resolveType(n);
            return UNKNOWN('index');
        }
      }
      case 'slice_expression': {
        const x = this.typeOf(n.childForFieldName('operand'));
        const u = this.underlying(x);
        if (u.kind === 'basic') return u.name === 'untyped string' ? BASIC('string') : x;
        if (u.kind === 'array') return { kind: 'slice', elem: u.elem };
        if (u.kind === 'pointer') {
          const e = this.underlying(u.elem);
          if (e.kind === 'array') return { kind: 'slice', elem: e.elem };
        }
        return x;
      }
      case 'type_assertion_expression':
        return this.resolveType(n.childForFieldName('type'));
      case 'type_conversion_expression':
        return this.resolveType(n.childForFieldName('type'));
      case 'call_expression':
        return this.callType(n);
      default:
        if (this.isTypeExpr(n)) return this.resolveType(n);
        return UNKNOWN(`expr ${n.type}`);
    }
  }

  private compositeType(n: Node): GoType {
    const tn = n.childForFieldName('type');
    if (tn?.type === 'implicit_length_array_type') {
      const body = n.childForFieldName('body');
      let count = 0;
      let idx = 0;
      for (const el of kids(body)) {
        if (el.type === 'keyed_element') {
          const k = this.constValue(kids(kids(el)[0])[0] ?? kids(el)[0]);
          idx = typeof k === 'number' ? k + 1 : idx + 1;
        } else idx++;
        count = Math.max(count, idx);
      }
      return { kind: 'array', len: count, elem: this.resolveType(tn.childForFieldName('element')) };
    }
    return this.resolveType(tn);
  }

  private selectorType(n: Node): GoType {
    const op = n.childForFieldName('operand');
    const field = n.childForFieldName('field')?.text ?? '';
    if (!op) return UNKNOWN('selector');
    if (op.type === 'identifier') {
      const o = this.objectOf(op);
      if (o?.kind === 'pkg') return this.pkgMemberType(o.pkgPath ?? '', field);
    }
    const x = this.typeOf(op);
    if (this.isTypeExpr(op)) {
      // method expression T.M / (*T).M
      const m = this.pkg.lookupMethod(x, field);
      const sig = m ? this.methodSig(m) : NO_SIG;
      return { kind: 'func', sig: { ...sig, params: [{ name: 'recv', type: x }, ...sig.params] } };
    }
    const f = this.oracle.lookupField(x, field);
    if (f) return f.type;
    const m = this.pkg.lookupMethod(x, field);
    if (m) return { kind: 'func', sig: this.methodSig(m, field) };
    return UNKNOWN(`no field ${field}`);
  }

  methodSig(m: NonNullable<ReturnType<PackageChecker['lookupMethod']>>, name = ''): Signature {
    if (m.local) return this.pkg.signatureOf(m.local);
    if (m.std) return this.pkg.stdSignature(m.std.fn);
    if (m.iface) return this.ifaceMethodSig(m.iface, name) ?? NO_SIG;
    return NO_SIG;
  }

  /** Signature of an interface method declared in the package (or unknown). */
  ifaceMethodSig(iface: GoType, name: string, depth = 0): Signature | undefined {
    if (depth > 5) return undefined;
    if (iface.kind === 'named' && iface.pkg === '') {
      const decl = this.pkg.index.types.get(iface.name);
      const tn = decl?.typeNode;
      if (tn?.type === 'interface_type') {
        for (const c of kids(tn)) {
          if ((c.type === 'method_spec' || c.type === 'method_elem') && c.childForFieldName('name')?.text === name) {
            return resolveSignature(c, this.pkg.typeScope(this.pkg.index.files.get(decl!.file.path)));
          }
          if (c.type === 'type_elem' || c.type === 'interface_type_name' || c.type === 'constraint_elem') {
            const s = this.ifaceMethodSig(this.resolveType(c.namedChildren[0]), name, depth + 1);
            if (s) return s;
          }
        }
      }
    }
    if (iface.kind === 'named' && iface.pkg !== '') {
      const m = this.oracle.stdMethods.get(`${iface.pkg}.${iface.name}`)?.get(name);
      if (m) return this.pkg.stdSignature(m.fn);
    }
    if (iface.kind === 'named' && iface.pkg === 'builtin' && name === 'Error') return { params: [], results: [{ name: '', type: BASIC('string') }], variadic: false };
    return undefined;
  }

  pkgMemberType(path: string, name: string): GoType {
    const std = this.pkg.options.std;
    const fn = std?.escape?.funcs[`${path}.${name}`];
    if (fn && !fn.recv) return { kind: 'func', sig: this.pkg.stdSignature(fn) };
    const v = std?.escape?.vars?.[`${path}.${name}`];
    if (v) return parseTypeString(v);
    if (std?.layout?.types[`${path}.${name}`]) return { kind: 'named', pkg: path, name, args: [] };
    return UNKNOWN(`unknown ${path}.${name}`);
  }

  private callType(n: Node): GoType {
    const callee = this.calleeOf(n);
    switch (callee.kind) {
      case 'conversion':
        return callee.to;
      case 'builtin': {
        const args = kids(n.childForFieldName('arguments'));
        switch (callee.name) {
          case 'len':
          case 'cap':
          case 'copy':
            return BASIC('int');
          case 'append':
            return defaultType(this.typeOf(args[0]));
          case 'make':
            return this.resolveType(args[0]);
          case 'new':
            return { kind: 'pointer', elem: this.resolveType(args[0]) };
          case 'min':
          case 'max': {
            const typed = args.map((a) => this.typeOf(a)).find((t) => !(t.kind === 'basic' && t.name.startsWith('untyped')));
            return typed ?? this.typeOf(args[0]);
          }
          case 'complex':
            return BASIC('complex128');
          case 'real':
          case 'imag':
            return BASIC('float64');
          case 'recover':
            return ANY;
          default:
            return { kind: 'tuple', types: [] };
        }
      }
      default: {
        const sig = 'sig' in callee ? callee.sig : undefined;
        if (!sig) return UNKNOWN('call of unknown function');
        let results = sig.results.map((r) => r.type);
        if (callee.kind === 'local') results = results.map((r) => this.instantiate(r, n, callee));
        if (results.length === 1) return results[0];
        return { kind: 'tuple', types: results };
      }
    }
  }

  /** Crude inference of generic results: substitute type params by the argument types of the same params. */
  private instantiate(t: GoType, call: Node, callee: Extract<Callee, { kind: 'local' }>): GoType {
    if (t.kind !== 'typeparam' && !(t.kind === 'slice' || t.kind === 'pointer' || t.kind === 'map' || t.kind === 'named')) return t;
    const env = new Map<string, GoType>();
    const args = kids(call.childForFieldName('arguments'));
    const targs = kids(call.childForFieldName('type_arguments'));
    const tps = funcTypeParams(callee.decl.node);
    targs.forEach((a, i) => tps[i] && env.set(tps[i], this.resolveType(a)));
    callee.sig.params.forEach((p, i) => {
      if (p.type.kind === 'typeparam' && args[i] && !env.has(p.type.name)) env.set(p.type.name, defaultType(this.typeOf(args[i])));
      if (p.type.kind === 'slice' && p.type.elem.kind === 'typeparam' && args[i]) {
        const at = this.underlying(this.typeOf(args[i]));
        if (at.kind === 'slice' && !env.has(p.type.elem.name)) env.set(p.type.elem.name, at.elem);
      }
    });
    return substitute(t, env);
  }

  private calleeMemo = new Map<number, Callee>();

  /** The static callee of a call expression (see Callee). */
  calleeOf(call: Node): Callee {
    const c = this.calleeMemo.get(call.id);
    if (c) return c;
    const r = this.computeCallee(call);
    this.calleeMemo.set(call.id, r);
    return r;
  }

  private computeCallee(call: Node): Callee {
    let fn = call.childForFieldName('function');
    while (fn?.type === 'parenthesized_expression' && fn.namedChildren[0]) {
      if (this.isTypeExpr(fn)) return { kind: 'conversion', to: this.resolveType(fn) };
      fn = fn.namedChildren[0];
    }
    if (!fn) return { kind: 'dynamic' };
    if (this.isTypeExpr(fn)) return { kind: 'conversion', to: this.resolveType(fn) };
    if (fn.type === 'index_expression' || fn.type === 'generic_type') {
      // generic instantiation f[T](...)
      const base = fn.childForFieldName('operand') ?? fn.childForFieldName('type');
      if (base) fn = base;
    }
    if (fn.type === 'identifier') {
      const o = this.objectOf(fn);
      if (o?.kind === 'builtin') return { kind: 'builtin', name: o.name };
      if (o?.kind === 'type') return { kind: 'conversion', to: o.type };
      if (o?.kind === 'func' && o.funcKey) {
        const decl = this.pkg.index.funcs.get(o.funcKey)!;
        return { kind: 'local', decl, sig: this.pkg.signatureOf(decl) };
      }
      const t = o ? this.underlying(o.type) : undefined;
      return { kind: 'dynamic', sig: t?.kind === 'func' ? t.sig : undefined };
    }
    if (fn.type === 'func_literal') {
      return { kind: 'funcLit', lit: fn, sig: (this.typeOf(fn) as { sig: Signature }).sig ?? NO_SIG };
    }
    if (fn.type === 'selector_expression') {
      const op = fn.childForFieldName('operand')!;
      const name = fn.childForFieldName('field')?.text ?? '';
      if (op.type === 'identifier') {
        const o = this.objectOf(op);
        if (o?.kind === 'pkg') {
          const path = o.pkgPath ?? '';
          if (path === 'unsafe') return { kind: 'builtin', name: `unsafe.${name}` };
          const std = this.pkg.options.std?.escape?.funcs[`${path}.${name}`];
          if (std) return { kind: 'std', key: `${path}.${name}`, fn: std, sig: this.pkg.stdSignature(std) };
          if (this.pkg.options.std?.layout?.types[`${path}.${name}`]) return { kind: 'conversion', to: { kind: 'named', pkg: path, name, args: [] } };
          return { kind: 'external', pkg: path, name };
        }
      }
      const x = this.typeOf(op);
      if (this.isTypeExpr(op)) {
        // method expression call T.M(recv, args...)
        const m = this.pkg.lookupMethod(x, name);
        if (m?.local) return { kind: 'local', decl: m.local, sig: { ...this.pkg.signatureOf(m.local) } };
        return { kind: 'dynamic', sig: undefined };
      }
      if (this.oracle.lookupField(x, name)) {
        const ft = this.underlying(this.typeOf(fn));
        return { kind: 'dynamic', sig: ft.kind === 'func' ? ft.sig : undefined };
      }
      const m = this.pkg.lookupMethod(x, name);
      if (m) {
        const finalPtr = m.isPtr;
        const adjust: Receiver['adjust'] = m.iface ? 'none' : m.ptrRecv && !finalPtr ? 'addr' : !m.ptrRecv && finalPtr ? 'deref' : 'none';
        const recv: Receiver = { expr: op, ptrDerefs: m.ptrDerefs, adjust, type: x };
        if (m.local) {
          let sig = this.pkg.signatureOf(m.local);
          if (x.kind === 'named' && x.args.length) sig = this.instSig(sig, m.local, x);
          return { kind: 'local', decl: m.local, sig, recv };
        }
        if (m.std) return { kind: 'std', key: m.std.key, fn: m.std.fn, sig: this.pkg.stdSignature(m.std.fn), recv };
        if (m.iface) return { kind: 'interface', method: name, ifaceType: m.iface, recv, sig: this.ifaceMethodSig(m.iface, name) };
      }
      const xt = x.kind === 'pointer' ? x.elem : x;
      if (xt.kind === 'named' && xt.pkg !== '' && xt.pkg !== 'builtin') {
        return { kind: 'external', pkg: xt.pkg, name: `${xt.name}.${name}`, recv: { expr: op, ptrDerefs: 0, adjust: 'none', type: x } };
      }
      return { kind: 'dynamic' };
    }
    const t = this.underlying(this.typeOf(fn));
    return { kind: 'dynamic', sig: t.kind === 'func' ? t.sig : undefined };
  }

  private instSig(sig: Signature, decl: FuncDecl, recvT: Extract<GoType, { kind: 'named' }>): Signature {
    const env = new Map<string, GoType>();
    const tps = funcTypeParams(decl.node);
    tps.forEach((p, i) => recvT.args[i] && env.set(p, recvT.args[i]));
    return (substitute({ kind: 'func', sig }, env) as { sig: Signature }).sig;
  }

  // ---- walking ----------------------------------------------------------

  private push(): void {
    this.scopes.push(new Map());
  }
  private pop(): void {
    this.scopes.pop();
  }
  private lookup(name: string): Obj | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const o = this.scopes[i].get(name);
      if (o) return o;
    }
    return this.pkg.lookupGlobal(name, this.file);
  }

  private declare(ident: Node, kind: Obj['kind'], type: GoType, extra: Partial<Obj> = {}): Obj {
    const o = this.pkg.mkObj({ kind, name: ident.text, type, decl: ident, global: false, owner: this.ownerStack[this.ownerStack.length - 1], ...extra });
    this.objects.set(ident.id, o);
    if (ident.text !== '_') this.scopes[this.scopes.length - 1].set(ident.text, o);
    if (kind === 'var') this.locals.push(o);
    return o;
  }

  /** Walks a function declaration or literal: declares params/results, then the body. */
  walkFunction(fnNode: Node): void {
    const outerTP = this.typeParams;
    if (fnNode.type !== 'func_literal') this.typeParams = funcTypeParams(fnNode);
    this.ownerStack.push(fnNode);
    this.push();
    const sig = resolveSignature(fnNode, this.pkg.typeScope(this.file, this.typeParams));
    // local types in signatures of literals
    const frame: { params: Obj[]; results: Obj[]; recv?: Obj; sig: Signature } = { params: [], results: [], sig };
    const recv = kids(fnNode.childForFieldName('receiver'))[0];
    if (recv) {
      const nm = recv.childForFieldName('name');
      const rt = this.resolveType(recv.childForFieldName('type'));
      if (nm) frame.recv = this.declare(nm, 'var', rt, { role: 'recv', index: -1 });
    }
    let pi = 0;
    for (const p of kids(fnNode.childForFieldName('parameters'))) {
      if (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration') continue;
      const names = p.childrenForFieldName('name').filter((x): x is Node => !!x);
      if (names.length === 0) {
        pi++;
        continue;
      }
      for (const nm of names) {
        const t = sig.params[pi]?.type ?? UNKNOWN('param');
        frame.params.push(this.declare(nm, 'var', this.fixLocalType(t, p.childForFieldName('type'), p.type === 'variadic_parameter_declaration'), { role: 'param', index: pi }));
        pi++;
      }
    }
    const res = fnNode.childForFieldName('result');
    if (res?.type === 'parameter_list') {
      let ri = 0;
      for (const p of kids(res)) {
        const names = p.childrenForFieldName('name').filter((x): x is Node => !!x);
        if (names.length === 0) ri++;
        for (const nm of names) {
          frame.results.push(this.declare(nm, 'var', sig.results[ri]?.type ?? UNKNOWN('result'), { role: 'result', index: ri }));
          ri++;
        }
      }
    }
    this.frames.set(fnNode.id, frame);
    const body = fnNode.childForFieldName('body');
    if (body) this.walkBlock(body);
    this.pop();
    this.ownerStack.pop();
    this.typeParams = outerTP;
  }

  /** Re-resolves a parameter type when it mentions local types (literals in bodies declaring local types). */
  private fixLocalType(t: GoType, typeNode: Node | null, variadic: boolean): GoType {
    if (!typeNode || this.scopes.length <= 1 || t.kind !== 'unknown') return t;
    const r = this.resolveType(typeNode);
    return variadic ? { kind: 'slice', elem: r } : r;
  }

  private walkBlock(block: Node): void {
    this.push();
    for (const s of kids(block)) this.walkStmt(s);
    this.pop();
  }

  private walkStmts(nodes: Node[]): void {
    for (const s of nodes) this.walkStmt(s);
  }

  private walkStmt(s: Node): void {
    switch (s.type) {
      case 'block':
        this.walkBlock(s);
        return;
      case 'short_var_declaration': {
        const left = kids(s.childForFieldName('left'));
        const right = kids(s.childForFieldName('right'));
        right.forEach((r) => this.walkExpr(r));
        const types = this.rhsTypes(left.length, right);
        left.forEach((l, i) => {
          const existing = this.scopes[this.scopes.length - 1].get(l.text);
          if (existing && l.text !== '_') this.objects.set(l.id, existing);
          else this.declare(l, 'var', defaultType(types[i]));
        });
        return;
      }
      case 'var_declaration':
        for (const spec of descendantsOf(s, ['var_spec'])) this.walkVarSpec(spec);
        return;
      case 'const_declaration': {
        const specs = kids(s).filter((c) => c.type === 'const_spec');
        specs.forEach((spec, idx) => {
          const names = spec.childrenForFieldName('name').filter((x): x is Node => !!x);
          let values = kids(spec.childForFieldName('value'));
          let typeNode = spec.childForFieldName('type');
          for (let j = idx; values.length === 0 && j > 0; j--) {
            values = kids(specs[j - 1].childForFieldName('value'));
            typeNode = specs[j - 1].childForFieldName('type');
          }
          values.forEach((v) => this.walkExpr(v));
          names.forEach((nm, i) => {
            const value = evalConst(values[i], (id) => this.objectOf(id)?.value, idx);
            const t = typeNode ? this.resolveType(typeNode) : values[i] ? this.typeOf(values[i]) : BASIC('untyped int');
            this.declare(nm, 'const', t, { value });
          });
        });
        return;
      }
      case 'type_declaration':
        for (const spec of kids(s)) {
          const nm = spec.childForFieldName('name');
          if (!nm) continue;
          // Local named types are modelled by their underlying type.
          const o = this.declare(nm, 'type', UNKNOWN('pending'));
          o.type = this.resolveType(spec.childForFieldName('type'));
        }
        return;
      case 'assignment_statement':
      case 'send_statement':
      case 'inc_statement':
      case 'dec_statement':
      case 'expression_statement':
      case 'go_statement':
      case 'defer_statement':
      case 'return_statement':
        for (const c of kids(s)) this.walkExpr(c);
        return;
      case 'labeled_statement':
        for (const c of kids(s)) if (c.type !== 'label_name') this.walkStmt(c);
        return;
      case 'if_statement':
        this.push();
        if (s.childForFieldName('initializer')) this.walkStmt(s.childForFieldName('initializer')!);
        this.walkExpr(s.childForFieldName('condition'));
        this.walkBlock(s.childForFieldName('consequence')!);
        if (s.childForFieldName('alternative')) this.walkStmt(s.childForFieldName('alternative')!);
        this.pop();
        return;
      case 'for_statement': {
        this.push();
        const clause = kids(s).find((c) => c.type === 'for_clause' || c.type === 'range_clause');
        if (clause?.type === 'for_clause') {
          if (clause.childForFieldName('initializer')) this.walkStmt(clause.childForFieldName('initializer')!);
          this.walkExpr(clause.childForFieldName('condition'));
          if (clause.childForFieldName('update')) this.walkStmt(clause.childForFieldName('update')!);
        } else if (clause?.type === 'range_clause') {
          const right = clause.childForFieldName('right');
          this.walkExpr(right);
          const left = kids(clause.childForFieldName('left'));
          const define = clause.children.some((c) => c?.type === ':=');
          const rt = this.rangeTypes(this.typeOf(right));
          left.forEach((l, i) => {
            if (define) this.declare(l, 'var', defaultType(rt[i] ?? UNKNOWN('range')));
            else this.walkExpr(l);
          });
        } else {
          for (const c of kids(s)) if (c.type !== 'block') this.walkExpr(c);
        }
        const body = s.childForFieldName('body');
        if (body) this.walkBlock(body);
        this.pop();
        return;
      }
      case 'expression_switch_statement':
        this.push();
        if (s.childForFieldName('initializer')) this.walkStmt(s.childForFieldName('initializer')!);
        this.walkExpr(s.childForFieldName('value'));
        for (const c of kids(s)) {
          if (c.type !== 'expression_case' && c.type !== 'default_case') continue;
          this.push();
          for (const v of kids(c.childForFieldName('value'))) this.walkExpr(v);
          this.walkStmts(kids(c).filter((x) => x.id !== c.childForFieldName('value')?.id));
          this.pop();
        }
        this.pop();
        return;
      case 'type_switch_statement': {
        this.push();
        if (s.childForFieldName('initializer')) this.walkStmt(s.childForFieldName('initializer')!);
        const value = s.childForFieldName('value');
        this.walkExpr(value);
        const alias = kids(s.childForFieldName('alias'))[0] ?? s.childForFieldName('alias');
        const xt = this.typeOf(value);
        for (const c of kids(s)) {
          if (c.type !== 'type_case' && c.type !== 'default_case') continue;
          this.push();
          const typeNodes = c.childrenForFieldName('type').filter((x): x is Node => !!x);
          if (alias && alias.type === 'identifier') {
            const t = typeNodes.length === 1 && typeNodes[0].type !== 'nil' && typeNodes[0].text !== 'nil' ? this.resolveType(typeNodes[0]) : xt;
            // One object per clause; the compiler declares one per case.
            const o = this.pkg.mkObj({ kind: 'var', name: alias.text, type: t, decl: alias, global: false, owner: this.ownerStack[this.ownerStack.length - 1] });
            this.scopes[this.scopes.length - 1].set(alias.text, o);
            this.locals.push(o);
            this.caseVars.set(c.id, o);
            if (!this.objects.has(alias.id)) this.objects.set(alias.id, o);
          }
          const typeIds = new Set(typeNodes.map((x) => x.id));
          this.walkStmts(kids(c).filter((x) => !typeIds.has(x.id)));
          this.pop();
        }
        this.pop();
        return;
      }
      case 'select_statement':
        for (const c of kids(s)) {
          this.push();
          const comm = c.childForFieldName('communication');
          if (comm) {
            if (comm.type === 'receive_statement') {
              const right = comm.childForFieldName('right');
              this.walkExpr(right);
              const left = kids(comm.childForFieldName('left'));
              const define = comm.children.some((x) => x?.type === ':=');
              const ct = this.typeOf(right);
              left.forEach((l, i) => {
                if (define) this.declare(l, 'var', i === 0 ? ct : BASIC('bool'));
                else this.walkExpr(l);
              });
            } else this.walkStmt(comm);
          }
          this.walkStmts(kids(c).filter((x) => x.id !== comm?.id));
          this.pop();
        }
        return;
      default:
        // goto/break/continue/fallthrough/empty/comment
        if (s.type.endsWith('_expression') || s.type === 'identifier') this.walkExpr(s);
        return;
    }
  }

  /** Type-switch clause → the variable declared for it. */
  readonly caseVars = new Map<number, Obj>();

  private walkVarSpec(spec: Node): void {
    const names = spec.childrenForFieldName('name').filter((x): x is Node => !!x);
    const values = kids(spec.childForFieldName('value'));
    values.forEach((v) => this.walkExpr(v));
    const typeNode = spec.childForFieldName('type');
    const t = typeNode ? this.resolveType(typeNode) : undefined;
    const types = t ? names.map(() => t) : this.rhsTypes(names.length, values);
    names.forEach((nm, i) => this.declare(nm, 'var', defaultType(types[i] ?? UNKNOWN('var'))));
  }

  /** Types of the right-hand sides for `n` left-hand names (tuple calls, comma-ok forms). */
  rhsTypes(n: number, right: Node[]): GoType[] {
    if (right.length === n) return right.map((r) => this.typeOf(r));
    if (right.length === 1) {
      const t = this.typeOf(right[0]);
      if (t.kind === 'tuple') return t.types;
      let r = right[0];
      while (r.type === 'parenthesized_expression' && r.namedChildren[0]) r = r.namedChildren[0];
      const commaOk = r.type === 'index_expression' || r.type === 'type_assertion_expression' || (r.type === 'unary_expression' && r.child(0)?.text === '<-');
      return commaOk ? [t, BASIC('bool')] : Array(n).fill(UNKNOWN('arity'));
    }
    return Array(n).fill(UNKNOWN('arity'));
  }

  /** Key and value types of a range over t. */
  rangeTypes(t: GoType): GoType[] {
    const u = this.underlying(t);
    switch (u.kind) {
      case 'basic':
        return u.name === 'string' || u.name === 'untyped string' ? [BASIC('int'), BASIC('int32')] : [defaultType(t)];
      case 'slice':
      case 'array':
        return [BASIC('int'), u.elem];
      case 'pointer': {
        const e = this.underlying(u.elem);
        return e.kind === 'array' ? [BASIC('int'), e.elem] : [];
      }
      case 'map':
        return [u.key, u.elem];
      case 'chan':
        return [u.elem];
      case 'func': {
        const y = u.sig.params[0] ? this.underlying(u.sig.params[0].type) : undefined;
        return y?.kind === 'func' ? y.sig.params.map((p) => p.type) : [];
      }
      default:
        return [];
    }
  }

  /** Resolves identifiers in an expression, declaring nothing except in function literals. */
  walkExpr(n: Node | null | undefined): void {
    if (!n) return;
    switch (n.type) {
      case 'identifier': {
        const o = this.lookup(n.text);
        if (o) this.objects.set(n.id, o);
        return;
      }
      case 'func_literal':
        this.funcLits.push(n);
        this.walkFunction(n);
        return;
      case 'selector_expression':
        this.walkExpr(n.childForFieldName('operand'));
        return;
      case 'composite_literal': {
        const tn = n.childForFieldName('type');
        if (tn) this.walkTypeExpr(tn);
        const t = this.compositeType(n);
        this.walkLiteralValue(n.childForFieldName('body'), t);
        return;
      }
      case 'type_conversion_expression':
        this.walkTypeExpr(n.childForFieldName('type'));
        this.walkExpr(n.childForFieldName('operand'));
        return;
      case 'type_assertion_expression':
        this.walkExpr(n.childForFieldName('operand'));
        this.walkTypeExpr(n.childForFieldName('type'));
        return;
      case 'call_expression': {
        this.walkExpr(n.childForFieldName('function'));
        for (const a of kids(n.childForFieldName('arguments'))) {
          if (a.type === 'variadic_argument') this.walkExpr(a.namedChildren[0]);
          else this.walkExpr(a);
        }
        return;
      }
      case 'keyed_element':
      case 'literal_element':
        for (const c of kids(n)) this.walkExpr(c);
        return;
      default:
        if (n.type.endsWith('_type') || n.type === 'type_identifier') {
          this.walkTypeExpr(n);
          return;
        }
        for (const c of kids(n)) this.walkExpr(c);
    }
  }

  private walkTypeExpr(n: Node | null | undefined): void {
    if (!n) return;
    if (n.type === 'identifier' || n.type === 'type_identifier') {
      const o = this.lookup(n.text);
      if (o) this.objects.set(n.id, o);
      return;
    }
    for (const c of kids(n)) {
      if (c.type === 'field_identifier' || c.type === 'package_identifier') continue;
      this.walkTypeExpr(c);
    }
  }

  /** Walks `{...}`: struct keys are field names, not expressions; elided element literals get their types. */
  private walkLiteralValue(body: Node | null, t: GoType): void {
    if (!body) return;
    this.elidedTypes.set(body.id, t);
    const u = this.underlying(t);
    const elemT = u.kind === 'slice' || u.kind === 'array' || u.kind === 'map' ? u.elem : undefined;
    const keyT = u.kind === 'map' ? u.key : undefined;
    const structT = u.kind === 'struct' ? u : undefined;
    let pos = 0;
    for (const el of kids(body)) {
      if (el.type === 'keyed_element') {
        const [k, v] = kids(el);
        const kInner = k?.type === 'literal_element' ? kids(k)[0] : k;
        if (structT) {
          const fname = kInner?.text ?? '';
          const ft = structT.fields.find((f) => f.name === fname)?.type ?? UNKNOWN('field');
          this.walkElement(v, ft);
        } else {
          this.walkElement(k, keyT);
          this.walkElement(v, elemT);
        }
      } else {
        const ft = structT ? structT.fields[pos]?.type : elemT;
        this.walkElement(el, ft);
      }
      pos++;
    }
  }

  private walkElement(el: Node | undefined, t: GoType | undefined): void {
    if (!el) return;
    const inner = el.type === 'literal_element' ? kids(el)[0] : el;
    if (!inner) return;
    if (inner.type === 'literal_value') {
      // Elided type: `{...}` of T, or `&T{...}` when the element type is *T.
      const et = t ?? UNKNOWN('elided');
      const ut = this.underlying(et);
      if (et.kind === 'pointer' || ut.kind === 'pointer') {
        const pt = et.kind === 'pointer' ? et.elem : (ut as { elem: GoType }).elem;
        this.elidedPointer.add(inner.id);
        this.walkLiteralValue(inner, pt);
        this.elidedTypes.set(inner.id, pt);
      } else this.walkLiteralValue(inner, et);
      return;
    }
    this.walkExpr(inner);
  }

  /** literal_value nodes that stand for `&T{...}` (element type is a pointer). */
  readonly elidedPointer = new Set<number>();

  /** The frame (params/results) of a function node of this body. */
  frameOf(fnNode: Node) {
    return this.frames.get(fnNode.id);
  }
}
