import type { Node } from 'web-tree-sitter';
import { BASIC, Field, GoType, predeclaredType, Signature, substitute, UNKNOWN } from './goTypes';
import { evalConstInt, parseIntLiteral } from './constEval';
import type { FileInfo, PackageIndex, TypeDecl } from './goPackage';

/**
 * Turns tree-sitter type expressions into GoType values, resolving names against
 * the package (all files), the file's imports and the type parameters in scope —
 * what go/types' typexpr.go does, without checking.
 */
export interface TypeScope {
  index: PackageIndex;
  file: FileInfo | undefined;
  typeParams: ReadonlySet<string>;
  /** Constant evaluator for array lengths (`[N]byte` with `const N = 4`). */
  constInt?: (node: Node) => number | null;
}

export function scopeFor(index: PackageIndex, filePath: string, typeParams: Iterable<string> = []): TypeScope {
  return { index, file: index.files.get(filePath), typeParams: new Set(typeParams), constInt: (n) => evalConstInt(n, index) };
}

function namedOrLocal(name: string, scope: TypeScope, args: GoType[]): GoType {
  if (scope.typeParams.has(name)) return { kind: 'typeparam', name };
  if (scope.index.types.has(name)) return { kind: 'named', pkg: '', name, args };
  const pre = predeclaredType(name);
  if (pre) return pre;
  const dot = scope.file?.imports.get('.');
  if (dot) return { kind: 'named', pkg: dot, name, args };
  return UNKNOWN(`undeclared type ${name}`);
}

export function resolveTypeNode(node: Node | null | undefined, scope: TypeScope): GoType {
  if (!node) return UNKNOWN('missing type');
  switch (node.type) {
    case 'type_identifier':
    case 'identifier':
      return namedOrLocal(node.text, scope, []);
    case 'qualified_type':
    case 'selector_expression': {
      const pkgNode = node.childForFieldName('package') ?? node.childForFieldName('operand');
      const nameNode = node.childForFieldName('name') ?? node.childForFieldName('field');
      const pkgName = pkgNode?.text ?? '';
      const name = nameNode?.text ?? '';
      if (pkgName === 'unsafe' && name === 'Pointer' && scope.file?.imports.get('unsafe') === 'unsafe') return BASIC('unsafe.Pointer');
      const path = scope.file?.imports.get(pkgName);
      if (!path) return UNKNOWN(`unknown package ${pkgName}`);
      return { kind: 'named', pkg: path, name, args: [] };
    }
    case 'generic_type': {
      const base = resolveTypeNode(node.childForFieldName('type'), scope);
      const argsNode = node.childForFieldName('type_arguments');
      const args = (argsNode?.namedChildren ?? []).filter((n): n is Node => !!n).map((a) => resolveTypeNode(a, scope));
      return base.kind === 'named' ? { ...base, args } : base;
    }
    case 'pointer_type':
      return { kind: 'pointer', elem: resolveTypeNode(node.namedChildren[0], scope) };
    case 'parenthesized_type':
      return resolveTypeNode(node.namedChildren[0], scope);
    case 'slice_type':
      return { kind: 'slice', elem: resolveTypeNode(node.childForFieldName('element'), scope) };
    case 'array_type':
    case 'implicit_length_array_type': {
      const lenNode = node.childForFieldName('length');
      const len = lenNode ? (scope.constInt?.(lenNode) ?? literalInt(lenNode)) : null;
      return { kind: 'array', len, elem: resolveTypeNode(node.childForFieldName('element'), scope) };
    }
    case 'map_type':
      return {
        kind: 'map',
        key: resolveTypeNode(node.childForFieldName('key'), scope),
        elem: resolveTypeNode(node.childForFieldName('value'), scope),
      };
    case 'channel_type':
      return { kind: 'chan', elem: resolveTypeNode(node.childForFieldName('value'), scope) };
    case 'function_type':
      return { kind: 'func', sig: resolveSignature(node, scope) };
    case 'struct_type':
      return { kind: 'struct', fields: resolveFields(node, scope) };
    case 'interface_type':
      return resolveInterface(node, scope);
    case 'negated_type':
    case 'union_type':
    case 'constraint_elem':
      return { kind: 'interface', methods: [], embeds: [] };
    default:
      return UNKNOWN(`unsupported type syntax ${node.type}`);
  }
}

function literalInt(node: Node): number | null {
  return node.type === 'int_literal' ? parseIntLiteral(node.text) : null;
}

