/**
 * The escape graph and its solver, following cmd/compile/internal/escape
 * (graph.go: locations, holes, edges with deref counts; solve.go: walkAll /
 * walkOne, a Bellman-Ford over minimal dereferences from each root, `outlives`;
 * leaks.go: per-parameter leak sets).
 */
import type { Node } from 'web-tree-sitter';
import type { Obj } from '../checker';

export const ATTR_ESCAPES = 1;
export const ATTR_PERSISTS = 2;
export const ATTR_MUTATES = 4;
export const ATTR_CALLS = 8;

/** Number of results tracked in a leak set (compiler: numEscResults = 5). */
export const NUM_ESC_RESULTS = 5;

/** leaks.go: [heap, mutator, callee, result0..4], each the minimal derefs or -1. */
export class Leaks {
  v: number[] = [-1, -1, -1, -1, -1, -1, -1, -1];
  static heap(d = 0): Leaks {
    const l = new Leaks();
    l.add(0, d);
    return l;
  }
  get heap(): number {
    return this.v[0];
  }
  result(i: number): number {
    return this.v[3 + i] ?? -1;
  }
  add(i: number, derefs: number): void {
    if (i >= this.v.length) return;
    const old = this.v[i];
    if (old < 0 || derefs < old) this.v[i] = derefs;
  }
  /** Drops result flows no shorter than the heap flow. */
  optimize(): void {
    const x = this.heap;
    if (x >= 0) for (let i = 1; i < this.v.length; i++) if (this.v[i] >= x) this.v[i] = -1;
  }
  equals(o: Leaks): boolean {
    return this.v.every((x, i) => x === o.v[i]);
  }
  clone(): Leaks {
    const l = new Leaks();
    l.v = this.v.slice();
    return l;
  }
}

export interface Note {
  where: Node;
  why: string;
  next?: Note;
}

export interface Edge {
  src: Loc;
  derefs: number;
  notes?: Note;
}

export type AllocKind =
  | 'ptrlit' | 'new' | 'makeslice' | 'makemap' | 'slicelit' | 'maplit' | 'closure' | 'methvalue' | 'conviface'
  | 'str2bytes' | 'str2runes' | 'bytes2str' | 'runes2str' | 'runestr' | 'addstr' | 'append' | 'ddd';

/** A location: a variable, an allocation site, or a temporary. */
export class Loc {
  edges: Edge[] = [];
  attrs = 0;
  // walk state
  walkgen = 0;
  derefs = 0;
  dst: Loc | null = null;
  dstEdgeIdx = -1;
  queuedAll = false;
  queuedOne = 0;
  // variable facts
  captured = false;
  reassigned = false;
  addrtaken = false;
  param = false;
  paramOut = false;
  resultIndex = 0;
  paramEsc = new Leaks();
  /** Set when an allocation must be on the heap for a static reason (too large, zero-sized element). */
  heapReason?: string;
  constructor(
    readonly id: number,
    /** The variable's object, for named locations. */
    readonly obj: Obj | null,
    /** The expression node of an allocation site (or the name node of a variable). */
    readonly node: Node | null,
    /** The function (declaration or literal) whose frame holds it. */
    readonly fn: Node | null,
    public loopDepth: number,
    readonly alloc?: { kind: AllocKind; text: string; pos: Node; size?: number | null; quiet?: boolean },
  ) {}
  has(a: number): boolean {
    return (this.attrs & a) !== 0;
  }
}

export interface Hole {
  dst: Loc;
  derefs: number;
  notes?: Note;
  addrtaken: boolean;
}

// (every hole has the same four fields, written out: the walk makes millions, and one shape
// without object spread keeps them cheap)
export function hole(dst: Loc): Hole {
  return { dst, derefs: 0, notes: undefined, addrtaken: false };
}
export function shift(k: Hole, delta: number): Hole {
  return { dst: k.dst, derefs: k.derefs + delta, notes: k.notes, addrtaken: delta < 0 };
}
export function note(k: Hole, where: Node, why: string): Hole {
  return { dst: k.dst, derefs: k.derefs, notes: { where, why, next: k.notes }, addrtaken: k.addrtaken };
}
export function deref(k: Hole, where: Node, why: string): Hole {
  return note(shift(k, 1), where, why);
}
export function addr(k: Hole, where: Node, why: string): Hole {
  return note(shift(k, -1), where, why);
}

