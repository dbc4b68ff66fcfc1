/**
 * The -m=2 parser on REAL compiler output captured by test/compiler-captures/capture.sh
 * (go1.26.8 linux/amd64) from the fixture packages in test/testdata/compiler/fixture and GOROOT's bufio.
 * Pure: no go needed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  parseCompilerReport,
  parseEscapeOutput,
  prettyFuncName,
  renderCompilerReport,
  type ParsedEscapes,
} from '../../server/src/compiler/parse';
import { headline, explainStep, whyChain, REASON_WORDS, FLOW_REASONS } from '../../server/src/analysis/reasonWords';
import { toCompilerPosition } from '../../server/src/analysis/positions';
import type { Finding } from '../../server/src/analysis/types';

const ROOT = path.resolve(__dirname, '../../..');
const CAPTURES = path.join(ROOT, 'test/compiler-captures');
const FIXTURE = path.join(ROOT, 'test/testdata/compiler/fixture');
const ESC = path.join(FIXTURE, 'esc');

interface Meta {
  go: string;
  cwd: string;
  exitCode: number;
  command: string;
  overlayFiles: Record<string, string>;
}

function capture(name: string): { output: string; meta: Meta } {
  return {
    output: fs.readFileSync(path.join(CAPTURES, `${name}.m2.txt`), 'utf8'),
    meta: JSON.parse(fs.readFileSync(path.join(CAPTURES, `${name}.meta.json`), 'utf8')) as Meta,
  };
}

function diskText(abs: string): string | undefined {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}

function parseOk(name: string, dir: string, cwd = dir): ParsedEscapes {
  const { output, meta } = capture(name);
  const r = parseEscapeOutput(output, { cwd, packageDir: dir, getText: diskText, exitCode: meta.exitCode });
  assert.equal(r.ok, true, `parse of ${name} failed: ${JSON.stringify(r)}`);
  return r as ParsedEscapes;
}

/** The finding of `code` whose 1-based line is `line` and whose message matches. */
function find(findings: Finding[], code: string, line: number, message?: RegExp): Finding {
  const f = findings.find((x) => x.code === code && x.range.start.line === line - 1 && (!message || [x.message, ...x.why].some((t) => message.test(t))));
  assert.ok(f, `no ${code} at line ${line} ${message ?? ''}; have:\n${findings.map((x) => `${x.range.start.line + 1} ${x.code} ${x.message}`).join('\n')}`);
  return f;
}

function lineOf(file: string, line1: number): string {
  return fs.readFileSync(file, 'utf8').split('\n')[line1 - 1];
}

