import type { Node, Tree } from 'web-tree-sitter';
import { descendantsOf, topLevel } from './checker/nodes';
import { lineStarts } from './positions';

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
  lineStarts: number[];
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

function readImports(root: Node): Map<string, string> {
  const imports = new Map<string, string>();
  for (const decl of topLevel(root.tree)) {
    if (!decl || decl.type !== 'import_declaration') continue;
    const specs = descendantsOf(decl, ['import_spec']);
    for (const spec of specs) {
      if (!spec) continue;
      const pathNode = spec.childForFieldName('path');
      if (!pathNode) continue;
      const p = stringLiteralValue(pathNode);
      const nameNode = spec.childForFieldName('name');
      const name = nameNode ? nameNode.text : defaultPackageName(p);
      if (name !== '_') imports.set(name, p);
    }
  }
  return imports;
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

function declsOf(file: SourceFile): FileDecls {
  const hit = fileDecls.get(file.tree);
  if (hit && hit.file === file) return hit;
  const root = file.tree.rootNode;
  const out: FileDecls = { file, info: { file, imports: readImports(root), lineStarts: lineStarts(file.text) }, name: '', types: [], funcs: [], values: [] };
  for (const decl of topLevel(root.tree)) {
    if (!decl) continue;
    switch (decl.type) {
      case 'package_clause':
        if (!out.name) out.name = decl.namedChildren[0]?.text ?? '';
        break;
      case 'type_declaration':
        for (const spec of decl.namedChildren) {
          if (!spec || (spec.type !== 'type_spec' && spec.type !== 'type_alias')) continue;
          const name = spec.childForFieldName('name')?.text;
          if (!name || name === '_') continue;
          out.types.push({
            name,
            file,
            spec,
            typeNode: spec.childForFieldName('type'),
            typeParams: typeParamNames(spec),
            isAlias: spec.type === 'type_alias',
          });
        }
        break;
      case 'function_declaration': {
        const name = decl.childForFieldName('name')?.text;
        if (name && name !== '_' && name !== 'init') out.funcs.push({ key: name, name, recvPointer: false, file, node: decl });
        break;
      }
      case 'method_declaration': {
        const name = decl.childForFieldName('name')?.text;
        const recv = receiverBase(decl);
        if (name && recv) {
          const key = `${recv.name}.${name}`;
          out.funcs.push({ key, name, recvType: recv.name, recvPointer: recv.pointer, file, node: decl });
        }
        break;
      }
      case 'var_declaration':
      case 'const_declaration':
        for (const spec of descendantsOf(decl, [decl.type === 'var_declaration' ? 'var_spec' : 'const_spec'])) {
          if (!spec) continue;
          for (const n of spec.childrenForFieldName('name')) {
            if (n && n.text !== '_') out.values.push([n.text, { file, spec, isConst: decl.type === 'const_declaration' }]);
          }
        }
        break;
    }
  }
  fileDecls.set(file.tree, out);
  return out;
}

/** Indexes the package-level declarations of every file (a later declaration of a name wins, as before). */
export function indexPackage(pkg: GoPackage): PackageIndex {
  const index: PackageIndex = { pkg, name: '', types: new Map(), funcs: new Map(), values: new Map(), files: new Map() };
  for (const file of pkg.files) {
    const d = declsOf(file);
    index.files.set(file.path, d.info);
    if (!index.name) index.name = d.name;
    for (const t of d.types) index.types.set(t.name, t);
    for (const f of d.funcs) index.funcs.set(f.key, f);
    for (const [name, v] of d.values) index.values.set(name, v);
  }
  return index;
}
