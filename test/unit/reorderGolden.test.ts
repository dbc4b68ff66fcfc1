import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { defaultBuildContext } from '../../server/src/analysis/buildConstraints';
import { indexPackage } from '../../server/src/analysis/goPackage';
import { analyzeStructs, layoutEngineFor, reportStruct } from '../../server/src/analysis/layout';
import { layoutFindings } from '../../server/src/analysis/layout/findings';
import { reorderFix } from '../../server/src/analysis/layout/reorder';
import { applyTextEdits } from '../../server/src/analysis/layout/reorderApply';
import type { Finding } from '../../server/src/analysis/types';
import { initParser } from '../../server/src/syntax/parser';
import { importPathOf, PackageLoader, stripBom } from '../../server/src/workspace/packageLoader';
import { loadStdTables } from '../../server/src/workspace/stdData';

/**
 * Golden files for the "Reorder fields for minimal size" fix:
 * test/testdata/reorder/<case>/x.go → x.go.golden (amd64) and x.go.<goarch>.golden.
 * A case expects refusals with `// want-refusal: "substring"` comments in x.go (the
 * golden then equals the input). UPDATE_GOLDEN=1 rewrites the goldens.
 */
const ROOT = path.join(__dirname, '..', '..', '..', 'test', 'testdata', 'reorder');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Run {
  findings: Finding[];
  text: string;
}

function analyze(dir: string, file: string, text: string, goarch: string): Run {
  const overlays = { textOf: (p: string) => (p === file ? { text } : undefined) };
  const pkg = new PackageLoader(overlays).load(dir, defaultBuildContext({ goarch, goos: 'linux' }), { importPath: importPathOf(dir) });
  const index = indexPackage(pkg);
  const reports = analyzeStructs(index, { goarch, std: loadStdTables().layout });
  const findings = layoutFindings(reports, index, () => false).filter((f) => f.file === file);
  // Idempotence at the source of the fix: an optimal struct never gets a fix.
  for (const r of reports) {
    if (r.file.path !== file || !r.layout || !r.optimal) continue;
    if (r.optimal.size === r.layout.size && r.optimal.ptrdata === r.layout.ptrdata) {
      assert.equal(reorderFix(r, index).fix, undefined, `${r.name} is optimal but got a fix`);
    }
  }
  return { findings, text };
}

/** Applies fixes one at a time, re-analyzing after each (as a user clicking them would). */
function fixAll(dir: string, file: string, input: string, goarch: string): { text: string; refusals: string[]; applied: number } {
  let text = input;
  let applied = 0;
  for (let i = 0; i < 50; i++) {
    const run = analyze(dir, file, text, goarch);
    const f = run.findings.find((x) => x.fixes.length > 0);
    if (!f) return { text, refusals: run.findings.map((x) => x.noFixReason ?? ''), applied };
    text = applyTextEdits(text, f.fixes[0].edits);
    applied++;
  }
  throw new Error('fixes do not converge');
}

