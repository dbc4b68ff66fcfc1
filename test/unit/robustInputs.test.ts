/**
 * Hostile documents through the real server: CRLF, a BOM, non-ASCII identifiers and
 * strings (UTF-16 columns), 100k-character lines, deep nesting, empty files and files
 * that are not Go. Every case must be answered within budget, with positions inside
 * the document and nothing logged as failed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Diagnostic, Hover } from 'vscode-languageserver';
import { probeDocument } from '../helpers/robustChecks';
import { diagnosticKey, RobustServer } from '../helpers/robustHarness';

const ROOT = path.resolve(__dirname, '../../..');
const UNICODE = fs.readFileSync(path.join(ROOT, 'test/testdata/robust/unicode/unicode.go'), 'utf8');
const GENERICS = fs.readFileSync(path.join(ROOT, 'test/testdata/robust/generics/generics.go'), 'utf8');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-inputs-'));
let server: RobustServer;
let n = 0;

before(async () => {
  server = new RobustServer({ compiler: 'off', 'noescape.severity': 'hint', 'leak.severity': 'hint', 'inlayHints.enable': true });
  await server.initialize(scratch);
});
after(async () => {
  await server.dispose();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function uriFor(name: string): string {
  return 'file://' + path.join(scratch, `case${++n}`, name);
}

const PROBES: [number, number][] = [
  [0, 0],
  [3, 5],
  [9, 12],
  [14, 3],
  [99999, 99999],
];

/** Opens a text, runs every check, closes it; returns the diagnostics. */
async function openAndProbe(name: string, text: string, opts: { garbage?: boolean; languageId?: string } = {}): Promise<Diagnostic[]> {
  server.resetLog();
  const uri = uriFor(name);
  await server.open(uri, text, 1, opts.languageId);
  const problems = await probeDocument(server, uri, text, 1, { probes: PROBES, garbage: opts.garbage });
  const diags = (await server.diagnosticsFor(uri, 1)).diagnostics;
  await server.close(uri);
  assert.deepEqual(problems, [], `${name}:\n${problems.join('\n')}`);
  return diags;
}

test('non-ASCII identifiers and strings: ranges in UTF-16 columns land on the named text', async () => {
  const diags = await openAndProbe('unicode.go', UNICODE);
  const lines = UNICODE.split('\n');
  const wants = lines.flatMap((l, i) => [...l.matchAll(/\/\/ want "([^"]+)" start "([^"]+)"/g)].map((m) => ({ line: i, message: m[1], start: m[2] })));
  assert.ok(wants.length >= 2);
  for (const w of wants) {
    const d = diags.find((x) => x.range.start.line === w.line && x.message.startsWith(w.message));
    assert.ok(d, `expected "${w.message}" on line ${w.line + 1}; got ${diags.map((x) => `${x.range.start.line}: ${x.message.split('\n')[0]}`).join(' | ')}`);
    const at = lines[w.line].slice(d.range.start.character);
    assert.ok(at.startsWith(w.start), `"${w.message}" starts at UTF-16 column ${d.range.start.character}: ${JSON.stringify(at.slice(0, 12))}`);
  }
  const layout = diags.find((d) => d.code === 'struct-layout');
  assert.ok(layout, 'Größe is padded');
  assert.equal(lines[layout.range.start.line].slice(layout.range.start.character, layout.range.end.character), 'Größe');
});

test('CRLF line endings: the same diagnostics as LF, positions before the CR', async () => {
  const lf = await openAndProbe('lf.go', GENERICS + UNICODE.replace(/^package unicode$/m, ''));
  const crlf = await openAndProbe('crlf.go', (GENERICS + UNICODE.replace(/^package unicode$/m, '')).replace(/\n/g, '\r\n'));
  assert.ok(lf.length > 0);
  assert.deepEqual(diagnosticKey(crlf), diagnosticKey(lf));
});

test('a byte order mark: no crash, the same findings as without it', async () => {
  const plain = await openAndProbe('plain.go', UNICODE);
  const bom = await openAndProbe('bom.go', '\uFEFF' + UNICODE);
  const shift = (ds: Diagnostic[]) => diagnosticKey(ds.map((d) => (d.range.start.line === 0 ? { ...d, range: { start: { line: 0, character: d.range.start.character - 1 }, end: d.range.end } } : d)));
  assert.deepEqual(shift(bom), diagnosticKey(plain));
});

