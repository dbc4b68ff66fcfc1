import type { Node, Point, Tree } from 'web-tree-sitter';
import { firstAtLeast } from '../analysis/sorted';
import { readSubtree } from './cursor';

/**
 * A JavaScript copy of one declaration's syntax tree, read out of WASM in one cursor walk.
 *
 * web-tree-sitter answers every `type`, `childForFieldName`, `parent`, `endIndex`… with a crossing
 * into WASM, and every node it returns is a new object: the type checker, the escape walk, the
 * call-graph walk, the hints and the advice walk an edited function's body through it several
 * times per keystroke (a third of a keystroke's time in net/http's 220-line `conn.serve`). The copy
 * costs about one crossing per node and field, once; its nodes then answer from typed arrays.
 *
 * A copied node behaves as the tree-sitter node it copies: the same `id` and `tree` (so every map
 * keyed by node id holds either kind), the same ranges, positions, types, fields and children;
 * above the copied declaration `parent` returns tree-sitter's nodes. What the copy does not hold
 * (syntax errors, missing nodes, searches by position) is asked of the tree-sitter node itself.
 */
class TreeCopy {
  readonly count: number;
  readonly types: Uint16Array;
  readonly fields: Uint16Array;
  readonly ids: Int32Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly parents: Int32Array;
  readonly firstChild: Int32Array;
  readonly nextSibling: Int32Array;
  /** The pre-order index just past each node's subtree. */
  readonly subtreeEnd: Int32Array;
  /** Each node's index among its parent's children (to find the tree-sitter node again). */
  readonly childIndex: Int32Array;
  readonly nodes: (CopiedNode | undefined)[];
  private kidsLists: (Node[] | undefined)[] | undefined;
  private childLists: (Node[] | undefined)[] | undefined;
  private newlines: Int32Array | undefined;
  private text: string | undefined;
  private rootParent: Node | null | undefined;
  /** Read once: a copy answers positions without crossing into WASM. */
  readonly rootPosition: Point;
  /** Whether the copied declaration holds a syntax error or a missing node (then nodes ask tree-sitter). */
  readonly hasErrors: boolean;

  constructor(
    readonly root: Node,
    readonly names: readonly string[],
    readonly named: Uint8Array,
    private readonly fieldIds: ReadonlyMap<string, number>,
  ) {
    const count = root.descendantCount;
    this.count = count;
    this.types = new Uint16Array(count);
    this.fields = new Uint16Array(count);
    this.ids = new Int32Array(count);
    this.starts = new Int32Array(count);
    this.ends = new Int32Array(count);
    this.parents = new Int32Array(count);
    this.firstChild = new Int32Array(count).fill(-1);
    this.nextSibling = new Int32Array(count).fill(-1);
    this.subtreeEnd = new Int32Array(count);
    this.childIndex = new Int32Array(count);
    this.nodes = new Array<CopiedNode | undefined>(count);
    this.rootPosition = { row: root.startPosition.row, column: root.startPosition.column };
    this.hasErrors = root.hasError;
    this.read();
  }

  get tree(): Tree {
    return this.root.tree;
  }

  /** One pre-order cursor walk of the root's subtree (syntax/cursor.ts readSubtree). */
  private read(): void {
    // per depth: the node open there, and its last child so far
    const open: number[] = [];
    const last: number[] = [];
    let i = 0;
    readSubtree(this.root, {
      node: (typeId, fieldId, id, start, end, depth) => {
        if (i >= this.count) throw new Error('copiedTree: more nodes than descendantCount');
        // close the subtrees the walk has left
        while (open.length > depth) {
          this.subtreeEnd[open.pop()!] = i;
          last.pop();
        }
        const k = i++;
        this.types[k] = typeId;
        this.fields[k] = fieldId;
        this.ids[k] = id;
        this.starts[k] = start;
        this.ends[k] = end;
        const p = depth > 0 ? open[depth - 1] : -1;
        this.parents[k] = p;
        if (p >= 0) {
          const prev = last[depth - 1];
          if (prev < 0) this.firstChild[p] = k;
          else {
            this.nextSibling[prev] = k;
            this.childIndex[k] = this.childIndex[prev] + 1;
          }
          last[depth - 1] = k;
        }
        open.push(k);
        last.push(-1);
      },
    });
    while (open.length) this.subtreeEnd[open.pop()!] = i;
    if (i !== this.count) throw new Error('copiedTree: fewer nodes than descendantCount');
  }

