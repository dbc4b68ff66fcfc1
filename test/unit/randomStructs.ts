/**
 * Random Go struct types for the layout conformance test (layoutConformance.test.ts).
 *
 * `generateProgram(seed)` writes a `package main` in two files:
 *  - types.go: constants, generic types, defined types, aliases, struct types and
 *    package-level struct variables, each struct_type marked by a `// S<id>` comment on the
 *    line where it starts (exactly one struct_type starts on such a line);
 *  - main.go: for every marked struct a function that prints, as one JSON line, the
 *    unsafe.Sizeof, unsafe.Alignof, every field's offset (unsafe.Offsetof; reflect for `_`
 *    fields) and the size and pointer bytes from the runtime's type descriptor.
 * Every struct type of types.go is reachable by its id, so the engine's reports can be
 * matched by the line their struct_type node starts on.
 */

/** mulberry32: small, fast, good enough for test generation. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
  /** Picks a key of `w` with probability proportional to its weight. */
  weighted<K extends string>(w: Record<K, number>): K {
    const entries = Object.entries(w) as [K, number][];
    let r = this.next() * entries.reduce((s, [, v]) => s + v, 0);
    for (const [k, v] of entries) {
      if ((r -= v) < 0) return k;
    }
    return entries[entries.length - 1][0];
  }
}

/** A type expression; structs appear only as the innermost element of a chain of wrappers. */
type TExpr =
  | { k: 'text'; s: string }
  | { k: 'wrap'; prefix: string; elem: TExpr }
  | { k: 'struct'; id: number; fields: FieldDecl[] };

interface FieldDecl {
  /** Field names (several for `a, b T`), `_` for blank fields; empty for an embedded field. */
  names: string[];
  /** For embedded fields: the field name Go gives it. */
  embeddedName?: string;
  type: TExpr;
  tag?: string;
}

export type SampleKind = 'named' | 'var' | 'nested' | 'generic';

/** One struct_type written in types.go. */
export interface StructSample {
  id: number;
  kind: SampleKind;
  /** The top-level declaration it belongs to (T12, V3, A7, ...). */
  owner: string;
  /** Field names in declaration order as go/types names them (`_` for blank fields). */
  fields: string[];
  /** The struct type's source (standalone), for messages. */
  source: string;
}

export interface GeneratedProgram {
  seed: number;
  typesGo: string;
  mainGo: string;
  goMod: string;
  samples: Map<number, StructSample>;
  /** Source of each top-level declaration by name, for messages. */
  declSource: Map<string, string>;
}

interface StdType {
  /** Import path. */
  path: string;
  /** Type expression in source (`sync.Mutex`). */
  text: string;
  /** Embeddable as `T` / `*T`. */
  embed: 'both' | 'value' | 'none';
  /** Usable as a map key. */
  comparable?: boolean;
}

