/**
 * A large workspace (5,000 files in 250 packages, generated into a temp dir) opened
 * in the server: only the packages of open documents are read and analyzed — at
 * start, after idle time, and as documents open — and the first diagnostics come
 * within budget. Counted through the file system: every directory listing and
 * source read the server does in this process goes through `fs`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { spawnCount } from '../../server/src/compiler/run';
import { writeFakeGo } from '../helpers/robustFakeGo';
import { RobustServer } from '../helpers/robustHarness';
import realFs = require('node:fs');

const PACKAGES = 250;
const FILES_PER_PACKAGE = 20;
let root: string;

function pkgDir(i: number): string {
  return path.join(root, 'pkg', `p${String(i).padStart(3, '0')}`);
}

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-bigws-'));
  fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/big\n\ngo 1.22\n');
  for (let i = 0; i < PACKAGES; i++) {
    const dir = pkgDir(i);
    fs.mkdirSync(dir, { recursive: true });
    for (let j = 0; j < FILES_PER_PACKAGE; j++) {
      fs.writeFileSync(
        path.join(dir, `f${j}.go`),
        `package p${i}\n\ntype S${j} struct {\n\ta bool\n\tb int64\n\tc bool\n}\n\nfunc New${j}(n int) *S${j} {\n\ts := S${j}{b: int64(n)}\n\treturn &s\n}\n`,
      );
    }
  }
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

/**
 * Records the workspace directories listed and files read while it is installed. It
 * patches the `fs` module object itself, which the server's modules read through
 * their import bindings at each call.
 */
function spyOnFs() {
  const listed = new Set<string>();
  const read = new Set<string>();
  const origReaddir = realFs.readdirSync;
  const origRead = realFs.readFileSync;
  const within = (p: unknown) => typeof p === 'string' && p.startsWith(root);
  (realFs as { readdirSync: unknown }).readdirSync = function (this: unknown, p: fs.PathLike, ...rest: unknown[]) {
    if (within(p)) listed.add(String(p));
    return (origReaddir as (...a: unknown[]) => unknown).call(this, p, ...rest);
  };
  (realFs as { readFileSync: unknown }).readFileSync = function (this: unknown, p: fs.PathOrFileDescriptor, ...rest: unknown[]) {
    if (within(p) && String(p).endsWith('.go')) read.add(String(p));
    return (origRead as (...a: unknown[]) => unknown).call(this, p, ...rest);
  };
  return {
    listed,
    read,
    restore() {
      (realFs as { readdirSync: unknown }).readdirSync = origReaddir;
      (realFs as { readFileSync: unknown }).readFileSync = origRead;
    },
  };
}

const packagesOf = (files: Set<string>) => new Set([...files].map((f) => path.dirname(f)));

test('opening a 5,000-file workspace analyzes only the packages of open documents', async () => {
  const spy = spyOnFs();
  const server = new RobustServer({ compiler: 'off' });
  try {
    const t0 = Date.now();
    await server.initialize(root);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual([...spy.listed], [], 'nothing is listed at start');
    assert.deepEqual([...spy.read], [], 'nothing is read at start');

    const file = path.join(pkgDir(7), 'f3.go');
    const uri = 'file://' + file;
    await server.open(uri, fs.readFileSync(file, 'utf8'));
    const p = await server.diagnosticsFor(uri, 1, 5_000);
    const firstMs = Date.now() - t0;
    assert.ok(p.diagnostics.some((d) => d.message.startsWith('moved to heap: s')));
    assert.ok(firstMs < 3_000, `start to first diagnostics: ${firstMs} ms`);
    // idle time brings no background work
    await new Promise((r) => setTimeout(r, 1_500));
    assert.deepEqual([...packagesOf(spy.read)], [pkgDir(7)], 'only the open package was read');
    assert.ok(spy.read.size <= FILES_PER_PACKAGE, `${spy.read.size} files read`);
    assert.deepEqual([...spy.listed].filter((d) => d !== pkgDir(7)), [], 'only the open package was listed');

    // two more documents in two more packages: exactly those two more
    for (const i of [42, 199]) {
      const f = path.join(pkgDir(i), 'f0.go');
      await server.open('file://' + f, fs.readFileSync(f, 'utf8'));
      await server.diagnosticsFor('file://' + f, 1, 5_000);
    }
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual([...packagesOf(spy.read)].sort(), [pkgDir(7), pkgDir(42), pkgDir(199)].sort());
    console.log(`# 5,000-file workspace: first diagnostics ${firstMs} ms after start; ${spy.read.size} of ${PACKAGES * FILES_PER_PACKAGE} files read`);
    assert.deepEqual(server.failures(), []);
  } finally {
    spy.restore();
    await server.dispose();
  }
});

test('with the compiler on, only the packages of open documents are built', { skip: process.platform === 'win32' ? 'POSIX fake go' : false }, async () => {
  const fake = writeFakeGo(path.join(root, '..', path.basename(root) + '-go'), 'failing');
  const server = new RobustServer({ compiler: 'on', goPath: fake });
  const before = spawnCount();
  try {
    await server.initialize(root, true);
    const file = path.join(pkgDir(3), 'f1.go');
    const uri = 'file://' + file;
    await server.open(uri, fs.readFileSync(file, 'utf8'));
    await server.diagnosticsFor(uri, 1, 5_000);
    await new Promise((r) => setTimeout(r, 1_000));
    // go version + go env (once) + one build of the open package
    assert.ok(spawnCount() - before <= 3, `${spawnCount() - before} processes started`);
  } finally {
    await server.dispose();
    fs.rmSync(path.dirname(fake), { recursive: true, force: true });
  }
});
