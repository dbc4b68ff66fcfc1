import type { Node, Tree } from 'web-tree-sitter';
import { CopiedNode, copySubtree } from '../../syntax/copiedTree';
import { firstAtLeast } from '../sorted';

/**
 * Named children without comments, cached per tree: every access to
 * web-tree-sitter's `namedChildren` crosses into WASM and allocates new Node
 * objects, and the checker and the models walk the same bodies several times.
 */
let cache = new WeakMap<Tree, Map<number, Node[]>>();

/** What clearKidsCache kept of a tree's children: the map, its size then, and the declarations' ranges. */
const keptKids = new WeakMap<Tree, { map: Map<number, Node[]>; size: number; ranges: string }>();

/**
 * Forgets the cached children (the Node objects, and the subtrees web-tree-sitter
 * memoizes under them). Called after each package analysis: kept across runs, the
 * cache held every walked node of every open package — about 100 MB for net/http
 * and go/types — while the per-function caches already spare unchanged functions.
 * `keep`: top-level declarations whose nodes' children and search index stay (the members
 * of large recursive groups, which an edit to one member walks again whole: go/types' 90
 * functions re-walked per signature edit spent a sixth of their time rebuilding these). A
 * tree never changes, so what is kept stays right; only its size is bounded here.
 */
export function clearKidsCache(keep: readonly Node[] = []): void {
  const oldKids = cache;
  const oldScopes = scopeIndexes;
  const oldCopies = copies;
  lastKids = undefined;
  cache = new WeakMap();
  copies = new WeakMap();
  searches = new WeakMap();
  scopeIndexes = new WeakMap();
  const byTree = new Map<Tree, Node[]>();
  for (const n of keep) (byTree.get(n.tree) ?? byTree.set(n.tree, []).get(n.tree)!).push(n);
  for (const [tree, decls] of byTree) {
    const ranges = decls.map((d) => ({ id: d.id, start: d.startIndex, end: d.endIndex })).sort((a, b) => a.start - b.start);
    const starts = Int32Array.from(ranges, (r) => r.start);
    const kidsOf = oldKids.get(tree);
    const rangesKey = ranges.map((r) => `${r.start}:${r.end}`).join(',');
    const before = keptKids.get(tree);
    if (kidsOf && before?.map === kidsOf && before.size === kidsOf.size && before.ranges === rangesKey) {
      // the kept declarations again, and no node asked about outside them: nothing to drop
      cache.set(tree, kidsOf);
    } else if (kidsOf) {
      const kept = new Map<number, Node[]>();
      for (const [id, list] of kidsOf) {
        // a node's children start inside its range: inside a kept declaration's when it is in one
        if (!list.length) continue;
        const s = list[0].startIndex;
        const i = firstAtLeast(starts, s + 1) - 1;
        if (i >= 0 && s < ranges[i].end) kept.set(id, list);
      }
      cache.set(tree, kept);
      keptKids.set(tree, { map: kept, size: kept.size, ranges: rangesKey });
    }
    keepDeclarations(oldCopies, copies, tree, ranges);
    keepDeclarations(oldScopes, scopeIndexes, tree, ranges);
  }
}

/** Carries a per-tree map's entries of the kept declarations (by their node ids) over to its new map. */
function keepDeclarations<T>(from: WeakMap<Tree, Map<number, T>>, to: WeakMap<Tree, Map<number, T>>, tree: Tree, decls: readonly { id: number }[]): void {
  const old = from.get(tree);
  if (!old) return;
  const kept = new Map<number, T>();
  for (const d of decls) {
    const v = old.get(d.id);
    if (v) kept.set(d.id, v);
  }
  to.set(tree, kept);
}

let searches = new WeakMap<Tree, Map<string, Node[]>>();

/** The JS copies of declarations (syntax/copiedTree.ts) made for this package analysis, by tree and node id. */
let copies = new WeakMap<Tree, Map<number, Node>>();

/**
 * The copy of a function's (or any declaration's) syntax tree for this package analysis: the
 * walkers of a function — type checker, escape and call-graph walks, hints, advice — take it
 * instead of tree-sitter's node, so a keystroke reads the edited function out of WASM once.
 * Kept like `kids` (and with it for the declarations clearKidsCache keeps).
 */
