/**
 * Type predicates and helpers over GoType that need the package (local named
 * types) and the standard-library layout table (std named types). They follow
 * cmd/compile/internal/types: `HasPointers` (type.go), `IsDirectIface`
 * (type.go: pointer-shaped types stored directly in an interface word) and
 * go/types' lookup rules for fields and methods through embedding (lookup.go).
 */
import { BASIC, GoType, Signature, UNKNOWN } from '../goTypes';
import type { PackageIndex } from '../goPackage';
import { localUnderlying } from '../typeResolver';
import type { StdFunc, StdLayoutTable, StdTypeJSON } from '../stdTables';

export const ANY: GoType = { kind: 'interface', methods: [], embeds: [] };
export const UNKNOWN_PTR: GoType = { kind: 'pointer', elem: UNKNOWN('std pointer target') };

/** Parses a type string of the std escape table (`*net/http.Request`, `map[string][]string`, `func(int) error`). */
export function parseTypeString(s: string): GoType {
  const p = new TypeStringParser(s);
  try {
    return p.type();
  } catch {
    return UNKNOWN(`unparsed type ${s}`);
  }
}

class TypeStringParser {
  i = 0;
  constructor(private s: string) {}
  private ws(): void {
    while (this.s[this.i] === ' ') this.i++;
  }
  private eat(tok: string): boolean {
    this.ws();
    if (this.s.startsWith(tok, this.i)) {
      this.i += tok.length;
      return true;
    }
    return false;
  }
  private ident(): string {
    this.ws();
    const m = /^[A-Za-z0-9_./~-]+/.exec(this.s.slice(this.i));
    if (!m) throw new Error('ident');
    this.i += m[0].length;
    return m[0];
  }
  type(): GoType {
    this.ws();
    if (this.eat('*')) return { kind: 'pointer', elem: this.type() };
    if (this.eat('...')) return { kind: 'slice', elem: this.type() };
    if (this.eat('[]')) return { kind: 'slice', elem: this.type() };
    if (this.eat('[')) {
      const m = /^\d+/.exec(this.s.slice(this.i));
      const len = m ? Number(m[0]) : null;
      this.i = this.s.indexOf(']', this.i) + 1;
      return { kind: 'array', len, elem: this.type() };
    }
    if (this.eat('map[')) {
      const key = this.type();
      this.eat(']');
      return { kind: 'map', key, elem: this.type() };
    }
    if (this.eat('<-chan ')) return { kind: 'chan', elem: this.type() };
    if (this.eat('chan<- ')) return { kind: 'chan', elem: this.type() };
    if (this.eat('chan ')) return { kind: 'chan', elem: this.type() };
    if (this.eat('func(')) {
      const sig: Signature = { params: [], results: [], variadic: false };
      if (!this.eat(')')) {
        for (;;) {
          this.ws();
          if (this.s.startsWith('...', this.i)) sig.variadic = true;
          sig.params.push({ name: '', type: this.type() });
          if (this.eat(')')) break;
          if (!this.eat(',')) throw new Error('func');
        }
      }
      this.ws();
      if (this.eat('(')) {
        for (;;) {
          sig.results.push({ name: '', type: this.type() });
          if (this.eat(')')) break;
          if (!this.eat(',')) throw new Error('results');
        }
      } else if (this.i < this.s.length && !/[,)\]]/.test(this.s[this.i])) {
        sig.results.push({ name: '', type: this.type() });
      }
      return { kind: 'func', sig };
    }
    if (this.eat('interface {}') || this.eat('interface{}') || this.eat('any')) return ANY;
    if (this.eat('interface {') || this.eat('interface{')) {
      this.skipBraces();
      return { kind: 'interface', methods: ['?'], embeds: [] };
    }
    if (this.eat('struct {') || this.eat('struct{')) {
      this.skipBraces();
      return { kind: 'struct', fields: [{ name: '?', type: UNKNOWN('std struct literal type'), embedded: false }] };
    }
    const name = this.ident();
    let args: GoType[] = [];
    if (this.s[this.i] === '[') {
      this.i++;
      args = [];
      for (;;) {
        args.push(this.type());
        if (this.eat(']')) break;
        if (!this.eat(',')) throw new Error('args');
      }
    }
    return namedFromPath(name, args);
  }
  private skipBraces(): void {
    let depth = 1;
    while (this.i < this.s.length && depth > 0) {
      const c = this.s[this.i++];
      if (c === '{') depth++;
      else if (c === '}') depth--;
    }
  }
}

