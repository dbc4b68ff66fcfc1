import type { Node, Tree } from 'web-tree-sitter';
import { linesOf, type PackageIndex } from '../goPackage';
import type { LineIndex } from '../positions';
import { isStackOverflow } from '../spans';
import { embeddedName } from '../typeResolver';
import type { Fix, TextEdit } from '../types';
import { BodyLine, fieldCells, renderBody } from './gofmtAlign';
import type { StructReport } from './structs';
import { copyOf, derivedOf, descendantsOf, topDecls, topLevel, topLevelIndexOf } from '../checker/nodes';
import { detach, nodeHash, TextMemo, textHash } from '../textMemo';

/**
 * The "Reorder fields for minimal size" fix: rewrites the field list of the struct
 * in the optimal order, moving each field declaration as a unit with its doc
 * comments, line comment, tag and the blank line before it, and re-aligns the
 * lines as gofmt does. Refuses (with the reason) whenever the rewrite could change
 * the program's meaning or lose text.
 */

export const REORDER_TITLE = 'Reorder fields for minimal size';

interface Unit {
  /** Field names as the layout names them (embedded: type name). */
  names: string[];
  decl: Node;
  /** First source row of the unit (its first leading comment, or the field). */
  startRow: number;
  /** Source lines (comments, blank lines) between the previous field and the doc block, verbatim. */
  lead: string[];
  /** A blank line precedes the unit. */
  blankBefore: boolean;
  /** The field's own lines, rendered later. */
  cells: { names: string; type: string; tag?: string; comment?: string };
  /** Lines 2..n of a multi-line field, verbatim. */
  rest: string[];
  indent: string;
}

type Result = { fix?: Fix; refusal?: string };

class Refusal extends Error {}

/**
 * Field order is visible to reflection: fmt's %v, encoding/json, encoding/asn1, gob,
 * binary.Read/Write and tests that pin sizes all see it. Applied to whole standard-library
 * packages, reordering broke crypto/x509 (asn1 parsing) and go/ast (ast.Print output), so the
 * reorder is a deliberate per-struct quick fix and never part of "Fix all".
 */
const REORDER_IN_FIX_ALL = false;

function refuse(msg: string): never {
  throw new Refusal(msg);
}

export function reorderFix(report: StructReport, index: PackageIndex): Result {
  try {
    return build(report, index);
  } catch (e) {
    if (e instanceof Refusal) return { refusal: e.message };
    if (isStackOverflow(e)) return { refusal: 'the struct is nested too deeply to rewrite' };
    throw e;
  }
}

function build(report: StructReport, index: PackageIndex): Result {
  const layout = report.layout;
  const optimal = report.optimal;
  if (!layout || !optimal) {
    return { refusal: `the layout is not known${report.unknownReason ? ` (${report.unknownReason})` : ''}` };
  }
  const current = layout.fields.map((f) => f.name);
  if (current.length === optimal.order.length && current.every((n, i) => n === optimal.order[i])) {
    return { refusal: 'the fields are already in the optimal order' };
  }
  const node = report.node;
  if (node.hasError || hasMissing(node)) refuse('the struct has syntax errors');
  for (let p = node.parent; p; p = p.parent) if (p.type === 'ERROR') refuse('the declaration is inside code that does not parse');
  const list = node.namedChildren.find((c) => c?.type === 'field_declaration_list');
  if (!list) refuse('the struct has no field list');
  const decls = list.namedChildren.filter((c): c is Node => !!c && c.type === 'field_declaration');

  // Fields whose position is meaningful.
  for (const d of decls) {
    const names = d.childrenForFieldName('name').filter((n): n is Node => !!n);
    const type = d.childForFieldName('type');
    if (names.some((n) => n.text === '_')) {
      if (type && /(^|\.)HostLayout$/.test(type.text)) refuse('the struct has a structs.HostLayout marker field: its layout follows the platform ABI');
      refuse('the struct has blank (_) padding fields: their position is deliberate');
    }
    if (type && /(^|\.)HostLayout$/.test(type.text)) refuse('the struct has a structs.HostLayout marker field: its layout follows the platform ABI');
  }

  const units = collectUnits(report, list, decls);
  checkUses(report, index);

  // New order of units.
  const byName = new Map<string, Unit>();
  for (const u of units) for (const n of u.names) byName.set(n, u);
  if (byName.size !== current.length || optimal.order.length !== current.length) {
    refuse('the fields could not be matched with the layout');
  }
  const ordered: Unit[] = [];
  for (let i = 0; i < optimal.order.length; ) {
    const u = byName.get(optimal.order[i]);
    if (!u) refuse(`the field ${optimal.order[i]} could not be found in the source`);
    for (let k = 0; k < u.names.length; k++) {
      if (optimal.order[i + k] !== u.names[k]) refuse(`the optimal order separates fields declared together (${u.names.join(', ')})`);
    }
    ordered.push(u);
    i += u.names.length;
  }

  return { fix: emit(report, list, units, ordered) };
}

function hasMissing(node: Node): boolean {
  if (node.isMissing) return true;
  for (const c of node.children) if (c && hasMissing(c)) return true;
  return false;
}

function lineText(lines: LineIndex, row: number): string {
  return lines.lineText(row);
}

function leadingWhitespace(s: string): string {
  return /^[ \t]*/.exec(s)![0];
}