describe('compiler -m=2 parser on captured output', () => {
  const esc = parseOk('esc', ESC);
  const escGo = path.join(ESC, 'esc.go');

  it('reads every report kind of the fixture, all labelled compiler, no fixes', () => {
    const codes = new Set(esc.findings.map((f) => f.code));
    assert.deepEqual([...codes].sort(), ['does-not-escape', 'escapes-to-heap', 'leaking-param', 'moved-to-heap']);
    for (const f of esc.findings) {
      assert.equal(f.source, 'compiler');
      assert.deepEqual(f.fixes, []);
      assert.equal(f.file, escGo);
    }
    assert.equal(esc.findings.length, 20);
  });

  it('turns the flow into plain words with located steps (returned address)', () => {
    const u = find(esc.findings, 'moved-to-heap', 21);
    assert.equal(u.category, 'escape');
    assert.equal(u.why[0], '`u` is moved to the heap: its address is returned (line 22)');
    assert.deepEqual(u.why.slice(1), ['its address is taken: `&u` (line 22)', 'it is returned: `return &u` (line 22)']);
    assert.equal(u.related.length, 2);
    assert.deepEqual(u.related[0].range.start, { line: 21, character: 8 }); // `&u` at byte col 9
    assert.equal(u.related[0].file, escGo);
    assert.deepEqual(u.range, { start: { line: 20, character: 1 }, end: { line: 20, character: 2 } });
  });

  it('converts byte columns to UTF-16 exactly once (non-ASCII identifiers and an emoji before the column)', () => {
    // ./esc.go:26:23: moved to heap: größe   — byte column 23, UTF-16 column 20
    const g = find(esc.findings, 'moved-to-heap', 26, /größe/);
    const text = lineOf(escGo, 26);
    assert.equal(g.range.start.character, text.indexOf('größe :='));
    assert.equal(g.range.start.character, 20);
    assert.equal(g.range.end.character, 25);
    assert.equal(text.slice(g.range.start.character, g.range.end.character), 'größe');
    // the step `&größe` at byte column 44 → UTF-16 39
    assert.equal(g.related[0].range.start.character, text.indexOf('&größe'));
    // ./esc.go:28:42: &T{...} escapes to heap — after "🙂é" (6 bytes, 3 UTF-16 units)
    const e = find(esc.findings, 'escapes-to-heap', 28, /&T\{\.\.\.\}/);
    const t28 = lineOf(escGo, 28);
    assert.equal(e.range.start.character, t28.indexOf('&T{'));
    assert.equal(e.range.start.character, 38);
    // round trip through positions.ts gives back the compiler's byte column
    assert.deepEqual(toCompilerPosition(fs.readFileSync(escGo, 'utf8'), e.range.start), { line: 28, column: 42 });
  });

  it('leaks and non-escaping parameters', () => {
    const p = find(esc.findings, 'leaking-param', 31);
    assert.equal(p.category, 'leak');
    assert.equal(p.why[0], 'parameter `p` leaks to the heap: it is stored in `global` (line 31)');
    const read = find(esc.findings, 'does-not-escape', 34);
    assert.equal(read.category, 'noescape');
    assert.match(read.why[0], /^`p` does not escape/);
    const w = find(esc.findings, 'leaking-param', 37);
    assert.equal(w.why[0], 'parameter `w` leaks to the heap: it is passed to `w.Write` (line 39)');
    const buf = find(esc.findings, 'escapes-to-heap', 38);
    assert.deepEqual(buf.why.slice(1), ['it is assigned to `buf` (line 38)', 'it is passed to `w.Write` (line 39)']);
    // The range starts at the compiler's column (the call's `(`), the position rule of `-m`.
    assert.equal(lineOf(escGo, 38).slice(buf.range.start.character, buf.range.end.character), '(');
  });

  it('closure: captured by reference; the func literal escapes', () => {
    const n = find(esc.findings, 'moved-to-heap', 44);
    assert.equal(n.why[0], '`n` is moved to the heap: a closure captures it by reference (line 45)');
    const lit = find(esc.findings, 'escapes-to-heap', 45, /func literal/);
    assert.match(lit.why[0], /it is returned \(line 45\)/);
  });

  it('method value: t.Sum escapes, and the receiver leaks into its storage', () => {
    const mv = find(esc.findings, 'escapes-to-heap', 50, /`t\.Sum`/);
    assert.match(mv.why[0], /passed to `append`/);
    const t = find(esc.findings, 'leaking-param', 49);
    assert.deepEqual(t.why.slice(1), ['it flows into the storage of `t.Sum`']);
    // `append escapes to heap` is named by its explanation's full call
    find(esc.findings, 'escapes-to-heap', 50, /^`append\(handlers, t\.Sum\)` escapes to the heap: it is stored in `handlers`/);
  });

  it('inlined callee reports are marked "via inlining of F" at the call site', () => {
    const x = find(esc.findings, 'moved-to-heap', 56);
    assert.ok(x.message.endsWith(' (via inlining of inner.Keep)'), x.message);
    // The range starts at the compiler's column, the call's `(` (the CLI prints it; `-m` compares with it),
    // and spans the argument list.
    const text = lineOf(escGo, 56);
    assert.equal(text.slice(x.range.start.character, x.range.end.character), '(4)');
    assert.equal(text[x.range.start.character - 1], 'p', 'right after inner.Keep');
    const box = find(esc.findings, 'does-not-escape', 55);
    assert.ok(box.message.endsWith(' (via inlining of inner.Make)'), box.message);
    // fmt.Println is inlined at the same position as its own `... argument`: that one is the call's, not a copy
    const dots = find(esc.findings, 'does-not-escape', 73, /\.\.\. argument/);
    assert.ok(!dots.message.includes('via inlining'), dots.message);
    assert.equal(esc.inlined, 2);
  });

  it('too large for the stack', () => {
    const b = find(esc.findings, 'moved-to-heap', 67);
    assert.equal(b.why[0], '`buf` is moved to the heap: it is too large for the stack (line 67)');
  });

  it('big copy: the text format has no `copy` entry (json-only), so no large-copy finding', () => {
    assert.ok(!esc.findings.some((f) => f.code === 'large-copy'));
    const json = fs.readFileSync(path.join(CAPTURES, 'esc.json-esc.json'), 'utf8');
    assert.match(json, /"code":"copy","source":"go compiler","message":"256 bytes"/);
    assert.ok(!capture('esc').output.includes('256'));
  });

  it('go test -c output: test files included, <autogenerated> and _testmain.go dropped', () => {
    const r = parseOk('esc.test', ESC);
    assert.ok(r.dropped.autogenerated >= 1, JSON.stringify(r.dropped));
    assert.ok(r.dropped.foreign >= 1, JSON.stringify(r.dropped)); // _testmain.go
    assert.ok(r.findings.every((f) => f.file === escGo || f.file === path.join(ESC, 'esc_test.go')));
    const lit = find(r.findings.filter((f) => f.file.endsWith('_test.go')), 'escapes-to-heap', 10, /func literal/);
    assert.match(lit.why[0], /stored in `keep`/);
    const captured = find(r.findings.filter((f) => f.file.endsWith('_test.go')), 'escapes-to-heap', 6);
    assert.match(captured.why[0], /a closure captures it \(line 10\)/);
  });

  it('same base name: json mode loses a file (type.json), the text keeps both files apart', () => {
    // json: collide/type.go and GOROOT/src/sync/atomic/type.go both map to type.json; one is truncated away.
    const files = fs.readFileSync(path.join(CAPTURES, 'collide.json-files.txt'), 'utf8').trim().split('\n');
    assert.deepEqual(files, ['type.json']);
    const json = fs.readFileSync(path.join(CAPTURES, 'collide.json-type.json'), 'utf8').trim().split('\n');
    const header = JSON.parse(json[0]) as { file: string };
    assert.ok(header.file.endsWith('/fixture/collide/type.go'), header.file);
    const ownLines = fs.readFileSync(path.join(FIXTURE, 'collide/type.go'), 'utf8').split('\n').length;
    const diagLines = json.slice(1).map((l) => (JSON.parse(l) as { range: { start: { line: number } } }).range.start.line);
    assert.ok(diagLines.every((l) => l <= ownLines), 'every surviving entry is from collide/type.go');
    // …while the compiler did report on sync/atomic/type.go:58 (the generic methods instantiated here):
    const { output } = capture('collide');
    assert.match(output, /sync\/atomic\/type\.go:58:6: can inline/);
    // text: both files are there, by full path
    const dir = path.join(FIXTURE, 'collide');
    const report = parseCompilerReport(output, { cwd: dir, packageDir: dir });
    const names = report.files.map((f) => f.file);
    assert.ok(names.includes(path.join(dir, 'type.go')));
    assert.ok(names.some((f) => f.endsWith(path.join('sync', 'atomic', 'type.go')) && path.isAbsolute(f)));
    const r = parseOk('collide', dir);
    assert.ok(r.findings.every((f) => f.file === path.join(dir, 'type.go')));
    find(r.findings, 'moved-to-heap', 27);
    const leak = find(r.findings, 'leaking-param', 16);
    assert.match(leak.why[0], /passed to `atomic\.CompareAndSwapPointer`/);
  });

  it('//line directives: reports printed at a template position are not placed in the package files', () => {
    const dir = path.join(FIXTURE, 'gen');
    const r = parseOk('gen', dir);
    assert.equal(r.dropped.foreign, 3); // templates/util.go:2 and :4 (no column)
    assert.ok(r.findings.every((f) => f.file === path.join(dir, 'util.go')));
    find(r.findings, 'moved-to-heap', 10);
  });

  it('standard library: ./ paths are relative to the package dir wherever the go command ran', () => {
    const pkg = '/opt/goroot/src/bufio'; // does not need to exist: the parser is pure
    const here = parseOk('bufio', pkg);
    const elsewhere = parseOk('bufio-elsewhere', pkg, FIXTURE);
    assert.ok(here.findings.length > 50);
    assert.ok(here.findings.every((f) => f.file === path.join(pkg, 'bufio.go') || f.file === path.join(pkg, 'scan.go')));
    assert.deepEqual(
      elsewhere.findings.map((f) => [f.file, f.code, f.range.start.line, f.message]),
      here.findings.map((f) => [f.file, f.code, f.range.start.line, f.message]),
    );
    assert.ok(here.inlined > 0);
    assert.ok(here.findings.some((f) => / \(via inlining of NewReaderSize\)$/.test(f.message)));
  });

  it('replayed cache output with paths of another cwd resolves nowhere (why the product uses its own flags)', () => {
    const { output } = capture('esc.replayed');
    assert.match(output, /^esc\/esc\.go:/m);
    const r = parseOk('esc.replayed', ESC);
    assert.equal(r.findings.length, 0);
    assert.ok(r.dropped.foreign > 0);
  });

  it('build failure through an overlay: errors mapped back to the original file, UTF-16 columns', () => {
    const { output, meta } = capture('failure');
    const overlayText = fs.readFileSync(path.join(CAPTURES, 'failure.overlay.go.txt'), 'utf8');
    const [[tmp, rel]] = Object.entries(meta.overlayFiles);
    const original = path.join(ROOT, rel);
    const getText = (f: string) => (f === original ? overlayText : undefined);
    for (const overlayFiles of [
      { [tmp]: original },
      // the temp dir spelled differently (/tmp vs /private/tmp): matched by the unique replacement name
      { [path.join('/private', tmp)]: original },
    ]) {
      const r = parseEscapeOutput(output, { cwd: ESC, getText, overlayFiles, exitCode: meta.exitCode });
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.errors.length, 2);
      const [undef, unused] = r.errors;
      assert.equal(undef.file, original);
      assert.equal(undef.message, 'undefined: größe');
      const line4 = overlayText.split('\n')[3];
      assert.deepEqual(undef.range!.start, { line: 3, character: line4.lastIndexOf('größe') });
      assert.equal(line4.slice(undef.range!.start.character, undef.range!.end.character), 'größe');
      assert.equal(unused.message, 'declared and not used: x');
      assert.equal(unused.range!.start.line, 5);
    }
  });

  it('go command errors without a position', () => {
    const r = parseEscapeOutput('stat /x/nope: directory not found\n', { cwd: ESC, getText: () => undefined, exitCode: 1 });
    assert.deepEqual(r, { ok: false, errors: [{ message: 'stat /x/nope: directory not found', raw: 'stat /x/nope: directory not found' }] });
  });

  it('raw report grouped per file, sorted, kinds, clickable absolute positions', () => {
    const { output } = capture('esc');
    const report = parseCompilerReport(output, { cwd: ESC });
    assert.deepEqual(report.packages, ['example.com/fixture/esc']);
    const main = report.files.find((f) => f.file === escGo)!;
    assert.ok(main);
    const auto = report.files.find((f) => f.file === '<autogenerated>');
    assert.ok(auto && auto.lines.every((l) => l.kind === 'inline'));
    const lines = main.lines;
    for (let i = 1; i < lines.length; i++) assert.ok(lines[i - 1].line <= lines[i].line);
    const moved = lines.find((l) => l.text === 'moved to heap: u')!;
    assert.equal(moved.kind, 'heap');
    assert.equal(lines.find((l) => l.text === 'p does not escape')!.kind, 'stack');
    assert.equal(lines.find((l) => l.text === 'leaking param: p')!.kind, 'leak');
    assert.equal(lines.find((l) => l.text.startsWith('inlining call to inner.Make'))!.kind, 'inline');
    // an explanation stays right after its headline
    const h = lines.findIndex((l) => l.text === 'u escapes to heap in NewT:');
    assert.equal(lines[h + 1].text, '  flow: ~r0 ← &u:');
    assert.equal(lines[h + 1].kind, 'explanation');
    const text = renderCompilerReport(report);
    assert.ok(text.includes(`${escGo}:21:2: moved to heap: u\n`));
    assert.ok(text.startsWith('# example.com/fixture/esc\n'));
  });

  it('pretty names of generic instances in "via inlining of"', () => {
    assert.equal(
      prettyFuncName('atomic.(*Pointer[go.shape.struct { Next *example.com/fixture/collide.Node }]).Load'),
      'atomic.(*Pointer[…]).Load',
    );
    assert.equal(prettyFuncName('slices.Index[[]int,int]'), 'slices.Index[[]int,int]');
  });
});