export function copyOf(n: Node): Node {
  if (n instanceof CopiedNode) return n;
  const m = copiesIn(n.tree);
  let c = m.get(n.id);
  if (!c) m.set(n.id, (c = copySubtree(n)));
  return c;
}

/**
 * Makes a copy kept from an earlier run — the node of type information a new checker adopted —
 * this run's copy of its declaration (unless one was made already), so the declaration is not
 * copied again and one copy stays alive for it, not two.
 */
export function adoptCopy(n: Node): void {
  if (!(n instanceof CopiedNode)) return;
  const m = copiesIn(n.tree);
  if (!m.has(n.id)) m.set(n.id, n);
}

function copiesIn(tree: Tree): Map<number, Node> {
  let m = copies.get(tree);
  if (!m) copies.set(tree, (m = new Map()));
  return m;
}

/**
 * A search under one node (`descendantsOfType`), memoized for the same package
 * analysis like `kids`: several rules ask for the same calls of the same function.
 */
export function memoSearch(n: Node, key: string, search: () => Node[]): Node[] {
  let m = searches.get(n.tree);
  if (!m) searches.set(n.tree, (m = new Map()));
  const k = `${n.id}\0${key}`;
  let out = m.get(k);
  if (!out) m.set(k, (out = search()));
  return out;
}

/** The last tree kids() was asked about and its map (the walkers ask thousands of times in a row about one tree). */
let lastKids: { tree: Tree; map: Map<number, Node[]> } | undefined;

export function kids(n: Node | null | undefined): Node[] {
  if (!n) return [];
  if (n instanceof CopiedNode) return n.kids();
  let m: Map<number, Node[]> | undefined;
  if (lastKids?.tree === n.tree) m = lastKids.map;
  else {
    m = cache.get(n.tree);
    if (!m) cache.set(n.tree, (m = new Map()));
    lastKids = { tree: n.tree, map: m };
  }
  let k = m.get(n.id);
  if (!k) {
    k = n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    m.set(n.id, k);
  }
  return k;
}

/**
 * One top-level declaration of a tree, with what was derived from it. Its `derived` values
 * depend on the declaration's text and node type alone (no nodes, no positions), so a tree
 * re-parsed after an edit takes them over for every declaration outside the edited text
 * (see inheritTopDecls): a keystroke in a 50,000-line file then derives one declaration's
 * facts, not the file's.
 */
export interface TopDecl {
  readonly node: Node;
  readonly type: string;
  /** UTF-16 offsets of the declaration in its tree's text. */
  readonly start: number;
  readonly end: number;
  readonly derived: Map<string, unknown>;
}

interface TopTable {
  decls: TopDecl[];
  nodes: Node[];
  starts: Int32Array;
  ends: Int32Array;
  /** What it inherited from (see forgetTopTable). */
  from?: Lineage;
}

const tops = new WeakMap<Tree, TopTable>();

