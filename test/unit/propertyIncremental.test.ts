/**
 * Incremental analysis equals a fresh one: a package of two files (functions that
 * call each other across files, types whose sizes depend on constants, a pool, an
 * alias) gets random edits — declaration edits that change what other functions
 * see (field types, constants, signatures, deleted or renamed declarations) mixed
 * with typing in bodies and garbage — and after every edit the analysis that keeps
 * per-function caches (the escape session, the hint cache, the declaration
 * tracker) must report exactly what a fresh analysis of the same text reports.
 * ROBUST_SEED=<n> replays.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import fc from 'fast-check';
import type { Tree } from 'web-tree-sitter';
import { analyzePackage, type AnalysisOptions } from '../../server/src/analysis/analyze';
import { EscapeSession } from '../../server/src/analysis/escape';
import { indexPackage } from '../../server/src/analysis/goPackage';
import type { Category, Finding } from '../../server/src/analysis/types';
import { initParser, parseGo } from '../../server/src/syntax/parser';
import { loadStdTables } from '../../server/src/workspace/stdData';
import { seedFor } from '../helpers/robustHarness';

const DIR = path.resolve(__dirname, '../../../test/testdata/robust/incremental');
const NAMES = ['model.go', 'use.go'];
const ORIGINAL = NAMES.map((n) => fs.readFileSync(path.join(DIR, n), 'utf8'));
const CATEGORIES = new Set<Category>(['layout', 'escape', 'leak', 'noescape', 'alloc', 'advice']);

before(async () => {
  await initParser();
});

/** Edits that change declarations other functions depend on, as [file, from, to] replacements. */
const DECL_EDITS: [number, string, string][] = [
  [0, 'const N = 16', 'const N = 1 << 20'],
  [0, 'const N = 16', 'const N = 2'],
  [0, '\tval  *int', '\tval  int'],
  [0, '\tnext *Node', '\tnext Node2'],
  [0, 'large = 1 << 12', 'large = 1 << 24'],
  [0, 'small = iota + 1', 'small = iota + 100'],
  [0, 'func NewNode(v int) *Node {\n\tn := &Node{val: &v}\n\treturn n\n}', 'func NewNode(v int) Node {\n\treturn Node{}\n}'],
  [0, 'func keep(n *Node) {\n\tregistry[n.name] = n\n}', 'func keep(n *Node) {\n}'],
  [0, 'func (n *Node) Sum() int {', 'func (n Node) Sum() int {'],
  [0, 'type Named = Node', 'type Named = Buf'],
  [0, 'type Buf [N]byte', 'type Buf [N]*byte'],
  [0, 'var registry = map[string]*Node{}', 'var registry = map[string]Node{}'],
  [0, 'var pool = sync.Pool{New: func() any { return new(Node) }}', 'var pool = sync.Pool{New: func() any { return Node{} }}'],
  [1, 'func Copy(b Buf) Buf {', 'func Copy(b *Buf) Buf {'],
  [1, 'head = head.Add(i)', 'head = NewNode(i)'],
  [1, 'defer pool.Put(n)', 'pool.Put(*n)'],
  [1, '\t"strings"\n', ''],
  [0, '\tall    []Node', '\tall    []Buf'],
  [0, '\tarr    [small]*Node', '\tarr    [small]Node'],
  [0, '\tid   int64\n', '\tid   [large]int64\n'],
  [1, '\ton   bool\n}', '\ton2  bool\n}'],
  [1, 'return Pair{true, 1, false}', 'return Pair{a: true, b: 1, c: false}'],
  [0, 'func (n *Node) Add(v int) *Node {\n\tm := NewNode(v)\n\tm.next = n\n\treturn m\n}', 'func (n *Node) Add(v int) *Node {\n\tm := NewNode(v)\n\treturn m\n}'],
  [0, 'func (c *Counter) Add(v int) *Node {', 'func (c *Counter) Add(v int) *Counter {'],
  [0, 'func (n *Node) Add(v int) *Node {', 'func (n *Node) Add(v int) Node {'],
  // a positional literal of Node through its alias (the edit's words do not name Node), and one nested in a slice literal
  [1, 'x := Named{ok: true}', 'x := Named{nil, nil, "", Buf{}, true, 1, false}'],
  [1, '\treturn len(a)\n}', '\treturn len(a) + len([]Pair{{true, 1, false}})\n}'],
];

