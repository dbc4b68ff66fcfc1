import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { ADVICE_CODES, analyzeAdvice } from '../../server/src/analysis/advice';
import { applyFixes, fixAllEdits } from '../../server/src/analysis/fixes';
import { GoPackage, indexPackage } from '../../server/src/analysis/goPackage';
import type { StdTables } from '../../server/src/analysis/stdTables';
import type { Finding } from '../../server/src/analysis/types';
import { initParser, parseGo } from '../../server/src/syntax/parser';
import { loadStdTables } from '../../server/src/workspace/stdData';
import { loadFixturePackage } from '../helpers/fixturePackage';

/**
 * Advice fixtures (issue 8): every directory of test/testdata/advice is a Go
 * package. Lines carry `// want "regex"` for each expected finding (matched
 * against `code: message`); every other line must stay silent. A directory's
 * optional go.mod gives the Go version the analysis is told. Directories with
 * `x.go.golden` files are fix goldens: applying every offered fix (fix-all and
 * review fixes) gives the golden text, applying again changes nothing, and
 * `// nofix "regex"` lines must carry a finding whose noFixReason matches.
 * UPDATE_GOLDEN=1 rewrites the goldens. With the real `go`, every input and
 * golden builds, vets and is gofmt-clean (skipped without go unless CI=true).
 */
const ADVICE = path.resolve(__dirname, '../../../test/testdata/advice');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function caseDirs(): string[] {
  if (!fs.existsSync(ADVICE)) return [];
  return fs.readdirSync(ADVICE).filter((d) => fs.statSync(path.join(ADVICE, d)).isDirectory()).sort();
}

function goVersionOf(dir: string): string | undefined {
  const mod = path.join(dir, 'go.mod');
  if (!fs.existsSync(mod)) return undefined;
  return /^go\s+(\d+\.\d+)/m.exec(fs.readFileSync(mod, 'utf8'))?.[1];
}


let std: StdTables = {};

function analyze(pkg: GoPackage, dir: string): Finding[] {
  return analyzeAdvice(indexPackage(pkg), { std, goVersion: goVersionOf(dir), goarch: 'amd64' });
}

function wants(text: string, tag: 'want' | 'nofix'): Map<number, RegExp[]> {
  const out = new Map<number, RegExp[]>();
  text.split('\n').forEach((line, i) => {
    const m = new RegExp(`// ${tag} ((?:"(?:[^"\\\\]|\\\\.)*"\\s*)+)`).exec(line);
    if (!m) return;
    out.set(i, [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => new RegExp(JSON.parse(`"${x[1]}"`))));
  });
  return out;
}

const render = (f: Finding) => `${f.code}: ${f.message}`;

/**
 * Applies every offered fix: per file the "fix all" selection (review fixes included), plus the fixes
 * whose edits span several files (a pool used from two files), once each.
 */
function fixPackage(pkg: GoPackage, findings: Finding[]): Map<string, string> {
  const index = indexPackage(pkg);
  const multi = new Map<string, Finding['fixes'][number]>();
  for (const f of findings) for (const fix of f.fixes) if (new Set(fix.edits.map((e) => e.file)).size > 1) multi.set(JSON.stringify(fix.edits), fix);
  const texts = new Map<string, string>();
  for (const file of index.files.values()) {
    const edits = [...fixAllEdits(file, findings, { includeReviewFixes: true }).edits];
    for (const fix of multi.values()) edits.push(...fix.edits.filter((e) => e.file === file.file.path));
    texts.set(file.file.path, applyFixes(file.file.text, edits));
  }
  return texts;
}

