// Unit tests for the pure parts of the accuracy benchmark (scripts/accuracyCore.js, plain CommonJS).
// The compiler lines below are real `go build -gcflags=-m` output (go1.26.8, linux/amd64) for the small
// package OWN_GO (our own code, not GOROOT's), captured once and pasted here.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

type Kind = 'heap' | 'leak';
interface Classified {
  kind: Kind;
  sub: string;
  name?: string;
  expr?: string;
  result?: string;
  level?: number;
}
interface MLine {
  file: string;
  line: number;
  col: number | null;
  message: string;
}
interface Item {
  file: string;
  line: number;
  col: number | null;
  message: string;
  kind: Kind;
  sub: string;
  key: string;
  text: string;
}
interface PR {
  matchedModel: number;
  model: number;
  matchedCompiler: number;
  compiler: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}
interface Core {
  COUNTING_RULE: string;
  parseMLine(text: string): MLine | null;
  classifyMessage(message: string): Classified | null;
  countingRule(cls: Classified, lineText: string, col: number | null): { counted: boolean; reason: string };
  normalizeExpr(text: string): string;
  makeItem(file: string, line: number, col: number | null, message: string, cls: Classified): Item;
  matchItems(model: Item[], compiler: Item[]): { pairs: { model: Item; compiler: Item; tier: string }[]; unmatchedModel: Item[]; unmatchedCompiler: Item[] };
  precisionRecall(matchedModel: number, model: number, matchedCompiler: number, compiler: number): PR;
  extractErrorRegexes(lineText: string, lineNum: number, short: string): string[];
  goRegexToJs(rx: string): RegExp | null;
  regexKind(rx: string): Kind | null;
  parseTestHeader(src: string): { action: string; flags: string[] };
  skipReason(h: { action: string; flags: string[] }): string | null;
  evalBuildExpr(expr: string, isTrue: (tag: string) => boolean): boolean;
  scoreErrorcheck(
    model: { line: number; message: string; kind: Kind }[],
    expected: Map<number, string[]>,
  ): { by: Record<Kind, { matchedModel: number; model: number; matchedExpected: number; expected: number }>; falsePositives: unknown[]; misses: { line: number; regex: string }[] };
}

// The test is compiled to out/test/unit/; the script stays in scripts/.
const core: Core = require(path.join(__dirname, '..', '..', '..', 'scripts', 'accuracyCore.js'));

const OWN_GO = `package own

import "fmt"

type Buf struct{ b []byte }

func NewBuf(b []byte) *Buf { return &Buf{b: b} }

func (x *Buf) append(p []byte) { x.b = append(x.b, p...) }

func Use(s string, p []byte) (*Buf, string) {
\tb := NewBuf(p)
\tb.append(p)
\tt := string(p[1:])
\tfmt.Println(s + t)
\tn := 0
\tgo func() { n++ }()
\treturn b, t
}

func Head(s []byte) []byte { return s[:1] }

var sink any

func Conv(s string) { sink = []byte(s) }
`;

// `cd own && go build -gcflags=-m .` (go1.26.8), verbatim.
const OWN_M = `# example.com/own
./own.go:7:6: can inline NewBuf
./own.go:9:6: can inline (*Buf).append
./own.go:17:5: can inline Use.func1
./own.go:21:6: can inline Head
./own.go:25:6: can inline Conv
./own.go:12:13: inlining call to NewBuf
./own.go:13:10: inlining call to (*Buf).append
./own.go:15:13: inlining call to fmt.Println
./own.go:7:13: leaking param: b
./own.go:7:37: &Buf{...} escapes to heap
./own.go:9:7: leaking param content: x
./own.go:9:22: p does not escape
./own.go:9:46: append escapes to heap
./own.go:11:10: s does not escape
./own.go:11:20: leaking param: p
./own.go:16:2: moved to heap: n
./own.go:12:13: &Buf{...} escapes to heap
./own.go:13:10: append escapes to heap
./own.go:14:15: string(p[1:]) escapes to heap
./own.go:15:13: ... argument does not escape
./own.go:15:16: s + t escapes to heap
./own.go:15:16: s + t escapes to heap
./own.go:17:5: func literal escapes to heap
./own.go:21:11: leaking param: s to result ~r0 level=0
./own.go:25:11: s does not escape
./own.go:25:36: ([]byte)(s) escapes to heap
./own.go:25:37: ([]byte)(s) escapes to heap`;

const ownLines = OWN_GO.split('\n');

