/**
 * Open files that the build excludes by their constraints — a `_windows.go` file on Linux, a
 * `//go:build ignore` generator — still get hints: analyzed as if their constraints held, with the
 * package's files when they declare the same package, alone when they declare another.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { after, before, test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { contextIncluding, defaultBuildContext, fileIncluded } from '../../server/src/analysis/buildConstraints';
import { resolveGoExecutable } from '../../server/src/compiler/run';
import { DocumentStore } from '../../server/src/documents';
import { defaultSettings } from '../../server/src/settings';
import { initParser } from '../../server/src/syntax/parser';
import { AnalysisService } from '../../server/src/workspace/analysisService';
import { LspHarness } from '../helpers/lspHarness';

const DIR = path.resolve(__dirname, '../../../test/testdata/constraints');

before(async () => {
  await initParser();
});

function analyze(name: string) {
  const file = path.join(DIR, name);
  const uri = 'file://' + file;
  const docs = new DocumentStore();
  docs.open(uri, 'go', 1, fs.readFileSync(file, 'utf8'));
  const svc = new AnalysisService(docs, () => ({ ...defaultSettings(), compiler: 'off', goos: 'linux', goarch: 'amd64' }), () => {});
  try {
    const r = svc.forDocument(uri);
    assert.ok(r, `${name} is analyzed`);
    return { files: r.index.pkg.files.map((f) => path.basename(f.path)), findings: r.analysis.findings, file };
  } finally {
    svc.dispose();
    docs.close(uri);
  }
}

test('the build context that includes an excluded file keeps what it can of the workspace one', () => {
  const linux = defaultBuildContext({ goos: 'linux', goarch: 'amd64', tags: ['dev'] });
  const fit = (name: string, text = 'package p\n') => {
    const c = contextIncluding(name, text, linux);
    if (c) assert.ok(fileIncluded(name, text, c), `${name} is included under the context found`);
    return c && { goos: c.goos, goarch: c.goarch, tags: c.tags, cgo: c.cgo };
  };
  assert.deepEqual(fit('a.go'), { goos: 'linux', goarch: 'amd64', tags: ['dev'], cgo: false }, 'included: the same context');
  assert.deepEqual(fit('a_windows_arm64.go'), { goos: 'windows', goarch: 'arm64', tags: ['dev'], cgo: false });
  assert.deepEqual(fit('a_386.go'), { goos: 'linux', goarch: '386', tags: ['dev'], cgo: false });
  assert.deepEqual(fit('a.go', '//go:build !linux\n\npackage p\n'), { goos: 'darwin', goarch: 'amd64', tags: ['dev'], cgo: false });
  assert.deepEqual(fit('a.go', '//go:build ignore\n\npackage main\n'), { goos: 'linux', goarch: 'amd64', tags: ['dev', 'ignore'], cgo: false });
  assert.deepEqual(fit('a.go', '//go:build cgo && (freebsd || openbsd)\n\npackage p\n'), { goos: 'freebsd', goarch: 'amd64', tags: ['dev'], cgo: true });
  assert.equal(fit('_a.go'), undefined, 'go/build never builds a file named with a leading underscore');
  assert.deepEqual(fit('a.go', '//go:build integration && !dev\n\npackage p\n'), { goos: 'linux', goarch: 'amd64', tags: ['integration'], cgo: false }, 'a tag on, one off');
  assert.deepEqual(fit('a.go', '//go:build !linux && !darwin && !windows\n\npackage p\n'), { goos: 'freebsd', goarch: 'amd64', tags: ['dev'], cgo: false });
  assert.deepEqual(fit('a.go', '//go:build !amd64 && !arm64\n\npackage p\n'), { goos: 'linux', goarch: '386', tags: ['dev'], cgo: false });
  assert.equal(fit('a.go', '//go:build gccgo\n\npackage p\n'), undefined, 'no gc build has it');
});

test('a _windows.go file analyzed on linux gets its hints, with the types of the package it belongs to', () => {
  const { files, findings, file } = analyze('conn_windows.go');
  assert.deepEqual(files.sort(), ['a.go', 'conn_windows.go', 'sock_windows.go'], 'the package as the windows build has it');
  const conn = findings.find((f) => f.code === 'struct-layout' && /struct Conn\b/.test(f.message));
  // Handle (from a.go) is 24 bytes: bool + 7 pad, Handle, bool + 7 pad = 40; the bools together = 32
  assert.ok(conn, JSON.stringify(findings.map((f) => f.message)));
  assert.match(conn.message, /40 → 32 bytes/);
  assert.ok(findings.every((f) => f.file === file), 'only its own findings');
});

test('a //go:build ignore generator is analyzed alone, as `go run gen.go` builds it: no other file refuses its fix', () => {
  const { files, findings } = analyze('gen.go');
  assert.deepEqual(files, ['gen.go']);
  const row = findings.find((f) => f.code === 'struct-layout' && /struct Row\b/.test(f.message));
  assert.ok(row, JSON.stringify(findings.map((f) => f.message)));
  assert.match(row.message, /24 → 16 bytes/);
  assert.equal(row.fixes.length, 1, `a_test.go's Row{…} is another package's: ${row.noFixReason}`);
});

test('a file for another architecture is laid out for it: 4-byte pointers for _386.go', () => {
  const { findings } = analyze('conv_386.go');
  const pair = findings.find((f) => f.code === 'struct-layout' && /struct Pair\b/.test(f.message));
  assert.ok(pair, JSON.stringify(findings.map((f) => f.message)));
  assert.match(pair.message, /12 → 8 bytes/);
});

test('a //go:build ignore generator in a package main directory is still analyzed alone', () => {
  const { files, findings } = analyze('gencmd/gen.go');
  assert.deepEqual(files, ['gen.go']);
  const row = findings.find((f) => f.code === 'struct-layout' && /struct Row\b/.test(f.message));
  assert.equal(row?.fixes.length, 1, `main.go's Row is not in its build: ${row?.noFixReason}`);
});

test("other packages' layouts are kept per target: a cgo-only file does not change its neighbours' sizes, and a save is noticed for every target", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-targets-'));
  const write = (p: string, t: string) => {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), t);
  };
  write('go.mod', 'module example.com/m\n\ngo 1.22\n');
  // dep.T is 32 bytes with cgo, 1 byte without
  write('dep/t_cgo.go', '//go:build cgo\n\npackage dep\n\ntype T struct{ a, b, c, d int64 }\n');
  write('dep/t_nocgo.go', '//go:build !cgo\n\npackage dep\n\ntype T struct{ a int8 }\n');
  write('dep/u.go', 'package dep\n\ntype U struct{ a int8 }\n');
  const body = '{\n\tok  bool\n\tt   dep.T\n\tu   dep.U\n\tn   int64\n\tok2 bool\n}\n';
  write('app/a.go', `package app\n\nimport "example.com/m/dep"\n\ntype S struct ${body}`);
  write('app/x.go', `//go:build cgo\n\npackage app\n\nimport "example.com/m/dep"\n\ntype X struct ${body}`);
  write('app/y_windows.go', 'package app\n\ntype Y struct{ ok bool }\n');
  const docs = new DocumentStore();
  const a = 'file://' + path.join(root, 'app/a.go');
  const x = 'file://' + path.join(root, 'app/x.go');
  const y = 'file://' + path.join(root, 'app/y_windows.go');
  for (const u of [a, x, y]) docs.open(u, 'go', 1, fs.readFileSync(u.slice('file://'.length), 'utf8'));
  const settings = () => ({ ...defaultSettings(), compiler: 'off' as const, goos: 'linux', goarch: 'amd64' });
  const svc = new AnalysisService(docs, settings, () => {});
  const sizeOf = (uri: string, name: string) => /: (\d+ → \d+) bytes/.exec(svc.forDocument(uri)!.analysis.findings.find((f) => f.message.includes(`struct ${name} `))?.message ?? '')?.[1];
  try {
    assert.equal(sizeOf(a, 'S'), '24 → 16', 'without cgo: T is 1 byte');
    assert.equal(sizeOf(x, 'X'), '64 → 48', 'x.go is built with cgo: T is 32 bytes');
    assert.equal(sizeOf(a, 'S'), '24 → 16', "a.go's sizes are its build's, after x.go's");
    // the windows target's layouts, used last, read nothing of dep
    assert.ok(svc.forDocument(y));
    // dep.U grows on disk and is saved: the linux and cgo targets' layouts read dep
    write('dep/u.go', 'package dep\n\ntype U struct{ a, b int64 }\n');
    svc.externalChanged(path.join(root, 'dep/u.go'));
    assert.equal(sizeOf(a, 'S'), '40 → 32', 'the save is noticed for the workspace target');
    assert.equal(sizeOf(x, 'X'), '72 → 64', 'and for the cgo one');
  } finally {
    svc.dispose();
    for (const u of [a, x, y]) docs.close(u);
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("a platform file is analyzed with its own platform's files: another platform's twin and literal do not refuse its fix", () => {
  const { files, findings } = analyze('sock_windows.go');
  assert.ok(!files.includes('sock_linux.go'), `the windows build: ${files}`);
  const sock = findings.find((f) => f.code === 'struct-layout' && /struct Sock\b/.test(f.message));
  assert.ok(sock, JSON.stringify(findings.map((f) => f.message)));
  assert.equal(sock.fixes.length, 1, `refused: ${sock.noFixReason}`);
});

test('the CLI, given files, ignores their build constraints as the go command does (`go build gen.go`)', () => {
  const cli = path.resolve(__dirname, '../../server/src/cli.js');
  const run = (...files: string[]) => {
    const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--compiler', 'off', ...files.map((f) => path.join(DIR, f))], { encoding: 'utf8', timeout: 60_000 });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    return (JSON.parse(r.stdout) as { findings: { file: string; message: string }[] }).findings.map((f) => `${path.basename(f.file)}: ${f.message.split(':')[0]}`);
  };
  assert.ok(run('gen.go').includes('gen.go: struct Row could be smaller by reordering its fields'), 'the //go:build ignore generator');
  assert.ok(run('a.go', 'conn_windows.go').includes('conn_windows.go: struct Conn could be smaller by reordering its fields'), 'the Windows file named with a.go');
});

const CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const GO = resolveGoExecutable();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-excluded-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test(
  "with the compiler on, the model's findings of an excluded file stay after the build (the compiler does not build it)",
  { skip: GO || CI ? false : 'go is not on PATH: skipping (with CI=true this is a failure)' },
  async () => {
    // (a module of its own: the go command builds the package, without the excluded file)
    const dir = path.join(tmp, 'plat');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/plat\n\ngo 1.22\n');
    for (const n of ['a.go', 'conn_windows.go']) fs.copyFileSync(path.join(DIR, n), path.join(dir, n));
    // b.go, which the build includes: its compiler findings show that the build succeeded
    const bText = 'package plat\n\nfunc NewHandle() *Handle {\n\treturn &Handle{fd: 1}\n}\n';
    fs.writeFileSync(path.join(dir, 'b.go'), bText);
    const bUri = 'file://' + path.join(dir, 'b.go');
    const file = path.join(dir, 'conn_windows.go');
    const uri = 'file://' + file;
    const h = new LspHarness({ compiler: 'on', goos: 'linux', goarch: 'amd64' });
    try {
      await h.initialize(tmp);
      await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: fs.readFileSync(file, 'utf8') } });
      const escapes = (p: PublishDiagnosticsParams | undefined) => (p?.diagnostics ?? []).filter((d) => d.code === 'escapes-to-heap').map((d) => d.message);
      assert.equal(escapes(await h.diagnosticsFor(uri, 1)).length, 1, "the model finds NewConn's allocation");
      await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri: bUri, languageId: 'go', version: 1, text: bText } });
      // the build ends with a publish of the package's documents: b.go's escape comes from the compiler
      const fromCompiler = () => (h.allPublished(bUri).at(-1)?.diagnostics ?? []).some((d) => d.code === 'escapes-to-heap' && d.source === 'go compiler');
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline && !fromCompiler()) await new Promise((r) => setTimeout(r, 100));
      assert.ok(fromCompiler(), 'the build succeeded: b.go shows the compiler\'s finding');
      // (the excluded file is published again after the build too)
      while (Date.now() < deadline && h.allPublished(uri).length < 2) await new Promise((r) => setTimeout(r, 100));
      assert.ok(h.allPublished(uri).length >= 2, 'the file was published again after the build');
      assert.equal(escapes(h.allPublished(uri).at(-1)).length, 1, 'still there after the build');
    } finally {
      h.dispose();
    }
  },
);

test(
  "the CLI with the compiler on keeps the model's findings of a named file the directory's build excludes",
  { skip: GO || CI ? false : 'go is not on PATH: skipping (with CI=true this is a failure)' },
  () => {
    const dir = path.join(tmp, 'cli', 'plat');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(tmp, 'cli', 'go.mod'), 'module example.com/plat\n\ngo 1.22\n');
    for (const n of ['a.go', 'conn_windows.go']) fs.copyFileSync(path.join(DIR, n), path.join(dir, n));
    const cli = path.resolve(__dirname, '../../server/src/cli.js');
    const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--compiler', 'on', 'a.go', 'conn_windows.go'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const findings = (JSON.parse(r.stdout) as { findings: { file: string; code: string; source: string }[] }).findings;
    // (the compiler builds the directory's package, a.go alone on linux: it says nothing of conn_windows.go)
    assert.ok(
      findings.some((f) => f.file.endsWith('conn_windows.go') && f.code === 'escapes-to-heap' && f.source === 'model'),
      `NewConn's escape stays: ${JSON.stringify(findings)}`,
    );
  },
);
