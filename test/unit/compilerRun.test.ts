/**
 * compileEscapes / runGo with the REAL go toolchain (and a fake hanging `go` for the timeout).
 * Without go on PATH these tests are skipped — unless CI=true, where a missing go is a failure.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  clearEscapeCache,
  compileEscapes,
  type CompilerResult,
  type CompilerSuccess,
} from '../../server/src/compiler/escapeBuild';
import { findGo, resolveGoExecutable, runGo, spawnCount } from '../../server/src/compiler/run';
import { groupMembers, waitFor } from '../helpers/robustFakeGo';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(ROOT, 'test/testdata/compiler/fixture');
const CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const GO = resolveGoExecutable();
const UNIX = process.platform !== 'win32';

function skipReason(): string | false {
  if (GO || CI) return false;
  return 'go is not on PATH: skipping the real-compiler tests (with CI=true this is a failure)';
}

function ok(r: CompilerResult): CompilerSuccess {
  assert.equal(r.ok, true, `expected success, got ${JSON.stringify(r.ok ? '' : { reason: r.reason, message: r.message, errors: r.errors })}`);
  return r as CompilerSuccess;
}

let tmpRoot: string;

before(() => {
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-run-test-'));
});
after(() => {
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

function copyFixture(name: string): string {
  const dst = path.join(tmpRoot, name);
  fs.cpSync(FIXTURE, dst, { recursive: true });
  return dst;
}

const EXTRA = '\nfunc Extra() *int {\n\tv := 1\n\treturn &v\n}\n';

describe('compileEscapes with the real go', { skip: skipReason() }, () => {
  before(() => {
    if (!GO) assert.fail('CI is set but go is not on PATH: the compiler tests must run in CI');
  });

  it('an unsaved buffer (overlay) changes the result; an identical request is served from cache without a spawn', async () => {
    const mod = copyFixture('overlay');
    const dir = path.join(mod, 'esc');
    const file = path.join(dir, 'esc.go');
    const disk = ok(await compileEscapes({ packageDir: dir }));
    assert.equal(disk.fromCache, false);
    assert.ok(disk.findings.some((f) => f.code === 'moved-to-heap' && f.why[0].startsWith('`u` ')));
    assert.ok(!disk.findings.some((f) => f.why[0]?.startsWith('`v` ')));
    const gcflags = disk.args!.find((a) => a.startsWith('-gcflags='));
    assert.match(gcflags ?? '', /^-gcflags=-e -m=2 -json=0,\S+$/);

    const buffer = fs.readFileSync(file, 'utf8') + EXTRA;
    const lines = buffer.split('\n');
    const edited = ok(await compileEscapes({ packageDir: dir, unsaved: { [file]: buffer } }));
    const v = edited.findings.find((f) => f.code === 'moved-to-heap' && f.why[0].startsWith('`v` '));
    assert.ok(v, 'the overlay content was compiled');
    assert.equal(v.file, file);
    assert.equal(v.range.start.line, lines.indexOf('\tv := 1'));
    assert.equal(v.why[0], '`v` is moved to the heap: its address is returned (line ' + (lines.indexOf('\treturn &v') + 1) + ')');
    assert.equal(fs.readFileSync(file, 'utf8') + EXTRA, buffer, 'the file on disk is untouched');

    const spawnsBefore = spawnCount();
    const t0 = Date.now();
    const again = ok(await compileEscapes({ packageDir: dir, unsaved: new Map([[file, buffer]]) }));
    assert.equal(again.fromCache, true);
    assert.equal(spawnCount(), spawnsBefore, 'a cached request must not start a process');
    assert.ok(Date.now() - t0 < 500);
    assert.deepEqual(again.findings, edited.findings);
  });

  it('a failing build returns ok:false with the parsed errors, in the original file', async () => {
    const dir = path.join(copyFixture('failing'), 'esc');
    const file = path.join(dir, 'esc.go');
    const buffer = fs.readFileSync(file, 'utf8') + '\nfunc Broken() int { s := "héllo"; return len(s) + größe }\n';
    const r = await compileEscapes({ packageDir: dir, unsaved: { [file]: buffer } });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.reason, 'build-failed');
    assert.equal(r.errors.length, 1, JSON.stringify(r.errors));
    const e = r.errors[0];
    assert.equal(e.file, file, 'mapped back from the overlay replacement to the edited file');
    assert.equal(e.message, 'undefined: größe');
    const lines = buffer.split('\n');
    const line = lines.findIndex((l) => l.startsWith('func Broken'));
    assert.deepEqual(e.range!.start, { line, character: lines[line].lastIndexOf('größe') });
    assert.match(r.message, /^compiler: build failed: esc\.go: undefined: größe$/);
  });

  it('user flags outside the allow-list are refused before anything runs', async () => {
    const dir = path.join(FIXTURE, 'esc');
    const spawns = spawnCount();
    const cases: Array<[Parameters<typeof compileEscapes>[0], RegExp]> = [
      [{ packageDir: dir, buildFlags: ['-toolexec=/bin/echo'] }, /refused build flag "-toolexec=\/bin\/echo": it runs a program/],
      [{ packageDir: dir, buildFlags: ['-toolexec', '/bin/echo'] }, /-toolexec/],
      [{ packageDir: dir, buildFlags: ['-exec=sh'] }, /-exec/],
      [{ packageDir: dir, buildFlags: ['-overlay=/tmp/x.json'] }, /own overlay/],
      [{ packageDir: dir, buildFlags: ['-o', '/tmp/x'] }, /output goes/],
      [{ packageDir: dir, buildFlags: ['-gcflags=all=-N'] }, /nested flag lists/],
      [{ packageDir: dir, gcflags: ['-l -toolexec=/bin/echo'] }, /not on the allow-list/],
      [{ packageDir: dir, gcflags: ['-cpuprofile=/tmp/p'] }, /reads or writes files/],
      [{ packageDir: dir, env: { GOFLAGS: '-toolexec=/bin/echo' } }, /in GOFLAGS/],
      [{ packageDir: dir, env: { CC: '/bin/evil' } }, /refused environment variable CC/],
      [{ packageDir: dir, tags: ['a b'] }, /refused build tag/],
    ];
    for (const [req, why] of cases) {
      const r = await compileEscapes(req);
      assert.equal(r.ok, false);
      if (r.ok) continue;
      assert.equal(r.reason, 'refused', JSON.stringify(req));
      assert.match(r.message, why);
    }
    assert.equal(spawnCount(), spawns, 'nothing was started');
    // allowed flags pass
    ok(await compileEscapes({ packageDir: dir, gcflags: ['-l'], buildFlags: ['-mod=readonly'], tags: ['x'] }));
  });

  it('a symlinked package dir with an overlay still uses the overlay (PWD is set to cwd)', async () => {
    const real = copyFixture('real');
    const link = path.join(tmpRoot, 'link');
    fs.symlinkSync(real, link, 'dir');
    const dir = path.join(link, 'esc');
    // The trap: with an inherited PWD the go command resolves the physical directory.
    assert.notEqual(process.env.PWD, dir);
    const listed = await runGo(['list', '-f', '{{.Dir}}', '.'], { cwd: dir });
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.stdout.trim(), dir, 'go sees the logical (symlinked) path');

    const file = path.join(dir, 'esc.go');
    const buffer = fs.readFileSync(file, 'utf8') + EXTRA;
    const r = ok(await compileEscapes({ packageDir: dir, unsaved: { [file]: buffer } }));
    const v = r.findings.find((f) => f.why[0]?.startsWith('`v` is moved to the heap'));
    assert.ok(v, 'overlay applied through the symlinked path');
    assert.equal(v.file, file);
  });

  it('includeTests compiles the _test.go files with go test -c', async () => {
    const dir = path.join(copyFixture('tests'), 'esc');
    const r = ok(await compileEscapes({ packageDir: dir, includeTests: true }));
    assert.equal(r.args![0], 'test');
    assert.ok(r.args!.includes('-c'));
    const testFile = path.join(dir, 'esc_test.go');
    assert.ok(r.findings.some((f) => f.file === testFile && f.code === 'escapes-to-heap' && /func literal/.test(f.message)));
    assert.ok(r.dropped.foreign >= 1, '_testmain.go is not a package file');
  });

  it('abort kills the whole build process group; a newer request supersedes a running one', async (t) => {
    const go = await findGo();
    assert.ok(go);
    const dir = path.join(go.env.GOROOT, 'src', 'net', 'http');
    const docFile = path.join(dir, 'doc.go');
    const doc = fs.readFileSync(docFile, 'utf8');
    const bust = () => `${doc}\n// gmh cache buster ${process.pid} ${Date.now()} ${Math.random()}\n`;

    // 1. abort
    let pgid = 0;
    const controller = new AbortController();
    const running = compileEscapes({ packageDir: dir, unsaved: { [docFile]: bust() }, signal: controller.signal, onSpawn: (pid) => (pgid = pid) });
    assert.ok(await waitFor(() => pgid !== 0, 10_000), 'the build started');
    // wait until go has started its children (the compiler) so there is a tree to kill
    await waitFor(() => groupMembers(pgid).length > 1, 5_000);
    const members = groupMembers(pgid);
    t.diagnostic(`process group ${pgid} before abort: ${members.length} live processes`);
    const tAbort = Date.now();
    controller.abort();
    const r = await running;
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.reason, 'cancelled');
    assert.ok(Date.now() - tAbort < 3_000, 'cancel returns promptly');
    assert.ok(await waitFor(() => groupMembers(pgid).length === 0, 5_000), `process group ${pgid} is gone: ${groupMembers(pgid)}`);

    // 2. a newer request with other content cancels the running one
    const first = compileEscapes({ packageDir: dir, unsaved: { [docFile]: bust() } });
    await new Promise((res) => setTimeout(res, 200));
    const latest = bust();
    const second = compileEscapes({ packageDir: dir, unsaved: { [docFile]: latest } });
    const r1 = await first;
    assert.equal(r1.ok, false);
    if (!r1.ok) {
      assert.equal(r1.reason, 'cancelled');
      assert.match(r1.message, /superseded/);
    }
    const r2 = ok(await second);
    assert.ok(r2.findings.length > 1000, `net/http findings: ${r2.findings.length}`);
    t.diagnostic(`net/http, new content (go cache miss): ${r2.durationMs} ms, ${r2.findings.length} findings`);
    const spawns = spawnCount();
    const r3 = ok(await compileEscapes({ packageDir: dir, unsaved: { [docFile]: latest } }));
    assert.equal(r3.fromCache, true);
    assert.equal(spawnCount(), spawns);
    t.diagnostic(`net/http, same content again (in-memory cache): ${r3.durationMs} ms`);
    clearEscapeCache(dir);
  });
});

describe('timeouts with a fake hanging go', { skip: UNIX ? false : 'the fake go is a POSIX shell script' }, () => {
  let fakeDir: string;
  let grandchildFile: string;
  before(() => {
    fakeDir = path.join(tmpRoot, 'fakego');
    fs.mkdirSync(fakeDir, { recursive: true });
    grandchildFile = path.join(fakeDir, 'grandchild.pid');
    // The FAKE tool is a shell script; the product still spawns it directly (no shell in between).
    fs.writeFileSync(
      path.join(fakeDir, 'go'),
      [
        '#!/bin/sh',
        'case "$1" in',
        '  version) echo "go version go1.99.0-fake linux/amd64"; exit 0 ;;',
        '  env) echo \'{"GOROOT":"/nonexistent","GOARCH":"amd64","GOOS":"linux","GOVERSION":"go1.99.0-fake","GOFLAGS":"","GOMOD":"","GOWORK":""}\'; exit 0 ;;',
        'esac',
        'sleep 300 &',
        `echo $! > '${grandchildFile}'`,
        'sleep 300',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
  });

  it('runGo kills the whole group on timeout', async () => {
    let pgid = 0;
    const r = await runGo(['build', '.'], { cwd: tmpRoot, goPath: fakeDir, timeoutMs: 400, onSpawn: (p) => (pgid = p) });
    assert.equal(r.timedOut, true);
    assert.equal(r.code, null);
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(r.durationMs < 3_000, `took ${r.durationMs} ms`);
    assert.ok(await waitFor(() => groupMembers(pgid).length === 0, 3_000), 'the fake go and its sleeping child are gone');
    const grandchild = Number(fs.readFileSync(grandchildFile, 'utf8'));
    assert.ok(grandchild > 0);
    assert.ok(!groupMembers(pgid).includes(grandchild));
  });

  it('compileEscapes reports a timeout and cleans up', async () => {
    let pgid = 0;
    const before = new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('gmh-esc-')));
    const r = await compileEscapes({
      packageDir: path.join(FIXTURE, 'esc'),
      goPath: path.join(fakeDir, 'go'),
      timeoutMs: 400,
      unsaved: { [path.join(FIXTURE, 'esc', 'esc.go')]: 'package esc\n' },
      onSpawn: (p) => (pgid = p),
    });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.reason, 'timeout');
      assert.match(r.message, /400 ms/);
    }
    assert.ok(pgid > 0);
    assert.ok(await waitFor(() => groupMembers(pgid).length === 0, 3_000));
    const leftover = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('gmh-esc-') && !before.has(n));
    assert.deepEqual(leftover, [], 'temporary directory removed');
  });

  it('a request for the same content right after the running build was cancelled starts a new build, not the dying one', async () => {
    // The editor's case: typing starts a build, the save cancels it (its only waiter leaves, the build is
    // killed) and asks again at once with the same content. The killed build lingers while a grandchild
    // outside its process group holds its pipes; joining it would return its "cancelled".
    const dir = path.join(tmpRoot, 'rejoin');
    fs.mkdirSync(dir, { recursive: true });
    // Outside the package directory: the files of the package are part of the cache key.
    const mark = path.join(tmpRoot, 'rejoin-second-run');
    const fake = path.join(tmpRoot, 'rejoin-go');
    fs.writeFileSync(
      fake,
      [
        '#!/bin/sh',
        'case "$1" in',
        '  version) echo "go version go1.99.0-fake linux/amd64"; exit 0 ;;',
        '  env) echo \'{"GOROOT":"/nonexistent","GOARCH":"amd64","GOOS":"linux","GOVERSION":"go1.99.0-fake","GOFLAGS":"","GOMOD":"","GOWORK":""}\'; exit 0 ;;',
        'esac',
        `if [ -f '${mark}' ]; then echo '# example.com/rejoin' >&2; exit 0; fi`,
        'setsid sleep 3 &',
        `touch '${mark}'`,
        'sleep 300',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(dir, 'x.go'), 'package x\n');
    const controller = new AbortController();
    const first = compileEscapes({ packageDir: dir, goPath: fake, signal: controller.signal });
    assert.ok(await waitFor(() => fs.existsSync(mark), 10_000), 'the first build started its grandchild');
    controller.abort();
    const second = await compileEscapes({ packageDir: dir, goPath: fake, timeoutMs: 10_000 });
    assert.equal((await first).ok, false);
    assert.equal(second.ok, true, JSON.stringify(second.ok ? '' : { reason: second.reason, message: second.message }));
  });

  it('a missing go is reported, not thrown', async () => {
    const r = await compileEscapes({ packageDir: path.join(FIXTURE, 'esc'), goPath: path.join(tmpRoot, 'no-such-go') });
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.reason, 'go-missing');
  });
});
