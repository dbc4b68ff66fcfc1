import { GoType, mentionsTypeParam, typeString } from '../goTypes';
import type { PackageIndex } from '../goPackage';
import { StdLayoutTable, StdTypeJSON, stdLayoutFor } from '../stdTables';
import { localUnderlying } from '../typeResolver';
import type { Arch } from './arch';

/**
 * Sizes, alignments and pointer bytes of Go types as gc lays them out
 * (cmd/compile/internal/types/size.go; go/types gcSizes):
 * - a struct places each field at the next multiple of its alignment, adds one
 *   byte when it is non-empty and its last field has size 0 (so &last never points
 *   past the object), and rounds up to its largest field alignment;
 * - "ptrdata" is the offset just past the last pointer-carrying word, the prefix
 *   the garbage collector scans.
 */
export interface Layout {
  size: number;
  align: number;
  ptrdata: number;
}

export type LayoutResult =
  | ({ ok: true } & Layout)
  | { ok: false; reason: string; /** Type parameters the size depends on. */ dependsOn?: string[] };

export interface FieldLayout {
  name: string;
  type: GoType;
  typeText?: string;
  embedded: boolean;
  offset: number;
  size: number;
  align: number;
  ptrdata: number;
  /** Padding bytes after this field (before the next one, or trailing for the last). */
  paddingAfter: number;
}

export interface StructLayout extends Layout {
  fields: FieldLayout[];
  padding: number;
}

/** Resolves named types declared outside the package and the standard library (module sources). */
export type ExternalTypeResolver = (pkgPath: string, name: string, args: GoType[]) => LayoutResult | undefined;

export interface LayoutContext {
  arch: Arch;
  index: PackageIndex;
  std?: StdLayoutTable;
  external?: ExternalTypeResolver;
}

const MAX_ARRAY_BYTES = 2 ** 50;

function ok(size: number, align: number, ptrdata: number): LayoutResult {
  return { ok: true, size, align, ptrdata };
}

function roundUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** Memoizes layouts per context; key is the type's structural string plus the named types' identity. */
export class LayoutEngine {
  private readonly cache = new Map<string, LayoutResult>();
  private readonly inProgress = new Set<string>();

  constructor(readonly ctx: LayoutContext) {}

  get word(): number {
    return this.ctx.arch.word;
  }

  layoutOf(t: GoType): LayoutResult {
    const w = this.ctx.arch.word;
    switch (t.kind) {
      case 'basic':
        return this.basic(t.name);
      case 'pointer':
      case 'map':
      case 'chan':
      case 'func':
        return ok(w, w, w);
      case 'slice':
        return ok(3 * w, w, w);
      case 'interface':
        return ok(2 * w, w, 2 * w);
      case 'array':
        return this.array(t.len, t.elem);
      case 'struct': {
        const s = this.structLayout(t.fields);
        return s.ok ? ok(s.layout.size, s.layout.align, s.layout.ptrdata) : s.error;
      }
      case 'named':
        return this.named(t);
      case 'typeparam':
        return { ok: false, reason: `depends on ${t.name}`, dependsOn: [t.name] };
      case 'tuple':
        return { ok: false, reason: 'a tuple has no layout' };
      case 'unknown':
        return { ok: false, reason: t.reason };
    }
  }

  private basic(name: string): LayoutResult {
    const w = this.ctx.arch.word;
    const a8 = this.ctx.arch.align8;
    switch (name) {
      case 'bool':
      case 'int8':
      case 'uint8':
        return ok(1, 1, 0);
      case 'int16':
      case 'uint16':
        return ok(2, 2, 0);
      case 'int32':
      case 'uint32':
      case 'float32':
        return ok(4, 4, 0);
      case 'int64':
      case 'uint64':
      case 'float64':
        return ok(8, a8, 0);
      case 'complex64':
        return ok(8, 4, 0);
      case 'complex128':
        return ok(16, a8, 0);
      case 'int':
      case 'uint':
      case 'uintptr':
        return ok(w, w, 0);
      case 'unsafe.Pointer':
        return ok(w, w, w);
      case 'string':
        return ok(2 * w, w, w);
      default:
        return { ok: false, reason: `untyped value has no layout` };
    }
  }

