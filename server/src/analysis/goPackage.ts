import type { Node, Tree } from 'web-tree-sitter';
import { derivedOf, descendantsOf, topDecls } from './checker/nodes';
import { detach } from './textMemo';
import { LineIndex } from './positions';
import type { Position } from './types';

/**
 * A Go package as the analysis sees it: the parsed files of one directory that the
 * build includes (see buildConstraints.ts), saved or unsaved. Pure data; the
 * caller loads files and parses them.
 */
export interface SourceFile {
  /** Absolute path. */
  path: string;
  text: string;
  tree: Tree;
  /** The text's line index when the file has one already (an open document keeps it up to date per edit); see linesOf. */
  lines?: LineIndex;
}

const lineIndexes = new WeakMap<SourceFile, LineIndex>();

/** A file's line index: its own when it has one for this text, else made once per file. */
export function linesOf(file: SourceFile): LineIndex {
  let idx = lineIndexes.get(file);
  if (!idx) {
    idx = file.lines?.text === file.text ? file.lines : LineIndex.of(file.text);
    lineIndexes.set(file, idx);
  }
  return idx;
}

export interface GoPackage {
  dir: string;
  /** Import path when known (`strings`, `example.com/m/shop`), else ''. */
  importPath: string;
  files: SourceFile[];
  /**
   * The directory's `_test.go` files (internal and external), when the loader
   * supplies them: not analyzed, but consulted by fixes that tests could break.
   */
  testFiles?: SourceFile[];
}

export interface TypeDecl {
  name: string;
  file: SourceFile;
  /** The `type_spec` or `type_alias` node. */
  spec: Node;
  /** The node of the declared type expression. */
  typeNode: Node | null;
  typeParams: string[];
  isAlias: boolean;
  /** The node type of typeNode ('' without one), known without finding the nodes. */
  typeKind: string;
}

export interface FuncDecl {
  /** `F` for functions, `T.M` for methods (receiver base type name). */
  key: string;
  name: string;
  recvType?: string;
  recvPointer: boolean;
  file: SourceFile;
  node: Node;
}

export interface FileInfo {
  file: SourceFile;
  /** Local package name → import path; `.` imports are under '.'. */
  imports: Map<string, string>;
  /** The position of a UTF-16 offset of the file's text. */
  positionAt(offset: number): Position;
}

export interface PackageIndex {
  pkg: GoPackage;
  name: string;
  types: Map<string, TypeDecl>;
  funcs: Map<string, FuncDecl>;
  /** Package-level vars and consts: name → declaring node (`var_spec`/`const_spec`). */
  values: Map<string, { file: SourceFile; spec: Node; isConst: boolean }>;
  files: Map<string, FileInfo>;
}

/** Last element of an import path, used as the default package name (`math/rand/v2` → `rand`). */
export function defaultPackageName(importPath: string): string {
  const parts = importPath.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last.replace(/^go-/, '').replace(/[.-]/g, '_');
}

export function stringLiteralValue(node: Node): string {
  const t = node.text;
  if (t.startsWith('`')) return t.slice(1, -1);
  try {
    return JSON.parse(t) as string;
  } catch {
    return t.slice(1, -1);
  }
}

function readImports(tree: Tree): Map<string, string> {
  const imports = new Map<string, string>();
  for (const d of topDecls(tree)) {
    if (d.type !== 'import_declaration') continue;
    for (const [name, p] of derivedOf(d, 'imports', () => importsOf(d.node))) imports.set(name, p);
  }
  return imports;
}

/** An import declaration's imports, local name → path (no nodes: kept with the declaration, see TopDecl). */
function importsOf(decl: Node): [string, string][] {
  const out: [string, string][] = [];
  for (const spec of descendantsOf(decl, ['import_spec'])) {
    if (!spec) continue;
    const pathNode = spec.childForFieldName('path');
    if (!pathNode) continue;
    const p = stringLiteralValue(pathNode);
    const nameNode = spec.childForFieldName('name');
    const name = nameNode ? nameNode.text : defaultPackageName(p);
    if (name !== '_') out.push([detach(name), detach(p)]);
  }
  return out;
}

function typeParamNames(spec: Node): string[] {
  const list = spec.childForFieldName('type_parameters');
  if (!list) return [];
  const names: string[] = [];
  for (const decl of list.namedChildren) {
    if (!decl) continue;
    for (const n of decl.childrenForFieldName('name')) if (n) names.push(n.text);
  }
  return names;
}

/** The receiver's base type name and whether it is a pointer receiver. */
export function receiverBase(method: Node): { name: string; pointer: boolean } | undefined {
  const recv = method.childForFieldName('receiver');
  const decl = recv?.namedChildren.find((c) => c?.type === 'parameter_declaration');
  let t = decl?.childForFieldName('type') ?? null;
  let pointer = false;
  while (t && (t.type === 'pointer_type' || t.type === 'parenthesized_type')) {
    if (t.type === 'pointer_type') pointer = true;
    t = t.namedChildren[0] ?? null;
  }
  if (t?.type === 'generic_type') t = t.childForFieldName('type');
  if (!t || t.type !== 'type_identifier') return undefined;
  return { name: t.text, pointer };
}

