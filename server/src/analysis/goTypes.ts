/**
 * A small model of Go types, enough for layout and escape analysis. It follows
 * go/types' shapes (cmd/compile/internal/types is the same idea): named types keep
 * their identity and resolve their underlying type lazily through a resolver.
 */

export type BasicName =
  | 'bool' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64'
  | 'int' | 'uint' | 'uintptr' | 'float32' | 'float64' | 'complex64' | 'complex128' | 'string'
  | 'unsafe.Pointer'
  // untyped constant kinds
  | 'untyped int' | 'untyped float' | 'untyped rune' | 'untyped string' | 'untyped bool' | 'untyped nil';

export interface Field {
  name: string;
  type: GoType;
  embedded: boolean;
  /** The type as written in the source, when it came from source. */
  typeText?: string;
}

export interface Signature {
  params: { name: string; type: GoType }[];
  results: { name: string; type: GoType }[];
  variadic: boolean;
}

export type GoType =
  | { kind: 'basic'; name: BasicName }
  | { kind: 'pointer'; elem: GoType }
  | { kind: 'slice'; elem: GoType }
  | { kind: 'array'; len: number | null; elem: GoType }
  | { kind: 'map'; key: GoType; elem: GoType }
  | { kind: 'chan'; elem: GoType }
  | { kind: 'func'; sig: Signature }
  | { kind: 'struct'; fields: Field[] }
  | { kind: 'interface'; methods: string[]; embeds: GoType[] }
  /** `pkg` is '' for the package being analyzed, else the import path. */
  | { kind: 'named'; pkg: string; name: string; args: GoType[] }
  | { kind: 'typeparam'; name: string }
  | { kind: 'tuple'; types: GoType[] }
  | { kind: 'unknown'; reason: string };

export const BASIC = (name: BasicName): GoType => ({ kind: 'basic', name });
export const UNKNOWN = (reason: string): GoType => ({ kind: 'unknown', reason });

const BASIC_NAMES = new Set<string>([
  'bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'int', 'uint', 'uintptr',
  'float32', 'float64', 'complex64', 'complex128', 'string',
]);

/** Predeclared type names, with the aliases byte/rune resolved. */
export function predeclaredType(name: string): GoType | undefined {
  if (BASIC_NAMES.has(name)) return BASIC(name as BasicName);
  if (name === 'byte') return BASIC('uint8');
  if (name === 'rune') return BASIC('int32');
  if (name === 'error') return { kind: 'named', pkg: 'builtin', name: 'error', args: [] };
  if (name === 'any') return { kind: 'interface', methods: [], embeds: [] };
  if (name === 'comparable') return { kind: 'interface', methods: [], embeds: [] };
  return undefined;
}

/** Renders a type the way go/types does, with package names shortened to their last element. */
export function typeString(t: GoType): string {
  switch (t.kind) {
    case 'basic':
      return t.name;
    case 'pointer':
      return '*' + typeString(t.elem);
    case 'slice':
      return '[]' + typeString(t.elem);
    case 'array':
      return `[${t.len ?? '?'}]` + typeString(t.elem);
    case 'map':
      return `map[${typeString(t.key)}]${typeString(t.elem)}`;
    case 'chan':
      return 'chan ' + typeString(t.elem);
    case 'func':
      return 'func(' + t.sig.params.map((p) => typeString(p.type)).join(', ') + ')' + resultsString(t.sig);
    case 'struct':
      return 'struct{' + t.fields.map((f) => (f.embedded ? typeString(f.type) : `${f.name} ${typeString(f.type)}`)).join('; ') + '}';
    case 'interface':
      return t.methods.length === 0 && t.embeds.length === 0 ? 'any' : 'interface{...}';
    case 'named': {
      const base = t.pkg === '' || t.pkg === 'builtin' ? t.name : `${t.pkg.slice(t.pkg.lastIndexOf('/') + 1)}.${t.name}`;
      return t.args.length ? `${base}[${t.args.map(typeString).join(', ')}]` : base;
    }
    case 'typeparam':
      return t.name;
    case 'tuple':
      return '(' + t.types.map(typeString).join(', ') + ')';
    case 'unknown':
      return '?';
  }
}

function resultsString(sig: Signature): string {
  if (sig.results.length === 0) return '';
  if (sig.results.length === 1) return ' ' + typeString(sig.results[0].type);
  return ' (' + sig.results.map((r) => typeString(r.type)).join(', ') + ')';
}

/** Replaces type parameters by arguments (instantiation). */
export function substitute(t: GoType, env: Map<string, GoType>): GoType {
  if (env.size === 0) return t;
  switch (t.kind) {
    case 'typeparam':
      return env.get(t.name) ?? t;
    case 'pointer':
    case 'slice':
    case 'chan':
      return { ...t, elem: substitute(t.elem, env) };
    case 'array':
      return { ...t, elem: substitute(t.elem, env) };
    case 'map':
      return { ...t, key: substitute(t.key, env), elem: substitute(t.elem, env) };
    case 'struct':
      return { ...t, fields: t.fields.map((f) => ({ ...f, type: substitute(f.type, env) })) };
    case 'named':
      return t.args.length ? { ...t, args: t.args.map((a) => substitute(a, env)) } : t;
    case 'func':
      return {
        kind: 'func',
        sig: {
          variadic: t.sig.variadic,
          params: t.sig.params.map((p) => ({ ...p, type: substitute(p.type, env) })),
          results: t.sig.results.map((p) => ({ ...p, type: substitute(p.type, env) })),
        },
      };
    default:
      return t;
  }
}

/** True when the type mentions a type parameter (its size then depends on the instantiation). */
export function mentionsTypeParam(t: GoType): boolean {
  switch (t.kind) {
    case 'typeparam':
      return true;
    case 'array':
      return mentionsTypeParam(t.elem);
    case 'struct':
      return t.fields.some((f) => mentionsTypeParam(f.type));
    case 'named':
      return t.args.some(mentionsTypeParam);
    default:
      return false;
  }
}
