/**
 * The escape session between keystrokes: an edit inside a function body re-checks that
 * function alone, and its callers only when its leak tags change — in any file.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { EscapeSession } from '../../server/src/analysis/escape';
import { indexPackage, type PackageIndex } from '../../server/src/analysis/goPackage';
import type { Finding } from '../../server/src/analysis/types';
import { initParser, parseGo } from '../../server/src/syntax/parser';

before(async () => {
  await initParser();
});

const A = `package p

var sink *int

func keep(x *int) {
	_ = x
}

func other(y *int) int {
	return *y
}
`;

const B = `package p

func Use() int {
	v := 1
	keep(&v)
	return v
}
`;

function indexOf(a: string, b: string): PackageIndex {
  const files = [
    { path: '/p/a.go', text: a, tree: parseGo(a) },
    { path: '/p/b.go', text: b, tree: parseGo(b) },
  ];
  return indexPackage({ dir: '/p', importPath: 'p', files });
}

/** The session's findings are those of a fresh analysis of the same texts, in both files. */
function assertSameAsFresh(got: readonly Finding[], a: string, b: string): void {
  const fresh = new EscapeSession().run(indexOf(a, b));
  for (const file of ['/p/a.go', '/p/b.go']) assert.deepEqual(messages(got, file), messages(fresh.findings, file), `${file} after\n${a}\n${b}`);
}

const messages = (fs: readonly Finding[], file: string) =>
  fs
    .filter((f) => f.file === file)
    .map((f) => `${f.range.start.line + 1}: ${f.message}`)
    .sort();

test('a body edit that makes a parameter leak moves its caller\'s variable to the heap, in another file', () => {
  const session = new EscapeSession();
  const before = session.run(indexOf(A, B));
  assert.ok(!messages(before.findings, '/p/b.go').some((m) => m.includes('moved to heap: v')), 'v stays on the stack while keep does not leak x');

  const leaking = A.replace('\t_ = x\n', '\tsink = x\n');
  const after = session.run(indexOf(leaking, B));
  assert.ok(messages(after.findings, '/p/b.go').some((m) => m.startsWith('4: moved to heap: v')), messages(after.findings, '/p/b.go').join('\n'));
  assertSameAsFresh(after.findings, leaking, B);
  // keep and Use were checked again (new tags), other was not
  assert.equal(session.lastStats.checked, 2);
});

test('typing in a body re-checks that function only, and findings below it move with the text', () => {
  const session = new EscapeSession();
  session.run(indexOf(A, B));
  const typed = A.replace('\t_ = x\n', '\t_ = x\n\t_ = x\n');
  const after = session.run(indexOf(typed, B));
  assert.equal(session.lastStats.checked, 1);
  assertSameAsFresh(after.findings, typed, B);
  assert.ok(messages(after.findings, '/p/a.go').some((m) => m.startsWith('10: y does not escape')), messages(after.findings, '/p/a.go').join('\n'));
});

test('an edit that changes a call (a callee renamed while typing) gives what a fresh analysis gives', () => {
  const session = new EscapeSession();
  const texts: [string, string][] = [
    [A, B],
    [A, B.replace('keep(&v)', 'keepx(&v)')],
    [A.replace('\t_ = x\n', '\tsink = x\n'), B.replace('keep(&v)', 'keepx(&v)')],
    [A.replace('\t_ = x\n', '\tsink = x\n'), B],
    [A.replace('return *y', 'return *y + other(y)'), B],
    [A, B],
  ];
  for (const [a, b] of texts) {
    assertSameAsFresh(session.run(indexOf(a, b)).findings, a, b);
  }
});

test('a flow through a function of another file names that file\'s line (a.go:N), and moves with edits there', () => {
  const a = `package p

var sink *int

func f(p *int, n int) {
	if n > 0 {
		g(p, n-1)
		return
	}
	sink = p
}
`;
  const b = `package p

func g(q *int, n int) {
	f(q, n)
}
`;
  const session = new EscapeSession();
  const steps = (r: ReturnType<EscapeSession['run']>) => {
    const leak = r.findings.find((f) => f.file === '/p/b.go' && f.message.startsWith('leaking param: q'));
    assert.ok(leak, r.findings.map((f) => `${f.file}: ${f.message}`).join('\n'));
    return [...leak.why, ...leak.related.map((x) => `${x.file}:${x.range.start.line + 1}: ${x.message}`)].join('\n');
  };
  const before = steps(session.run(indexOf(a, b)));
  assert.match(before, /\(a\.go:10\)/, before);
  assert.doesNotMatch(before, /\(line 10\)/, before);
  // two lines typed above the store in a.go: the cached finding of g (b.go) names the moved line
  const after = steps(session.run(indexOf(a.replace('var sink *int\n', 'var sink *int\n\nvar other int\n'), b)));
  assert.match(after, /\(a\.go:12\)/, after);
});