const TOKENS = ['x', '\n', '{', '}', '(', ')', '*', '&', ' ', 'Node', 'N', 'p := &Node{}\n', 'return nil\n', '// c\n', 'func X() {}\n'];

type Edit = { kind: 'decl'; i: number } | { kind: 'type'; file: number; at: number; del: number; text: string };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('decl' as const), i: fc.nat({ max: DECL_EDITS.length - 1 }) }),
  fc.record({ kind: fc.constant('type' as const), file: fc.nat({ max: 1 }), at: fc.nat(), del: fc.nat({ max: 8 }), text: fc.constantFrom(...TOKENS) }),
);

function apply(texts: string[], e: Edit): string[] {
  const out = [...texts];
  if (e.kind === 'decl') {
    const [f, from, to] = DECL_EDITS[e.i];
    // toggles: applying twice restores the original
    out[f] = out[f].includes(from) ? out[f].replace(from, to) : out[f].replace(to, from);
  } else {
    const t = out[e.file];
    const s = e.at % (t.length + 1);
    out[e.file] = t.slice(0, s) + e.text + t.slice(Math.min(t.length, s + e.del));
  }
  return out;
}

const key = (fs: Finding[]) =>
  fs
    .map((f) => JSON.stringify([path.basename(f.file), f.range, f.code, f.message, f.why, f.noFixReason, f.fixes.map((x) => x.edits)]))
    .sort();

test('after every edit, the analysis with per-function caches equals a fresh analysis', async () => {
  const seed = seedFor('incremental equals fresh');
  const std = loadStdTables();
  const base: Omit<AnalysisOptions, 'escapeSession'> = { goarch: 'amd64', std, categories: CATEGORIES, largeCopyThreshold: 128, goVersion: '1.22' };
  const trees: Tree[] = [];
  const parseOne = (text: string, i: number) => {
    const tree = parseGo(text);
    trees.push(tree);
    return { path: path.join(DIR, NAMES[i]), text, tree };
  };
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 8 }), async (edits) => {
        const session = new EscapeSession();
        // The server's way: one session per package, each run reporting one open file's findings.
        const perFile = new EscapeSession();
        let texts = ORIGINAL;
        let files = texts.map(parseOne);
        analyzePackage(indexPackage({ dir: DIR, importPath: 'example.com/incremental', files }), { ...base, escapeSession: session });
        let step = 0;
        for (const e of edits) {
          const next = apply(texts, e);
          // unchanged files keep their tree, as the loader does
          files = next.map((t, i) => (t === texts[i] ? files[i] : parseOne(t, i)));
          texts = next;
          const incremental = analyzePackage(indexPackage({ dir: DIR, importPath: 'example.com/incremental', files }), { ...base, escapeSession: session });
          const fresh = analyzePackage(indexPackage({ dir: DIR, importPath: 'example.com/incremental', files: files.map((f) => ({ ...f })) }), { ...base });
          assert.deepEqual(incremental.errors, fresh.errors);
          assert.deepEqual(key(incremental.findings), key(fresh.findings), `after ${JSON.stringify(e)}`);
          const only = new Set([files[step++ % files.length].path]);
          const one = analyzePackage(indexPackage({ dir: DIR, importPath: 'example.com/incremental', files }), { ...base, escapeSession: perFile, onlyFiles: only });
          const freshOne = fresh.findings.filter((f) => only.has(f.file));
          assert.deepEqual(key(one.findings), key(freshOne), `one file (${[...only][0]}) after ${JSON.stringify(e)}`);
        }
      }),
      { seed, numRuns: 40, endOnFailure: true, includeErrorInReport: true },
    );
  } finally {
    for (const t of trees) t.delete();
  }
});