/** The fields of a struct type node, embedded fields named by their type name (as go/types does). */
export function resolveFields(structNode: Node, scope: TypeScope): Field[] {
  const list = structNode.namedChildren.find((c) => c?.type === 'field_declaration_list');
  const fields: Field[] = [];
  for (const decl of list?.namedChildren ?? []) {
    if (!decl || decl.type !== 'field_declaration') continue;
    const typeNode = decl.childForFieldName('type');
    const names = decl.childrenForFieldName('name').filter((n): n is Node => !!n);
    let type = resolveTypeNode(typeNode, scope);
    if (names.length === 0) {
      const pointer = decl.children.some((c) => c?.type === '*');
      if (pointer) type = { kind: 'pointer', elem: type };
      fields.push({ name: embeddedName(typeNode), type, embedded: true, typeText: (pointer ? '*' : '') + compact(typeNode) });
    } else {
      for (const n of names) fields.push({ name: n.text, type, embedded: false, typeText: compact(typeNode) });
    }
  }
  return fields;
}

function compact(node: Node | null): string {
  return (node?.text ?? '?').replace(/\s+/g, ' ');
}

export function embeddedName(typeNode: Node | null): string {
  let t = typeNode;
  while (t && (t.type === 'pointer_type' || t.type === 'generic_type')) {
    t = t.type === 'pointer_type' ? t.namedChildren[0] : t.childForFieldName('type');
  }
  if (t?.type === 'qualified_type') return t.childForFieldName('name')?.text ?? '?';
  return t?.text ?? '?';
}

function resolveInterface(node: Node, scope: TypeScope): GoType {
  const methods: string[] = [];
  const embeds: GoType[] = [];
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'method_spec' || c.type === 'method_elem') {
      const n = c.childForFieldName('name');
      if (n) methods.push(n.text);
    } else if (c.type === 'type_elem' || c.type === 'constraint_elem' || c.type === 'interface_type_name') {
      embeds.push(resolveTypeNode(c.namedChildren[0], scope));
    }
  }
  return { kind: 'interface', methods, embeds };
}

/** Parameters and results of a function type, declaration or literal. */
export function resolveSignature(node: Node, scope: TypeScope): Signature {
  const sig: Signature = { params: [], results: [], variadic: false };
  const params = node.childForFieldName('parameters');
  for (const p of params?.namedChildren ?? []) {
    if (!p) continue;
    if (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration') continue;
    let type = resolveTypeNode(p.childForFieldName('type'), scope);
    if (p.type === 'variadic_parameter_declaration') {
      sig.variadic = true;
      type = { kind: 'slice', elem: type };
    }
    const names = p.childrenForFieldName('name').filter((n): n is Node => !!n);
    if (names.length === 0) sig.params.push({ name: '', type });
    for (const n of names) sig.params.push({ name: n.text, type });
  }
  const result = node.childForFieldName('result');
  if (result) {
    if (result.type === 'parameter_list') {
      for (const p of result.namedChildren) {
        if (!p || p.type !== 'parameter_declaration') continue;
        const type = resolveTypeNode(p.childForFieldName('type'), scope);
        const names = p.childrenForFieldName('name').filter((n): n is Node => !!n);
        if (names.length === 0) sig.results.push({ name: '', type });
        for (const n of names) sig.results.push({ name: n.text, type });
      }
    } else {
      sig.results.push({ name: '', type: resolveTypeNode(result, scope) });
    }
  }
  return sig;
}

/**
 * The underlying type of a named type declared in the package, instantiated with
 * its type arguments. Aliases are followed. Returns undefined for types declared
 * elsewhere (the caller consults the standard-library table or module sources).
 */
export function localUnderlying(t: GoType, index: PackageIndex, seen: Set<string> = new Set()): GoType | undefined {
  if (t.kind !== 'named' || t.pkg !== '') return undefined;
  const decl: TypeDecl | undefined = index.types.get(t.name);
  if (!decl) return undefined;
  if (seen.has(t.name)) return UNKNOWN(`invalid recursive type ${t.name}`);
  seen.add(t.name);
  const scope = { ...scopeFor(index, decl.file.path, decl.typeParams) };
  let u = resolveTypeNode(decl.typeNode, scope);
  if (decl.typeParams.length) {
    const env = new Map<string, GoType>();
    decl.typeParams.forEach((p, i) => {
      if (t.args[i]) env.set(p, t.args[i]);
    });
    u = substitute(u, env);
  }
  if (u.kind === 'named' && u.pkg === '') return localUnderlying(u, index, seen) ?? u;
  return u;
}