test('a method whose signature changes re-checks its callers, not the callers of other methods with its name', () => {
  const a = `package p

type A struct{ p *int }

func (x *A) Close(q *int) { x.p = q }

type B struct{ p *int }

func (y *B) Close(q *int) {}
`;
  const b = `package p

func UseA(x *A) {
	v := 1
	x.Close(&v)
}

func UseB(y *B) {
	w := 2
	y.Close(&w)
}
`;
  const session = new EscapeSession();
  session.run(indexOf(a, b));
  const changed = a.replace('func (x *A) Close(q *int) { x.p = q }', 'func (x *A) Close(q *int, n int) { x.p = q }');
  const after = session.run(indexOf(changed, b));
  // A.Close (its text changed) and UseA (it calls it); UseB calls B.Close only
  assert.equal(session.lastStats.checked, 2);
  // the same functions: the previous run's graph, batches and maps, updated in place (no rebuild of the package's)
  assert.equal(session.lastStats.shortcut, true);
  assertSameAsFresh(after.findings, changed, b);
  // a new method named Close (C.Close) may be what a selector now reaches: every user of `.Close` is checked
  session.run(indexOf(changed + '\ntype C struct{}\n\nfunc (C) Close(q *int) {}\n', b));
  assert.ok(session.lastStats.checked >= 3, `checked ${session.lastStats.checked}`);
});

test('turning `does not escape` or `leaking param` reports on shows them for functions analyzed before', () => {
  const session = new EscapeSession();
  const index = indexOf(A, B);
  const quiet = session.run(index, { includeNoEscape: false, includeLeaks: false }).findings;
  assert.ok(!quiet.some((f) => f.category === 'noescape' || f.category === 'leak'), quiet.map((f) => f.message).join('\n'));
  // the same texts (every batch would be reused): the cached findings were made without them
  const all = session.run(indexOf(A, B), { includeNoEscape: true, includeLeaks: true }).findings;
  assertSameAsFresh(all, A, B);
  assert.ok(messages(all, '/p/a.go').some((m) => m.startsWith('9: y does not escape')), messages(all, '/p/a.go').join('\n'));
});

test('without leak reports, a leaking parameter is still not reported as not escaping, and the rest is unchanged', () => {
  const leaking = A.replace('\t_ = x\n', '\tsink = x\n');
  const withLeaks = new EscapeSession().run(indexOf(leaking, B)).findings;
  assert.ok(messages(withLeaks, '/p/a.go').some((m) => m.includes('leaking param: x')), messages(withLeaks, '/p/a.go').join('\n'));
  const without = new EscapeSession().run(indexOf(leaking, B), { includeLeaks: false }).findings;
  for (const file of ['/p/a.go', '/p/b.go']) {
    assert.deepEqual(
      messages(without, file),
      messages(withLeaks, file).filter((m) => !m.includes('leaking param')),
      file,
    );
  }
  assert.ok(!messages(without, '/p/a.go').some((m) => m.includes('x does not escape')), messages(without, '/p/a.go').join('\n'));
});