const STD: StdType[] = [
  { path: 'time', text: 'time.Time', embed: 'both', comparable: true },
  { path: 'time', text: 'time.Duration', embed: 'both', comparable: true },
  { path: 'time', text: 'time.Month', embed: 'value', comparable: true },
  { path: 'time', text: 'time.Location', embed: 'both' },
  { path: 'time', text: 'time.Timer', embed: 'both' },
  { path: 'time', text: 'time.Ticker', embed: 'value' },
  { path: 'sync', text: 'sync.Mutex', embed: 'both' },
  { path: 'sync', text: 'sync.RWMutex', embed: 'both' },
  { path: 'sync', text: 'sync.WaitGroup', embed: 'both' },
  { path: 'sync', text: 'sync.Once', embed: 'both' },
  { path: 'sync', text: 'sync.Map', embed: 'both' },
  { path: 'sync', text: 'sync.Pool', embed: 'value' },
  { path: 'sync', text: 'sync.Cond', embed: 'value' },
  { path: 'sync', text: 'sync.Locker', embed: 'value' },
  { path: 'bytes', text: 'bytes.Buffer', embed: 'both' },
  { path: 'bytes', text: 'bytes.Reader', embed: 'value' },
  { path: 'strings', text: 'strings.Builder', embed: 'both' },
  { path: 'strings', text: 'strings.Reader', embed: 'value' },
  { path: 'sync/atomic', text: 'atomic.Int64', embed: 'both' },
  { path: 'sync/atomic', text: 'atomic.Uint64', embed: 'both' },
  { path: 'sync/atomic', text: 'atomic.Int32', embed: 'both' },
  { path: 'sync/atomic', text: 'atomic.Uint32', embed: 'value' },
  { path: 'sync/atomic', text: 'atomic.Bool', embed: 'value' },
  { path: 'sync/atomic', text: 'atomic.Value', embed: 'value' },
  { path: 'sync/atomic', text: 'atomic.Uintptr', embed: 'value' },
  { path: 'net/http', text: 'http.Header', embed: 'both' },
  { path: 'net/http', text: 'http.Cookie', embed: 'value' },
  { path: 'net/http', text: 'http.Client', embed: 'value' },
  { path: 'math/big', text: 'big.Int', embed: 'both' },
  { path: 'math/big', text: 'big.Float', embed: 'value' },
  { path: 'math/big', text: 'big.Rat', embed: 'value' },
  { path: 'reflect', text: 'reflect.Value', embed: 'both', comparable: true },
  { path: 'reflect', text: 'reflect.Type', embed: 'value', comparable: true },
  { path: 'reflect', text: 'reflect.Kind', embed: 'value', comparable: true },
  { path: 'context', text: 'context.Context', embed: 'value' },
  { path: 'io', text: 'io.Reader', embed: 'value' },
  { path: 'io', text: 'io.Writer', embed: 'value' },
  { path: 'io', text: 'io.ReadCloser', embed: 'value' },
  { path: 'fmt', text: 'fmt.Stringer', embed: 'value' },
  { path: 'os', text: 'os.File', embed: 'value' },
  { path: 'os', text: 'os.FileMode', embed: 'value', comparable: true },
  { path: 'os', text: 'os.Signal', embed: 'value' },
  { path: 'container/list', text: 'list.List', embed: 'both' },
  { path: 'container/list', text: 'list.Element', embed: 'value' },
  { path: 'net/netip', text: 'netip.Addr', embed: 'both', comparable: true },
  { path: 'net/netip', text: 'netip.Prefix', embed: 'value', comparable: true },
  { path: 'net/netip', text: 'netip.AddrPort', embed: 'value', comparable: true },
  { path: 'regexp', text: 'regexp.Regexp', embed: 'value' },
  { path: 'encoding/json', text: 'json.Number', embed: 'value', comparable: true },
  { path: 'encoding/json', text: 'json.RawMessage', embed: 'value' },
  { path: 'encoding/json', text: 'json.Decoder', embed: 'value' },
  { path: 'database/sql', text: 'sql.NullString', embed: 'value', comparable: true },
  { path: 'database/sql', text: 'sql.NullInt64', embed: 'both', comparable: true },
  { path: 'database/sql', text: 'sql.NullTime', embed: 'value', comparable: true },
  { path: 'database/sql', text: 'sql.NullInt32', embed: 'value', comparable: true },
  { path: 'database/sql', text: 'sql.NullBool', embed: 'value', comparable: true },
  { path: 'hash/maphash', text: 'maphash.Hash', embed: 'value' },
  { path: 'hash/maphash', text: 'maphash.Seed', embed: 'value', comparable: true },
  { path: 'runtime', text: 'runtime.MemStats', embed: 'value' },
  { path: 'runtime', text: 'runtime.Frame', embed: 'value' },
  { path: 'strconv', text: 'strconv.NumError', embed: 'value' },
  { path: 'unicode', text: 'unicode.RangeTable', embed: 'value' },
  { path: 'math/rand', text: 'rand.Rand', embed: 'value' },
  { path: 'sort', text: 'sort.IntSlice', embed: 'value' },
  { path: 'bufio', text: 'bufio.Reader', embed: 'value' },
  { path: 'bufio', text: 'bufio.Writer', embed: 'value' },
  { path: 'bufio', text: 'bufio.Scanner', embed: 'value' },
  { path: 'structs', text: 'structs.HostLayout', embed: 'none', comparable: true },
];

/** Import path of every package name the generator may write. */
const IMPORTS: Record<string, string> = {
  ...Object.fromEntries(STD.map((s) => [s.text.slice(0, s.text.indexOf('.')), s.path])),
  unsafe: 'unsafe',
  weak: 'weak',
  unique: 'unique',
  iter: 'iter',
};

