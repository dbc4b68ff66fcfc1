import type { Node } from 'web-tree-sitter';
import { evalConstInt } from './constEval';
import type { PackageIndex, SourceFile } from './goPackage';
import { GoType, typeString } from './goTypes';
import { heapAllocation, LayoutEngine, StructReport } from './layout';
import { allocationText, formatLayoutMarkdown } from './layout/layoutText';
import { isStackOverflow } from './spans';
import { resolveTypeNode, scopeFor } from './typeResolver';
import type { Finding, Position } from './types';

/**
 * What the hover shows at a position: the layout of the struct named or built
 * there (declaration, any use, `T{}`, `&T{}`, `new(T)`, `make([]T, n)` with a
 * constant n), a field's place in its struct, and the heap/stack verdict of an
 * allocation site with its reason.
 */
export interface HoverContext {
  index: PackageIndex;
  file: SourceFile;
  structs: StructReport[];
  engine: LayoutEngine;
  goarch: string;
  findings: Finding[];
  /**
   * Describe only layouts that resolve: while a half-typed edit is held, the declarations that error
   * recovery swallowed are missing from the index, and a type they declare would read as undeclared.
   */
  knownOnly?: boolean;
}

function contains(n: Node, p: Position): boolean {
  const s = n.startPosition;
  const e = n.endPosition;
  return (s.row < p.line || (s.row === p.line && s.column <= p.character)) && (e.row > p.line || (e.row === p.line && e.column >= p.character));
}

function enclosingTypeParams(node: Node, index: PackageIndex): string[] {
  for (let p: Node | null = node; p; p = p.parent) {
    if (p.type === 'type_spec') return index.types.get(p.childForFieldName('name')?.text ?? '')?.typeParams ?? [];
    if (p.type === 'function_declaration' || p.type === 'method_declaration') {
      const tps = p.childForFieldName('type_parameters');
      return (tps?.namedChildren ?? []).flatMap((d) => (d ? d.childrenForFieldName('name').map((n) => n?.text ?? '') : []));
    }
  }
  return [];
}

function structOfType(t: GoType, ctx: HoverContext): StructReport | undefined {
  if (t.kind !== 'named' || t.pkg !== '') return undefined;
  return ctx.structs.find((s) => s.name === t.name);
}

/** True when some part of the type did not resolve (an undeclared name, a package that is not imported). */
function mentionsUnknown(t: GoType): boolean {
  switch (t.kind) {
    case 'unknown':
      return true;
    case 'pointer':
    case 'slice':
    case 'array':
    case 'chan':
      return mentionsUnknown(t.elem);
    case 'map':
      return mentionsUnknown(t.key) || mentionsUnknown(t.elem);
    case 'func':
      return [...t.sig.params, ...t.sig.results].some((p) => mentionsUnknown(p.type));
    case 'struct':
      return t.fields.some((f) => mentionsUnknown(f.type));
    case 'interface':
      return t.embeds.some(mentionsUnknown);
    case 'named':
      return t.args.some(mentionsUnknown);
    case 'tuple':
      return t.types.some(mentionsUnknown);
    default:
      return false;
  }
}

/**
 * Whether a hover may describe the type: it must resolve — else the text names nothing
 * real (garbage such as `ö.Ü`, an undeclared name) — and where the parser recovered from
 * an error (`guessed`) it must be a struct of the package or have a known layout, since
 * the recovery reads expressions as types (`fmt.Println(` becomes a qualified type).
 */
function describable(t: GoType, ctx: HoverContext, guessed: boolean): boolean {
  if (mentionsUnknown(t)) return false;
  return !guessed || !!structOfType(t, ctx) || ctx.engine.layoutOf(t).ok;
}

function typeMarkdown(t: GoType, ctx: HoverContext, guessed: boolean): string | undefined {
  if (!describable(t, ctx, guessed)) return undefined;
  const s = structOfType(t, ctx);
  if (s && !(t.kind === 'named' && t.args.length)) return structMarkdown(s, ctx);
  const l = ctx.engine.layoutOf(t);
  const name = typeString(t);
  if (!l.ok) return ctx.knownOnly ? undefined : `**${name}**: size unknown — ${l.reason}`;
  const alloc = heapAllocation(l.size, l.ptrdata > 0, ctx.engine.word as 4 | 8);
  return `**${name}** on \`${ctx.goarch}\`: size ${l.size} B, align ${l.align}, pointer bytes ${l.ptrdata}\n\n- ${allocationText(l.size, alloc)}`;
}

function structMarkdown(s: StructReport, ctx: HoverContext): string | undefined {
  return ctx.knownOnly && !s.layout ? undefined : formatLayoutMarkdown(s, ctx.goarch);
}

/** True inside a parse error, where the tree's node kinds are the parser's guesses. */
function insideError(node: Node): boolean {
  for (let p: Node | null = node; p; p = p.parent) if (p.type === 'ERROR') return true;
  return false;
}

/** The type node that a position's node names, if it is a type reference. */
function typeNodeAt(node: Node): Node | null {
  let n: Node | null = node;
  if (n.type === 'package_identifier' && n.parent?.type === 'qualified_type') n = n.parent;
  if (n.type === 'type_identifier' && n.parent?.type === 'qualified_type') n = n.parent;
  if (n.type === 'type_identifier' || n.type === 'qualified_type') {
    if (n.parent?.type === 'generic_type' && n.parent.childForFieldName('type')?.id === n.id) return n.parent;
    return n;
  }
  return null;
}