function cases(): string[] {
  return fs
    .readdirSync(ROOT, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function goldensOf(dir: string): { goarch: string; golden: string }[] {
  const out = [{ goarch: 'amd64', golden: path.join(dir, 'x.go.golden') }];
  for (const n of fs.readdirSync(dir)) {
    const m = /^x\.go\.([a-z0-9]+)\.golden$/.exec(n);
    if (m) out.push({ goarch: m[1], golden: path.join(dir, n) });
  }
  return out;
}

const GO = process.env.GO || 'go';
function hasGo(): boolean {
  const r = spawnSync(GO, ['version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0;
}

function run(cmd: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}, input?: string) {
  return spawnSync(cmd, args, {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, PWD: cwd, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', ...extraEnv },
  });
}

before(async () => {
  await initParser();
});

const checked: { dir: string; goarch: string; text: string; name: string }[] = [];

for (const name of cases()) {
  test(`reorder golden: ${name}`, () => {
    const dir = path.join(ROOT, name);
    const file = path.join(dir, 'x.go');
    const input = stripBom(fs.readFileSync(file, 'utf8'));
    const wants = [...input.matchAll(/\/\/ want-refusal: "([^"]+)"/g)].map((m) => m[1]);
    for (const { goarch, golden } of goldensOf(dir)) {
      const got = fixAll(dir, file, input, goarch);
      if (UPDATE) fs.writeFileSync(golden, got.text);
      const want = fs.readFileSync(golden, 'utf8');
      assert.equal(got.text, want, `${name} (${goarch}): output differs from ${path.basename(golden)}`);
      if (wants.length) {
        assert.equal(got.applied, 0, `${name}: a refusal case must not be fixed`);
        assert.equal(got.text, input);
        for (const w of wants) assert.ok(got.refusals.some((r) => r.includes(w)), `${name}: no refusal contains "${w}"; got ${JSON.stringify(got.refusals)}`);
      }
      // Applying again changes nothing: the fixed structs are optimal.
      const again = analyze(dir, file, got.text, goarch);
      assert.deepEqual(again.findings.filter((f) => f.fixes.length > 0).map((f) => f.message), [], `${name} (${goarch}): second run still offers a fix`);
      checked.push({ dir, goarch, text: got.text, name: `${name}/${path.basename(golden)}` });
    }
  });
}

test('reorder goldens are gofmt-clean and build with the real go', (t) => {
  if (!hasGo()) {
    if (process.env.CI === 'true') assert.fail('go is not installed but CI=true');
    t.skip('go not found: skipping the gofmt/build check of the goldens');
    return;
  }
  const gofmt = path.join(spawnSync(GO, ['env', 'GOROOT'], { encoding: 'utf8' }).stdout.trim(), 'bin', 'gofmt');
  const gofmtBin = fs.existsSync(gofmt) ? gofmt : 'gofmt';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reorder-golden-'));
  try {
    const byArch = new Map<string, string[]>();
    checked.forEach((c, i) => {
      // gofmt: the golden must be unchanged (CRLF files compare after normalising line ends).
      const lf = c.text.replace(/\r\n/g, '\n');
      const r = run(gofmtBin, [], tmp, {}, lf);
      assert.equal(r.status, 0, `${c.name}: gofmt failed: ${r.stderr}`);
      assert.equal(r.stdout, lf, `${c.name}: golden is not gofmt-clean`);
      const pkgDir = path.join(tmp, `c${i}`);
      fs.mkdirSync(pkgDir);
      fs.writeFileSync(path.join(pkgDir, 'x.go'), c.text);
      for (const n of fs.readdirSync(c.dir)) if (n.endsWith('.go') && !n.endsWith('_test.go') && n !== 'x.go') fs.copyFileSync(path.join(c.dir, n), path.join(pkgDir, n));
      byArch.set(c.goarch, [...(byArch.get(c.goarch) ?? []), `./c${i}`]);
    });
    fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/goldens\n\ngo 1.24\n');
    for (const [goarch, pkgs] of byArch) {
      const b = run(GO, ['build', ...pkgs], tmp, { GOARCH: goarch, GOOS: 'linux' });
      assert.equal(b.status, 0, `go build (${goarch}) failed:\n${b.stderr}`);
      const v = run(GO, ['vet', ...pkgs], tmp, { GOARCH: goarch, GOOS: 'linux' });
      assert.equal(v.status, 0, `go vet (${goarch}) failed:\n${v.stderr}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('reorder refuses a struct with syntax errors', () => {
  const dir = path.join(os.tmpdir(), 'reorder-syntax');
  const file = path.join(dir, 'x.go');
  const text = 'package p\n\ntype T struct {\n\ta bool\n\tb int64 = 3\n\tc bool\n}\n';
  const pkg = new PackageLoader({ textOf: (p: string) => (p === file ? { text } : undefined) }).load(dir, defaultBuildContext({ goarch: 'amd64', goos: 'linux' }), {
    extraFiles: [file],
  });
  const index = indexPackage(pkg);
  const node = pkg.files[0].tree.rootNode.descendantsOfType('struct_type')[0]!;
  assert.ok(node.hasError, 'fixture must have a syntax error');
  const report = reportStruct(node, pkg.files[0], index, layoutEngineFor(index, { goarch: 'amd64' }));
  const got = reorderFix(report, index);
  assert.equal(got.fix, undefined);
  assert.match(got.refusal ?? '', /syntax error|not known/);
});
