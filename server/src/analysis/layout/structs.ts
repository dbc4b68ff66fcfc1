import type { Node, Tree } from 'web-tree-sitter';
import type { PackageIndex, SourceFile } from '../goPackage';
import type { Field } from '../goTypes';
import { derivedOf, descendantsOf, topDecls } from '../checker/nodes';
import { forEachEnclosing, isStackOverflow } from '../spans';
import { resolveFields, scopeFor } from '../typeResolver';
import type { Range } from '../types';
import { HeapAllocation, heapAllocation } from './sizeClass';
import { FieldLayout, LayoutEngine, StructLayout } from './sizes';

/** One struct type written in the source, with its layout on the engine's architecture. */
export interface StructReport {
  file: SourceFile;
  /** The `struct_type` node. */
  node: Node;
  /** `T` for `type T struct{...}`; `T.f` for a struct-typed field of T; `var v` for a variable. */
  name: string;
  /** Range of the name (or of the `struct` keyword for anonymous structs). */
  nameRange: Range;
  typeParams: string[];
  /** The fields as declared, resolved (in source order). */
  fields: Field[];
  layout: StructLayout | null;
  /** Why the layout is unknown (e.g. "depends on T"). */
  unknownReason?: string;
  allocation: HeapAllocation | null;
  optimal: { size: number; ptrdata: number; order: string[]; layout: StructLayout; allocation: HeapAllocation } | null;
}

