import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

/**
 * Every fix golden (and every input and hint fixture) builds, passes `go vet` and
 * is gofmt-clean with the real toolchain. Each case directory is its own
 * `package main`; it is copied with a go.mod into a temp dir (the sources stay in
 * testdata). Without `go`: skipped with a message, but failing when CI=true.
 */
const TESTDATA = path.resolve(__dirname, '../../../test/testdata');

function goBinary(): string | undefined {
  const r = spawnSync('go', ['version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 ? 'go' : undefined;
}

function run(cmd: string, args: string[], cwd: string): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000, env: { ...process.env, PWD: cwd, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' } });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function caseDirs(kind: 'fixes' | 'hints'): string[] {
  const root = path.join(TESTDATA, kind);
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).map((d) => path.join(root, d)).filter((d) => fs.statSync(d).isDirectory()).sort();
}

/** Copies `files` (dest name → source path) into a fresh module and runs build, vet and gofmt -l. */
function check(files: Map<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memhints-golden-'));
  try {
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/golden\n\ngo 1.22\n');
    for (const [name, src] of files) fs.copyFileSync(src, path.join(dir, name));
    const problems: string[] = [];
    const build = run('go', ['build', '-o', os.devNull, '.'], dir);
    if (!build.ok) problems.push(`go build:\n${build.out}`);
    const vet = run('go', ['vet', '.'], dir);
    if (!vet.ok) problems.push(`go vet:\n${vet.out}`);
    const fmt = run('gofmt', ['-l', '-d', '.'], dir);
    if (!fmt.ok || fmt.out.trim() !== '') problems.push(`gofmt:\n${fmt.out}`);
    return problems;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('goldens build with the real toolchain', () => {
  const go = goBinary();
  const skip = !go && process.env.CI !== 'true' ? 'go is not installed (set CI=true to make this a failure)' : false;
  it('go is available when CI=true', { skip: skip || (process.env.CI !== 'true' && 'not in CI') }, () => {
    assert.ok(go, 'go binary missing in CI');
  });
  for (const dir of caseDirs('fixes')) {
    const base = path.basename(dir);
    it(`fixes/${base}: golden builds, vets and is gofmt-clean`, { skip }, () => {
      assert.ok(go, 'go binary missing in CI');
      const goldens = fs.readdirSync(dir).filter((f) => f.endsWith('.go.golden'));
      assert.ok(goldens.length > 0);
      assert.deepEqual(check(new Map(goldens.map((g) => [g.replace(/\.golden$/, ''), path.join(dir, g)]))), []);
    });
    it(`fixes/${base}: input builds, vets and is gofmt-clean`, { skip }, () => {
      assert.ok(go, 'go binary missing in CI');
      const inputs = fs.readdirSync(dir).filter((f) => f.endsWith('.go'));
      assert.deepEqual(check(new Map(inputs.map((g) => [g, path.join(dir, g)]))), []);
    });
  }
  for (const dir of caseDirs('hints')) {
    it(`hints/${path.basename(dir)}: fixture builds and vets`, { skip }, () => {
      assert.ok(go, 'go binary missing in CI');
      const inputs = fs.readdirSync(dir).filter((f) => f.endsWith('.go'));
      assert.deepEqual(check(new Map(inputs.map((g) => [g, path.join(dir, g)]))), []);
    });
  }
});
