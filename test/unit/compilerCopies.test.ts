/**
 * The compiler's `copy` log (`-gcflags=-json=0,DIR`) with the REAL go toolchain: copies at the right line
 * and UTF-16 column, replays from go's build cache (a new in-memory cache, same content) that still find
 * the log, a cleaned log directory, the base-name collision with sync/atomic's type.go, test files, and
 * the CLI and LSP paths. Without go on PATH these tests are skipped — unless CI=true, where a missing go
 * is a failure.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { toCompilerPosition } from '../../server/src/analysis/positions';
import type { Finding } from '../../server/src/analysis/types';
import { clearEscapeCache, compileEscapes, type CompilerResult, type CompilerSuccess } from '../../server/src/compiler/escapeBuild';
import { resolveGoExecutable } from '../../server/src/compiler/run';
import { LspHarness } from '../helpers/lspHarness';

const ROOT = path.resolve(__dirname, '../../..');
const CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const GO = resolveGoExecutable();

function skipReason(): string | false {
  if (GO || CI) return false;
  return 'go is not on PATH: skipping the real-compiler copy tests (with CI=true this is a failure)';
}

// Big is 256 bytes on every GOARCH. Line 12 has 2- and 4-byte characters before the copy into `c`.
const CP_GO = `package cp

// Big is 256 bytes on every GOARCH.
type Big struct{ A [32]int64 }

//go:noinline
func Take(b Big) int64 { return b.A[0] }

var sink Big

func Use(p *Big) int64 {
	s := "héllo wörld 🙂"; var c Big = *p; sink = c
	return Take(*p) + int64(len(s))
}

func Sum(xs []Big) (t int64) {
	for _, x := range xs {
		t += x.A[1] + x.A[2]
	}
	return
}

func Arr(a *[64]int32) [64]int32 { b := *a; b[0] = 1; return b }
`;

const TYPE_GO = `package cp

import "sync/atomic"

type Node struct {
	Next *Node
	Pad  [30]int64
}

var head atomic.Pointer[Node]

func Snapshot() Node {
	var out Node
	if h := head.Load(); h != nil {
		out = *h
	}
	return out
}
`;

const CP_TEST_GO = `package cp

import "testing"

func TestSum(t *testing.T) {
	xs := make([]Big, 3)
	for _, x := range xs {
		if x.A[0]+x.A[5] != 0 {
			t.Fatal("x")
		}
	}
}
`;

let tmp: string;
let prevRoot: string | undefined;

function ok(r: CompilerResult): CompilerSuccess {
  assert.equal(r.ok, true, `expected success, got ${JSON.stringify(r.ok ? '' : { reason: r.reason, message: r.message, errors: r.errors })}`);
  return r as CompilerSuccess;
}

function copies(r: CompilerSuccess, file?: string): Finding[] {
  return r.findings.filter((f) => f.code === 'large-copy' && (!file || f.file === file));
}

/** `line:column (message)` with 1-based lines and UTF-16 columns. */
function brief(fs_: Finding[]): string[] {
  return fs_.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`).sort();
}

function writePackage(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name, 'cp');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(tmp, name, 'go.mod'), 'module example.com/cp\n\ngo 1.22\n');
  for (const [n, t] of Object.entries(files)) fs.writeFileSync(path.join(dir, n), t);
  return dir;
}

const WANT_CP = [
  '12:29 copies 256 bytes (assigned by value)',
  '12:46 copies 256 bytes (assigned by value)',
  '13:13 copies 256 bytes twice (passed or returned by value in the call to Take)',
  '17:14 copies 256 bytes (the range value, every iteration)',
  '23:38 copies 256 bytes (assigned by value)',
  '23:55 copies 256 bytes (the returned value)',
];

describe('compiler copies with the real go', { skip: skipReason() }, () => {
  before(() => {
    if (!GO) assert.fail('CI is set but go is not on PATH: the compiler tests must run in CI');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-copies-test-'));
    // A log root of our own: every run starts with go's cache holding no action for these flags.
    prevRoot = process.env.GMH_LOGOPT_ROOT;
    process.env.GMH_LOGOPT_ROOT = path.join(tmp, 'logopt');
  });
  after(() => {
    if (prevRoot === undefined) delete process.env.GMH_LOGOPT_ROOT;
    else process.env.GMH_LOGOPT_ROOT = prevRoot;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('256-byte copies at the right line and UTF-16 column; a replay from go\'s cache finds the same log', async () => {
    const dir = writePackage('basic', { 'cp.go': CP_GO });
    const file = path.join(dir, 'cp.go');
    const first = ok(await compileEscapes({ packageDir: dir }));
    assert.equal(first.logopt.source, 'compiled', JSON.stringify(first.logopt));
    assert.deepEqual(brief(copies(first, file)), WANT_CP);
    const c = copies(first, file).find((f) => f.range.start.line === 11 && f.range.start.character === 28)!;
    const line = CP_GO.split('\n')[11];
    assert.equal(line.slice(c.range.start.character, c.range.end.character), 'c', 'UTF-16 column of `c`');
    assert.deepEqual(toCompilerPosition(CP_GO, c.range.start), { line: 12, column: 33 }, 'the compiler\'s byte column');
    for (const f of copies(first)) {
      assert.equal(f.source, 'compiler');
      assert.equal(f.category, 'alloc');
    }
    assert.equal(first.logopt.copies, 6);

    // A new in-memory cache (a restarted server), same content: go replays the compile from its cache
    // (the compiler does not run, nothing is written) and the log of the first compile is read.
    clearEscapeCache();
    const again = ok(await compileEscapes({ packageDir: dir }));
    assert.equal(again.fromCache, false);
    assert.equal(again.logopt.source, 'replayed', JSON.stringify(again.logopt));
    assert.deepEqual(again.findings, first.findings);

    // The log directory cleaned while go keeps its cache: one more compile under another spelling.
    fs.rmSync(first.logopt.dir, { recursive: true, force: true });
    clearEscapeCache();
    const rebuilt = ok(await compileEscapes({ packageDir: dir }));
    assert.equal(rebuilt.logopt.source, 'recompiled', JSON.stringify(rebuilt.logopt));
    assert.deepEqual(rebuilt.findings, first.findings);
    clearEscapeCache();
    const replayedAgain = ok(await compileEscapes({ packageDir: dir }));
    assert.equal(replayedAgain.logopt.source, 'replayed', 'the plain spelling replays and finds the rebuilt log');
    assert.deepEqual(replayedAgain.findings, first.findings);
  });

  it('an unsaved buffer is compiled: its copies, at its lines', async () => {
    const dir = writePackage('overlay', { 'cp.go': CP_GO });
    const file = path.join(dir, 'cp.go');
    const buffer = '// an unsaved first line\n' + CP_GO;
    const r = ok(await compileEscapes({ packageDir: dir, unsaved: { [file]: buffer } }));
    assert.deepEqual(
      brief(copies(r, file)),
      WANT_CP.map((w) => w.replace(/^(\d+)/, (l) => String(Number(l) + 1))),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), CP_GO);
  });

  it('a package file named like sync/atomic\'s type.go keeps its copies (the log collision is recompiled under another name)', async () => {
    const dir = writePackage('collide', { 'type.go': TYPE_GO });
    const file = path.join(dir, 'type.go');
    const r = ok(await compileEscapes({ packageDir: dir }));
    assert.deepEqual(brief(copies(r, file)), ['15:7 copies 248 bytes (assigned by value)', '17:2 copies 248 bytes (the returned value)']);
    // Our temporary directory sorts before GOROOT, so sync/atomic's log overwrote ours.
    const goroot = spawnSync(GO!, ['env', 'GOROOT'], { encoding: 'utf8' }).stdout.trim();
    if (file < path.join(goroot, 'src', 'sync', 'atomic', 'type.go')) assert.deepEqual(r.logopt.renamed, [file]);
    assert.ok(r.findings.every((f) => path.dirname(f.file) === dir));
  });

  it('go test -c: copies in _test.go files', async () => {
    const dir = writePackage('tests', { 'cp.go': CP_GO, 'cp_test.go': CP_TEST_GO });
    const r = ok(await compileEscapes({ packageDir: dir, includeTests: true }));
    assert.equal(r.args![0], 'test');
    const testFile = path.join(dir, 'cp_test.go');
    assert.deepEqual(brief(copies(r, testFile)), ['7:14 copies 256 bytes (the range value, every iteration)']);
    assert.deepEqual(brief(copies(r, path.join(dir, 'cp.go'))), WANT_CP);
  });

  it('-json stays refused from user flags', async () => {
    const r = await compileEscapes({ packageDir: tmp, gcflags: ['-json=0,/tmp/x'] });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.reason, 'refused');
      assert.match(r.message, /-m=2 and -json output itself/);
    }
  });

  it('check --compiler on prints the copies (source compiler); the model\'s range hint on that line is replaced', () => {
    const dir = writePackage('cli', { 'cp.go': CP_GO });
    const cli = path.join(ROOT, 'out/server/src/cli.js');
    const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--compiler', 'on', dir], { encoding: 'utf8', env: process.env, timeout: 120_000 });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const doc = JSON.parse(r.stdout) as { findings: Array<{ file: string; line: number; column: number; code: string; source: string; message: string }> };
    const cs = doc.findings.filter((f) => f.code === 'large-copy');
    assert.ok(cs.every((f) => f.source === 'compiler'));
    assert.deepEqual(cs.map((f) => `${f.line}:${f.column} ${f.message}`).sort(), [
      '12:33 copies 256 bytes (assigned by value)', // byte column after "héllo wörld 🙂"
      '12:50 copies 256 bytes (assigned by value)',
      '13:13 copies 256 bytes twice (passed or returned by value in the call to Take)',
      '17:14 copies 256 bytes (the range value, every iteration)',
      '23:38 copies 256 bytes (assigned by value)',
      '23:55 copies 256 bytes (the returned value)',
    ]);
    assert.ok(!doc.findings.some((f) => f.code === 'large-range-copy' && f.line === 17), 'no duplicate of the model on the compiler\'s line');
    assert.ok(doc.findings.some((f) => f.code === 'large-param-copy' && f.line === 7 && f.source === 'model'), 'the parameter hint stays');
  });

  it('LSP: diagnostics carry the compiler copies (source go compiler)', async () => {
    const dir = writePackage('lsp', { 'cp.go': CP_GO });
    const file = path.join(dir, 'cp.go');
    const uri = 'file://' + file;
    const h = new LspHarness({ compiler: 'on' });
    try {
      await h.initialize(dir);
      await h.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: CP_GO } });
      const deadline = Date.now() + 60_000;
      let copiesSeen: Array<{ range: { start: { line: number; character: number } }; message: string; source?: string }> = [];
      while (Date.now() < deadline) {
        const last = h.allPublished(uri).at(-1);
        copiesSeen = (last?.diagnostics ?? []).filter((d) => d.code === 'large-copy');
        if (copiesSeen.length > 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(copiesSeen.length, 6, 'compiler copies published');
      assert.ok(copiesSeen.every((d) => d.source === 'go compiler'));
      const range = copiesSeen.find((d) => d.range.start.line === 16)!;
      assert.equal(range.range.start.character, 13);
      assert.match(range.message, /^copies 256 bytes \(the range value, every iteration\)/);
      const last = h.allPublished(uri).at(-1)!;
      assert.ok(!last.diagnostics.some((d) => d.code === 'large-range-copy'), 'the model hint on the same line is replaced');
    } finally {
      h.dispose();
    }
  });
});