/** What one file declares at package level (its part of the index). */
interface FileDecls {
  file: SourceFile;
  info: FileInfo;
  name: string;
  types: TypeDecl[];
  funcs: FuncDecl[];
  values: [string, { file: SourceFile; spec: Node; isConst: boolean }][];
}

/**
 * Each file's declarations, kept per tree (trees are immutable): while a file's tree and
 * source-file record stay the same, indexing it again costs nothing. The loader hands
 * out the same record for an unchanged file, so only edited files are walked again.
 */
const fileDecls = new WeakMap<Tree, FileDecls>();

/**
 * What a function or method declaration declares, without nodes (kept with the declaration
 * across trees, see TopDecl); `null` when it declares nothing callable by name.
 */
function funcHead(decl: Node, type: string): { key: string; name: string; recvType?: string; recvPointer: boolean } | null {
  const name = decl.childForFieldName('name')?.text;
  if (type === 'function_declaration') return name && name !== '_' && name !== 'init' ? { key: detach(name), name: detach(name), recvPointer: false } : null;
  const recv = receiverBase(decl);
  if (!name || !recv) return null;
  return { key: detach(`${recv.name}.${name}`), name: detach(name), recvType: detach(recv.name), recvPointer: recv.pointer };
}

/** A type declaration's specs by their index among its named children, without nodes (see funcHead). */
function typeHeads(decl: Node): { at: number; name: string; typeParams: string[]; isAlias: boolean; typeKind: string }[] {
  const out: { at: number; name: string; typeParams: string[]; isAlias: boolean; typeKind: string }[] = [];
  decl.namedChildren.forEach((spec, at) => {
    if (!spec || (spec.type !== 'type_spec' && spec.type !== 'type_alias')) return;
    const name = spec.childForFieldName('name')?.text;
    if (!name || name === '_') return;
    out.push({ at, name: detach(name), typeParams: typeParamNames(spec).map(detach), isAlias: spec.type === 'type_alias', typeKind: spec.childForFieldName('type')?.type ?? '' });
  });
  return out;
}

/**
 * A type declaration of one tree: its nodes are found when first asked for (most of a
 * large file's types are not looked at by a keystroke's analyses).
 */
class TypeDeclOf implements TypeDecl {
  private nodes?: { spec: Node; typeNode: Node | null };
  constructor(
    readonly name: string,
    readonly file: SourceFile,
    private readonly decl: Node,
    private readonly at: number,
    readonly typeParams: string[],
    readonly isAlias: boolean,
    readonly typeKind: string,
  ) {}

  private get found(): { spec: Node; typeNode: Node | null } {
    if (!this.nodes) {
      const spec = this.decl.namedChildren[this.at]!;
      this.nodes = { spec, typeNode: spec.childForFieldName('type') };
    }
    return this.nodes;
  }

  get spec(): Node {
    return this.found.spec;
  }

  get typeNode(): Node | null {
    return this.found.typeNode;
  }
}

/** A var or const declaration's specs, searched for when first asked (see ValueDeclOf). */
function valueSpecs(decl: Node, isConst: boolean): () => Node[] {
  let specs: Node[] | undefined;
  return () => (specs ??= descendantsOf(decl, [isConst ? 'const_spec' : 'var_spec']).filter((s): s is Node => !!s));
}

/** The names a var or const declaration declares, each with its spec's index among the specs (no nodes, see funcHead). */
function valueHeads(specs: Node[]): { name: string; at: number }[] {
  const out: { name: string; at: number }[] = [];
  specs.forEach((spec, at) => {
    for (const n of spec.childrenForFieldName('name')) if (n && n.text !== '_') out.push({ name: detach(n.text), at });
  });
  return out;
}

/** A package-level var or const of one tree: its spec node is found when first asked for (see TypeDeclOf). */
class ValueDeclOf {
  constructor(
    readonly file: SourceFile,
    private readonly specs: () => Node[],
    private readonly at: number,
    readonly isConst: boolean,
  ) {}

  get spec(): Node {
    return this.specs()[this.at];
  }
}