const SCALARS = [
  'bool', 'int8', 'uint8', 'byte', 'int16', 'uint16', 'int32', 'rune', 'uint32', 'int64', 'uint64',
  'int', 'uint', 'uintptr', 'float32', 'float64', 'complex64', 'complex128', 'string', 'unsafe.Pointer',
];
/** Predeclared types that can be embedded (field named after the type). */
const EMBEDDABLE_PREDECLARED = ['int32', 'string', 'bool', 'error', 'uint8', 'float64', 'complex128', 'int64', 'any'];
const ARRAY_LENGTHS = ['0', '1', '2', '3', '5', '7', 'N', 'M', 'Z2', 'Z3', 'K', 'E', 'N*2', '(M-1)/2', '1<<2', '0x3'];
const ZERO_LENGTHS = ['0', 'E', 'Z0', 'N-3'];
const FUNCS = ['func()', 'func(int) error', 'func(string, ...any) (int, error)', 'func(a, b int) (c bool)', 'func() func()'];
const IFACES = ['any', 'interface{}', 'error', 'interface{ M() }', 'interface {\n\tM(int) string\n}'];
const KEYS = ['string', 'int', 'int64', 'uint8', 'bool', 'float64', '[2]int16', 'rune', 'uintptr', 'complex64', 'any', '[N]byte'];

interface Decl {
  name: string;
  /** 'struct' (T), 'defined' (D), 'alias' (A), 'var' (V), 'generic' (G). */
  kind: 'struct' | 'defined' | 'alias' | 'var' | 'generic';
  /** Can be used as a field type by value (everything but vars and uninstantiated generics). */
  value: boolean;
  embed: 'both' | 'value' | 'none';
  comparable: boolean;
  /** For generics: number of type parameters and whether the first one must be comparable. */
  tparams?: number;
  firstComparable?: boolean;
}

export interface GenerateOptions {
  /** Number of top-level named struct types (default 320). */
  structs?: number;
}

export function generateProgram(seed: number, opts: GenerateOptions = {}): GeneratedProgram {
  return new Generator(seed).run(opts.structs ?? 320);
}

class Generator {
  private readonly rng: Rng;
  private readonly decls: Decl[] = [];
  private nextStruct = 0;
  private readonly samples = new Map<number, StructSample>();
  private readonly declSource = new Map<string, string>();
  private owner = '';
  /** Ids of the structs found while rendering the current top-level declaration. */
  private pending: { id: number; fields: string[]; node: TExpr & { k: 'struct' } }[] = [];

  constructor(private readonly seed: number) {
    this.rng = new Rng(seed);
  }