/** Parses OWN_M and applies the counting rule; returns "line:col: message" of the counted/dropped reports. */
function applyRule(): { counted: string[]; dropped: string[] } {
  const counted: string[] = [];
  const dropped: string[] = [];
  const seen = new Set<string>();
  for (const text of OWN_M.split('\n')) {
    const p = core.parseMLine(text);
    if (!p) continue;
    const cls = core.classifyMessage(p.message);
    if (!cls) continue;
    const k = `${p.line}:${p.col}: ${p.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    (core.countingRule(cls, ownLines[p.line - 1], p.col).counted ? counted : dropped).push(k);
  }
  return { counted, dropped };
}

test('parseMLine reads positioned lines, with or without a column, and skips headers', () => {
  assert.deepEqual(core.parseMLine('./own.go:21:11: leaking param: s to result ~r0 level=0'), {
    file: './own.go',
    line: 21,
    col: 11,
    message: 'leaking param: s to result ~r0 level=0',
  });
  // std reports are absolute; a few have no column (seen in net/internal/socktest with go1.26.8).
  assert.deepEqual(core.parseMLine('/usr/local/go/src/net/internal/socktest/switch.go:103: st.Listened escapes to heap'), {
    file: '/usr/local/go/src/net/internal/socktest/switch.go',
    line: 103,
    col: null,
    message: 'st.Listened escapes to heap',
  });
  assert.equal(core.parseMLine('# example.com/own'), null);
  assert.equal(core.parseMLine('moved to heap: #next'), null); // printed without a position for range-over-func
});

test('classifyMessage keeps heap and leak reports only', () => {
  assert.deepEqual(core.classifyMessage('moved to heap: n'), { kind: 'heap', sub: 'moved', name: 'n' });
  assert.deepEqual(core.classifyMessage('&Buf{...} escapes to heap'), { kind: 'heap', sub: 'escapes', expr: '&Buf{...}' });
  assert.deepEqual(core.classifyMessage('append escapes to heap'), { kind: 'heap', sub: 'escapes', expr: 'append' });
  assert.deepEqual(core.classifyMessage('leaking param: b'), { kind: 'leak', sub: 'leak-heap', name: 'b' });
  assert.deepEqual(core.classifyMessage('leaking param content: x'), { kind: 'leak', sub: 'leak-content', name: 'x' });
  assert.deepEqual(core.classifyMessage('leaking param: s to result ~r0 level=0'), {
    kind: 'leak',
    sub: 'leak-result',
    name: 's',
    result: '~r0',
    level: 0,
  });
  for (const m of ['p does not escape', '... argument does not escape', 'can inline NewBuf', 'inlining call to NewBuf']) {
    assert.equal(core.classifyMessage(m), null, m);
  }
});

test('counting rule drops the copies inlining makes at call sites and keeps what is written there', () => {
  const { counted, dropped } = applyRule();
  assert.deepEqual(dropped, [
    '12:13: &Buf{...} escapes to heap', // NewBuf(p) inlined: its &Buf{...} repeated at the call's `(`
    '13:10: append escapes to heap', // b.append(p) is a method named append, inlined: not the builtin
  ]);
  assert.deepEqual(counted, [
    '7:13: leaking param: b',
    '7:37: &Buf{...} escapes to heap',
    '9:7: leaking param content: x',
    '9:46: append escapes to heap',
    '11:20: leaking param: p',
    '16:2: moved to heap: n',
    '14:15: string(p[1:]) escapes to heap', // a conversion sits at its operand: `[` of p[1:]
    '15:16: s + t escapes to heap', // binary: the operator
    '17:5: func literal escapes to heap',
    '21:11: leaking param: s to result ~r0 level=0',
    '25:36: ([]byte)(s) escapes to heap', // at `(` after `[]byte`
    '25:37: ([]byte)(s) escapes to heap', // at the operand s
  ]);
});

test('counting rule: positions that do not start the expression are not counted', () => {
  const line = '\tb := NewBuf(p)';
  assert.equal(core.countingRule({ kind: 'heap', sub: 'moved', name: 'q' }, line, 2).counted, false);
  assert.equal(core.countingRule({ kind: 'heap', sub: 'moved', name: 'b' }, line, 2).counted, true);
  assert.equal(core.countingRule({ kind: 'heap', sub: 'moved', name: '#state1' }, line, 2).counted, false);
  // a make(...) copied to the NewBuf call site
  assert.equal(core.countingRule({ kind: 'heap', sub: 'escapes', expr: 'make([]byte, n)' }, line, 13).counted, false);
  // the call's own result converted to an interface would be at the same `(`
  assert.equal(core.countingRule({ kind: 'heap', sub: 'escapes', expr: 'NewBuf(p)' }, line, 13).counted, true);
  assert.equal(core.countingRule({ kind: 'heap', sub: 'escapes', expr: 'append' }, '\ts = append(s, x)', 12).counted, true);
  assert.equal(core.countingRule({ kind: 'heap', sub: 'escapes', expr: '"msg"' }, '\tpanic("msg")', 8).counted, true);
  assert.equal(core.countingRule({ kind: 'heap', sub: 'escapes', expr: '"msg"' }, '\tpanic("msg")', 7).counted, false);
  assert.equal(core.countingRule({ kind: 'heap', sub: 'escapes', expr: 'x' }, 'no column here', null).counted, true);
});

test('normalizeExpr abbreviates composite literals like the compiler', () => {
  assert.equal(core.normalizeExpr('&Buf{b:   b}'), '&Buf{...}');
  assert.equal(core.normalizeExpr('&Buf{...}'), '&Buf{...}');
  assert.equal(core.normalizeExpr('[]byte{}'), '[]byte{}');
  assert.equal(core.normalizeExpr('s  +\n t'), 's + t');
});

test('matchItems pairs by file, line and kind; leaks by name; heap by text, column, then line', () => {
  const F = '/abs/own.go';
  const item = (line: number, col: number | null, message: string): Item => {
    const cls = core.classifyMessage(message);
    assert.ok(cls);
    return core.makeItem(F, line, col, message, cls);
  };
  const compiler = [
    item(7, 13, 'leaking param: b'),
    item(7, 37, '&Buf{...} escapes to heap'),
    item(16, 2, 'moved to heap: n'),
    item(21, 11, 'leaking param: s to result ~r0 level=0'),
    item(25, 36, '([]byte)(s) escapes to heap'),
  ];
  const model = [
    item(7, 13, 'leaking param content: b'), // same param, other detail: matched by name
    item(7, 30, '&Buf{b: b} escapes to heap'), // same expression after normalization
    item(16, 2, 'moved to heap: n'),
    item(25, 30, '[]byte(s) escapes to heap'), // printed differently, same line and sub-kind
    item(17, 5, 'func literal escapes to heap'), // the compiler (in this list) has none
  ];
  const r = core.matchItems(model, compiler);
  assert.deepEqual(
    r.pairs.map((p) => `${p.compiler.line}:${p.tier}`).sort(),
    ['16:exact', '25:line', '7:exact', '7:name'],
  );
  assert.deepEqual(r.unmatchedModel.map((i) => i.message), ['func literal escapes to heap']);
  assert.deepEqual(r.unmatchedCompiler.map((i) => i.message), ['leaking param: s to result ~r0 level=0']);
  // kinds never cross: a leak on a line does not match a heap report on it
  const x = core.matchItems([item(7, 13, 'moved to heap: b')], [item(7, 13, 'leaking param: b')]);
  assert.equal(x.pairs.length, 0);
});

test('precisionRecall arithmetic', () => {
  assert.deepEqual(core.precisionRecall(3, 4, 3, 6), { matchedModel: 3, model: 4, matchedCompiler: 3, compiler: 6, precision: 0.75, recall: 0.5, f1: 0.6 });
  const none = core.precisionRecall(0, 0, 0, 5);
  assert.equal(none.precision, null);
  assert.equal(none.recall, 0);
  assert.equal(none.f1, null);
  assert.equal(core.precisionRecall(0, 2, 0, 0).recall, null);
});

test('extractErrorRegexes reads ERROR comments as cmd/internal/testdir does', () => {
  // Lines of our own, in the escape tests' notation; the regexes must match the real messages above.
  const src = [
    'func NewBuf(b []byte) *Buf { return &Buf{b: b} } // ERROR "leaking param: b$" "&Buf{...} escapes to heap$"',
    'func Head(s []byte) []byte { return s[:1] } // ERROR "leaking param: s to result ~r0 level=0$"',
    'func Conv(s string) { sink = []byte(s) } // ERROR `\\(\\[\\]byte\\)\\(s\\) escapes to heap` "s does not escape"',
    'func off() {} //// ERROR "disabled"',
    'x := 1 // ERROR "at LINE-1 and LINE"',
    'plain line',
  ];
  assert.deepEqual(core.extractErrorRegexes(src[0], 1, 'own.go'), ['leaking param: b$', '&Buf{...} escapes to heap$']);
  const conv = core.extractErrorRegexes(src[2], 3, 'own.go');
  assert.deepEqual(conv, ['\\(\\[\\]byte\\)\\(s\\) escapes to heap', 's does not escape']);
  assert.deepEqual(core.extractErrorRegexes(src[3], 4, 'own.go'), []);
  assert.deepEqual(core.extractErrorRegexes(src[4], 5, 'own.go'), ['at own.go:4 and own.go:5']);
  assert.deepEqual(core.extractErrorRegexes(src[5], 6, 'own.go'), []);

  const messages = OWN_M.split('\n').map((l) => core.parseMLine(l)?.message ?? '');
  for (const rx of [...core.extractErrorRegexes(src[0], 1, 'x'), ...core.extractErrorRegexes(src[1], 2, 'x'), ...conv]) {
    const re = core.goRegexToJs(rx);
    assert.ok(re, rx);
    assert.ok(messages.some((m) => re.test(m)), `${rx} matches a real message`);
  }
  // raw text between quotes: `{...}` has no special meaning for Go regexp after a `{` that is not a repeat
  assert.equal(core.goRegexToJs('&Buf{...} escapes to heap$')?.test('&Buf{...} escapes to heap'), true);
  assert.equal(core.goRegexToJs('(?i)LEAKING param')?.test('leaking param: p'), true);
  assert.equal(core.regexKind('leaking param: b$'), 'leak');
  assert.equal(core.regexKind('&Buf{...} escapes to heap$'), 'heap');
  assert.equal(core.regexKind('moved to heap: n$'), 'heap');
  assert.equal(core.regexKind('s does not escape'), null);
});

test('test headers: followable errorcheck flags', () => {
  const h = core.parseTestHeader('// errorcheck -0 -m -l\n\n// Copyright ...\n');
  assert.deepEqual(h, { action: 'errorcheck', flags: ['-0', '-m', '-l'] });
  assert.equal(core.skipReason(h), null);
  assert.equal(core.skipReason({ action: 'errorcheck', flags: ['-0', '-N', '-m', '-l'] }), null);
  assert.match(core.skipReason({ action: 'errorcheck', flags: ['-0', '-m', '-d=escapemutationscalls,zerocopy', '-l'] }) ?? '', /-d=escapemutationscalls/);
  assert.match(core.skipReason({ action: 'errorcheck', flags: ['-0', '-m=2'] }) ?? '', /-m=2/);
  assert.match(core.skipReason({ action: 'run', flags: [] }) ?? '', /not errorcheck/);
  const tags = new Set(['linux', 'amd64', 'goexperiment.greenteagc']);
  assert.equal(core.evalBuildExpr('!goexperiment.newinliner', (t) => tags.has(t)), true);
  assert.equal(core.evalBuildExpr('linux && (arm64 || amd64)', (t) => tags.has(t)), true);
  assert.equal(core.evalBuildExpr('goexperiment.runtimefreegc', (t) => tags.has(t)), false);
});

test('scoreErrorcheck: precision over model reports, recall over expected heap/leak regexes', () => {
  const expected = new Map<number, string[]>([
    [1, ['leaking param: b$', '&Buf{...} escapes to heap$']],
    [2, ['leaking param: s to result ~r0 level=0$']],
    [3, ['s does not escape']],
  ]);
  const r = core.scoreErrorcheck(
    [
      { line: 1, message: 'leaking param: b', kind: 'leak' },
      { line: 1, message: '&Buf{...} escapes to heap', kind: 'heap' },
      { line: 3, message: 'moved to heap: s', kind: 'heap' }, // the compiler says it does not escape
    ],
    expected,
  );
  assert.deepEqual(r.by.leak, { matchedModel: 1, model: 1, matchedExpected: 1, expected: 2 });
  assert.deepEqual(r.by.heap, { matchedModel: 1, model: 2, matchedExpected: 1, expected: 1 });
  assert.deepEqual(r.misses, [{ line: 2, regex: 'leaking param: s to result ~r0 level=0$' }]);
});

// Reads $GOROOT/test/escape2.go in place (never copied): every ERROR regex must compile as a JS regexp.
test('ERROR regexes of $GOROOT/test/escape2.go compile', (t) => {
  const r = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8' });
  const file = r.status === 0 ? path.join(r.stdout.trim(), 'test', 'escape2.go') : '';
  if (!file || !fs.existsSync(file)) {
    t.skip('no Go toolchain with test/escape2.go');
    return;
  }
  let heapOrLeak = 0;
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((l, i) => {
      for (const rx of core.extractErrorRegexes(l, i + 1, 'escape2.go')) {
        assert.ok(core.goRegexToJs(rx), `escape2.go:${i + 1}: ${rx}`);
        if (core.regexKind(rx)) heapOrLeak++;
      }
    });
  assert.ok(heapOrLeak > 100, `found ${heapOrLeak} heap/leak expectations`);
});