/** Splits the field list into movable units, refusing on anything it cannot attribute. */
function collectUnits(report: StructReport, list: Node, decls: Node[]): Unit[] {
  const lines = linesOf(report.file);
  const open = list.child(0);
  const close = list.child(list.childCount - 1);
  if (!open || open.type !== '{' || !close || close.type !== '}') refuse('the struct has syntax errors');
  const oneLine = open.startPosition.row === close.startPosition.row;
  const items = list.namedChildren.filter((c): c is Node => !!c && (c.type === 'field_declaration' || c.type === 'comment'));
  if (oneLine && items.some((c) => c.type === 'comment')) refuse('the struct is written on one line with comments');
  if (oneLine) {
    const spec = report.node.parent;
    const grouped = spec?.parent?.children.some((c) => c?.type === '(');
    if (!spec || spec.type !== 'type_spec' || grouped) refuse('the struct is written on one line inside another declaration; format it first');
  }

  const units: Unit[] = [];
  let prevEndRow = open.endPosition.row;
  let pendingComments: Node[] = [];
  let i = 0;
  // Comments on the line of `{` stay where they are.
  while (i < items.length && items[i].type === 'comment' && items[i].startPosition.row === open.startPosition.row) {
    if (items[i].endPosition.row !== open.startPosition.row) refuse('a comment after { spans several lines');
    i++;
  }
  for (; i < items.length; i++) {
    const it = items[i];
    if (it.type === 'comment') {
      if (!oneLine && it.startPosition.row === prevEndRow && units.length > 0 && pendingComments.length === 0) {
        refuse('a field line has more than one trailing comment');
      }
      pendingComments.push(it);
      continue;
    }
    // A field declaration.
    const d = it;
    if (!oneLine) {
      const before = lineText(lines, d.startPosition.row).slice(0, d.startPosition.column);
      if (before.trim() !== '') refuse('several fields or a comment and a field share a line');
    }
    const typeNode = d.childForFieldName('type');
    if (!typeNode) refuse('a field has no type');
    for (const c of d.descendantsOfType('comment')) {
      if (!c) continue;
      if (c.startIndex < typeNode.startIndex || c.endIndex > typeNode.endIndex) refuse('a comment inside a field declaration cannot be attributed');
    }
    const names = d.childrenForFieldName('name').filter((n): n is Node => !!n);
    const tag = d.childForFieldName('tag');
    const star = d.children.some((c) => c?.type === '*');
    const typeText = (names.length === 0 && star ? '*' : '') + typeNode.text;
    const multi = d.startPosition.row !== d.endPosition.row;
    if (multi) {
      if (oneLine) refuse('the struct is written on one line');
      if (tag && tag.startPosition.row !== tag.endPosition.row) refuse('a multi-line tag');
      const inner = [typeNode, ...typeNode.descendantsOfType(['struct_type', 'interface_type']).filter((x): x is Node => !!x)].find(
        (x) => (x.type === 'struct_type' || x.type === 'interface_type') && x.startPosition.row === d.startPosition.row,
      );
      const body = inner?.namedChildren.find((c) => c?.type === 'field_declaration_list') ?? (inner?.type === 'interface_type' ? inner : undefined);
      const lastRow = inner?.endPosition.row;
      if (!inner || !body || lastRow !== typeNode.endPosition.row || !/\{\s*$/.test(lineText(lines, d.startPosition.row))) {
        refuse('a field spans several lines in a way that cannot be re-aligned');
      }
    }
    // The trailing comment: comments after the field on its last line.
    let comment: string | undefined;
    let j = i + 1;
    if (j < items.length && items[j].type === 'comment' && items[j].startPosition.row === d.endPosition.row) {
      const c = items[j];
      if (c.endPosition.row !== c.startPosition.row) refuse('a multi-line comment follows a field');
      if (j + 1 < items.length && items[j + 1].startPosition.row === d.endPosition.row) {
        if (!oneLine || items[j + 1].type === 'comment') refuse('a field line has more than one trailing comment');
      }
      comment = c.text.replace(/\s+$/, '');
      j++;
    }
    // Leading block: pending comments (floating and doc) with the blank lines among them, verbatim.
    const startRow = pendingComments.length ? pendingComments[0].startPosition.row : d.startPosition.row;
    for (const c of pendingComments) {
      const before = lineText(lines, c.startPosition.row).slice(0, c.startPosition.column);
      if (before.trim() !== '' || c.endPosition.row >= d.startPosition.row) refuse('a comment shares a line with a field');
    }
    const blankBefore = !oneLine && startRow - prevEndRow > 1;
    const lead: string[] = [];
    for (let r = startRow; r < d.startPosition.row; r++) {
      const t = lineText(lines, r);
      lead.push(t.trim() === '' ? '' : t.replace(/[ \t]+$/, ''));
    }
    const lastLine = lineText(lines, d.endPosition.row);
    if (!oneLine) {
      const stop = comment !== undefined ? items[j - 1].startPosition.column : lastLine.length;
      const afterField = lastLine.slice(d.endPosition.column, stop).trim();
      if (afterField !== '' && afterField !== ';') refuse('unexpected text after a field');
    }
    let cells: Unit['cells'];
    const rest: string[] = [];
    const indent = oneLine ? '' : leadingWhitespace(lineText(lines, d.startPosition.row));
    if (multi) {
      const first = lineText(lines, d.startPosition.row).slice(typeNode.startPosition.column).replace(/[ \t]+$/, '');
      cells = { names: names.map((n) => n.text).join(', '), type: first };
      // Lines 2..n verbatim; the last one keeps its tag and comment.
      for (let r = d.startPosition.row + 1; r <= d.endPosition.row; r++) rest.push(lineText(lines, r).replace(/[ \t]+$/, ''));
    } else {
      cells = {
        names: names.map((n) => n.text).join(', '),
        type: typeText,
        tag: tag ? tag.text : undefined,
        comment,
      };
    }
    const fieldNames = names.length ? names.map((n) => n.text) : [embeddedName(typeNode)];
    units.push({ names: fieldNames, decl: d, startRow, lead, blankBefore, cells, rest, indent });
    prevEndRow = d.endPosition.row;
    pendingComments = [];
    i = j - 1;
  }
  // Comments after the last field stay at the end.
  for (const c of pendingComments) {
    const before = lineText(lines, c.startPosition.row).slice(0, c.startPosition.column);
    if (before.trim() !== '') refuse('a comment shares a line with a field');
    if (oneLine) refuse('the struct is written on one line with comments');
  }
  if (!oneLine) {
    const closeBefore = lineText(lines, close.startPosition.row).slice(0, close.startPosition.column);
    if (closeBefore.trim() !== '') refuse('the closing } shares a line with a field');
  }
  if (units.length !== decls.length) refuse('the fields could not be attributed');
  return units;
}

/** Positional composite literals, unsafe.Offsetof and identical struct types elsewhere in the package. */
function checkUses(report: StructReport, index: PackageIndex): void {
  const fieldNames = new Set(report.fields.map((f) => f.name));
  const typeNames = namesOfType(report, index);
  const own = fieldSignature(report.node);
  const files = [
    ...index.pkg.files.map((f) => ({ path: f.path, tree: f.tree, imports: index.files.get(f.path)?.imports ?? new Map<string, string>() })),
    ...testFilesOf(index),
  ];
  for (const file of files) {
    const uses = fileUseIndex(file.tree, index);
    const where = (at: { row: number }): string => `${file.path.slice(file.path.lastIndexOf('/') + 1)}:${at.row + 1}`;
    if (typeNames.size) {
      const qualifiers = new Set<string>();
      if (index.pkg.importPath) for (const [name, p] of file.imports) if (p === index.pkg.importPath) qualifiers.add(name);
      const named = (h: Head) => (h.pkg === undefined ? typeNames.has(h.name) : qualifiers.has(h.pkg) && typeNames.has(h.name));
      // the first in file order (as a walk of the declarations would meet it)
      let bad: Placed | undefined;
      for (const name of typeNames) {
        for (const h of uses.hitsByName.get(name) ?? []) {
          if (bad && bad.order < h.order) break;
          if (named(h.head) && !h.above.some(named)) bad = h;
        }
      }
      if (bad) refuse(`a positional composite literal of the type exists (${where(bad)}); reordering would break it`);
    }
    const unsafeName = [...file.imports].find(([, p]) => p === 'unsafe')?.[0];
    if (unsafeName) {
      let bad: Placed | undefined;
      for (const field of fieldNames) {
        for (const o of uses.offsetofByField.get(field) ?? []) {
          if (bad && bad.order < o.order) break;
          if (o.operand === unsafeName) bad = o;
        }
      }
      if (bad) refuse(`the type is used with unsafe.Offsetof (${where(bad)}); field offsets are relied on`);
    }
    for (const st of uses.structsBySignature.get(`${own.count}:${own.signature}`) ?? []) {
      if (file.path === report.file.path && st.start === report.node.startIndex) continue;
      refuse(`another struct type with the same fields exists (${where(st)}); conversions or assignments between them would break`);
    }
  }
}

/** A use with its row in its file and its place in the file's order of uses of its kind (the first found is reported). */
interface Placed {
  row: number;
  order: number;
}

/**
 * One file's uses (fileUses) by what checkUses looks them up by: positional literals by their
 * type's name, Offsetof calls by the field, struct types by their field count and signature;
 * each list in file order. Kept per tree, like fileUses: a struct's check looks up its own
 * names in each file instead of going through every use of the package.
 */
interface UseIndex {
  hitsByName: Map<string, (Placed & { head: Head; above: Head[] })[]>;
  offsetofByField: Map<string, (Placed & { operand: string })[]>;
  structsBySignature: Map<string, { row: number; start: number }[]>;
}

const useIndexCache = new WeakMap<Tree, { decls: ReturnType<typeof fileUses>; index: UseIndex }>();

function fileUseIndex(tree: Tree, index: PackageIndex): UseIndex {
  const decls = fileUses(tree, index);
  const hit = useIndexCache.get(tree);
  if (hit && hit.decls === decls) return hit.index;
  const out: UseIndex = { hitsByName: new Map(), offsetofByField: new Map(), structsBySignature: new Map() };
  const add = <T>(m: Map<string, T[]>, k: string, v: T) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
  let hits = 0;
  let offsetofs = 0;
  const tops = topDecls(tree);
  // (index loops, and the row asked only of declarations with uses: a keystroke passes over every declaration of the file)
  for (let i = 0; i < decls.length; i++) {
    const { hits: h, offsetof: o, structs: st } = decls[i];
    if (!h.length && !o.length && !st.length) continue;
    const row = tops[i].node.startPosition.row;
    const start = tops[i].start;
    for (let j = 0; j < h.length; j++) add(out.hitsByName, h[j].head.name, { row: row + h[j].row, order: hits++, head: h[j].head, above: h[j].above });
    for (let j = 0; j < o.length; j++) add(out.offsetofByField, o[j].field, { row: row + o[j].row, order: offsetofs++, operand: o[j].operand });
    for (let j = 0; j < st.length; j++) add(out.structsBySignature, `${st[j].count}:${st[j].signature}`, { row: row + st[j].row, start: start + st[j].start });
  }
  useIndexCache.set(tree, { decls, index: out });
  return out;
}

interface TreeUses {
  literals: { type: Node; body: Node }[];
  /** `X.Offsetof(sel.f)` calls: the operand name and the selected field. */
  offsetof: { call: Node; operand: string; field: string }[];
  /** Every struct type with its fields' signature (fieldSignature). */
  structs: { node: Node; count: number; signature: string }[];
}

/**
 * What checkUses needs from one top-level declaration, without nodes: rows and offsets are
 * relative to the declaration's start, so the result is kept by the declaration's text
 * (TextMemo) and serves every tree that has the same declaration — after a keystroke only the
 * edited declaration is walked, not its file (walking every file once per reported struct made
 * the layout findings of net/http cost ~15 s; walking the edited file per keystroke, 70 ms on
 * a 50,000-line file).
 */
interface DeclUses {
  /** Positional literal values, in source order (see Hit). */
  hits: { head: Head; above: Head[]; row: number }[];
  offsetof: { operand: string; field: string; row: number }[];
  /** Every struct type: its fields' signature (fieldSignature), a hash of its text, where it starts. */
  structs: { count: number; signature: string; hash: string; start: number; row: number }[];
}

const declUsesMemo = new TextMemo<DeclUses>();

const detachHead = (h: Head): Head => (h.pkg === undefined ? { name: detach(h.name) } : { name: detach(h.name), pkg: detach(h.pkg) });

function declUses(decl: Node, index: PackageIndex): DeclUses {
  return declUsesMemo.get(decl, () => collectDeclUses(decl, index), compositeKey(index));
}

function collectDeclUses(decl: Node, index: PackageIndex): DeclUses {
  // one search of the declaration (it is kept by its text: done once per declaration version)
  // A package file's functions are searched in their copies (checker/nodes.ts copyOf), which the
  // run's walkers read too, its other declarations through the run's node index; a test file's,
  // which nothing else walks, directly.
  const types = useTypes(decl.text);
  const isFunc = decl.type === 'function_declaration' || decl.type === 'method_declaration';
  const nodes = packageTrees(index).has(decl.tree) ? descendantsOf(isFunc ? copyOf(decl) : decl, types) : decl.descendantsOfType(types).filter((n): n is Node => !!n);
  const uses = collectUses(nodes);
  const hits: Hit[] = [];
  for (const { type, body } of uses.literals) collectHits(type, body, index, 0, [], hits);
  const row0 = decl.startPosition.row;
  return {
    hits: hits.map((h) => ({ head: detachHead(h.head), above: h.above.map(detachHead), row: h.node.startPosition.row - row0 })),
    offsetof: uses.offsetof.map((o) => ({ operand: detach(o.operand), field: detach(o.field), row: o.call.startPosition.row - row0 })),
    structs: uses.structs.map((st) => ({ count: st.count, signature: detach(st.signature), hash: nodeHash(st.node), start: st.node.startIndex - decl.startIndex, row: st.node.startPosition.row - row0 })),
  };
}

const packageTreesMemo = new WeakMap<PackageIndex, Set<Tree>>();

function packageTrees(index: PackageIndex): Set<Tree> {
  let t = packageTreesMemo.get(index);
  if (!t) packageTreesMemo.set(index, (t = new Set(index.pkg.files.map((f) => f.tree))));
  return t;
}

const fileUsesCache = new WeakMap<Tree, { key: string; decls: DeclUses[] }>();

/** The uses of each top-level declaration of a tree, in order (where each starts: topDecls). */
function fileUses(tree: Tree, index: PackageIndex): DeclUses[] {
  const key = compositeKey(index);
  const hit = fileUsesCache.get(tree);
  if (hit && hit.key === key) return hit.decls;
  const salt = `uses\0${key}`;
  const decls = topDecls(tree).map((d) => derivedOf(d, salt, () => declUses(d.node, index)));
  fileUsesCache.set(tree, { key, decls });
  return decls;
}

const USE_TYPES = ['composite_literal', 'call_expression', 'struct_type'];
const USE_TYPES_NO_CALLS = ['composite_literal', 'struct_type'];

/** The calls matter only as `unsafe.Offsetof`: a text without that word has none to look at. */
function useTypes(text: string): string[] {
  return text.includes('Offsetof') ? USE_TYPES : USE_TYPES_NO_CALLS;
}

/** TreeUses from the tree's nodes of USE_TYPES, in source order. */
function collectUses(nodes: Node[]): TreeUses {
  const uses: TreeUses = { literals: [], offsetof: [], structs: [] };
  for (const n of nodes) {
    if (n.type === 'composite_literal') {
      const t = n.childForFieldName('type');
      const body = n.childForFieldName('body');
      if (t && body) uses.literals.push({ type: t, body });
    } else if (n.type === 'call_expression') {
      const fn = n.childForFieldName('function');
      if (!fn || fn.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Offsetof') continue;
      const arg = n.childForFieldName('arguments')?.namedChildren.find((c) => !!c && c.type !== 'comment');
      let sel: Node | null | undefined = arg;
      while (sel?.type === 'parenthesized_expression') sel = sel.namedChildren[0];
      const field = sel?.type === 'selector_expression' ? sel.childForFieldName('field')?.text : undefined;
      const operand = fn.childForFieldName('operand')?.text;
      if (field && operand) uses.offsetof.push({ call: n, operand, field });
    } else {
      uses.structs.push({ node: n, ...fieldSignature(n) });
    }
  }
  return uses;
}

/**
 * A struct type's fields in order — each name (an embedded field's by its type name) with its type's text — what
 * "the same fields" compares. Go converts and assigns between two struct types only when they are identical: the
 * same names with identical types in the same order, tags aside (the spec's type identity; conversion ignores tags
 * since Go 1.8). So `struct{X, Y int}` and `struct{X, Y float64}` are not twins, and neither are two structs whose
 * fields come in another order (no conversion between them exists for a reorder to break). Type texts are compared
 * with spacing and comments dropped and `byte`, `rune`, `any` spelled as what they alias (see typeKey); identical
 * types spelled otherwise (a local alias, another import name) are not recognized.
 */
function fieldSignature(n: Node): { count: number; signature: string } {
  const fields: string[] = [];
  const l = n.namedChildren.find((c) => c?.type === 'field_declaration_list');
  for (const d of l?.namedChildren ?? []) {
    if (!d || d.type !== 'field_declaration') continue;
    const typeNode = d.childForFieldName('type');
    const type = typeKey(typeNode?.text ?? '?');
    const ns = d.childrenForFieldName('name').filter((x): x is Node => !!x);
    if (ns.length) for (const x of ns) fields.push(`${x.text} ${type}`);
    else fields.push(`${embeddedName(typeNode)} ${d.children.some((c) => c?.type === '*') ? '*' : ''}${type}`); // `*T` embedded: the star is its own token
  }
  return { count: fields.length, signature: fields.join(';') };
}

function typeKey(text: string): string {
  // Function types (parameter names are not part of a type: `func(x int)` is `func(int)`), struct types (tags are
  // ignored by conversions) and interfaces with methods can be spelled in many ways as one type: any of them matches
  // any other (a refusal too many, never a fix that breaks a conversion).
  if (/\bfunc\b|\bstruct\s*\{|\binterface\s*\{\s*[^\s}]/.test(text)) return '~func/struct/interface';
  return text
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ?([^\w ]) ?/g, '$1')
    .trim()
    .replace(/\bbyte\b/g, 'uint8')
    .replace(/\brune\b/g, 'int32')
    .replace(/\bany\b/g, 'interface{}');
}

const twinsMemo = new WeakMap<PackageIndex, Map<string, string[]>>();

/**
 * What a struct's reorder refusal "another struct type with the same fields exists" depends on:
 * whether the package (tests included) has another struct type with its field names, and which
 * comes first, each by file and text.
 * Part of the cache key of a spec's findings (analyze.ts), for each struct type written in it, so
 * a struct is recomputed when a twin appears or goes — not when any struct of the package gains
 * a field.
 */
export function sameFieldsKey(spec: Node, index: PackageIndex): string {
  let bySignature = twinsMemo.get(index);
  if (!bySignature) {
    bySignature = new Map();
    for (const f of [...index.pkg.files, ...testFilesOf(index)]) {
      for (const [k, entry] of fileKeys(f, index).structs) {
        const list = bySignature.get(k) ?? bySignature.set(k, []).get(k)!;
        list.push(entry);
      }
    }
    twinsMemo.set(index, bySignature);
  }
  // every struct type written in the spec (a superset of the reported ones), from its declaration's uses
  // (fileUses lists the tree's top-level declarations in order)
  const at0 = topLevelIndexOf(spec);
  const d = fileUses(spec.tree, index)[at0];
  if (!d) return '';
  const keys: string[] = [];
  for (const st of d.structs) {
    const at = topDecls(spec.tree)[at0].start + st.start;
    if (at < spec.startIndex || at >= spec.endIndex) continue;
    const twins = bySignature.get(`${st.count}:${st.signature}`) ?? [];
    // The refusal names the first twin other than the struct itself: one of the first two.
    keys.push(twins.length > 1 ? twins.slice(0, 2).join('\0') : '');
  }
  return keys.join('\u0002');
}

/**
 * What the package-wide keys need from one file, as text (kept per tree, like fileUses): its
 * struct types for sameFieldsKey (signature key and `path\0hash`), and its positional literals
 * (by type name) and Offsetof uses for layoutUses — after a keystroke only the edited file's are
 * made again.
 */
interface FileKeys {
  structs: [string, string][];
  literals: [string, string][];
  offsetof: string[];
}

const fileKeysCache = new WeakMap<Tree, { path: string; key: string; keys: FileKeys }>();

function fileKeys(f: { path: string; tree: Tree }, index: PackageIndex): FileKeys {
  const key = compositeKey(index);
  const hit = fileKeysCache.get(f.tree);
  if (hit && hit.path === f.path && hit.key === key) return hit.keys;
  const keys: FileKeys = { structs: [], literals: [], offsetof: [] };
  const decls = fileUses(f.tree, index);
  const tops = topDecls(f.tree);
  // (index loops: this runs over every declaration of an edited file per keystroke, and iterators were 2 MB of garbage there)
  for (let i = 0; i < decls.length; i++) {
    const d = decls[i];
    const structs = d.structs;
    // a struct by file, text and row: the refusal names the twin's line ("a.go:12"), which an edit that moves the twin
    // but not the reported struct changes (relocation moves the line a message names only when it is outside the edit)
    const row = structs.length ? tops[i].node.startPosition.row : 0;
    for (let j = 0; j < structs.length; j++) keys.structs.push([`${structs[j].count}:${structs[j].signature}`, `${f.path}\0${structs[j].hash}\0${row + structs[j].row}`]);
    // Where a use is, as the refusals name it: its row, here relative to its top-level declaration
    // (the i-th of the file), so that a declaration moved whole keeps its text (its findings move)
    // but a literal replaced by another one of the same type on another row does not.
    for (let j = 0; j < d.hits.length; j++) {
      const h = d.hits[j];
      const chain = [...h.above, h.head];
      const text = `${f.path}\0${i}:${h.row}\0${chain.map((x) => `${x.pkg ?? ''}.${x.name}`).join('>')}`;
      for (const name of new Set(chain.map((x) => x.name))) keys.literals.push([name, text]);
    }
    for (let j = 0; j < d.offsetof.length; j++) {
      const o = d.offsetof[j];
      keys.offsetof.push(`${f.path}\0${i}:${o.row}\0${o.operand}.${o.field}`);
    }
  }
  fileKeysCache.set(f.tree, { path: f.path, key, keys });
  return keys;
}

/**
 * The names that denote the type a spec declares — its name, its aliases and the types defined as
 * it, as namesOfType finds them — as text: part of the key of the spec's findings (analyze.ts).
 * The positional literals that block a reorder are those written with one of these names, so an
 * alias that stops (or starts) denoting the type changes the refusal, even when the edit that
 * broke it named neither (`type Named = Node` → `e Named = Node`).
 */
export function denotingNamesKey(names: readonly string[], index: PackageIndex): string {
  const out = denotingNames(names, index);
  return out.size === names.length ? '' : [...out].sort().join(',');
}

/** `names` with every type defined as one of them, transitively (aliases, `type U T`, `type G[X any] T`). */
function denotingNames(names: readonly string[], index: PackageIndex): Set<string> {
  const out = new Set(names);
  if (!names.length) return out;
  const definedAs = definedAsOf(index);
  const queue = [...names];
  while (queue.length) {
    for (const d of definedAs.get(queue.pop()!) ?? []) {
      if (out.has(d)) continue;
      out.add(d);
      queue.push(d);
    }
  }
  return out;
}

/** The names that denote the reported struct type: T, aliases of T, and types defined as T. */
function namesOfType(report: StructReport, index: PackageIndex): Set<string> {
  const parent = report.node.parent;
  if (!parent || (parent.type !== 'type_spec' && parent.type !== 'type_alias')) return new Set();
  const n = parent.childForFieldName('name')?.text;
  return denotingNames(n ? [n] : [], index);
}

const definedAsCache = new WeakMap<PackageIndex, Map<string, string[]>>();

/** For each type name, the package's types declared as it (`type U T`, `type A = T`, `type G[X any] T`): built once per index. */
function definedAsOf(index: PackageIndex): Map<string, string[]> {
  let m = definedAsCache.get(index);
  if (m) return m;
  m = new Map();
  for (const decl of index.types.values()) {
    // (by the kind known without nodes: most types are struct or interface types, not found again per keystroke)
    if (decl.typeKind !== 'type_identifier' && decl.typeKind !== 'generic_type') continue;
    let t = decl.typeNode;
    if (t?.type === 'generic_type') t = t.childForFieldName('type');
    if (t?.type === 'type_identifier') (m.get(t.text) ?? m.set(t.text, []).get(t.text)!).push(decl.name);
  }
  definedAsCache.set(index, m);
  return m;
}

function stripType(t: Node | null, index: PackageIndex, depth: number): Node | null {
  while (t && (t.type === 'parenthesized_type' || t.type === 'pointer_type')) t = t.namedChildren[0];
  if (t?.type === 'type_identifier' && depth < 8) {
    const decl = index.types.get(t.text);
    const u = decl?.typeNode;
    if (u && (u.type === 'slice_type' || u.type === 'array_type' || u.type === 'map_type' || u.type === 'implicit_length_array_type')) return u;
  }
  return t;
}

/**
 * The package's `_test.go` files (internal and external tests), which the package
 * analysis leaves out but which a reorder can break just the same. The loader
 * supplies them (saved or unsaved) in `pkg.testFiles`.
 */
const importsCache = new WeakMap<Tree, Map<string, string>>();

function testFilesOf(index: PackageIndex): { path: string; tree: Tree; imports: Map<string, string> }[] {
  const out: { path: string; tree: Tree; imports: Map<string, string> }[] = [];
  for (const f of index.pkg.testFiles ?? []) {
    if (index.files.has(f.path)) continue;
    let imports = importsCache.get(f.tree);
    if (!imports) {
      imports = new Map<string, string>();
      // the import declarations only (the uses are searched per declaration, see declUses)
      const specs = topLevel(f.tree).flatMap((d) => (d.type === 'import_declaration' ? d.descendantsOfType('import_spec').filter((n): n is Node => !!n) : []));
      for (const spec of specs) {
        const lit = spec.childForFieldName('path')?.text;
        if (!lit) continue;
        const ip = lit.slice(1, -1);
        // An unnamed import of the package itself is known by its package name.
        const name = spec.childForFieldName('name')?.text ?? (ip === index.pkg.importPath ? index.name : ip.split('/').pop()!);
        imports.set(name, ip);
      }
      importsCache.set(f.tree, imports);
    }
    out.push({ path: f.path, tree: f.tree, imports });
  }
  return out;
}

/** A type a literal is written with, as `isType` compared it: `T`, `T[...]` or `pkg.T`. */
interface Head {
  name: string;
  pkg?: string;
}

/**
 * A positional literal value (one with unkeyed elements) of the type `head`,
 * reached through the literal types in `above` (outermost first). For a set of
 * type names it is a positional literal of one of them when `head` is one and no
 * type above is (a literal of the type itself stops the search there).
 */
interface Hit {
  head: Head;
  above: Head[];
  node: Node;
}

function headOf(t: Node | null): Head | undefined {
  if (t?.type === 'generic_type') t = t.childForFieldName('type');
  if (t?.type === 'qualified_type') return { name: t.childForFieldName('name')?.text ?? '', pkg: t.childForFieldName('package')?.text ?? '' };
  if (t?.type === 'type_identifier') return { name: t.text };
  return undefined;
}

const compositeKeys = new WeakMap<PackageIndex, string>();

/** The package's names of slice, array and map types: all the hits depend on besides the tree. */
function compositeKey(index: PackageIndex): string {
  let k = compositeKeys.get(index);
  if (k === undefined) {
    const names: string[] = [];
    for (const [name, d] of index.types) if (COMPOSITE.has(d.typeKind) && d.typeNode) names.push(`${name}=${d.typeNode.text}`);
    // hashed: it salts a memo key per declaration
    compositeKeys.set(index, (k = textHash(names.sort().join('\0'))));
  }
  return k;
}

const COMPOSITE = new Set(['slice_type', 'array_type', 'map_type', 'implicit_length_array_type']);

function collectHits(t: Node, body: Node, index: PackageIndex, depth: number, above: Head[], out: Hit[]): void {
  if (depth > 16) return;
  let typeNode: Node | null = t;
  while (typeNode && typeNode.type === 'parenthesized_type') typeNode = typeNode.namedChildren[0];
  const head = headOf(typeNode);
  if (head && body.namedChildren.some((c) => c?.type === 'literal_element')) out.push({ head, above, node: body });
  const u = stripType(typeNode, index, depth);
  if (!u) return;
  let elem: Node | null = null;
  let key: Node | null = null;
  if (u.type === 'slice_type' || u.type === 'array_type' || u.type === 'implicit_length_array_type') {
    elem = u.childForFieldName('element') ?? u.namedChildren[u.namedChildCount - 1];
  } else if (u.type === 'map_type') {
    key = u.childForFieldName('key') ?? u.namedChildren[0];
    elem = u.childForFieldName('value') ?? u.namedChildren[1];
  } else return;
  const below = head ? [...above, head] : above;
  const elided = (el: Node | null | undefined, et: Node | null) => {
    const v = el?.namedChildren.find((c) => c?.type === 'literal_value');
    if (!v || !et) return;
    const inner = stripPointer(et);
    if (inner) collectHits(inner, v, index, depth + 1, below, out);
  };
  for (const c of body.namedChildren) {
    if (!c) continue;
    if (c.type === 'literal_element') elided(c, elem);
    else if (c.type === 'keyed_element') {
      const [k, v] = c.namedChildren.filter((x): x is Node => !!x && x.type === 'literal_element');
      elided(k, key);
      elided(v, elem);
    }
  }
}

function stripPointer(t: Node): Node | null {
  let x: Node | null = t;
  while (x && (x.type === 'pointer_type' || x.type === 'parenthesized_type')) x = x.namedChildren[0];
  return x;
}

/** Builds the edit: the changed line range of the field list, re-aligned. */
function emit(report: StructReport, list: Node, units: Unit[], ordered: Unit[]): Fix {
  const lines = linesOf(report.file);
  const open = list.child(0)!;
  // The line break of the field list's opening line, not the file's majority: a multi-line struct's is
  // in its own text; a one-line struct's, and the indentation its fix copies, are part of its spec's
  // cache key (analyze.ts), so a fix kept from an earlier run is the one a fresh run would write.
  const eol = lines.lineBreak(open.startPosition.row);
  const close = list.child(list.childCount - 1)!;
  const oneLine = open.startPosition.row === close.startPosition.row;

  const body: BodyLine[] = [];
  const baseIndent = oneLine ? leadingWhitespace(lineText(lines, open.startPosition.row)) + '\t' : '';
  ordered.forEach((u, k) => {
    if (k > 0 && u.blankBefore) body.push({ kind: 'raw', text: '' });
    for (const l of u.lead) body.push({ kind: 'raw', text: l });
    const indent = oneLine ? baseIndent : u.indent;
    body.push({ kind: 'cells', indent, cells: fieldCells(u.cells), endsSection: u.rest.length > 0 });
    for (const r of u.rest) body.push({ kind: 'raw', text: r });
  });
  const newLines = renderBody(body);

  if (oneLine) {
    const closeIndent = leadingWhitespace(lineText(lines, open.startPosition.row));
    const edit: TextEdit = {
      file: report.file.path,
      range: {
        start: { line: report.node.child(0)!.endPosition.row, character: report.node.child(0)!.endPosition.column },
        end: { line: close.endPosition.row, character: close.endPosition.column },
      },
      newText: ' {' + eol + newLines.map((l) => l + eol).join('') + closeIndent + '}',
    };
    return { kind: 'reorder-fields', title: REORDER_TITLE, edits: [edit], fixAll: REORDER_IN_FIX_ALL };
  }

  // The old body: from the first unit's first line to the last field's last line.
  const firstUnit = units[0];
  const firstRow = firstUnit.startRow;
  const lastRow = units[units.length - 1].decl.endPosition.row;
  const oldLines = Array.from({ length: lastRow + 1 - firstRow }, (_, k) => lines.lineText(firstRow + k));
  let p = 0;
  while (p < oldLines.length && p < newLines.length && oldLines[p] === newLines[p]) p++;
  let s = 0;
  while (s < oldLines.length - p && s < newLines.length - p && oldLines[oldLines.length - 1 - s] === newLines[newLines.length - 1 - s]) s++;
  const startLine = firstRow + p;
  const endLine = lastRow + 1 - s;
  const repl = newLines.slice(p, newLines.length - s);
  const edit: TextEdit = {
    file: report.file.path,
    range: { start: { line: startLine, character: 0 }, end: { line: endLine, character: 0 } },
    newText: repl.map((l) => l + eol).join(''),
  };
  return { kind: 'reorder-fields', title: REORDER_TITLE, edits: [edit], fixAll: REORDER_IN_FIX_ALL };
}

/**
 * What the reorder refusals of a package depend on beyond the struct itself (struct types with
 * the same fields: see sameFieldsKey), in each file (tests included): the positional composite
 * literals, as text by the type names each mentions (its type and the types it is nested in),
 * and the `X.Offsetof(_.f)` calls, each with its row in its top-level declaration: cached findings
 * move with the edits, and a use that becomes another use changes the text.
 * A keystroke compares it with the previous run's (layoutUsesChanged): an edit can make a
 * literal parse, or stop parsing, far from the words it touched. Kept per file (each file's
 * keys are kept with its tree), so that a keystroke compares the edited file's only.
 */
export interface LayoutUses {
  /** Each file's keys, in package order (tests last). */
  files: { path: string; keys: FileKeys }[];
}

export function layoutUses(index: PackageIndex): LayoutUses {
  return { files: [...index.pkg.files, ...testFilesOf(index)].map((f) => ({ path: f.path, keys: fileKeys(f, index) })) };
}

/** A file's positional literal texts by the type names they mention, in file order. */
function literalsByName(keys: FileKeys): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, text] of keys.literals) (out.get(name) ?? out.set(name, []).get(name)!).push(text);
  return out;
}