  private array(len: number | null, elem: GoType): LayoutResult {
    if (len === null) return { ok: false, reason: 'array length is not a constant the model can evaluate' };
    const e = this.layoutOf(elem);
    if (!e.ok) return e;
    const size = e.size * len;
    if (size > MAX_ARRAY_BYTES) return { ok: false, reason: 'array too large' };
    const ptrdata = e.ptrdata === 0 || len === 0 ? 0 : (len - 1) * e.size + e.ptrdata;
    return ok(size, e.align, ptrdata);
  }

  /** Lays out fields in the given order. */
  structLayout(fields: { name: string; type: GoType; embedded: boolean; typeText?: string }[]):
    | { ok: true; layout: StructLayout }
    | { ok: false; error: LayoutResult & { ok: false } } {
    const out: FieldLayout[] = [];
    let offset = 0;
    let align = 1;
    let ptrdata = 0;
    const deps = new Set<string>();
    let firstError: (LayoutResult & { ok: false }) | undefined;
    for (const f of fields) {
      const l = this.layoutOf(f.type);
      if (!l.ok) {
        for (const d of l.dependsOn ?? []) deps.add(d);
        firstError ??= l;
        continue;
      }
      offset = roundUp(offset, l.align);
      if (l.ptrdata > 0) ptrdata = offset + l.ptrdata;
      out.push({ name: f.name, type: f.type, typeText: f.typeText, embedded: f.embedded, offset, size: l.size, align: l.align, ptrdata: l.ptrdata, paddingAfter: 0 });
      offset += l.size;
      align = Math.max(align, l.align);
    }
    if (firstError) {
      if (deps.size) return { ok: false, error: { ok: false, reason: `depends on ${[...deps].join(', ')}`, dependsOn: [...deps] } };
      return { ok: false, error: firstError };
    }
    // gc adds a byte only when the struct is non-empty (types/size.go: `if size > 0 && last field is zero-size`).
    if (offset > 0 && out.length > 0 && out[out.length - 1].size === 0) offset++;
    const size = roundUp(offset, align);
    for (let i = 0; i < out.length; i++) {
      const next = i + 1 < out.length ? out[i + 1].offset : size;
      out[i].paddingAfter = next - (out[i].offset + out[i].size);
    }
    const used = out.reduce((s, f) => s + f.size, 0);
    return { ok: true, layout: { size, align, ptrdata, fields: out, padding: size - used } };
  }