function namedFromPath(name: string, args: GoType[]): GoType {
  if (name === 'error') return { kind: 'named', pkg: 'builtin', name: 'error', args: [] };
  if (name === 'byte') return BASIC('uint8');
  if (name === 'rune') return BASIC('int32');
  if (name === 'unsafe.Pointer') return BASIC('unsafe.Pointer');
  if (/^(bool|u?int(8|16|32|64)?|uintptr|float(32|64)|complex(64|128)|string)$/.test(name)) return BASIC(name as never);
  const dot = name.lastIndexOf('.');
  if (dot < 0) return { kind: 'typeparam', name };
  return { kind: 'named', pkg: name.slice(0, dot), name: name.slice(dot + 1), args };
}

/** A type from the std layout template (coarse: pointer targets are unknown). */
function fromStdTemplate(t: StdTypeJSON | undefined): GoType {
  if (!t) return UNKNOWN('no template');
  switch (t.k) {
    case 'basic':
      return BASIC(t.n as never);
    case 'ptr':
      return UNKNOWN_PTR;
    case 'string':
      return BASIC('string');
    case 'slice':
      return { kind: 'slice', elem: UNKNOWN('std slice elem') };
    case 'iface':
      return ANY;
    case 'tparam':
      return { kind: 'typeparam', name: t.n };
    case 'array':
      return { kind: 'array', len: t.n, elem: fromStdTemplate(t.e) };
    case 'struct':
      return { kind: 'struct', fields: t.f.map((f) => ({ name: f.n, type: fromStdTemplate(f.t), embedded: false })) };
    case 'named':
    case 'inst':
      return namedFromPath(t.n, []);
  }
}

interface StdFunctionTables {
  stdMethods: Map<string, Map<string, { key: string; fn: StdFunc; ptrRecv: boolean }>>;
  stdFuncs: Map<string, { key: string; fn: StdFunc }>;
}

/** The std escape summaries by receiver type and name, built once per table (not per analysis). */
const stdTablesMemo = new WeakMap<object, StdFunctionTables>();
const NO_STD: Record<string, StdFunc> = {};

function stdFunctionTables(stdEscape: Record<string, StdFunc> | undefined): StdFunctionTables {
  const table = stdEscape ?? NO_STD;
  const hit = stdTablesMemo.get(table);
  if (hit) return hit;
  const t: StdFunctionTables = { stdMethods: new Map(), stdFuncs: new Map() };
  for (const [key, fn] of Object.entries(table)) {
    const dot = key.lastIndexOf('.');
    const name = key.slice(dot + 1);
    if (fn.recv) {
      const rt = parseTypeString(fn.recv.t);
      const ptrRecv = rt.kind === 'pointer';
      const base = ptrRecv ? (rt as { elem: GoType }).elem : rt;
      if (base.kind !== 'named') continue;
      const tkey = `${base.pkg}.${base.name}`;
      let m = t.stdMethods.get(tkey);
      if (!m) t.stdMethods.set(tkey, (m = new Map()));
      m.set(name, { key, fn, ptrRecv });
    } else {
      t.stdFuncs.set(key, { key, fn });
    }
  }
  stdTablesMemo.set(table, t);
  return t;
}

/**
 * Type knowledge that needs the package and the std tables. One per package
 * analysis; memoizes underlying types.
 */
export class TypeOracle {
  private underCache = new Map<string, GoType>();
  /** Std methods by `pkg.Type` then name. */
  readonly stdMethods: StdFunctionTables['stdMethods'];
  /** Std functions by `pkg.Name`. */
  readonly stdFuncs: StdFunctionTables['stdFuncs'];

  constructor(
    readonly index: PackageIndex,
    readonly layout: StdLayoutTable | undefined,
    stdEscape: Record<string, StdFunc> | undefined,
    readonly goarch: string,
  ) {
    const tables = stdFunctionTables(stdEscape);
    this.stdMethods = tables.stdMethods;
    this.stdFuncs = tables.stdFuncs;
  }

  /** The underlying type; named types of other packages come from the std layout table, else unknown. */
  underlying(t: GoType): GoType {
    if (t.kind !== 'named') return t;
    if (t.pkg === 'builtin' && t.name === 'error') return { kind: 'interface', methods: ['Error'], embeds: [] };
    const key = `${t.pkg}.${t.name}`;
    const cached = this.underCache.get(key);
    if (cached && t.args.length === 0) return cached;
    let u: GoType;
    if (t.pkg === '') {
      u = localUnderlying(t, this.index) ?? UNKNOWN(`undeclared ${t.name}`);
      if (u.kind === 'named') u = this.underlying(u);
    } else {
      const e = this.layout?.types[key];
      if (e?.alias) u = this.underlying(parseTypeString(e.alias));
      else if (!e) u = UNKNOWN(`unknown type ${key}`);
      else if (e.t) u = fromStdTemplate(e.t);
      else {
        switch (e.k) {
          case 'interface':
            u = { kind: 'interface', methods: e.m ?? ['?'], embeds: [] };
            break;
          case 'pointer':
            u = UNKNOWN_PTR;
            break;
          case 'map':
            u = { kind: 'map', key: UNKNOWN('k'), elem: UNKNOWN('v') };
            break;
          case 'chan':
            u = { kind: 'chan', elem: UNKNOWN('e') };
            break;
          case 'func':
            u = { kind: 'func', sig: { params: [], results: [], variadic: false } };
            break;
          case 'slice':
            u = { kind: 'slice', elem: UNKNOWN('e') };
            break;
          case 'string':
            u = BASIC('string');
            break;
          default:
            u = UNKNOWN(`opaque ${key}`);
        }
      }
    }
    if (t.args.length === 0) this.underCache.set(key, u);
    return u;
  }

