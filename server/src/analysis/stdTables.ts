/**
 * Shapes of the standard-library tables shipped in data/ (generated from the real
 * toolchain by scripts/gen-std-layout and scripts/gen-std-escape). The analysis
 * receives them as plain objects; loading them from disk happens outside the core.
 */

/** Type template used for generic standard-library types. */
export type StdTypeJSON =
  | { k: 'basic'; n: string }
  | { k: 'ptr' }
  | { k: 'string' }
  | { k: 'slice' }
  | { k: 'iface' }
  | { k: 'tparam'; n: string }
  | { k: 'array'; n: number; e: StdTypeJSON }
  | { k: 'struct'; f: { n: string; t: StdTypeJSON }[] }
  | { k: 'named'; n: string }
  | { k: 'inst'; n: string; a: StdTypeJSON[] };

export interface StdLayoutEntry {
  /** Comma-joined arch list → [size, align, ptrdata]. */
  l?: Record<string, [number, number, number]>;
  /** Kind of the underlying type: struct, pointer, map, chan, func, interface, slice, array, string, basic. */
  k?: string;
  /** Interface methods. */
  m?: string[];
  /** Method sets of *T and T. */
  pm?: string[];
  vm?: string[];
  tparams?: string[];
  t?: StdTypeJSON;
  alias?: string;
}

export interface StdLayoutTable {
  goVersion: string;
  goos?: Record<string, string>;
  types: Record<string, StdLayoutEntry>;
}

/** Escape tag of one parameter, as the compiler's `leaking param` lines say. */
export type StdEscapeTag = 'none' | { heap?: boolean; content?: boolean; res?: [number, number][] };

export interface StdParam {
  n: string;
  t: string;
  e?: StdEscapeTag;
}

export interface StdFunc {
  recv?: StdParam;
  p: StdParam[];
  r: string[];
  v?: boolean;
  inl?: boolean;
}

export interface StdEscapeTable {
  goVersion: string;
  funcs: Record<string, StdFunc>;
  vars?: Record<string, string>;
}

export interface StdTables {
  layout?: StdLayoutTable;
  escape?: StdEscapeTable;
}

/** Finds the [size, align, ptrdata] of a non-generic std type for an arch. */
export function stdLayoutFor(table: StdLayoutTable | undefined, key: string, arch: string): [number, number, number] | undefined {
  const e = table?.types[key];
  if (!e?.l) return undefined;
  for (const [archs, v] of Object.entries(e.l)) {
    if (archs.split(',').includes(arch)) return v;
  }
  return undefined;
}