  node(i: number): CopiedNode {
    return (this.nodes[i] ??= new CopiedNode(this, i));
  }

  fieldId(name: string): number {
    return this.fieldIds.get(name) ?? -1;
  }

  /** The root's source text: node texts are slices of it. */
  source(): string {
    return (this.text ??= this.root.text);
  }

  textOf(i: number): string {
    const base = this.starts[0];
    return this.source().slice(this.starts[i] - base, this.ends[i] - base);
  }

  /** Where an offset inside the root lies: rows count `\n` only, columns are UTF-16 units (as tree-sitter's). */
  pointAt(offset: number): Point {
    const nl = (this.newlines ??= this.findNewlines());
    const rootPos = this.rootPosition;
    const lo = firstAtLeast(nl, offset); // newlines before the offset
    if (lo === 0) return { row: rootPos.row, column: rootPos.column + (offset - this.starts[0]) };
    return { row: rootPos.row + lo, column: offset - nl[lo - 1] - 1 };
  }

  private findNewlines(): Int32Array {
    const text = this.source();
    const base = this.starts[0];
    const out: number[] = [];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(base + i);
    return Int32Array.from(out);
  }

  parentOfRoot(): Node | null {
    if (this.rootParent === undefined) this.rootParent = this.root.parent;
    return this.rootParent;
  }

  children(i: number): Node[] {
    const lists = (this.childLists ??= new Array<Node[] | undefined>(this.count));
    let out = lists[i];
    if (!out) {
      out = [];
      for (let c = this.firstChild[i]; c >= 0; c = this.nextSibling[c]) out.push(this.node(c).asNode());
      lists[i] = out;
    }
    return out;
  }

  /** Named children without comments (checker/nodes.ts `kids`), one array per node. */
  kids(i: number): Node[] {
    const lists = (this.kidsLists ??= new Array<Node[] | undefined>(this.count));
    let out = lists[i];
    if (!out) {
      out = [];
      for (let c = this.firstChild[i]; c >= 0; c = this.nextSibling[c]) {
        const t = this.types[c];
        if (this.named[t] && this.names[t] !== 'comment') out.push(this.node(c).asNode());
      }
      lists[i] = out;
    }
    return out;
  }

  /** The tree-sitter node a copied node stands for (by child indexes from the root). */
  original(i: number): Node {
    const path: number[] = [];
    for (let k = i; k > 0; k = this.parents[k]) path.push(this.childIndex[k]);
    let n: Node = this.root;
    for (let j = path.length - 1; j >= 0; j--) n = n.child(path[j])!;
    return n;
  }
}

/** The members of web-tree-sitter's Node a copied node has (the compiler checks their types against Node's). */
type CopiedMembers =
  | 'id' | 'startIndex' | 'tree' | 'typeId' | 'type' | 'isNamed' | 'endIndex' | 'startPosition' | 'endPosition' | 'text'
  | 'hasError' | 'isMissing' | 'isError' | 'isExtra' | 'parent' | 'children' | 'namedChildren' | 'childCount' | 'namedChildCount'
  | 'firstChild' | 'lastChild' | 'firstNamedChild' | 'lastNamedChild' | 'nextSibling' | 'previousSibling' | 'nextNamedSibling'
  | 'previousNamedSibling' | 'descendantCount' | 'child' | 'namedChild' | 'childForFieldName' | 'childForFieldId'
  | 'childrenForFieldName' | 'childrenForFieldId' | 'fieldNameForChild' | 'descendantsOfType' | 'equals' | 'descendantForIndex'
  | 'namedDescendantForIndex' | 'descendantForPosition' | 'namedDescendantForPosition' | 'walk' | 'toString';