/**
 * Whether two locations belong to the same function (ir.Name.Curfn): by node identity, not by
 * object — the type checker's owners and the walker's function may be different objects for
 * one node (tree-sitter's node and its copy, syntax/copiedTree.ts).
 */
function sameFunction(a: Node | null, b: Node | null): boolean {
  return a === b || (!!a && !!b && a.id === b.id && a.tree === b.tree);
}

/** The graph of one batch (a strongly connected component of the call graph). */
export class Graph {
  readonly heap: Loc;
  readonly mutator: Loc;
  readonly callee: Loc;
  readonly blank: Loc;
  readonly all: Loc[] = [];
  private nextId = 1;
  /** For outlives: is `inner` a function literal nested (strictly) in `outer`? */
  containsClosure: (outer: Node | null, inner: Node | null) => boolean = () => false;
  /** Closure results whose callers are not all known. */
  readonly closureResultsLost = new Set<number>();
  /** Closure location → result locations of its function (for ClosureResultsLost). */
  readonly closureResults = new Map<Loc, Loc[]>();

  constructor() {
    this.heap = new Loc(0, null, null, null, 0);
    this.heap.attrs = ATTR_ESCAPES | ATTR_PERSISTS | ATTR_MUTATES | ATTR_CALLS;
    this.mutator = new Loc(-1, null, null, null, 0);
    this.mutator.attrs = ATTR_MUTATES;
    this.callee = new Loc(-2, null, null, null, 0);
    this.callee.attrs = ATTR_CALLS;
    this.blank = new Loc(-3, null, null, null, 0);
  }

  newLoc(obj: Obj | null, node: Node | null, fn: Node | null, loopDepth: number, persists: boolean, alloc?: Loc['alloc']): Loc {
    const l = new Loc(this.nextId++, obj, node, fn, loopDepth, alloc);
    if (persists) l.attrs |= ATTR_PERSISTS;
    this.all.push(l);
    return l;
  }

  flow(k: Hole, src: Loc): void {
    if (k.addrtaken) src.addrtaken = true;
    const dst = k.dst;
    if (dst === this.blank) return;
    if (dst === src && k.derefs >= 0) return;
    if (dst.has(ATTR_ESCAPES) && k.derefs < 0) {
      if (!src.has(ATTR_ESCAPES)) src.dst = null;
      src.attrs |= ATTR_ESCAPES | ATTR_PERSISTS | ATTR_MUTATES | ATTR_CALLS;
      this.directEscapes.set(src, { dst, notes: k.notes });
      return;
    }
    dst.edges.push({ src, derefs: k.derefs, notes: k.notes });
  }

  /** Locations that escaped at flow time (dst = &src with dst the heap): their reason. */
  readonly directEscapes = new Map<Loc, { dst: Loc; notes?: Note }>();

  outlives(l: Loc, other: Loc): boolean {
    if (l.has(ATTR_ESCAPES)) return true;
    if (l === this.mutator || l === this.callee) return false;
    if (l.paramOut) {
      if (this.containsClosure(other.fn, l.fn) && !this.closureResultsLost.has(l.fn?.id ?? -1)) return false;
      return true;
    }
    if (sameFunction(l.fn, other.fn) && l.loopDepth < other.loopDepth) return true;
    if (this.containsClosure(l.fn, other.fn)) return true;
    return false;
  }

  /** solve.go walkAll. */
  walkAll(): void {
    const todo: Loc[] = [];
    let head = 0;
    const enqueue = (loc: Loc) => {
      if (!loc.queuedAll) {
        loc.queuedAll = true;
        todo.push(loc);
      }
    };
    for (const l of [this.heap, this.callee, this.mutator, ...this.all.slice().reverse()]) {
      l.queuedAll = true;
      todo.push(l);
    }
    let walkgen = 0;
    while (head < todo.length) {
      const root = todo[head++];
      root.queuedAll = false;
      walkgen++;
      this.walkOne(root, walkgen, enqueue);
      if (head > 4096 && head * 2 > todo.length) {
        todo.splice(0, head);
        head = 0;
      }
    }
  }

