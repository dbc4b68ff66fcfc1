import type { Node, Tree } from 'web-tree-sitter';
import { descendantsOf, topLevelOf } from './checker/nodes';

/**
 * Enclosing nodes found by position instead of by `Node.parent`: in tree-sitter a
 * parent step descends again from the root (O(depth) each), so walking up from a
 * deep node is quadratic — a 1,000-deep call nest made the loop hints take 20 s.
 * The nodes of the given types are collected once per top-level declaration of a
 * tree (trees are immutable; an edit makes a new tree, and only the declarations asked
 * about are searched again, not the whole file) and sorted by start; the enclosing
 * ones of a node are found by scanning back.
 */
interface SpanIndex {
  starts: number[];
  nodes: Node[];
}

const indexes = new WeakMap<Tree, Map<string, SpanIndex>>();

function indexFor(n: Node, types: readonly string[]): SpanIndex {
  const scope = topLevelOf(n);
  const key = `${scope.id}\0${types.join(',')}`;
  let perTree = indexes.get(n.tree);
  if (!perTree) indexes.set(n.tree, (perTree = new Map()));
  let idx = perTree.get(key);
  if (!idx) {
    // the scope itself is included when it is of one of the types
    const nodes = descendantsOf(scope, types);
    nodes.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
    idx = { starts: nodes.map((n) => n.startIndex), nodes };
    perTree.set(key, idx);
  }
  return idx;
}

/**
 * Visits the nodes of `types` that contain `n` (not `n` itself), innermost first,
 * while `visit` returns true. A node of the same span as `n` counts as enclosing it.
 */
export function forEachEnclosing(n: Node, types: readonly string[], visit: (m: Node) => boolean): void {
  const { starts, nodes } = indexFor(n, types);
  const s = n.startIndex;
  const e = n.endIndex;
  // last index with start <= s
  let lo = 0;
  let hi = starts.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= s) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Innermost first: among equal starts the later (shorter) entries are inner.
  for (let i = at; i >= 0; i--) {
    const m = nodes[i];
    if (m.endIndex < e || m.id === n.id) continue;
    if (!visit(m)) return;
  }
}

/** True when `e` is JavaScript's stack overflow: input nested too deeply for a recursive walk. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}