test('100k-character lines and deep nesting: strings, comments, flat literals, long sums, parentheses, blocks, calls, ifs, structs, constants', async () => {
  const N = 100_000;
  const cases: [string, string][] = [
    ['string', `package p\n\nvar s = "${'a'.repeat(N)}"\n\nfunc F() *int { x := 1; return &x }\n`],
    ['comment', `package p\n\n// ${'c'.repeat(N)}\nfunc F() *int { x := 1; return &x }\n`],
    ['literal', `package p\n\nvar xs = []int{${'1,'.repeat(N / 2)}}\n\nfunc F() []int { return append(xs, 1) }\n`],
    ['sum', `package p\n\nfunc F(x int) int {\n\treturn ${'x+'.repeat(N / 2)}x\n}\n`],
    ['parens', `package p\n\nfunc F(x int) int {\n\treturn ${'('.repeat(5_000)}x${')'.repeat(5_000)}\n}\n`],
    ['blocks', `package p\n\nfunc F(x int) *int {\n${'{'.repeat(5_000)}x++${'}'.repeat(5_000)}\n\treturn &x\n}\n`],
    ['closures', `package p\n\nfunc F(x int) {\n\t${'func() {'.repeat(2_000)}x++${'}()'.repeat(2_000)}\n}\n`],
    ['calls', `package p\n\nfunc g(a ...any) any { return a }\n\nfunc F(x int) any {\n\tfor {\n\t\treturn ${'g('.repeat(3_000)}x${')'.repeat(3_000)}\n\t}\n}\n`],
    ['ifs', `package p\n\nfunc F(x int) *int {\n${'if x > 0 {'.repeat(3_000)}x++${'}'.repeat(3_000)}\n\treturn &x\n}\n`],
    ['structs', `package p\n\ntype T ${'struct { a '.repeat(3_000)}int${'}'.repeat(3_000)}\n\nfunc F() *T { return &T{} }\n`],
    ['constant', `package p\n\nconst c = ${'1+'.repeat(N / 2)}1\n\nvar a [c % 8]int\n\nfunc F() *[c % 8]int { return &a }\n`],
    ['one line', `package p; ${'func F() { s := []int{}; s = append(s, 1); _ = s }; '.repeat(1)}${'var _ = 1; '.repeat(N / 11)}`],
  ];
  for (const [name, text] of cases) {
    const t0 = Date.now();
    await openAndProbe(`${name.replace(' ', '')}.go`, text);
    assert.ok(Date.now() - t0 < 15_000, `${name}: ${Date.now() - t0} ms`);
  }
});

test('empty and nearly empty files', async () => {
  for (const [name, text] of [
    ['empty.go', ''],
    ['ws.go', ' \n\t\r\n\n'],
    ['pkg.go', 'package p'],
    ['pkgnl.go', 'package p\n'],
    ['nopkg.go', 'func F() {}\n'],
    ['nul.go', '\0\0\0'],
  ]) {
    const diags = await openAndProbe(name, text);
    if (name !== 'nopkg.go') assert.deepEqual(diags, [], name);
  }
});

test('files that are not Go: no diagnostics, hovers or fixes', async () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256))]);
  const cases: [string, string, string][] = [
    ['data.json', 'json', JSON.stringify({ name: 'x', list: [1, 2, 3], nested: { a: [{ b: 'c' }] } }, null, 2)],
    ['README.md', 'markdown', '# Title\n\nSome *text* with `code`.\n\n```go\nfunc main() {}\n```\n'],
    ['image.png', 'go', png.toString('latin1')],
    ['image2.go', 'go', png.toString('utf8')],
    ['script.sh', 'shellscript', '#!/bin/sh\nset -e\nfor f in *.go; do echo "$f"; done\n'],
    ['page.html', 'html', '<!doctype html><html><body><p>Hello</p><script>var x = {a: 1};</script></body></html>\n'],
    ['min.js', 'javascript', 'var a=' + '[1,2,3,{"b":4}],'.repeat(5_000) + '0;'],
  ];
  for (const [name, languageId, text] of cases) await openAndProbe(name, text, { garbage: true, languageId });
  // C with a struct: may look like Go to a forgiving parser, but must never produce a fix.
  server.resetLog();
  const uri = uriFor('prog.c');
  const c = '#include <stdio.h>\nstruct s { char a; long b; char c; };\nint main(void) { struct s x; return 0; }\n';
  await server.open(uri, c, 1, 'c');
  const problems = await probeDocument(server, uri, c, 1, { probes: PROBES });
  assert.deepEqual(problems, []);
  await server.close(uri);
});

test('documents that are not files: untitled and other schemes', async () => {
  for (const uri of ['untitled:Untitled-1', 'vscode-notebook-cell:/x.ipynb#W0sZmlsZQ%3D%3D', 'file://', 'file:///', 'file:///%E0%A4%A.go', 'gopls://x']) {
    server.resetLog();
    await server.open(uri, UNICODE);
    const problems = await probeDocument(server, uri, UNICODE, 1, { probes: PROBES });
    assert.deepEqual(problems, [], `${uri}: ${problems.join('\n')}`);
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 6 } });
    assert.ok(hover === null || typeof hover === 'object');
    await server.close(uri);
  }
});

test('a lone CR is a line break for LSP: server positions follow it', async () => {
  await openAndProbe('lonecr.go', 'package p\r\rfunc F() *int {\r\tx := 1\r\treturn &x\r}\r');
});
