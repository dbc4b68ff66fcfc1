/**
 * The only module that loads web-tree-sitter at run time. Everything else imports
 * its types only. The Go grammar is tree-sitter-go 0.20 as built by
 * tree-sitter-wasms 0.1.13, which loads in web-tree-sitter 0.25.x (0.26+ does not).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Language, Parser as ParserType, Tree } from 'web-tree-sitter';
import { inheritNodeHashes } from '../analysis/textMemo';
import { inheritTopDecls } from '../analysis/checker/nodes';
import { installCursorCalls } from './cursor';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const TreeSitter = require('web-tree-sitter') as typeof import('web-tree-sitter');

let parser: ParserType | undefined;
let language: Language | undefined;
let initPromise: Promise<void> | undefined;

/** Where the two WASM files live: next to the bundle (dist/) or in node_modules. */
function findWasm(name: string, candidates: string[]): string {
  for (const c of candidates) {
    if (fs.existsSync(c)) return c;
  }
  throw new Error(`cannot find ${name}; looked in:\n  ${candidates.join('\n  ')}`);
}

function roots(): string[] {
  // __dirname is dist/ when bundled, out/server/src/syntax when compiled by tsc.
  const up = (n: number) => path.resolve(__dirname, ...Array(n).fill('..'));
  return [__dirname, up(1), up(2), up(3), up(4)];
}

export function wasmPaths(): { runtime: string; go: string } {
  const r = roots();
  return {
    runtime: findWasm(
      'tree-sitter.wasm',
      r.flatMap((d) => [path.join(d, 'tree-sitter.wasm'), path.join(d, 'node_modules/web-tree-sitter/tree-sitter.wasm')]),
    ),
    go: findWasm(
      'tree-sitter-go.wasm',
      r.flatMap((d) => [
        path.join(d, 'tree-sitter-go.wasm'),
        path.join(d, 'node_modules/tree-sitter-wasms/out/tree-sitter-go.wasm'),
      ]),
    ),
  };
}

/** Loads the runtime and the Go grammar once. */
export function initParser(): Promise<void> {
  if (!initPromise) {
    initPromise = (async () => {
      const wasm = wasmPaths();
      const runtime: Record<string, unknown> = { locateFile: () => wasm.runtime };
      await TreeSitter.Parser.init(runtime as never);
      fastInt32Access(runtime);
      installCursorCalls(runtime);
      language = await TreeSitter.Language.load(fs.readFileSync(wasm.go));
      parser = new TreeSitter.Parser();
      parser.setLanguage(language);
    })();
  }
  return initPromise;
}

type HeapAccess = { setValue?: unknown; getValue?: unknown; HEAP32?: unknown };

/**
 * web-tree-sitter moves every node in and out of WASM memory through the Emscripten module's
 * generic setValue/getValue: a type-string switch and a DataView call per 4-byte field, five
 * fields per node, for every `type`, `childForFieldName`, `namedChildren`… (a fifth of a keystroke's
 * time in a large function). The module is the object given to Parser.init (Emscripten's
 * `Module = moduleArg`), so on a little-endian host (where the DataView's little-endian access is
 * a plain load) its `i32` accessors become direct Int32Array ones; other types go to the originals.
 * `HEAP32` is read on each call: the runtime replaces it when the memory grows.
 */
let fastInt32 = false;

/** Whether the direct node transfer (fastInt32Access) is in use (parserRuntime.test.ts checks it). */
export function fastNodeTransfer(): boolean {
  return fastInt32;
}

function fastInt32Access(m: HeapAccess): void {
  const setValue = m.setValue;
  const getValue = m.getValue;
  if (typeof setValue !== 'function' || typeof getValue !== 'function' || !(m.HEAP32 instanceof Int32Array)) return;
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) return;
  fastInt32 = true;
  m.setValue = (ptr: number, value: number, type = 'i8') => {
    if (type === 'i32') (m.HEAP32 as Int32Array)[ptr >> 2] = value;
    else setValue(ptr, value, type);
  };
  m.getValue = (ptr: number, type = 'i8') => (type === 'i32' ? (m.HEAP32 as Int32Array)[ptr >> 2] : getValue(ptr, type));
}

function requireParser(): ParserType {
  if (!parser) throw new Error('initParser() must complete before parsing');
  return parser;
}

/**
 * Trees standing in for a text whose parse was abandoned (see {@link parseBudgetMs}):
 * they are empty, so every analysis finds nothing in that text.
 */
const abandoned = new WeakSet<Tree>();

/** True when the tree stands in for a text that was not parsed (pathological input). */
export function isAbandoned(tree: Tree): boolean {
  return abandoned.has(tree);
}

/**
 * How long a parse that has met a syntax error may run before it is abandoned. Valid Go
 * parses at about 1.3 ms per KB (a 980 KB file: 1.2 s) and is never stopped; garbage can
 * make the error recovery superlinear (75 KB of minified JavaScript: over 8 s).
 */
export function parseBudgetMs(length: number): number {
  return 1000 + (4 * length) / 1024;
}

/** Parses a Go buffer; with `oldTree` (already edited) the parse is incremental. */
export function parseGo(text: string, oldTree?: Tree): Tree {
  const p = requireParser();
  const budget = parseBudgetMs(text.length);
  const started = performance.now();
  const reuse = oldTree && !abandoned.has(oldTree) ? oldTree : null;
  let tree = p.parse(text, reuse, { progressCallback: (s) => s.hasError && performance.now() - started > budget });
  if (!tree) {
    p.reset();
    tree = p.parse('');
    if (!tree) throw new Error('tree-sitter returned no tree');
    abandoned.add(tree);
  }
  return tree;
}

interface Point {
  row: number;
  column: number;
}

/** The point of `index`, counted on from `from`'s point over the text between them only. */
function pointAfter(text: string, from: number, at: Point, index: number): Point {
  let { row, column } = at;
  let lineStart = from - column;
  for (let i = text.indexOf('\n', from); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

/**
 * Re-parses `text`, which is `oldText` (the text of `oldTree`) with `[start, oldEnd)` replaced by
 * `[start, newEnd)` of it: edits the old tree in place, then parses reusing it. Both texts are
 * normalized (lone CRs as LF, see normalizeLoneCR), and `startAt` is the point of `start`, the same
 * in both: the end points are counted over the edited text only (from the file's start, they were
 * a scan of the whole text per keystroke). (web-tree-sitter 0.25 re-lexes around the edit and keeps
 * reused nodes' sizes, not their points: even wrong points gave right trees in a mutation test.)
 */
export function reparse(oldTree: Tree, oldText: string, text: string, edit: { start: number; oldEnd: number; newEnd: number }, startAt: Point): Tree {
  const { start, oldEnd, newEnd } = edit;
  if (abandoned.has(oldTree)) return parseGo(text);
  const oldEndPosition = pointAfter(oldText, start, startAt, oldEnd);
  const newEndPosition = pointAfter(text, start, startAt, newEnd);
  oldTree.edit({ startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd, startPosition: startAt, oldEndPosition, newEndPosition });
  const tree = parseGo(text, oldTree);
  // the declarations outside the edit keep their text hashes
  inheritNodeHashes(oldTree, tree, start, oldEnd, newEnd);
  inheritTopDecls(oldTree, tree, start, oldEnd, newEnd);
  return tree;
}
