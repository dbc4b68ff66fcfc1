import type { Node } from 'web-tree-sitter';

/**
 * Reading a subtree with the WASM runtime's own cursor functions (syntax/copiedTree.ts copies
 * declarations with it). syntax/parser.ts hands the runtime over when it loads it; this module
 * imports nothing from the analysis.
 */

/** The runtime's cursor functions, each taking the tree's address; the cursor itself is in the transfer buffer. */
interface CursorCalls {
  firstChild(tree: number): number;
  nextSibling(tree: number): number;
  parent(tree: number): number;
  typeId(tree: number): number;
  fieldId(tree: number): number;
  nodeId(tree: number): number;
  start(tree: number): number;
  end(tree: number): number;
  free(tree: number): void;
}

let calls: CursorCalls | undefined;

/** Takes the runtime's cursor functions (the Emscripten module given to Parser.init), when it has them all. */
export function installCursorCalls(m: Record<string, unknown>): void {
  const f = (name: string) => (typeof m[name] === 'function' ? (m[name] as (tree: number) => number) : undefined);
  const found = {
    firstChild: f('_ts_tree_cursor_goto_first_child_wasm'),
    nextSibling: f('_ts_tree_cursor_goto_next_sibling_wasm'),
    parent: f('_ts_tree_cursor_goto_parent_wasm'),
    typeId: f('_ts_tree_cursor_current_node_type_id_wasm'),
    fieldId: f('_ts_tree_cursor_current_field_id_wasm'),
    nodeId: f('_ts_tree_cursor_current_node_id_wasm'),
    start: f('_ts_tree_cursor_start_index_wasm'),
    end: f('_ts_tree_cursor_end_index_wasm'),
    free: f('_ts_tree_cursor_delete_wasm'),
  };
  calls = Object.values(found).every((c) => c) ? (found as CursorCalls) : undefined;
}

/** Whether readSubtree calls the runtime's cursor functions directly (parserRuntime.test.ts checks it). */
export function directSubtreeReads(): boolean {
  return !!calls;
}

/** What readSubtree reports of each node, in pre-order. It must not call into tree-sitter (see readSubtree). */
export interface SubtreeVisitor {
  /** A node: its kind, field in its parent (0: none), id, range (UTF-16); `depth` 0 is the root. */
  node(typeId: number, fieldId: number, id: number, start: number, end: number, depth: number): void;
}

/**
 * Walks `root`'s subtree in pre-order with one tree cursor. web-tree-sitter's TreeCursor writes
 * the cursor into the runtime's transfer buffer before every call and reads it back after every
 * move; the runtime's functions take the cursor from that buffer and leave it there, so here it is
 * written once and then only the functions are called — nothing else may use the buffer meanwhile,
 * hence a visitor that never calls into tree-sitter. The cursor is a stack the moves reallocate as
 * the walk goes deeper: the live one is the buffer's, not the TreeCursor's copy of it, and it is
 * freed from the buffer (freeing the stale copy would free a block twice). Falls back to the
 * TreeCursor API when the runtime lacks the functions.
 */
export function readSubtree(root: Node, visit: SubtreeVisitor): void {
  const cursor = root.walk();
  // `tree[0]` is the tree's address in WASM memory, the argument of every cursor function
  const tree = (root.tree as unknown as Record<number, number>)[0];
  const direct = calls && typeof tree === 'number' ? calls : undefined;
  if (direct) void cursor.nodeTypeId; // writes the cursor into the transfer buffer
  try {
    walkWith(direct ?? treeCursorCalls(cursor), tree, visit);
  } finally {
    if (direct) {
      direct.free(tree);
      // the TreeCursor's copy points at a block the moves may have freed: it must never be used
      const held = cursor as unknown as Record<number, number>;
      held[0] = held[1] = held[2] = held[3] = 0;
    } else cursor.delete();
  }
}

/** The pre-order walk itself, over either set of cursor calls. */
function walkWith(c: CursorCalls, tree: number, visit: SubtreeVisitor): void {
  let depth = 0;
  for (;;) {
    visit.node(c.typeId(tree), c.fieldId(tree), c.nodeId(tree), c.start(tree), c.end(tree), depth);
    if (c.firstChild(tree) === 1) {
      depth++;
      continue;
    }
    while (c.nextSibling(tree) !== 1) {
      if (depth === 0 || c.parent(tree) !== 1) return;
      depth--;
    }
  }
}

/** The same calls through web-tree-sitter's TreeCursor API (when the runtime lacks its functions). */
function treeCursorCalls(cursor: ReturnType<Node['walk']>): CursorCalls {
  return {
    firstChild: () => (cursor.gotoFirstChild() ? 1 : 0),
    nextSibling: () => (cursor.gotoNextSibling() ? 1 : 0),
    parent: () => (cursor.gotoParent() ? 1 : 0),
    typeId: () => cursor.nodeTypeId,
    fieldId: () => cursor.currentFieldId,
    nodeId: () => cursor.nodeId,
    start: () => cursor.startIndex,
    end: () => cursor.endIndex,
    free: () => cursor.delete(),
  };
}