function declsOf(file: SourceFile): FileDecls {
  const hit = fileDecls.get(file.tree);
  if (hit && hit.file === file) return hit;
  const tree = file.tree;
  const info: FileInfo = {
    file,
    imports: readImports(tree),
    positionAt: (offset) => linesOf(file).positionAt(offset),
  };
  const out: FileDecls = { file, info, name: '', types: [], funcs: [], values: [] };
  for (const d of topDecls(tree)) {
    const decl = d.node;
    switch (d.type) {
      case 'package_clause':
        if (!out.name) out.name = derivedOf(d, 'package', () => detach(decl.namedChildren[0]?.text ?? ''));
        break;
      case 'type_declaration':
        for (const t of derivedOf(d, 'types', () => typeHeads(decl))) out.types.push(new TypeDeclOf(t.name, file, decl, t.at, t.typeParams, t.isAlias, t.typeKind));
        break;
      case 'function_declaration':
      case 'method_declaration': {
        const h = derivedOf(d, 'func', () => funcHead(decl, d.type));
        if (h) out.funcs.push({ key: h.key, name: h.name, recvType: h.recvType, recvPointer: h.recvPointer, file, node: decl });
        break;
      }
      case 'var_declaration':
      case 'const_declaration': {
        const isConst = d.type === 'const_declaration';
        const specs = valueSpecs(decl, isConst);
        for (const v of derivedOf(d, 'values', () => valueHeads(specs()))) out.values.push([v.name, new ValueDeclOf(file, specs, v.at, isConst)]);
        break;
      }
    }
  }
  fileDecls.set(file.tree, out);
  return out;
}

/**
 * Indexes the package-level declarations of every file (a later declaration of a name wins, as before).
 * `transient`: an index read once (a hover over a held edit's broken text), not the one the package's
 * next index is updated from.
 */
export function indexPackage(pkg: GoPackage, opts: { transient?: boolean } = {}): PackageIndex {
  const decls = pkg.files.map(declsOf);
  const prev = lastIndexes.get(pkg.dir);
  const index = (prev && updatedIndex(pkg, decls, prev)) ?? freshIndex(pkg, decls);
  if (opts.transient) return index;
  lastIndexes.delete(pkg.dir);
  lastIndexes.set(pkg.dir, { decls, index });
  // a few packages are edited at a time; an index holds its package's trees
  if (lastIndexes.size > KEPT_INDEXES) lastIndexes.delete(lastIndexes.keys().next().value!);
  return index;
}

const KEPT_INDEXES = 4;

/** The last index of the most recently indexed package directories, with their files' declarations (for updatedIndex). */
const lastIndexes = new Map<string, { decls: FileDecls[]; index: PackageIndex }>();

function freshIndex(pkg: GoPackage, decls: FileDecls[]): PackageIndex {
  const index: PackageIndex = { pkg, name: '', types: new Map(), funcs: new Map(), values: new Map(), files: new Map() };
  for (const d of decls) {
    index.files.set(d.file.path, d.info);
    if (!index.name) index.name = d.name;
    for (const t of d.types) index.types.set(t.name, t);
    for (const f of d.funcs) index.funcs.set(f.key, f);
    for (const [name, v] of d.values) index.values.set(name, v);
  }
  return index;
}

/**
 * The previous index with one file's declarations replaced, when that is all a keystroke
 * changed: the same files in the same order, one of them with new declarations that declare
 * the same names in the same order (a later file's declaration of a name still wins, as in
 * freshIndex). `undefined` otherwise. Copying the maps is cheaper than filling them again
 * from every file (net/http: 2,000 declarations per keystroke).
 */
function updatedIndex(pkg: GoPackage, decls: FileDecls[], prev: { decls: FileDecls[]; index: PackageIndex }): PackageIndex | undefined {
  if (prev.decls.length !== decls.length) return undefined;
  let edited = -1;
  for (let i = 0; i < decls.length; i++) {
    if (decls[i] === prev.decls[i]) continue;
    if (edited >= 0 || decls[i].file.path !== prev.decls[i].file.path) return undefined;
    edited = i;
  }
  const now = decls[edited];
  const then = prev.decls[edited];
  if (!now || !then) return undefined;
  if (now.name !== then.name || !sameNames(now.types, then.types, (t) => t.name) || !sameNames(now.funcs, then.funcs, (f) => f.key) || !sameNames(now.values, then.values, (v) => v[0])) return undefined;
  const index: PackageIndex = {
    pkg,
    name: prev.index.name,
    types: copyMap(prev.index.types),
    funcs: copyMap(prev.index.funcs),
    values: copyMap(prev.index.values),
    files: copyMap(prev.index.files),
  };
  index.files.set(now.file.path, now.info);
  // a name whose winning declaration was the edited file's takes its new declaration (the last one of the file, as freshIndex does)
  for (const t of now.types) if (prev.index.types.get(t.name)?.file === then.file) index.types.set(t.name, t);
  for (const f of now.funcs) if (prev.index.funcs.get(f.key)?.file === then.file) index.funcs.set(f.key, f);
  for (const [name, v] of now.values) if (prev.index.values.get(name)?.file === then.file) index.values.set(name, v);
  return index;
}

/** A copy of a map (`new Map(m)` goes through the iterator protocol: an entry array per key, per keystroke). */
export function copyMap<K, V>(m: ReadonlyMap<K, V>): Map<K, V> {
  const out = new Map<K, V>();
  m.forEach((v, k) => out.set(k, v));
  return out;
}

function sameNames<T>(a: readonly T[], b: readonly T[], name: (x: T) => string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (name(a[i]) !== name(b[i])) return false;
  return true;
}