  run(nStructs: number): GeneratedProgram {
    const out: string[] = [];
    out.push('// Code generated by test/unit/randomStructs.ts (seed ' + this.seed + '). DO NOT EDIT.');
    out.push('');
    out.push('package main');
    out.push('');
    out.push('@@IMPORTS@@');
    out.push('const N = 3');
    out.push('const M = N*2 + 1');
    out.push('');
    out.push('const (');
    out.push('\tZ0 = iota');
    out.push('\tZ1');
    out.push('\tZ2');
    out.push('\tZ3');
    out.push(')');
    out.push('');
    out.push('const K uint8 = 2');
    out.push('const E = N - 3');
    out.push('');

    // A few generic struct types, instantiated by the random types below.
    const generics: { head: string; tp: number; cmp: boolean; fields: FieldDecl[] }[] = [
      { head: 'G0[T any]', tp: 1, cmp: false, fields: [f('a', 'T'), f('b', 'int8'), f('c', '[]T')] },
      { head: 'G1[K comparable, V any]', tp: 2, cmp: true, fields: [f('m', 'map[K]V'), f('k', 'K'), f('v', '[2]V'), f('n', 'uint16')] },
      { head: 'G2[T any]', tp: 1, cmp: false, fields: [f('p', '*T'), f('x', 'T'), f('_', '[0]T')] },
      { head: 'G3[T any]', tp: 1, cmp: false, fields: [f('b', 'bool'), f('x', '[N]T'), f('z', '[0]int64')] },
    ];
    for (const g of generics) {
      const name = g.head.slice(0, g.head.indexOf('['));
      this.owner = name;
      const id = this.nextStruct++;
      const body = this.renderStruct({ k: 'struct', id, fields: g.fields }, 0);
      const text = `type ${g.head} ${body.s}${body.trailing}`;
      this.samples.set(id, { id, kind: 'generic', owner: name, fields: g.fields.flatMap((x) => x.names), source: text });
      this.pending = [];
      out.push(text, '');
      this.declSource.set(name, text);
      this.decls.push({ name, kind: 'generic', value: false, embed: 'value', comparable: false, tparams: g.tp, firstComparable: g.cmp });
    }

    let structs = 0;
    let group: string[] | null = null;
    let i = 0;
    while (structs < nStructs) {
      const kind = this.rng.weighted({ struct: 80, defined: 8, alias: 7, var: 5 });
      const name = `${kind === 'struct' ? 'T' : kind === 'defined' ? 'D' : kind === 'alias' ? 'A' : 'V'}${i++}`;
      this.owner = name;
      this.pending = [];
      let text: string;
      let decl: Decl;
      let ownerKind: SampleKind = 'named';
      let ownerStructId: number | undefined;
      const inGroup = kind !== 'var' && group !== null;
      const kw = inGroup ? '' : kind === 'var' ? 'var ' : 'type ';
      const ind = inGroup ? 1 : 0;
      if (kind === 'struct' || kind === 'var' || (kind === 'alias' && this.rng.chance(0.3))) {
        const st = this.genStruct(0);
        ownerStructId = st.id;
        if (kind === 'var') ownerKind = 'var';
        const r = this.renderStruct(st, ind);
        text = `${kw}${name} ${kind === 'alias' ? '= ' : ''}${r.s}${r.trailing}`;
        decl = { name, kind, value: kind !== 'var', embed: kind === 'var' ? 'none' : 'both', comparable: false };
        structs++;
      } else if (kind === 'defined') {
        const t = this.genDefinedUnderlying();
        const r = this.render(t.expr, ind);
        text = `${kw}${name} ${r.s}${r.trailing}`;
        decl = { name, kind, value: true, embed: t.embed, comparable: false };
      } else {
        const t = this.genAliasTarget();
        const r = this.render(t.expr, ind);
        text = `${kw}${name} = ${r.s}${r.trailing}`;
        decl = { name, kind, value: true, embed: t.embed, comparable: false };
      }
      for (const p of this.pending) {
        const isOwner = p.id === ownerStructId;
        this.samples.set(p.id, {
          id: p.id,
          kind: isOwner ? ownerKind : 'nested',
          owner: name,
          fields: p.fields,
          source: isOwner ? text.trim() : this.renderStandalone(p.node),
        });
      }
      this.declSource.set(name, inGroup ? 'type ' + text.replace(/^\t/gm, '') : text);
      this.decls.push(decl);

      // Emit, sometimes inside a `type (...)` group.
      if (inGroup) {
        group!.push('\t' + text);
        if (this.rng.chance(0.35)) {
          out.push('type (', ...group!, ')', '');
          group = null;
        }
      } else {
        out.push(text, '');
        if (kind !== 'var' && this.rng.chance(0.08)) group = [];
      }
    }
    if (group) out.push('type (', ...group, ')', '');

    let typesGo = out.join('\n');
    typesGo = typesGo.replace('@@IMPORTS@@', importBlock(typesGo));
    const mainGo = this.mainProgram();
    return {
      seed: this.seed,
      typesGo,
      mainGo,
      goMod: 'module layoutconformance\n\ngo 1.24\n',
      samples: this.samples,
      declSource: this.declSource,
    };
  }

  // ---- type generation ----

  private earlierValue(pred: (d: Decl) => boolean = () => true): Decl | undefined {
    const c = this.decls.filter((d) => d.value && d.kind !== 'generic' && pred(d));
    if (c.length === 0) return undefined;
    // Prefer recent declarations a little, so that chains of nesting form.
    return this.rng.chance(0.5) ? c[c.length - 1 - this.rng.int(Math.min(c.length, 10))] : this.rng.pick(c);
  }

  /** Any declared type name, including later ones (for pointer, slice, map and chan elements: no cycle by value). */
  private anyTypeName(): string {
    const pool = this.decls.filter((d) => d.kind !== 'var' && d.kind !== 'generic').map((d) => d.name);
    // Forward references: names that will be declared later (T<i+k> may not exist; use only declared ones
    // plus, for pointers, the current owner itself when it is a struct, a legal self-reference).
    if (this.owner.startsWith('T') && this.rng.chance(0.15)) return this.owner;
    return pool.length ? this.rng.pick(pool) : 'int';
  }

  private stdType(pred: (s: StdType) => boolean = () => true): StdType {
    return this.rng.pick(STD.filter(pred));
  }