/** `[start, oldEnd)` of the text `table` was built for became `[start, newEnd)` of a tree's text. */
interface Lineage {
  table: TopTable;
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** How a re-parsed tree's text differs from the text of the last tree whose table was built, until its own is. */
const lineage = new WeakMap<Tree, Lineage>();

/**
 * Records that `[start, oldEnd)` of `oldTree`'s text became `[start, newEnd)` of `newTree`'s
 * (syntax/parser.ts reparse): the new tree's declarations wholly before the edit, and those
 * wholly after it `newEnd - oldEnd` further on, have their old text — the same rule as
 * textMemo's inheritNodeHashes. Used when the new tree's table is first built. When the old tree
 * has no table (a burst of edits analyzed once, or a tree whose table was forgotten), its own
 * lineage and this edit make one region of the last table's text.
 */
export function inheritTopDecls(oldTree: Tree, newTree: Tree, start: number, oldEnd: number, newEnd: number): void {
  if (oldTree === newTree) return;
  const table = tops.get(oldTree);
  if (table) {
    lineage.set(newTree, { table, start, oldEnd, newEnd });
    return;
  }
  const up = lineage.get(oldTree);
  if (!up) return;
  // the union of both edited regions, in the table's text and in the new one (text after a region is the same, shifted)
  const end = Math.max(up.newEnd, oldEnd);
  lineage.set(newTree, { table: up.table, start: Math.min(up.start, start), oldEnd: up.oldEnd + (end - up.newEnd), newEnd: end + (newEnd - oldEnd) });
}

/**
 * Forgets a tree's table, so that the trees re-parsed from it inherit from the table it inherited
 * from: a half-typed edit that error recovery makes the rest of the file's body has no
 * declarations after the edit to pass on (see workspace/analysisService.ts, held edits), and the
 * tree that parses whole again would otherwise derive every declaration's facts afresh (540 ms in
 * the 50,000-line file).
 */
export function forgetTopTable(tree: Tree): void {
  const t = tops.get(tree);
  if (!t) return;
  tops.delete(tree);
  if (t.from) lineage.set(tree, t.from);
}

function topTable(tree: Tree): TopTable {
  let t = tops.get(tree);
  if (t) return t;
  const from = lineage.get(tree);
  lineage.delete(tree);
  const prev = from?.table;
  const byStart = new Map<number, TopDecl>();
  if (prev && from) {
    const delta = from.newEnd - from.oldEnd;
    for (const d of prev.decls) {
      if (d.end <= from.start) byStart.set(d.start, d);
      else if (d.start >= from.oldEnd) byStart.set(d.start + delta, d);
    }
  }
  const nodes = tree.rootNode.namedChildren.filter((c): c is Node => !!c);
  const decls: TopDecl[] = new Array<TopDecl>(nodes.length);
  const starts = new Int32Array(nodes.length);
  const ends = new Int32Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const start = node.startIndex;
    const end = node.endIndex;
    const type = node.type;
    const old = byStart.get(start);
    // the same text (same place, same length) parsed as the same kind of declaration
    const same = !!old && !!from && old.type === type && old.end - old.start === end - start && (end <= from.start || start >= from.newEnd);
    decls[i] = { node, type, start, end, derived: same ? old.derived : new Map() };
    starts[i] = start;
    ends[i] = end;
  }
  // (only the newest table may be forgotten: the one it inherited from lets go of its own lineage, or every
  // table would hold the one before it)
  if (prev) prev.from = undefined;
  tops.set(tree, (t = { decls, nodes, starts, ends, from }));
  return t;
}

/** The top-level declarations of a tree with their kinds, ranges and derived values (see TopDecl). */
export function topDecls(tree: Tree): readonly TopDecl[] {
  return topTable(tree).decls;
}

/** A value derived from a top-level declaration's text and kind alone (see TopDecl), computed once per text. */
export function derivedOf<T>(d: TopDecl, key: string, compute: () => T): T {
  let v = d.derived.get(key) as T | undefined;
  if (v === undefined) d.derived.set(key, (v = compute()));
  return v;
}

/**
 * The top-level declarations of a tree, kept for the tree's life (unlike `kids`): every
 * model walks them on every run, and for the files an edit did not touch the tree, and
 * so this list, is the previous run's.
 */
export function topLevel(tree: Tree): Node[] {
  return topTable(tree).nodes;
}

/**
 * Where a top-level declaration ends, from its tree's table when it is built (no crossing into
 * WASM): `undefined` for other nodes, or when the table is not there.
 */
export function topDeclEnd(n: Node): number | undefined {
  const t = tops.get(n.tree);
  if (!t) return undefined;
  const s = n.startIndex;
  const i = firstAtLeast(t.starts, s);
  return i < t.starts.length && t.starts[i] === s && t.nodes[i].id === n.id ? t.ends[i] : undefined;
}

/**
 * The index in topLevel of the declaration that contains n (by position, binary search; no
 * parent walk, which is O(depth) per step in tree-sitter), or -1 when none does.
 */
export function topLevelIndexOf(n: Node): number {
  const { starts, ends } = topTable(n.tree);
  const s = n.startIndex;
  const e = n.endIndex;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] < e) lo = mid + 1;
    else if (starts[mid] > s) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** The top-level declaration that contains n (see topLevelIndexOf), or the tree's root when none does. */
export function topLevelOf(n: Node): Node {
  const i = topLevelIndexOf(n);
  return i < 0 ? n.tree.rootNode : topLevel(n.tree)[i];
}

const funcDecls = new WeakMap<Tree, Node[]>();

/** The top-level function and method declarations of a tree (see topLevel). */
export function functionDecls(tree: Tree): Node[] {
  let t = funcDecls.get(tree);
  if (!t) {
    t = topDecls(tree).flatMap((d) => (d.type === 'function_declaration' || d.type === 'method_declaration' ? [d.node] : []));
    funcDecls.set(tree, t);
  }
  return t;
}