/**
 * The type names whose reorder refusals may read differently than in the previous run, by the
 * positional literals: a name whose literals changed, and the types it denotes (an alias or a
 * type defined as another names it, see namesOfType). `undefined` when an Offsetof use changed
 * (the struct it reads is not known by name: every struct is computed again).
 * A name's literals changed when they did in one file: every text starts with its file's path.
 */
export function layoutUsesChanged(before: LayoutUses, now: LayoutUses, index: PackageIndex): Set<string> | undefined {
  const changed = new Set<string>();
  const sameFiles = before.files.length === now.files.length && before.files.every((f, i) => f.path === now.files[i].path);
  // (files added, removed or reordered: every file is compared, as one file with all the uses)
  const pairs: [FileKeys, FileKeys][] = sameFiles
    ? before.files.flatMap((f, i) => (f.keys === now.files[i].keys ? [] : [[f.keys, now.files[i].keys] as [FileKeys, FileKeys]]))
    : [[mergedKeys(before), mergedKeys(now)]];
  for (const [then, nowKeys] of pairs) {
    if (then.offsetof.join('\u0001') !== nowKeys.offsetof.join('\u0001')) return undefined;
    const a = literalsByName(then);
    const b = literalsByName(nowKeys);
    for (const [name, texts] of b) {
      const old = a.get(name);
      if (!old || old.length !== texts.length || old.some((t, i) => t !== texts[i])) changed.add(name);
    }
    for (const name of a.keys()) if (!b.has(name)) changed.add(name);
  }
  if (!changed.size) return changed;
  const definedAs = definedAsOf(index);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [t, names] of definedAs) {
      if (!changed.has(t) && names.some((n) => changed.has(n))) {
        changed.add(t);
        grew = true;
      }
    }
  }
  return changed;
}

/** Every file's keys as one (files in order). */
function mergedKeys(uses: LayoutUses): FileKeys {
  const out: FileKeys = { structs: [], literals: [], offsetof: [] };
  for (const f of uses.files) {
    out.literals.push(...f.keys.literals);
    out.offsetof.push(...f.keys.offsetof);
  }
  return out;
}