test('a new package-level name re-checks the functions that can mean it, not those where a parameter of that name hides it', () => {
  // Typing a statement can make error recovery turn a function's `var p T` into a package-level declaration.
  const a = `package p

type T struct{ p *int }

func Read(p []byte) int {
	return len(p)
}

func (p *T) Get() *T { return p }

func Deref(t *T) *int { return t.p }

func Results() (p *int) {
	v := 1
	p = &v
	return
}
`;
  const b = `package p

func Field(x *int) T {
	return T{p: x}
}

func Local() int {
	p := 2
	return p
}

func Global() int {
	return len(pkgName)
}
`;
  const session = new EscapeSession();
  session.run(indexOf(a, b));
  const withP = b + '\nvar p = 3\n';
  const after = session.run(indexOf(a, withP));
  // Read, Get and Results name p only as their parameter, receiver and result: not checked. Field names the field
  // in a literal key, Deref selects it (`t.p`: words are names, a field's too), Local declares p inside (a use
  // before that would mean the package-level p): those three are checked again, and nothing else
  assert.equal(session.lastStats.checked, 3);
  assertSameAsFresh(after.findings, a, withP);
  // the name as a parameter's type is a reference: `func Read(p p)` is checked when p changes
  const typed = a.replace('func Read(p []byte) int {\n\treturn len(p)\n}', 'type q int\n\nfunc Read(q q) int {\n\treturn int(q)\n}');
  session.run(indexOf(typed, b));
  session.run(indexOf(typed, b + '\ntype q2 = int\n'));
  assert.equal(session.lastStats.checked, 0, 'q2 is named nowhere');
  session.run(indexOf(typed.replace('type q int', 'type q int64'), b));
  assert.ok(session.lastStats.checked >= 1, `Read(q q) is checked when the type q changes (checked ${session.lastStats.checked})`);
});

test('a parameter of a func type in the signature hides nothing: the body still means the package-level name', () => {
  const a = `package p

const p = 10
`;
  const b = `package p

func Callback(cb func(p int)) []int {
	return make([]int, p)
}

func Returns() func(p int) []int {
	return func(q int) []int { return make([]int, p) }
}
`;
  const session = new EscapeSession();
  session.run(indexOf(a, b));
  const big = a.replace('const p = 10', 'const p = 1 << 20');
  const after = session.run(indexOf(big, b));
  assert.ok(messages(after.findings, '/p/b.go').some((m) => /make\(\[\]int, 1048576\) escapes to heap/.test(m)), messages(after.findings, '/p/b.go').join('\n'));
  assertSameAsFresh(after.findings, big, b);
});

/**
 * A session run over several files (texts by name), compared with a fresh run after each step. A file whose text a
 * step leaves as it was keeps its tree, as an unedited document does in the server.
 */
function stepsMatchFresh(steps: Record<string, string>[]): void {
  const trees = new Map<string, ReturnType<typeof parseGo>>();
  const treeOf = (name: string, text: string) => {
    const key = `${name}\0${text}`;
    if (!trees.has(key)) trees.set(key, parseGo(text));
    return trees.get(key)!;
  };
  const index = (texts: Record<string, string>) =>
    indexPackage({ dir: '/p', importPath: 'p', files: Object.entries(texts).map(([name, text]) => ({ path: `/p/${name}`, text, tree: treeOf(name, text) })) });
  const session = new EscapeSession();
  steps.forEach((texts, i) => {
    const got = session.run(index(texts)).findings;
    const fresh = new EscapeSession().run(index(texts)).findings;
    for (const file of Object.keys(texts)) assert.deepEqual(messages(got, `/p/${file}`), messages(fresh, `/p/${file}`), `step ${i}, ${file}`);
  });
}

test('a type edit that gives two functions new callees updates both edges (the graph is not left half old)', () => {
  const types = (embedded: string) => `package p\n\nvar sink *int\n\ntype T struct{}\n\nfunc (t *T) M(p *int) { _ = p }\n\ntype U struct{}\n\ntype S struct{ ${embedded} }\n`;
  const users = `package p\n\nfunc A(s S) int {\n\tv := 1\n\ts.M(&v)\n\treturn v\n}\n\nfunc B(s S) int {\n\tv := 1\n\ts.M(&v)\n\treturn v\n}\n`;
  const u = (body: string) => `package p\n\nfunc (u *U) M(p *int) { ${body} }\n`;
  // S embeds *T, then *U: A and B now call U.M; then U.M leaks p, so v moves to the heap in both
  stepsMatchFresh([
    { 'a.go': types('*T'), 'b.go': users, 'c.go': u('_ = p') },
    { 'a.go': types('*U'), 'b.go': users, 'c.go': u('_ = p') },
    { 'a.go': types('*U'), 'b.go': users, 'c.go': u('sink = p') },
  ]);
});