/**
 * A node of a TreeCopy; see there. It has all of web-tree-sitter's navigation members, not only
 * those the analyses call today, so that code written against Node keeps working on copies;
 * what a copy cannot answer itself (the rarer ones) is asked of the tree-sitter node it stands for.
 */
export class CopiedNode implements Pick<Node, CopiedMembers> {
  readonly id: number;
  readonly startIndex: number;

  constructor(
    private readonly c: TreeCopy,
    private readonly i: number,
  ) {
    this.id = c.ids[i];
    this.startIndex = c.starts[i];
  }

  get tree(): Tree {
    return this.c.tree;
  }
  get typeId(): number {
    return this.c.types[this.i];
  }
  get type(): string {
    return this.c.names[this.c.types[this.i]] || 'ERROR';
  }
  get isNamed(): boolean {
    return this.c.named[this.c.types[this.i]] === 1;
  }
  get endIndex(): number {
    return this.c.ends[this.i];
  }
  get startPosition(): Point {
    return this.c.pointAt(this.c.starts[this.i]);
  }
  get endPosition(): Point {
    return this.c.pointAt(this.c.ends[this.i]);
  }
  get text(): string {
    return this.c.textOf(this.i);
  }
  get hasError(): boolean {
    return this.c.hasErrors && this.c.original(this.i).hasError;
  }
  get isMissing(): boolean {
    return this.c.hasErrors && this.c.original(this.i).isMissing;
  }
  get isError(): boolean {
    return this.type === 'ERROR';
  }
  get isExtra(): boolean {
    return this.c.original(this.i).isExtra;
  }
  get parent(): Node | null {
    const p = this.c.parents[this.i];
    return p >= 0 ? this.c.node(p).asNode() : this.c.parentOfRoot();
  }
  get children(): Node[] {
    return this.c.children(this.i);
  }
  get namedChildren(): Node[] {
    return this.c.children(this.i).filter((n) => n.isNamed);
  }
  get childCount(): number {
    return this.c.children(this.i).length;
  }
  get namedChildCount(): number {
    return this.namedChildren.length;
  }
  get firstChild(): Node | null {
    return this.child(0);
  }
  get lastChild(): Node | null {
    return this.child(this.childCount - 1);
  }
  get firstNamedChild(): Node | null {
    return this.namedChild(0);
  }
  get lastNamedChild(): Node | null {
    return this.namedChild(this.namedChildCount - 1);
  }
  get nextSibling(): Node | null {
    // (next to a missing node tree-sitter's sibling search answers by position: asked of it)
    if (this.c.hasErrors) return this.c.original(this.i).nextSibling;
    const s = this.i === 0 ? -1 : this.c.nextSibling[this.i];
    return s >= 0 ? this.c.node(s).asNode() : this.i === 0 ? this.c.root.nextSibling : null;
  }
  get previousSibling(): Node | null {
    if (this.c.hasErrors) return this.c.original(this.i).previousSibling;
    if (this.i === 0) return this.c.root.previousSibling;
    const sibs = this.c.children(this.c.parents[this.i]);
    return sibs[this.c.childIndex[this.i] - 1] ?? null;
  }
  get nextNamedSibling(): Node | null {
    for (let s = this.nextSibling; s; s = s.nextSibling) if (s.isNamed) return s;
    return null;
  }
  get previousNamedSibling(): Node | null {
    for (let s = this.previousSibling; s; s = s.previousSibling) if (s.isNamed) return s;
    return null;
  }
  get descendantCount(): number {
    return this.c.subtreeEnd[this.i] - this.i;
  }

