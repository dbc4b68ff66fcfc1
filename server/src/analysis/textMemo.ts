/**
 * Results derived from a piece of source text alone (a declaration's words, its uses),
 * remembered across trees: after a keystroke every declaration of the edited file is a
 * new node of a new tree, but all except one have the same text as before.
 *
 * Entries live while they are used: {@link endTextMemoRun} (after each package analysis)
 * starts a new generation, and an entry not asked for during two analyses goes — what
 * remains is the edited files' current declarations, not every version typed.
 *
 * Keys are a hash of the text, not the text: a declaration's text is a slice of its
 * file's text, and V8 keeps the whole file alive behind each slice — keyed by slices, the
 * memo would hold every version of every edited file.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { topDeclEnd } from './checker/nodes';

const memos: TextMemo<unknown>[] = [];

/** Ends a run of the analysis: every memo starts a new generation. */
export function endTextMemoRun(): void {
  for (const m of memos) m.rotate();
}

export class TextMemo<T> {
  /** Two generations: what is still asked for moves from the old one to the current one. */
  private current = new Map<string, T>();
  private old = new Map<string, T>();

  /** `limit`: a generation's size at most (a run that asks for more starts a new one early). */
  constructor(private readonly limit = 20_000) {
    memos.push(this as TextMemo<unknown>);
  }

  rotate(): void {
    this.old = this.current;
    this.current = new Map();
  }

  /** The value for a text, or for a node's text (hashed once per node: see nodeHash). */
  get(text: string | Node, compute: () => T, salt = ''): T {
    const key = `${salt}\0${typeof text === 'string' ? textHash(text) : nodeHash(text)}`;
    let v = this.current.get(key);
    if (v !== undefined) return v;
    v = this.old.get(key) ?? compute();
    if (this.current.size >= this.limit) this.rotate();
    this.current.set(key, v);
    return v;
  }
}

/**
 * A word set that keeps none of the file's text alive. V8 makes a substring of 13 or more
 * characters a view into its parent string: a remembered identifier would pin the whole
 * version of the file it was cut from (the memo then grew by a file per edit). `(' ' + w)`
 * is a new string; slicing it copies it flat, and the view then points into that copy.
 */
export function detachedWords(words: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const w of words) out.add(detach(w));
  return out;
}

/** A string to remember that keeps no file text alive (see detachedWords). */
export function detach(w: string): string {
  return w.length >= 13 ? (' ' + w).slice(1) : w;
}

/**
 * Hashes of a tree's node texts by range (UTF-16 offsets): a range's text is the same for every
 * node on it. By start (a small integer key: a start×end number key is a heap number, boxed and
 * hashed per lookup, and large files look up thousands per keystroke), then by end.
 */
interface RangeHash {
  /** The range's length (not its end: a range moved by an edit before it keeps its entry, see inheritNodeHashes). */
  length: number;
  hash: string;
  /** Another range with the same start (a node and its first child, rarely both hashed). */
  next?: RangeHash;
}
const nodeHashes = new WeakMap<Tree, Map<number, RangeHash>>();

function lookup(m: Map<number, RangeHash>, start: number, end: number): string | undefined {
  for (let r = m.get(start); r; r = r.next) if (r.length === end - start) return r.hash;
  return undefined;
}

function remember(m: Map<number, RangeHash>, start: number, end: number, hash: string): void {
  m.set(start, { length: end - start, hash, next: m.get(start) });
}

/**
 * textHash of a node's text, once per range of a tree: the memos and the per-declaration
 * caches all key on the same declarations, and hashing a large file's text once per run
 * instead of once per memo is what a keystroke can afford. A tree re-parsed after an edit
 * inherits its old tree's hashes outside the edited text (inheritNodeHashes).
 */
export function nodeHash(n: Node): string {
  let m = nodeHashes.get(n.tree);
  if (!m) nodeHashes.set(n.tree, (m = new Map()));
  const start = n.startIndex;
  // (a top-level declaration's end is in its tree's table: each function's identity is asked per keystroke)
  const end = topDeclEnd(n) ?? n.endIndex;
  let h = lookup(m, start, end);
  if (h === undefined) remember(m, start, end, (h = textHash(n.text)));
  return h;
}

/**
 * After `[start, oldEnd)` of the old tree's text became `[start, newEnd)` of the new tree's:
 * a range wholly before the edit has the same text, one wholly after it the same text
 * `newEnd - oldEnd` further on. The new tree starts with those hashes (a keystroke in a
 * 50,000-line file then hashes the edited declaration, not the file).
 */
export function inheritNodeHashes(oldTree: Tree, newTree: Tree, start: number, oldEnd: number, newEnd: number): void {
  const old = nodeHashes.get(oldTree);
  if (!old || oldTree === newTree) return;
  const delta = newEnd - oldEnd;
  const m = nodeHashes.get(newTree) ?? new Map<number, RangeHash>();
  // (the entries are shared with the old tree's map where every range of a start is kept: 50,000 lines
  // copied entry by entry were 2 MB of garbage per keystroke)
  old.forEach((first, s) => {
    const to = s >= oldEnd ? s + delta : s;
    let whole = true;
    if (s < oldEnd) for (let r: RangeHash | undefined = first; r; r = r.next) if (s + r.length > start) whole = false;
    if (whole && !m.has(to)) m.set(to, first);
    else for (let r: RangeHash | undefined = first; r; r = r.next) if (s >= oldEnd || s + r.length <= start) remember(m, to, to + r.length, r.hash);
  });
  nodeHashes.set(newTree, m);
}

/** Length and two 32-bit FNV-1a hashes (different offsets): collisions are not a practical concern. */
export function textHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000197);
  }
  return `${text.length}:${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
}