test("a method whose result type changes (the method's text the same) re-checks its callers", () => {
  const a = (n: string) => `package p\n\ntype Q struct{ a [${n}]int }\n\ntype T struct{}\n\nfunc (t *T) M() Q { return Q{} }\n`;
  const b = `package p\n\nfunc Use(t *T) int {\n\ty := t.M()\n\tp := &y\n\treturn len(p.a)\n}\n`;
  // 16 MB of Q is too large for the stack: y moves to the heap, then back
  stepsMatchFresh([
    { 'a.go': a('10'), 'b.go': b },
    { 'a.go': a('1 << 21'), 'b.go': b },
    { 'a.go': a('10'), 'b.go': b },
  ]);
});

test('a parameter hides nothing where the body writes its name as a type, or selects it after a comment', () => {
  // half-typed `new(T)` with a parameter T: the model's checker takes the package's type T, as Go would after the error
  const halfTyped = `package p\n\nvar sink interface{}\n\nfunc f(T int) {\n\tx := new(T)\n\t_ = x\n}\n`;
  stepsMatchFresh([
    { 'a.go': 'package p\n\ntype T [16]byte\n', 'b.go': halfTyped },
    { 'a.go': 'package p\n\ntype T [100000]byte\n', 'b.go': halfTyped },
  ]);
  // `s./* the field */p` selects the field p (a changed field type concerns it) although a parameter is named p
  const commented = `package p\n\nvar sink interface{}\n\nfunc f(p int, s *S) {\n\tsink = *s./* the field */ p\n\t_ = p\n}\n`;
  stepsMatchFresh([
    { 'a.go': 'package p\n\ntype S struct{ p *U }\n\ntype U struct{ a int }\n', 'b.go': commented },
    { 'a.go': 'package p\n\ntype S struct{ p *U }\n\ntype U struct{ a *int }\n', 'b.go': commented },
  ]);
  // a second receiver (code that does not compile) declares nothing: the body's b is the package's
  const twoReceivers = `package p\n\nvar sink interface{}\n\ntype S struct{}\n\nfunc (s *S, b int) M() { sink = b }\n`;
  stepsMatchFresh([
    { 'a.go': 'package p\n\nvar b *int\n', 'b.go': twoReceivers },
    { 'a.go': 'package p\n\nvar b int\n', 'b.go': twoReceivers },
  ]);
});

test('a method pasted into one file and deleted from the other is analyzed where it now is', () => {
  const a0 = `package p\n\nvar sink interface{}\n\ntype T struct{}\n`;
  const a1 = a0 + `\nfunc (t T) M(n int) {\n\tx := new(int)\n\tsink = x\n}\n`;
  const b0 = `package p\n\nfunc use() {\n\tvar t T\n\tt.M(1)\n}\n`;
  const b1 = b0 + `\nfunc (t T) M(n int) {}\n`;
  stepsMatchFresh([
    { 'a.go': a0, 'b.go': b1 },
    { 'a.go': a1, 'b.go': b1 },
    { 'a.go': a1, 'b.go': b0 },
    { 'a.go': a1, 'b.go': b0 + '// x\n' },
  ]);
});

test('functions with the same text in each other\'s places, or a method pasted below itself, keep no findings at the old place', () => {
  // the cache is keyed by name and text: a and b swap names (each text is the other's old one), then c moves above them
  const fn = (name: string) => `func ${name}() {\n\tx := 1\n\tsink = &x\n}\n`;
  stepsMatchFresh([
    { 'a.go': `package p\n\nvar sink *int\n\n${fn('a')}\n${fn('b')}\nfunc c() {}\n` },
    { 'a.go': `package p\n\nvar sink *int\n\n${fn('b')}\n${fn('a')}\nfunc c() {}\n` },
    { 'a.go': `package p\n\nvar sink *int\n\nfunc c() {}\n\n${fn('b')}\n${fn('a')}` },
  ]);
  // a method pasted a second time below itself: the later declaration is the method the session sees
  const m = `func (t *T) f() *int {\n\tx := 1\n\treturn &x\n}\n`;
  stepsMatchFresh([
    { 'a.go': `package p\n\ntype T struct{ a int }\n\n${m}\nfunc g() {}\n` },
    { 'a.go': `package p\n\ntype T struct{ a int }\n\n${m}\nfunc g() {}\n\n${m}` },
    { 'a.go': `package p\n\ntype T struct{ a int }\n\n${m}\nfunc g() {}\n\n// moved\n${m}` },
  ]);
});