  /** A generic instantiation (std or local), usable by value. */
  private genericInst(depth: number): string {
    const k = this.rng.weighted({ atomicPtr: 4, weak: 2, unique: 1, seq: 1, sqlNull: 2, local: 5 });
    switch (k) {
      case 'atomicPtr':
        return `atomic.Pointer[${this.anyTypeName()}]`;
      case 'weak':
        return `weak.Pointer[${this.anyTypeName()}]`;
      case 'unique':
        return `unique.Handle[${this.rng.pick(['string', 'int64', 'netip.Addr', '[2]uint8'])}]`;
      case 'seq':
        return `iter.Seq[${this.anyTypeName()}]`;
      case 'sqlNull':
        return `sql.Null[${this.valueTypeText(depth + 1)}]`;
      case 'local': {
        const g = this.rng.pick(this.decls.filter((d) => d.kind === 'generic'));
        const args: string[] = [];
        for (let j = 0; j < g.tparams!; j++) args.push(j === 0 && g.firstComparable ? this.rng.pick(KEYS) : this.valueTypeText(depth + 1));
        return `${g.name}[${args.join(', ')}]`;
      }
    }
  }

  /** A one-line type usable by value (no struct literal): scalar, earlier declaration, std type or small composite. */
  private valueTypeText(depth: number): string {
    const r = this.rng.weighted({ scalar: 5, earlier: 3, std: 2, array: depth < 3 ? 1 : 0, ptr: 1 });
    switch (r) {
      case 'scalar':
        return this.rng.pick(SCALARS);
      case 'earlier':
        return this.earlierValue()?.name ?? 'int16';
      case 'std':
        return this.stdType().text;
      case 'array':
        return `[${this.rng.pick(ARRAY_LENGTHS)}]${this.valueTypeText(depth + 1)}`;
      case 'ptr':
        return `*${this.anyTypeName()}`;
    }
  }

  private zeroSizeType(depth: number): TExpr {
    const r = this.rng.weighted({ empty: 4, arr0: 4, arrEmpty: 1, nested: depth < 3 ? 1 : 0, host: 1 });
    switch (r) {
      case 'empty':
        return this.newStruct([]);
      case 'arr0':
        return text(`[${this.rng.pick(ZERO_LENGTHS)}]${this.rng.pick(['int64', 'string', 'atomic.Int64', 'func()', '*int', 'complex128', 'uint8', 'atomic.Uint64', 'T_ANY'])}`.replace('T_ANY', this.valueTypeText(depth + 1)));
      case 'arrEmpty':
        return { k: 'wrap', prefix: `[${this.rng.pick(['1', '2', 'N'])}]`, elem: this.newStruct([]) };
      case 'nested':
        return this.newStruct(this.genFields(depth + 1, true));
      case 'host':
        return text('structs.HostLayout');
    }
  }

  private newStruct(fields: FieldDecl[]): TExpr & { k: 'struct' } {
    return { k: 'struct', id: this.nextStruct++, fields };
  }

  private genStruct(depth: number): TExpr & { k: 'struct' } {
    const zeroOnly = this.rng.chance(0.06);
    return this.newStruct(this.genFields(depth, zeroOnly));
  }

  /** A struct of scalars, pointers and zero-size fields (for channel elements, which must stay small). */
  private smallStruct(): TExpr & { k: 'struct' } {
    const n = this.rng.int(5);
    const fields: FieldDecl[] = [];
    for (let j = 0; j < n; j++) {
      const t = this.rng.chance(0.2) ? this.zeroSizeSmall() : text(this.rng.chance(0.8) ? this.rng.pick(SCALARS) : `*${this.anyTypeName()}`);
      fields.push({ names: [this.rng.chance(0.1) ? '_' : `f${j}`], type: t });
    }
    return this.newStruct(fields);
  }

  private zeroSizeSmall(): TExpr {
    return this.rng.chance(0.5) ? this.newStruct([]) : text(`[${this.rng.pick(ZERO_LENGTHS)}]${this.rng.pick(['int64', 'string', 'atomic.Int64', 'func()'])}`);
  }