/**
 * The node types every tree is indexed by (see descendantsOf): what the analyses search
 * for, whole files and single functions alike. Identifiers are left out (too many), and
 * so are expression lists (a third of the indexed nodes, asked for only with struct types
 * in declarations, see layout/structs.ts).
 */
const INDEXED_TYPES = [
  'assignment_statement',
  'block',
  'break_statement',
  'call_expression',
  'comment',
  'composite_literal',
  'const_spec',
  'continue_statement',
  'dec_statement',
  'defer_statement',
  'expression_switch_statement',
  'for_statement',
  'func_literal',
  'function_declaration',
  'generic_type',
  'goto_statement',
  'if_statement',
  'import_spec',
  'inc_statement',
  'interface_type',
  'labeled_statement',
  'literal_value',
  'method_declaration',
  'parameter_list',
  'range_clause',
  'return_statement',
  'short_var_declaration',
  'struct_type',
  'type_conversion_expression',
  'type_declaration',
  'unary_expression',
  'var_declaration',
  'var_spec',
];
const INDEXED = new Set(INDEXED_TYPES);

/** The nodes of INDEXED_TYPES in one top-level declaration (or tree), in tree-sitter's pre-order (so by start). */
interface ScopeIndex {
  nodes: Node[];
  starts: Int32Array;
  types: string[];
}

/**
 * Kept for one package analysis like `kids` (the Node objects would keep what
 * web-tree-sitter memoizes under them); what is needed across runs is kept by its user.
 */
let scopeIndexes = new WeakMap<Tree, Map<number, ScopeIndex>>();

/**
 * The index of the top-level declaration holding n (the whole tree's for the root): an edit
 * makes a new tree, and a keystroke's rules then search only the declarations they look at —
 * indexing the whole edited file per keystroke cost more than the searches it saved.
 */
function scopeIndex(n: Node): ScopeIndex {
  const scope = topLevelOf(n);
  let perTree = scopeIndexes.get(n.tree);
  if (!perTree) scopeIndexes.set(n.tree, (perTree = new Map()));
  let idx = perTree.get(scope.id);
  if (!idx) {
    const nodes = scope.descendantsOfType(INDEXED_TYPES).filter((c): c is Node => !!c);
    const starts = new Int32Array(nodes.length);
    const types: string[] = new Array<string>(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      starts[i] = nodes[i].startIndex;
      types[i] = nodes[i].type;
    }
    idx = { nodes, starts, types };
    perTree.set(scope.id, idx);
  }
  return idx;
}

/**
 * `n.descendantsOfType(types)` (n included, pre-order) answered from one search of its
 * top-level declaration, made once per tree (see scopeIndex): each search crosses into WASM and walks every node
 * under n, and the rules search the same files and functions many times for different
 * types. A node of n's subtree lies within n's range; the only nodes within it that are
 * not below n are ancestors with n's very range and empty nodes at its edges, and for
 * those (rare, and only when of a type asked for) the search is left to tree-sitter.
 * Ranges nest (a node that starts inside n's range and is not below n starts at its end),
 * so only the nodes starting at n's start or end need their end (a crossing into WASM).
 */
export function descendantsOf(n: Node, types: readonly string[]): Node[] {
  if (n instanceof CopiedNode) return (n as CopiedNode).descendantsOfType(types as string[]); // (the copy's signature: no nulls)
  for (const t of types) if (!INDEXED.has(t)) return n.descendantsOfType(types as string[]).filter((c): c is Node => !!c);
  const { nodes, starts, types: kinds } = scopeIndex(n);
  const s = n.startIndex;
  const e = n.endIndex;
  const lo = firstAtLeast(starts, s);
  const out: Node[] = [];
  for (let i = lo; i < starts.length && starts[i] <= e; i++) {
    if (!types.includes(kinds[i])) continue;
    const start = starts[i];
    if (start === s || start === e) {
      const end = nodes[i].endIndex;
      if (end > e) continue;
      if (start === end || (start === s && end === e && nodes[i].id !== n.id)) {
        return n.descendantsOfType(types as string[]).filter((c): c is Node => !!c);
      }
    }
    out.push(nodes[i]);
  }
  return out;
}
