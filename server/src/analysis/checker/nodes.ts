import type { Node, Tree } from 'web-tree-sitter';

/**
 * Named children without comments, cached per tree: every access to
 * web-tree-sitter's `namedChildren` crosses into WASM and allocates new Node
 * objects, and the checker and the models walk the same bodies several times.
 */
let cache = new WeakMap<Tree, Map<number, Node[]>>();

/**
 * Forgets the cached children (the Node objects, and the subtrees web-tree-sitter
 * memoizes under them). Called after each package analysis: kept across runs, the
 * cache held every walked node of every open package — about 100 MB for net/http
 * and go/types — while the per-function caches already spare unchanged functions.
 */
export function clearKidsCache(): void {
  cache = new WeakMap();
  searches = new WeakMap();
}

let searches = new WeakMap<Tree, Map<string, Node[]>>();

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

export function kids(n: Node | null | undefined): Node[] {
  if (!n) return [];
  let m = cache.get(n.tree);
  if (!m) cache.set(n.tree, (m = new Map()));
  let k = m.get(n.id);
  if (!k) {
    k = n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    m.set(n.id, k);
  }
  return k;
}

const tops = new WeakMap<Tree, Node[]>();

/**
 * The top-level declarations of a tree, kept for the tree's life (unlike `kids`): every
 * model walks them on every run, and for the files an edit did not touch the tree, and
 * so this list, is the previous run's.
 */
export function topLevel(tree: Tree): Node[] {
  let t = tops.get(tree);
  if (!t) {
    t = tree.rootNode.namedChildren.filter((c): c is Node => !!c);
    tops.set(tree, t);
  }
  return t;
}

/**
 * The top-level declaration that contains n (by position, binary search over topLevel; no
 * parent walk, which is O(depth) per step in tree-sitter), or the tree's root when none does.
 */
export function topLevelOf(n: Node): Node {
  const tops = topLevel(n.tree);
  let lo = 0;
  let hi = tops.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tops[mid];
    if (t.endIndex < n.endIndex) lo = mid + 1;
    else if (t.startIndex > n.startIndex) hi = mid - 1;
    else return t;
  }
  return n.tree.rootNode;
}

const funcDecls = new WeakMap<Tree, Node[]>();

/** The top-level function and method declarations of a tree (see topLevel). */
export function functionDecls(tree: Tree): Node[] {
  let t = funcDecls.get(tree);
  if (!t) {
    t = topLevel(tree).filter((d) => d.type === 'function_declaration' || d.type === 'method_declaration');
    funcDecls.set(tree, t);
  }
  return t;
}