describe('reasonWords vocabulary', () => {
  it('has words for every compiler flow reason', () => {
    for (const r of FLOW_REASONS) {
      const s = explainStep({ reason: r, where: 'x', line: 3 });
      assert.ok(s.length > 0 && !s.includes(`(${r})`), `${r}: ${s}`);
      assert.equal(typeof REASON_WORDS[r], 'function');
    }
    assert.equal(explainStep({ reason: 'new reason', where: 'e', line: 2 }), 'it flows through `e` (new reason) (line 2)');
  });

  it('the sentences of the brief, from facts another model can supply', () => {
    assert.equal(
      headline({ kind: 'moved', name: 'u' }, [
        { reason: 'address-of', where: '&u', line: 15 },
        { reason: 'return', where: 'return &u', line: 15 },
      ]),
      '`u` is moved to the heap: its address is returned (line 15)',
    );
    assert.equal(
      headline({ kind: 'escapes', name: 'buf' }, [
        { reason: 'call parameter', where: 'w.Write(buf)', via: { kind: 'interface', type: 'io.Writer' } },
      ]),
      '`buf` escapes to the heap: it is passed to `w.Write` through the interface `io.Writer`, whose callee is unknown',
    );
    assert.deepEqual(whyChain([{ reason: 'spill', where: 'x' }, { reason: 'send', where: 'ch <- x', line: 4 }]), [
      'it is sent on a channel: `ch <- x` (line 4)',
    ]);
    assert.equal(
      headline({ kind: 'leak-result', name: 'b', result: '~r0', level: 0 }),
      'parameter `b` flows to the result',
    );
  });
});