  private genFields(depth: number, zeroOnly: boolean): FieldDecl[] {
    const n = this.rng.chance(0.05) ? 0 : 1 + this.rng.int(depth === 0 ? 12 : 5);
    const fields: FieldDecl[] = [];
    const used = new Set<string>();
    let fi = 0;
    for (let j = 0; j < n; j++) {
      if (zeroOnly) {
        fields.push({ names: [this.rng.chance(0.15) ? '_' : `f${fi++}`], type: this.zeroSizeType(depth) });
        continue;
      }
      const r = this.rng.weighted({ named: 80, embedded: 12, blank: 5, multi: 4 });
      if (r === 'embedded') {
        const e = this.genEmbedded(depth);
        if (e && !used.has(e.name)) {
          used.add(e.name);
          fields.push({ names: [], embeddedName: e.name, type: text(e.text), tag: this.tag() });
          continue;
        }
      }
      if (r === 'blank') {
        const t = this.rng.chance(0.5) ? text(this.rng.pick(['[0]func()', 'structs.HostLayout', '[3]byte', 'int64', '[0]atomic.Int64', 'uint16'])) : this.genType(depth);
        fields.push({ names: ['_'], type: t });
        continue;
      }
      if (r === 'multi') {
        const k = 2 + this.rng.int(2);
        const names: string[] = [];
        for (let q = 0; q < k; q++) names.push(`f${fi++}`);
        fields.push({ names, type: text(this.valueTypeText(depth + 1)) });
        continue;
      }
      // Zero-size fields in the middle and at the end.
      const t = this.rng.chance(0.1) ? this.zeroSizeType(depth) : this.genType(depth);
      fields.push({ names: [`f${fi++}`], type: t, tag: this.tag() });
    }
    return fields;
  }

  private tag(): string | undefined {
    return this.rng.chance(0.05) ? `\`json:"x${this.rng.int(100)},omitempty"\`` : undefined;
  }

  private genEmbedded(depth: number): { name: string; text: string } | undefined {
    const r = this.rng.weighted({ local: 5, std: 4, predeclared: 1, generic: 2 });
    switch (r) {
      case 'local': {
        const d = this.earlierValue((x) => x.embed !== 'none');
        if (!d) return undefined;
        const ptr = d.embed === 'both' && this.rng.chance(0.3);
        return { name: d.name, text: (ptr ? '*' : '') + d.name };
      }
      case 'std': {
        const s = this.stdType((x) => x.embed !== 'none');
        const ptr = s.embed === 'both' && this.rng.chance(0.3);
        return { name: s.text.slice(s.text.indexOf('.') + 1), text: (ptr ? '*' : '') + s.text };
      }
      case 'predeclared': {
        const p = this.rng.pick(EMBEDDABLE_PREDECLARED);
        return { name: p, text: p };
      }
      case 'generic': {
        const g = this.genericInst(depth);
        const base = g.slice(0, g.indexOf('['));
        const name = base.includes('.') ? base.slice(base.indexOf('.') + 1) : base;
        // unique.Handle and iter.Seq embed fine too; a pointer to an instantiation is also allowed.
        const ptr = !base.startsWith('iter.') && this.rng.chance(0.2);
        return { name, text: (ptr ? '*' : '') + g };
      }
    }
  }

  private genType(depth: number): TExpr {
    const deep = depth >= 3;
    const r = this.rng.weighted({
      scalar: 34,
      std: 12,
      generic: 4,
      earlier: 12,
      ptr: 6,
      slice: 4,
      map: 3,
      chan: 3,
      func: 3,
      iface: 3,
      array: deep ? 0 : 6,
      struct: deep ? 0 : 6,
      wrappedStruct: deep ? 0 : 3,
    });
    switch (r) {
      case 'scalar':
        return text(this.rng.pick(SCALARS));
      case 'std':
        return text(this.rng.chance(0.15) ? '*' + this.stdType().text : this.stdType().text);
      case 'generic':
        return text(this.genericInst(depth));
      case 'earlier': {
        const d = this.earlierValue();
        return text(d ? d.name : 'int32');
      }
      case 'ptr':
        return text(`*${this.rng.chance(0.8) ? this.anyTypeName() : this.rng.pick(SCALARS)}`);
      case 'slice':
        return text(`[]${this.rng.chance(0.5) ? this.anyTypeName() : this.valueTypeText(depth + 1)}`);
      case 'map':
        return text(`map[${this.rng.pick(KEYS)}]${this.rng.chance(0.5) ? this.anyTypeName() : this.valueTypeText(depth + 1)}`);
      case 'chan': {
        // Channel elements must stay under 64 KiB: scalars, or pointers and slices of any type.
        const dir = this.rng.pick(['chan ', '<-chan ', 'chan<- ']);
        return text(dir + (this.rng.chance(0.5) ? this.rng.pick(['*', '[]']) + this.anyTypeName() : this.rng.pick(SCALARS)));
      }
      case 'func':
        return text(this.rng.pick(FUNCS));
      case 'iface':
        return text(this.rng.chance(0.3) ? this.stdType((s) => ['context.Context', 'io.Reader', 'fmt.Stringer', 'reflect.Type'].includes(s.text)).text : this.rng.pick(IFACES));
      case 'array':
        return { k: 'wrap', prefix: `[${this.rng.pick(ARRAY_LENGTHS)}]`, elem: this.rng.chance(0.2) ? this.genStruct(depth + 1) : this.genType(depth + 1) };
      case 'struct':
        return this.genStruct(depth + 1);
      case 'wrappedStruct': {
        const prefix = this.rng.pick(['*', '[]', `map[${this.rng.pick(KEYS)}]`, 'chan ', '[2]', '[0]', '*[N]']);
        return { k: 'wrap', prefix, elem: prefix === 'chan ' ? this.smallStruct() : this.genStruct(depth + 1) };
      }
    }
  }