  child(index: number): Node | null {
    return this.c.children(this.i)[index] ?? null;
  }
  namedChild(index: number): Node | null {
    return this.namedChildren[index] ?? null;
  }
  childForFieldName(name: string): Node | null {
    const f = this.c.fieldId(name);
    if (f < 0) return null;
    for (let k = this.c.firstChild[this.i]; k >= 0; k = this.c.nextSibling[k]) if (this.c.fields[k] === f) return this.c.node(k).asNode();
    return null;
  }
  childForFieldId(fieldId: number): Node | null {
    for (let k = this.c.firstChild[this.i]; k >= 0; k = this.c.nextSibling[k]) if (this.c.fields[k] === fieldId) return this.c.node(k).asNode();
    return null;
  }
  childrenForFieldName(name: string): Node[] {
    return this.childrenForFieldId(this.c.fieldId(name));
  }
  childrenForFieldId(fieldId: number): Node[] {
    const out: Node[] = [];
    if (fieldId < 0) return out;
    for (let k = this.c.firstChild[this.i]; k >= 0; k = this.c.nextSibling[k]) if (this.c.fields[k] === fieldId) out.push(this.c.node(k).asNode());
    return out;
  }
  fieldNameForChild(index: number): string | null {
    let j = 0;
    for (let k = this.c.firstChild[this.i]; k >= 0; k = this.c.nextSibling[k], j++) {
      if (j === index) return this.c.fields[k] ? (this.c.root.tree.language.fields[this.c.fields[k]] ?? null) : null;
    }
    return null;
  }
  /** Nodes of the given types in this subtree, this node included, in pre-order (as tree-sitter's; no position bounds). */
  descendantsOfType(types: string | string[]): Node[] {
    const want = typeof types === 'string' ? [types] : types;
    const { c } = this;
    const out: Node[] = [];
    for (let k = this.i, end = c.subtreeEnd[this.i]; k < end; k++) if (want.includes(c.names[c.types[k]] || 'ERROR')) out.push(c.node(k).asNode());
    return out;
  }
  /** Named children without comments (checker/nodes.ts `kids`). */
  kids(): Node[] {
    return this.c.kids(this.i);
  }
  equals(other: Node): boolean {
    return this.tree === other.tree && this.id === other.id;
  }
  descendantForIndex(start: number, end?: number): Node | null {
    return this.c.original(this.i).descendantForIndex(start, end);
  }
  namedDescendantForIndex(start: number, end?: number): Node | null {
    return this.c.original(this.i).namedDescendantForIndex(start, end);
  }
  descendantForPosition(start: Point, end?: Point): Node | null {
    return this.c.original(this.i).descendantForPosition(start, end);
  }
  namedDescendantForPosition(start: Point, end?: Point): Node | null {
    return this.c.original(this.i).namedDescendantForPosition(start, end);
  }
  walk(): ReturnType<Node['walk']> {
    return this.c.original(this.i).walk();
  }
  toString(): string {
    return this.c.original(this.i).toString();
  }
  /** This node typed as web-tree-sitter's (it implements what the analyses call). */
  asNode(): Node {
    return this as unknown as Node;
  }
}

/** Per language: type names, which types are named, field ids by name. */
const languageTables = new WeakMap<object, { names: string[]; named: Uint8Array; fieldIds: Map<string, number> }>();

function tablesOf(tree: Tree): { names: string[]; named: Uint8Array; fieldIds: Map<string, number> } {
  const lang = tree.language;
  let t = languageTables.get(lang);
  if (!t) {
    const names = lang.types.map((x) => x ?? '');
    const named = new Uint8Array(Math.max(names.length, 65536));
    for (let i = 0; i < names.length; i++) named[i] = lang.nodeTypeIsNamed(i) ? 1 : 0;
    named[65535] = 1; // ERROR
    const fieldIds = new Map<string, number>();
    lang.fields.forEach((f, i) => {
      if (f) fieldIds.set(f, i);
    });
    languageTables.set(lang, (t = { names, named, fieldIds }));
  }
  return t;
}

/** The copy of `node`'s subtree (its root stands for `node`), built now. */
export function copySubtree(node: Node): Node {
  if (node instanceof CopiedNode) return node.asNode();
  const { names, named, fieldIds } = tablesOf(node.tree);
  return new TreeCopy(node, names, named, fieldIds).node(0).asNode();
}