describe('advice fixtures', () => {
  before(async () => {
    await initParser();
    std = loadStdTables();
  });
  const cases = caseDirs();
  it('has fixtures', () => assert.ok(cases.length > 0));
  for (const c of cases) {
    it(c, () => {
      const dir = path.join(ADVICE, c);
      const pkg = loadFixturePackage(dir, { importPath: `example.com/advice/${path.basename(dir)}` });
      const findings = analyze(pkg, dir);
      const problems: string[] = [];
      for (const f of findings) {
        if (!ADVICE_CODES.some((x) => x.code === f.code)) problems.push(`unknown code ${f.code}`);
        if (f.category !== 'advice') problems.push(`${f.code}: category ${f.category}`);
        if (f.why[f.why.length - 1] !== `See docs/hints.md#${f.code}`) problems.push(`${f.code}: why does not end with the catalogue link`);
      }
      for (const file of pkg.files) {
        const ws = wants(file.text, 'want');
        const mine = findings.filter((f) => f.file === file.path);
        const lines = new Set([...ws.keys(), ...mine.map((f) => f.range.start.line)]);
        for (const line of [...lines].sort((a, b) => a - b)) {
          const got = mine.filter((f) => f.range.start.line === line);
          const unmatched = [...got];
          for (const re of ws.get(line) ?? []) {
            const k = unmatched.findIndex((f) => re.test(render(f)));
            if (k < 0) problems.push(`${path.basename(file.path)}:${line + 1}: no finding matches ${re}; got ${JSON.stringify(got.map(render))}`);
            else unmatched.splice(k, 1);
          }
          for (const f of unmatched) problems.push(`${path.basename(file.path)}:${line + 1}: unexpected ${render(f)}`);
        }
        for (const [line, res] of wants(file.text, 'nofix')) {
          for (const re of res) {
            const f = findings.find((x) => x.file === file.path && x.range.start.line === line && x.noFixReason && re.test(x.noFixReason));
            if (!f) problems.push(`${path.basename(file.path)}:${line + 1}: no noFixReason matches ${re}; got ${JSON.stringify(findings.filter((x) => x.range.start.line === line).map((x) => x.noFixReason ?? '(fix offered)'))}`);
            else if (f.fixes.length) problems.push(`${path.basename(file.path)}:${line + 1}: a refused finding carries a fix`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });
    const dir = path.join(ADVICE, c);
    const goldens = fs.readdirSync(dir).filter((f) => f.endsWith('.go.golden'));
    if (goldens.length === 0) continue;
    it(`${c}: fixes give the golden and are idempotent`, () => {
      const pkg = loadFixturePackage(dir, { importPath: `example.com/advice/${path.basename(dir)}` });
      const findings = analyze(pkg, dir);
      const texts = fixPackage(pkg, findings);
      for (const file of pkg.files) {
        const golden = `${file.path}.golden`;
        const got = texts.get(file.path)!;
        if (UPDATE) fs.writeFileSync(golden, got);
        assert.ok(fs.existsSync(golden), `missing ${golden} (run with UPDATE_GOLDEN=1)`);
        assert.equal(got, fs.readFileSync(golden, 'utf8'), `${path.basename(golden)} differs`);
        assert.equal(parseGo(got).rootNode.hasError, false, 'fixed text has syntax errors');
      }
      if (c.startsWith('refuse-')) {
        for (const file of pkg.files) assert.equal(texts.get(file.path), file.text, 'a refusal case must not change');
        assert.ok(findings.some((f) => f.noFixReason), 'a refusal case needs a finding with noFixReason');
      } else {
        assert.ok(pkg.files.some((f) => texts.get(f.path) !== f.text), 'a fix case must change something');
      }
      // idempotent: the fixed package offers nothing more to change
      const again = loadFixturePackage(dir, { importPath: `example.com/advice/${path.basename(dir)}`, texts: texts });
      const texts2 = fixPackage(again, analyze(again, dir));
      for (const f of again.files) assert.equal(texts2.get(f.path), f.text, `${path.basename(f.path)}: applying the fixes again changes the text`);
    });
  }
});

// ---- the real toolchain ------------------------------------------------------

function goAvailable(): boolean {
  return spawnSync('go', ['version'], { encoding: 'utf8', timeout: 30_000 }).status === 0;
}

function run(cmd: string, args: string[], cwd: string): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000, env: { ...process.env, PWD: cwd, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' } });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Copies files (dest name → source) into a fresh module and runs go build, go vet and gofmt -l. */
function buildCheck(files: Map<string, string>, goVersion: string): string[] {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memhints-advice-'));
  try {
    fs.writeFileSync(path.join(tmp, 'go.mod'), `module example.com/advice\n\ngo ${goVersion}\n`);
    for (const [name, src] of files) fs.copyFileSync(src, path.join(tmp, name));
    const problems: string[] = [];
    const build = run('go', ['build', './...'], tmp);
    if (!build.ok) problems.push(`go build:\n${build.out}`);
    const vet = run('go', ['vet', './...'], tmp);
    if (!vet.ok) problems.push(`go vet:\n${vet.out}`);
    const fmt = run('gofmt', ['-l', '-d', '.'], tmp);
    if (!fmt.ok || fmt.out.trim() !== '') problems.push(`gofmt:\n${fmt.out}`);
    return problems;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

describe('advice fixtures and goldens build with the real toolchain', () => {
  const go = goAvailable();
  const skip = !go && process.env.CI !== 'true' ? 'go is not installed (set CI=true to make this a failure)' : false;
  for (const c of caseDirs()) {
    const dir = path.join(ADVICE, c);
    const version = goVersionOf(dir) ?? '1.26';
    const inputs = fs.readdirSync(dir).filter((f) => f.endsWith('.go'));
    it(`${c}: input builds, vets and is gofmt-clean`, { skip }, () => {
      assert.ok(go, 'go binary missing in CI');
      assert.deepEqual(buildCheck(new Map(inputs.map((g) => [g, path.join(dir, g)])), version), []);
    });
    const goldens = fs.readdirSync(dir).filter((f) => f.endsWith('.go.golden'));
    if (goldens.length === 0) continue;
    it(`${c}: golden builds, vets and is gofmt-clean`, { skip }, () => {
      assert.ok(go, 'go binary missing in CI');
      const files = new Map(inputs.map((g) => [g, path.join(dir, g)]));
      for (const g of goldens) files.set(g.replace(/\.golden$/, ''), path.join(dir, g));
      assert.deepEqual(buildCheck(files, version), []);
    });
  }
});