  private genDefinedUnderlying(): { expr: TExpr; embed: Decl['embed'] } {
    const r = this.rng.weighted({ scalar: 3, array: 3, ptr: 1, map: 1, func: 1, iface: 1, std: 2, earlier: 2, structArray: 1 });
    switch (r) {
      case 'scalar': {
        const s = this.rng.pick(SCALARS);
        return { expr: text(s), embed: s === 'unsafe.Pointer' ? 'none' : 'both' };
      }
      case 'array':
        return { expr: text(`[${this.rng.pick(ARRAY_LENGTHS)}]${this.valueTypeText(1)}`), embed: 'both' };
      case 'ptr':
        return { expr: text(`*${this.anyTypeName()}`), embed: 'none' };
      case 'map':
        return { expr: text(`map[${this.rng.pick(KEYS)}]${this.valueTypeText(1)}`), embed: 'both' };
      case 'func':
        return { expr: text(this.rng.pick(FUNCS)), embed: 'both' };
      case 'iface':
        return { expr: text(this.rng.pick(['interface{ M() }', 'interface{ io.Reader }', 'error'])), embed: 'value' };
      case 'std': {
        const s = this.stdType((x) => x.embed === 'both');
        return { expr: text(s.text), embed: 'both' };
      }
      case 'earlier': {
        const d = this.earlierValue((x) => x.embed === 'both');
        return { expr: text(d?.name ?? 'int'), embed: 'both' };
      }
      case 'structArray':
        return { expr: { k: 'wrap', prefix: `[${this.rng.pick(['2', 'N', '0', 'Z1'])}]`, elem: this.genStruct(1) }, embed: 'both' };
    }
  }

  private genAliasTarget(): { expr: TExpr; embed: Decl['embed'] } {
    const r = this.rng.weighted({ earlier: 4, std: 3, scalar: 2, composite: 1, generic: 1 });
    switch (r) {
      case 'earlier': {
        const d = this.earlierValue();
        return { expr: text(d?.name ?? 'int'), embed: d ? d.embed : 'both' };
      }
      case 'std': {
        const s = this.stdType();
        return { expr: text(s.text), embed: s.embed };
      }
      case 'scalar': {
        const s = this.rng.pick(SCALARS.filter((x) => x !== 'unsafe.Pointer'));
        return { expr: text(s), embed: 'value' };
      }
      case 'composite':
        return { expr: text(this.rng.pick([`[]${this.anyTypeName()}`, `*${this.anyTypeName()}`, `[N]${this.valueTypeText(1)}`])), embed: 'none' };
      case 'generic':
        return { expr: text(this.genericInst(1)), embed: 'value' };
    }
  }

  // ---- rendering ----

  /** Renders a type at the given indentation: `s` may span lines; `trailing` goes at the end of the line where `s` ends. */
  private render(t: TExpr, indent: number): { s: string; trailing: string } {
    switch (t.k) {
      case 'text':
        return { s: t.s.replace(/\n/g, '\n' + '\t'.repeat(indent)), trailing: '' };
      case 'wrap': {
        const r = this.render(t.elem, indent);
        return { s: t.prefix + r.s, trailing: r.trailing };
      }
      case 'struct':
        return this.renderStruct(t, indent);
    }
  }