  private named(t: GoType & { kind: 'named' }): LayoutResult {
    if (t.pkg === 'builtin' && t.name === 'error') return this.layoutOf({ kind: 'interface', methods: ['Error'], embeds: [] });
    const key = `${t.pkg}\u0000${t.name}\u0000${t.args.map(typeString).join(',')}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    if (t.args.some(mentionsTypeParam)) {
      // Generic instantiation with type parameters: try it, the result may still be independent of them.
    }
    if (this.inProgress.has(key)) return { ok: false, reason: `invalid recursive type ${t.name}` };
    this.inProgress.add(key);
    let r: LayoutResult;
    try {
      r = this.namedUncached(t);
    } finally {
      this.inProgress.delete(key);
    }
    this.cache.set(key, r);
    return r;
  }

  private namedUncached(t: GoType & { kind: 'named' }): LayoutResult {
    if (t.pkg === '') {
      const u = localUnderlying(t, this.ctx.index);
      if (!u) return { ok: false, reason: `undeclared type ${t.name}` };
      return this.layoutOf(u);
    }
    const key = `${t.pkg}.${t.name}`;
    const entry = this.ctx.std?.types[key];
    if (entry) {
      const fixed = stdLayoutFor(this.ctx.std, entry.alias ?? key, this.ctx.arch.name);
      if (fixed) return ok(fixed[0], fixed[1], fixed[2]);
      const generic = entry.alias ? this.ctx.std?.types[entry.alias] : entry;
      if (generic?.t && generic.tparams) {
        const env = new Map<string, GoType>();
        generic.tparams.forEach((p, i) => env.set(p, t.args[i] ?? { kind: 'typeparam', name: p }));
        return this.template(generic.t, env);
      }
    }
    const ext = this.ctx.external?.(t.pkg, t.name, t.args);
    if (ext) return ext;
    if (!this.ctx.std && isStdPath(t.pkg)) return { ok: false, reason: `standard-library table not loaded for ${key}` };
    return { ok: false, reason: `size of ${key} is unknown: its source is not available` };
  }

  private template(j: StdTypeJSON, env: Map<string, GoType>): LayoutResult {
    const w = this.ctx.arch.word;
    switch (j.k) {
      case 'basic':
        return this.basic(j.n === 'unsafe.Pointer' ? 'unsafe.Pointer' : j.n);
      case 'ptr':
        return ok(w, w, w);
      case 'string':
        return ok(2 * w, w, w);
      case 'slice':
        return ok(3 * w, w, w);
      case 'iface':
        return ok(2 * w, w, 2 * w);
      case 'tparam': {
        const a = env.get(j.n);
        return a ? this.layoutOf(a) : { ok: false, reason: `depends on ${j.n}`, dependsOn: [j.n] };
      }
      case 'array': {
        const e = this.template(j.e, env);
        if (!e.ok) return e;
        return ok(e.size * j.n, e.align, e.ptrdata === 0 || j.n === 0 ? 0 : (j.n - 1) * e.size + e.ptrdata);
      }
      case 'struct': {
        let offset = 0;
        let align = 1;
        let ptrdata = 0;
        let lastSize = -1;
        for (const f of j.f) {
          const l = this.template(f.t, env);
          if (!l.ok) return l;
          offset = roundUp(offset, l.align);
          if (l.ptrdata > 0) ptrdata = offset + l.ptrdata;
          offset += l.size;
          align = Math.max(align, l.align);
          lastSize = l.size;
        }
        if (offset > 0 && lastSize === 0) offset++;
        return ok(roundUp(offset, align), align, ptrdata);
      }
      case 'named': {
        const dot = j.n.lastIndexOf('.');
        return this.layoutOf({ kind: 'named', pkg: j.n.slice(0, dot), name: j.n.slice(dot + 1), args: [] });
      }
      case 'inst': {
        const dot = j.n.lastIndexOf('.');
        const args = j.a.map((a) => templateToType(a, env));
        return this.layoutOf({ kind: 'named', pkg: j.n.slice(0, dot), name: j.n.slice(dot + 1), args });
      }
    }
  }
}

/** Converts a template argument into a GoType (only the shapes layout needs). */
function templateToType(j: StdTypeJSON, env: Map<string, GoType>): GoType {
  switch (j.k) {
    case 'tparam':
      return env.get(j.n) ?? { kind: 'typeparam', name: j.n };
    case 'ptr':
      return { kind: 'pointer', elem: { kind: 'unknown', reason: 'template' } };
    case 'string':
      return { kind: 'basic', name: 'string' };
    case 'slice':
      return { kind: 'slice', elem: { kind: 'unknown', reason: 'template' } };
    case 'iface':
      return { kind: 'interface', methods: [], embeds: [] };
    case 'basic':
      return { kind: 'basic', name: j.n as 'int' };
    case 'array':
      return { kind: 'array', len: j.n, elem: templateToType(j.e, env) };
    case 'struct':
      return { kind: 'struct', fields: j.f.map((f) => ({ name: f.n, type: templateToType(f.t, env), embedded: false })) };
    case 'named':
    case 'inst': {
      const dot = j.n.lastIndexOf('.');
      return { kind: 'named', pkg: j.n.slice(0, dot), name: j.n.slice(dot + 1), args: j.k === 'inst' ? j.a.map((a) => templateToType(a, env)) : [] };
    }
  }
}

/** Standard-library import paths have no dot in their first element. */
export function isStdPath(p: string): boolean {
  const first = p.split('/')[0];
  return !first.includes('.');
}