export function hoverMarkdown(ctx: HoverContext, pos: Position): string | undefined {
  try {
    return hoverAt(ctx, pos);
  } catch (e) {
    // A type or expression nested too deeply for the recursive resolvers: no hover.
    if (isStackOverflow(e)) return undefined;
    throw e;
  }
}

function hoverAt(ctx: HoverContext, pos: Position): string | undefined {
  const root = ctx.file.tree.rootNode;
  const node = root.descendantForPosition({ row: pos.line, column: pos.character });
  if (!node) return undefined;
  const parts: string[] = [];
  const guessed = insideError(node);
  const scope = { ...scopeFor(ctx.index, ctx.file.path, enclosingTypeParams(node, ctx.index)), constInt: (n: Node) => evalConstInt(n, ctx.index) };

  // A struct's declared name.
  if (node.type === 'type_identifier' && (node.parent?.type === 'type_spec' || node.parent?.type === 'type_alias') && node.parent.childForFieldName('name')?.id === node.id) {
    const s = ctx.structs.find((r) => r.node.parent?.id === node.parent!.id);
    if (s) {
      const md = structMarkdown(s, ctx);
      if (md) parts.push(md);
    } else {
      const md = typeMarkdown({ kind: 'named', pkg: '', name: node.text, args: [] }, ctx, guessed);
      if (md) parts.push(md);
    }
  } else if (node.type === 'field_identifier' && node.parent?.type === 'field_declaration') {
    const structNode = node.parent.parent?.parent;
    const s = ctx.structs.find((r) => r.node.id === structNode?.id);
    const f = s?.layout?.fields.find((x) => x.name === node.text);
    if (s && f) {
      parts.push(`**${s.name}.${f.name}**: offset ${f.offset}, size ${f.size}, align ${f.align}${f.paddingAfter ? `, ${f.paddingAfter} B padding after` : ''}`);
      parts.push(formatLayoutMarkdown(s, ctx.goarch));
    }
  } else {
    const tn = typeNodeAt(node);
    if (tn) {
      const md = typeMarkdown(resolveTypeNode(tn, scope), ctx, guessed);
      if (md) parts.push(md);
    } else {
      const alloc = allocationSite(node, pos);
      if (alloc) {
        const md = allocationMarkdown(alloc, ctx, scope, guessed);
        if (md) parts.push(md);
      }
    }
  }
  for (const f of ctx.findings) {
    if (f.file !== ctx.file.path || f.category === 'layout') continue;
    if (!withinRange(f, pos)) continue;
    const label = f.source === 'compiler' ? 'go compiler' : 'model estimate';
    parts.push(`**${f.message}** _(${label})_` + (f.why.length ? '\n\n' + f.why.map((w) => `- ${w}`).join('\n') : ''));
  }
  return parts.length ? parts.join('\n\n---\n\n') : undefined;
}

function withinRange(f: Finding, p: Position): boolean {
  const s = f.range.start;
  const e = f.range.end;
  return (s.line < p.line || (s.line === p.line && s.character <= p.character)) && (e.line > p.line || (e.line === p.line && e.character >= p.character));
}

/** A composite literal, `new(T)` or `make(...)` call around the position (on its head). */
function allocationSite(node: Node, pos: Position): Node | null {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'composite_literal') return n;
    if (n.type === 'call_expression') {
      const fn = n.childForFieldName('function')?.text;
      if ((fn === 'new' || fn === 'make') && contains(n, pos)) return n;
    }
    if (n.type === 'block' || n.type === 'function_declaration') return null;
  }
  return null;
}

function allocationMarkdown(site: Node, ctx: HoverContext, scope: ReturnType<typeof scopeFor>, guessed: boolean): string | undefined {
  if (site.type === 'composite_literal') {
    const t = resolveTypeNode(site.childForFieldName('type'), scope);
    return typeMarkdown(t, ctx, guessed);
  }
  const fn = site.childForFieldName('function')?.text;
  const args = (site.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a);
  if (fn === 'new' && args[0]) return typeMarkdown(resolveTypeNode(args[0], scope), ctx, guessed);
  if (fn === 'make' && args[0]) {
    const t = resolveTypeNode(args[0], scope);
    if (t.kind !== 'slice') return typeMarkdown(t, ctx, guessed);
    if (!describable(t.elem, ctx, guessed)) return undefined;
    const n = args[1] ? evalConstInt(args[1], ctx.index) : null;
    const m = args[2] ? evalConstInt(args[2], ctx.index) : n;
    const elem = ctx.engine.layoutOf(t.elem);
    if (!elem.ok) return ctx.knownOnly ? undefined : `**${typeString(t)}**: size unknown — ${elem.reason}`;
    // (held: a length that does not evaluate may be a constant declared in what error recovery swallowed)
    if (m === null) return ctx.knownOnly ? undefined : `**${typeString(t)}**: backing array size depends on a value known only at run time`;
    const bytes = m * elem.size;
    const alloc = heapAllocation(bytes, elem.ptrdata > 0, ctx.engine.word as 4 | 8);
    return `**make(${typeString(t)}, ${n}${args[2] ? `, ${m}` : ''})** on \`${ctx.goarch}\`: backing array ${m} × ${elem.size} B = ${bytes} B\n\n- ${allocationText(bytes, alloc)}${bytes > 64 * 1024 ? '\n- larger than 64 KiB: always allocated on the heap' : ''}`;
  }
  return undefined;
}