  private renderStruct(t: TExpr & { k: 'struct' }, indent: number): { s: string; trailing: string } {
    this.pending.push({ id: t.id, fields: t.fields.flatMap((x) => (x.embeddedName ? [x.embeddedName] : x.names)), node: t });
    if (t.fields.length === 0) return { s: 'struct{}', trailing: ` // S${t.id}` };
    const pad = '\t'.repeat(indent + 1);
    const lines = [`struct { // S${t.id}`];
    for (const fd of t.fields) {
      const r = this.render(fd.type, indent + 1);
      const head = fd.embeddedName ? '' : fd.names.join(', ') + ' ';
      lines.push(`${pad}${head}${r.s}${fd.tag ? ' ' + fd.tag : ''}${r.trailing}`);
    }
    lines.push('\t'.repeat(indent) + '}');
    return { s: lines.join('\n'), trailing: '' };
  }

  private renderStandalone(t: TExpr & { k: 'struct' }): string {
    const saved = this.pending;
    this.pending = [];
    const r = this.renderStruct(t, 0);
    this.pending = saved;
    return r.s + r.trailing;
  }

  // ---- the Go program that measures ----

  private mainProgram(): string {
    const funcs: string[] = [];
    const calls: string[] = [];
    for (const s of [...this.samples.values()].sort((a, b) => a.id - b.id)) {
      if (s.kind === 'generic') continue;
      const body: string[] = [];
      if (s.kind === 'named') body.push(`\tvar x ${s.owner}`);
      else if (s.kind === 'var') body.push(`\tx := ${s.owner}`);
      else body.push(`\ttype S = ${s.source.replace(/\n/g, '\n\t')}`, '\tvar x S');
      const offs = s.fields.map((name, j) => (name === '_' ? `reflect.TypeOf(x).Field(${j}).Offset` : `unsafe.Offsetof(x.${name})`));
      body.push(`\temit(${s.id}, unsafe.Sizeof(x), unsafe.Alignof(x), x${offs.map((o) => ', ' + o).join('')})`);
      funcs.push(`func s${s.id}() {\n${body.join('\n')}\n}\n`);
      calls.push(`\ts${s.id}()`);
    }
    const src = [
      '// Code generated by test/unit/randomStructs.ts. DO NOT EDIT.',
      '',
      'package main',
      '',
      '@@IMPORTS@@',
      '// emit prints one JSON line: sizes from unsafe, the runtime type descriptor\'s Size_ and PtrBytes',
      '// (internal/abi.Type starts with Size_ uintptr, PtrBytes uintptr) and the field offsets.',
      'func emit(id int, size, align uintptr, v any, offs ...uintptr) {',
      '\ttyp := (*[2]unsafe.Pointer)(unsafe.Pointer(&v))[0]',
      '\tw := (*[2]uintptr)(typ)',
      '\to := make([]string, len(offs))',
      '\tfor i, x := range offs {',
      '\t\to[i] = strconv.FormatUint(uint64(x), 10)',
      '\t}',
      '\tfmt.Printf("{\\"id\\":%d,\\"size\\":%d,\\"align\\":%d,\\"rtsize\\":%d,\\"ptrdata\\":%d,\\"offsets\\":[%s]}\\n", id, size, align, w[0], w[1], strings.Join(o, ","))',
      '}',
      '',
      'var _ = reflect.TypeOf',
      '',
      ...funcs,
      'func main() {',
      ...calls,
      '}',
      '',
    ].join('\n');
    return src.replace('@@IMPORTS@@', importBlock(src, ['fmt', 'strconv', 'strings', 'unsafe', 'reflect']));
  }
}

function text(s: string): TExpr {
  return { k: 'text', s };
}

function f(name: string, type: string): FieldDecl {
  return { names: [name], type: text(type) };
}

/** The import block for the package names `src` uses (`name.` outside comments). */
function importBlock(src: string, always: string[] = []): string {
  const code = src.replace(/\/\/.*$/gm, '');
  const paths = new Set<string>();
  for (const a of always) paths.add(IMPORTS[a] ?? a);
  for (const [name, p] of Object.entries(IMPORTS)) {
    if (new RegExp(`(?<![\\w.])${name}\\.[A-Z]`).test(code)) paths.add(p);
  }
  if (paths.size === 0) return '';
  return `import (\n${[...paths].sort().map((p) => `\t"${p}"`).join('\n')}\n)\n`;
}