function rangeOf(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** Names a struct_type node by where it is declared. */
function structName(node: Node, index: PackageIndex): { name: string; nameNode: Node | null; typeParams: string[] } {
  const parent = node.parent;
  if (parent && (parent.type === 'type_spec' || parent.type === 'type_alias')) {
    const n = parent.childForFieldName('name');
    const decl = n ? index.types.get(n.text) : undefined;
    return { name: n?.text ?? '?', nameNode: n, typeParams: decl?.typeParams ?? [] };
  }
  if (parent?.type === 'field_declaration') {
    const fieldName = parent.childForFieldName('name');
    let outer: Node | null = parent.parent?.parent ?? null;
    while (outer && outer.type !== 'struct_type') outer = outer.parent;
    const outerName = outer ? structName(outer, index) : { name: '?', nameNode: null, typeParams: [] };
    return { name: `${outerName.name}.${fieldName?.text ?? '?'}`, nameNode: fieldName, typeParams: outerName.typeParams };
  }
  if (parent?.type === 'var_spec') {
    const n = parent.childForFieldName('name');
    return { name: `var ${n?.text ?? '?'}`, nameNode: n, typeParams: [] };
  }
  return { name: `struct at line ${node.startPosition.row + 1}`, nameNode: null, typeParams: [] };
}

/** The enclosing type_spec's type parameters, for anonymous structs nested in generic types. */
function enclosingTypeParams(node: Node, index: PackageIndex): string[] {
  for (let p: Node | null = node.parent; p; p = p.parent) {
    if (p.type === 'type_spec') return index.types.get(p.childForFieldName('name')?.text ?? '')?.typeParams ?? [];
    if (p.type === 'function_declaration' || p.type === 'method_declaration') return [];
  }
  return [];
}

/**
 * Orders fields for minimal size, then minimal pointer bytes, keeping the
 * original order among equals (the criteria of x/tools fieldalignment, made stable):
 * zero-size fields first, stricter alignment first, pointer-carrying before
 * pointer-free, and among pointer-carrying fields the one with the most trailing
 * pointer-free bytes last.
 */
export function optimalOrder(fields: FieldLayout[]): FieldLayout[] {
  const indexed = fields.map((f, i) => ({ f, i }));
  indexed.sort((x, y) => {
    const a = x.f;
    const b = y.f;
    if ((a.size === 0) !== (b.size === 0)) return a.size === 0 ? -1 : 1;
    if (a.align !== b.align) return b.align - a.align;
    if ((a.ptrdata === 0) !== (b.ptrdata === 0)) return a.ptrdata === 0 ? 1 : -1;
    if (a.ptrdata !== 0) {
      const ta = a.size - a.ptrdata;
      const tb = b.size - b.ptrdata;
      if (ta !== tb) return ta - tb;
    }
    return x.i - y.i;
  });
  return indexed.map((x) => x.f);
}

export function reportStruct(node: Node, file: SourceFile, index: PackageIndex, engine: LayoutEngine): StructReport {
  const named = structName(node, index);
  const typeParams = named.typeParams.length ? named.typeParams : enclosingTypeParams(node, index);
  const scope = scopeFor(index, file.path, typeParams);
  const fields = resolveFields(node, scope);
  const nameRange = rangeOf(named.nameNode ?? node.child(0) ?? node);
  const base = { file, node, name: named.name, nameRange, typeParams, fields };
  const laid = engine.structLayout(fields);
  if (!laid.ok) return { ...base, layout: null, unknownReason: laid.error.reason, allocation: null, optimal: null };
  const layout = laid.layout;
  const word = engine.word as 4 | 8;
  const allocation = heapAllocation(layout.size, layout.ptrdata > 0, word);
  const ordered = optimalOrder(layout.fields);
  const relaid = engine.structLayout(ordered);
  let optimal: StructReport['optimal'] = null;
  if (relaid.ok) {
    const better =
      relaid.layout.size < layout.size || (relaid.layout.size === layout.size && relaid.layout.ptrdata < layout.ptrdata);
    const best = better ? relaid.layout : layout;
    optimal = {
      size: best.size,
      ptrdata: best.ptrdata,
      order: best.fields.map((f) => f.name),
      layout: best,
      allocation: heapAllocation(best.size, best.ptrdata > 0, word),
    };
  }
  return { ...base, layout, allocation, optimal };
}

/** Reports of some struct_type nodes of one file (those too deeply nested to resolve are left out). */
export function reportStructs(nodes: readonly Node[], file: SourceFile, index: PackageIndex, engine: LayoutEngine): StructReport[] {
  const out: StructReport[] = [];
  for (const node of nodes) {
    try {
      out.push(reportStruct(node, file, index, engine));
    } catch (e) {
      if (!isStackOverflow(e)) throw e;
    }
  }
  return out;
}

/**
 * The package-level specs of a tree that write a struct type (`type T struct{...}`,
 * `var v struct{...}`, nested ones included), in source order; found from the top-level
 * declarations alone (kept per tree). Their struct nodes: {@link structNodesIn}.
 */
export function structSpecs(tree: Tree): Node[] {
  let specs = specsMemo.get(tree);
  if (!specs) {
    specs = [];
    for (const top of topDecls(tree)) {
      if (top.type !== 'type_declaration' && top.type !== 'var_declaration') continue;
      const d = top.node;
      // (kept with the declaration's text: a keystroke does not copy out every declaration of a large file)
      if (!derivedOf(top, 'mentionsStruct', () => d.text.includes('struct'))) continue;
      for (const c of d.namedChildren) {
        if (!c) continue;
        if (c.type === 'var_spec_list') {
          for (const v of c.namedChildren) if (v?.type === 'var_spec' && v.text.includes('struct')) specs.push(v);
        } else if ((c.type === 'type_spec' || c.type === 'type_alias' || c.type === 'var_spec') && c.text.includes('struct')) specs.push(c);
      }
    }
    specsMemo.set(tree, specs);
  }
  return specs;
}

const specsMemo = new WeakMap<Tree, Node[]>();

/** The reported struct types written in one package-level spec, in source order. */
export function structNodesIn(spec: Node): Node[] {
  return descendantsOf(spec, ['struct_type']).filter(isReported);
}

/** A struct type written in a type or var declaration, parsed whole and not nested too deeply. */
function isReported(n: Node): boolean {
  return !n.hasError && isInDeclaration(n) && !tooDeeplyNested(n);
}

/** Every struct type written in the package's files (or in `files` only), in source order. */
export function findStructs(index: PackageIndex, engine: LayoutEngine, files?: ReadonlySet<string>): StructReport[] {
  const out: StructReport[] = [];
  for (const file of index.pkg.files) {
    if (files && !files.has(file.path)) continue;
    for (const node of declaredStructs(file.tree)) {
      try {
        out.push(reportStruct(node, file, index, engine));
      } catch (e) {
        // A type nested too deeply for the recursive resolver: no layout for it.
        if (!isStackOverflow(e)) throw e;
      }
    }
  }
  return out;
}

/**
 * Anonymous structs nested more than this many struct levels deep are not reported
 * (naming and resolving each level costs O(depth), so a 2,000-level nest took
 * gigabytes); real code stays far below it.
 */
const MAX_STRUCT_NESTING = 32;

function tooDeeplyNested(node: Node): boolean {
  let depth = 0;
  forEachEnclosing(node, ['struct_type'], () => ++depth <= MAX_STRUCT_NESTING);
  return depth > MAX_STRUCT_NESTING;
}

const declared = new WeakMap<Tree, Node[]>();

/** The struct types of a tree that are reported, found once per tree (trees are immutable). */
function declaredStructs(tree: Tree): Node[] {
  let nodes = declared.get(tree);
  if (!nodes) {
    // Only package-level type and var declarations hold them: function bodies are not searched.
    nodes = [];
    for (const d of topDecls(tree)) {
      if (d.type !== 'type_declaration' && d.type !== 'var_declaration') continue;
      nodes.push(...descendantsOf(d.node, ['struct_type']).filter(isReported));
    }
    declared.set(tree, nodes);
  }
  return nodes;
}

/** Struct types of type and var declarations (named, or anonymous inside them), not those in expressions. */
function isInDeclaration(node: Node): boolean {
  let found = false;
  forEachEnclosing(node, DECL_OR_STOP, (p) => {
    found = p.type === 'type_declaration' || p.type === 'var_declaration';
    return false;
  });
  return found;
}

const DECL_OR_STOP = ['type_declaration', 'var_declaration', 'block', 'composite_literal', 'parameter_list', 'function_declaration', 'method_declaration', 'func_literal', 'expression_list'];