  private walkOne(root: Loc, walkgen: number, enqueue: (l: Loc) => void): void {
    root.walkgen = walkgen;
    root.derefs = 0;
    root.dst = null;
    if (root.has(ATTR_CALLS)) {
      const results = this.closureResults.get(root);
      if (results && root.node && !this.closureResultsLost.has(root.node.id)) {
        this.closureResultsLost.add(root.node.id);
        for (const r of results) enqueue(r);
      }
    }
    const todo: Loc[] = [root];
    let head = 0;
    while (head < todo.length) {
      const l = todo[head++];
      l.queuedOne = 0;
      let derefs = l.derefs;
      let newAttrs = 0;
      const addressOf = derefs < 0;
      // (asked at most once per visit: nothing it reads changes in between)
      let outlives: boolean | undefined;
      if (addressOf) {
        derefs = 0;
        if ((outlives = this.outlives(root, l))) newAttrs |= ATTR_ESCAPES | ATTR_PERSISTS | ATTR_MUTATES | ATTR_CALLS;
        else if (root.has(ATTR_PERSISTS)) newAttrs |= ATTR_PERSISTS;
      }
      if (derefs === 0) newAttrs |= root.attrs & (ATTR_MUTATES | ATTR_CALLS);
      if (l.param) {
        if (outlives ?? this.outlives(root, l)) this.leakTo(l, root, derefs);
        if (root.has(ATTR_MUTATES)) l.paramEsc.add(1, derefs);
        if (root.has(ATTR_CALLS)) l.paramEsc.add(2, derefs);
      }
      if (newAttrs & ~l.attrs) {
        if (newAttrs & ATTR_ESCAPES && !l.has(ATTR_ESCAPES) && !this.paths.has(l)) this.paths.set(l, this.explainPath(root, l));
        l.attrs |= newAttrs;
        enqueue(l);
        if (l.has(ATTR_ESCAPES)) continue;
      }
      for (let i = 0; i < l.edges.length; i++) {
        const e = l.edges[i];
        if (e.src.has(ATTR_ESCAPES)) continue;
        const d = derefs + e.derefs;
        if (e.src.walkgen !== walkgen || e.src.derefs > d) {
          e.src.walkgen = walkgen;
          e.src.derefs = d;
          e.src.dst = l;
          e.src.dstEdgeIdx = i;
          if (e.src.queuedOne !== walkgen) {
            e.src.queuedOne = walkgen;
            todo.push(e.src);
          }
        }
      }
    }
  }

  /** Why a location escaped: the edges from it to the root, first link first. */
  readonly paths = new Map<Loc, PathStep[]>();
  /** Why a parameter leaks: its shortest path to the heap or a result. */
  readonly leakPaths = new Map<Loc, PathStep[]>();

  private leakTo(l: Loc, sink: Loc, derefs: number): void {
    if (!sink.has(ATTR_ESCAPES) && sink.paramOut && sameFunction(sink.fn, l.fn)) {
      const ri = sink.resultIndex - 1;
      if (ri < NUM_ESC_RESULTS) {
        l.paramEsc.add(3 + ri, derefs);
        return;
      }
    }
    if (l.paramEsc.heap < 0 || derefs < l.paramEsc.heap) this.leakPaths.set(l, this.explainPath(sink, l));
    l.paramEsc.add(0, derefs);
  }

  private explainPath(root: Loc, src: Loc): PathStep[] {
    const steps: PathStep[] = [];
    const seen = new Set<Loc>();
    let cur: Loc | null = src;
    while (cur && cur !== root && !seen.has(cur)) {
      seen.add(cur);
      const dst: Loc | null = cur.dst;
      if (!dst) break;
      const e = dst.edges[cur.dstEdgeIdx];
      if (!e || e.src !== cur) break;
      steps.push({ from: cur, to: dst, derefs: e.derefs, notes: e.notes });
      cur = dst;
    }
    return steps;
  }
}

export interface PathStep {
  from: Loc;
  to: Loc;
  derefs: number;
  notes?: Note;
}