  isInterface(t: GoType): boolean {
    const u = this.underlying(t);
    return u.kind === 'interface';
  }

  /** Layout entry of a std named type for the current arch: [size, align, ptrdata]. */
  stdLayout(t: GoType): [number, number, number] | undefined {
    if (t.kind !== 'named' || t.pkg === '' || t.pkg === 'builtin') return undefined;
    const e = this.layout?.types[`${t.pkg}.${t.name}`];
    if (!e?.l) return undefined;
    for (const [archs, v] of Object.entries(e.l)) if (archs.split(',').includes(this.goarch)) return v;
    return undefined;
  }

  /** cmd/compile types.HasPointers; unknown types are assumed to carry pointers. */
  hasPointers(t: GoType, depth = 0): boolean {
    if (depth > 20) return true;
    switch (t.kind) {
      case 'basic':
        return t.name === 'string' || t.name === 'unsafe.Pointer' || t.name === 'untyped string';
      case 'pointer':
      case 'slice':
      case 'map':
      case 'chan':
      case 'func':
      case 'interface':
        return true;
      case 'array':
        return t.len !== 0 && this.hasPointers(t.elem, depth + 1);
      case 'struct':
        return t.fields.some((f) => this.hasPointers(f.type, depth + 1));
      case 'named': {
        const l = this.stdLayout(t);
        if (l) return l[2] > 0;
        return this.hasPointers(this.underlying(t), depth + 1);
      }
      case 'tuple':
        return t.types.some((x) => this.hasPointers(x, depth + 1));
      default:
        return true;
    }
  }

  /** cmd/compile types.IsDirectIface: the value is stored in the interface data word itself. */
  isDirectIface(t: GoType, depth = 0): boolean {
    if (depth > 20) return false;
    switch (t.kind) {
      case 'pointer':
      case 'map':
      case 'chan':
      case 'func':
        return true;
      case 'basic':
        return t.name === 'unsafe.Pointer';
      case 'array':
        return t.len === 1 && this.isDirectIface(t.elem, depth + 1);
      case 'struct':
        return t.fields.length === 1 && this.isDirectIface(t.fields[0].type, depth + 1);
      case 'named': {
        const u = this.underlying(t);
        if (u.kind === 'unknown' && u.reason === 'std pointer target') return true;
        if (u === UNKNOWN_PTR) return true;
        return this.isDirectIface(u, depth + 1);
      }
      default:
        return false;
    }
  }

  /** Struct fields of t (or of *t), or undefined. */
  structFields(t: GoType) {
    const u = this.underlying(t);
    return u.kind === 'struct' ? u.fields : undefined;
  }

  /**
   * Finds field `name` in t (a struct, named struct or pointer to one), through
   * embedded fields breadth-first like go/types. `ptrDerefs` counts the implicit
   * pointer indirections along the path (including t itself being a pointer).
   */
  lookupField(t: GoType, name: string): { type: GoType; ptrDerefs: number } | undefined {
    let start = t;
    let startDerefs = 0;
    const ut = this.underlying(t);
    if (ut.kind === 'pointer') {
      start = ut.elem;
      startDerefs = 1;
    }
    let level: { t: GoType; d: number }[] = [{ t: start, d: startDerefs }];
    const seen = new Set<string>();
    for (let depth = 0; depth < 6 && level.length; depth++) {
      const next: { t: GoType; d: number }[] = [];
      for (const { t: cur, d } of level) {
        if (cur.kind === 'named') {
          const k = `${cur.pkg}.${cur.name}`;
          if (seen.has(k)) continue;
          seen.add(k);
        }
        const fields = this.structFields(cur);
        if (!fields) continue;
        const hit = fields.find((f) => f.name === name);
        if (hit) return { type: hit.type, ptrDerefs: d };
        for (const f of fields) {
          if (!f.embedded) continue;
          const fu = f.type.kind === 'pointer' ? f.type.elem : f.type;
          next.push({ t: fu, d: d + (f.type.kind === 'pointer' ? 1 : 0) });
        }
      }
      level = next;
    }
    return undefined;
  }

  /** Embedded types of a struct type (for method promotion). */
  embeddedOf(t: GoType): GoType[] {
    return (this.structFields(t) ?? []).filter((f) => f.embedded).map((f) => f.type);
  }
}
