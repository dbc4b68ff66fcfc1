#!/usr/bin/env node
// Whole-library check of the quick fixes (issue 5, Proof).
//
// For each standard-library package: run our hints + fixes over its build files
// (as `go list` selects them for this machine), write the fixed files to a temp
// dir, and run `go build -overlay`, `go vet -overlay` and `go test -overlay` on the
// package, so the fixed copies are substituted in place. Nothing is copied into
// the repository. Also proves the overlay is honoured: a deliberately broken
// overlay of the first package must make `go build` fail.
//
// Usage: node scripts/stdlib-fix-check.js [--json] [--no-test] [--fix-all-only] [PKG...]
//   --fix-all-only   only the fixes of "Fix all" (default: also those that need review,
//                    i.e. upper-bound preallocations, since they must be safe too)
// Needs the compiled modules (npx tsc -p .). Exit 1 on any failure.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'out', 'server', 'src');
// Packages where the fixes fire (found by scanning `go list std`; strings, bytes,
// strconv, encoding/json, net/url have nothing to fix).
const DEFAULT_PKGS = [
  'go/types', 'crypto/x509', 'crypto/x509/pkix', 'debug/dwarf', 'debug/pe', 'archive/zip', 'archive/tar',
  'testing/fstest', 'go/ast', 'go/build', 'go/doc/comment', 'encoding/gob', 'text/scanner', 'text/template/parse',
  'net/http/cookiejar', 'net/http/fcgi', 'net/http/cgi',
];

function parseArgs(argv) {
  const o = { json: false, test: true, review: true, pkgs: [] };
  for (const a of argv) {
    if (a === '--json') o.json = true;
    else if (a === '--no-test') o.test = false;
    else if (a === '--fix-all-only') o.review = false;
    else if (a.startsWith('-')) throw new Error(`unknown flag ${a}`);
    else o.pkgs.push(a);
  }
  if (o.pkgs.length === 0) o.pkgs = DEFAULT_PKGS;
  return o;
}

/** Runs a command without a shell, with PWD = cwd (the go command trusts $PWD). */
function run(cmd, args, cwd, timeoutMs) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, PWD: cwd, GOTOOLCHAIN: 'local', GOFLAGS: '' },
  });
  const out = `${r.stdout || ''}${r.stderr || ''}${r.error ? `\n${r.error.message}` : ''}`;
  return { ok: r.status === 0 && !r.error, out, ms: Date.now() - t0, timedOut: r.error && r.error.code === 'ETIMEDOUT' };
}

function requireOut(rel) {
  const p = path.join(OUT, rel);
  if (!fs.existsSync(p + '.js')) throw new Error(`missing ${p}.js: run \`npx tsc -p .\` first`);
  return require(p);
}

function tail(s, n = 30) {
  const lines = s.trim().split('\n');
  return lines.slice(-n).join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const go = run('go', ['version'], os.tmpdir(), 30_000);
  if (!go.ok) {
    console.error('stdlib-fix-check: `go` is not available:\n' + go.out);
    process.exit(1);
  }
  const { initParser, parseGo } = requireOut('syntax/parser');
  const { indexPackage } = requireOut('analysis/goPackage');
  const { analyzePackage } = requireOut('analysis/analyze');
  const { fixAllText } = requireOut('analysis/fixes/index');
  let std = {};
  try {
    std = requireOut('workspace/stdData').loadStdTables();
  } catch {
    std = {};
  }
  await initParser();

  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'memhints-stdfix-')));
  const results = [];
  let overlayProven = false;
  try {
    for (const pkgPath of opts.pkgs) {
      const res = { pkg: pkgPath, files: 0, findings: 0, fixes: {}, applied: 0, refused: 0, build: null, vet: null, test: null, errors: [] };
      results.push(res);
      const list = run('go', ['list', '-json', pkgPath], work, 120_000);
      if (!list.ok) {
        res.errors.push(`go list: ${tail(list.out)}`);
        continue;
      }
      const meta = JSON.parse(list.out);
      const dir = fs.realpathSync(meta.Dir);
      const files = (meta.GoFiles || []).map((f) => {
        const p = path.join(dir, f);
        const text = fs.readFileSync(p, 'utf8');
        return { path: p, text, tree: parseGo(text) };
      });
      res.files = files.length;
      const index = indexPackage({ dir, importPath: pkgPath, files });
      // Every fix the editor's "Fix all" applies: allocation hints, advice, struct reordering.
      const analysis = analyzePackage(index, { goarch: process.env.GOARCH || 'amd64', std, categories: new Set(['layout', 'alloc', 'advice']), largeCopyThreshold: 128 });
      for (const e of analysis.errors) res.errors.push(`analysis: ${e.split('\n')[0]}`);
      const findings = analysis.findings;
      res.findings = findings.length;
      res.refused = findings.filter((f) => f.noFixReason).length;
      const overlay = { Replace: {} };
      const pkgDir = path.join(work, pkgPath.replace(/\//g, '_'));
      fs.mkdirSync(pkgDir, { recursive: true });
      for (const file of index.files.values()) {
        const { text, applied } = fixAllText(file, findings, { includeReviewFixes: opts.review });
        if (applied.length === 0) continue;
        for (const fix of applied) res.fixes[fix.kind] = (res.fixes[fix.kind] || 0) + 1;
        res.applied += applied.length;
        const copy = path.join(pkgDir, path.basename(file.file.path));
        fs.writeFileSync(copy, text);
        overlay.Replace[file.file.path] = copy;
      }
      const overlayFile = path.join(pkgDir, 'overlay.json');
      fs.writeFileSync(overlayFile, JSON.stringify(overlay, null, 1));
      if (!overlayProven && Object.keys(overlay.Replace).length > 0) {
        // The overlay must really be used: a broken copy has to break the build.
        const [orig] = Object.keys(overlay.Replace);
        const broken = path.join(pkgDir, 'broken.go.txt');
        fs.writeFileSync(broken, fs.readFileSync(overlay.Replace[orig], 'utf8') + '\nfunc memhintsOverlayCanary( {\n');
        const bad = path.join(pkgDir, 'overlay-broken.json');
        fs.writeFileSync(bad, JSON.stringify({ Replace: { ...overlay.Replace, [orig]: broken } }));
        const b = run('go', ['build', `-overlay=${bad}`, pkgPath], work, 300_000);
        if (b.ok) res.errors.push('overlay not honoured: a broken overlay still built (check PWD / symlinked paths)');
        else overlayProven = true;
      }
      const ov = `-overlay=${overlayFile}`;
      const build = run('go', ['build', ov, pkgPath], work, 600_000);
      res.build = build.ok;
      if (!build.ok) res.errors.push(`go build: ${tail(build.out)}`);
      const vet = run('go', ['vet', ov, pkgPath], work, 600_000);
      res.vet = vet.ok;
      if (!vet.ok) res.errors.push(`go vet: ${tail(vet.out)}`);
      if (opts.test) {
        const test = run('go', ['test', ov, '-count=1', pkgPath], work, 900_000);
        res.test = test.ok;
        if (!test.ok) res.errors.push(`go test${test.timedOut ? ' (timeout)' : ''}: ${tail(test.out)}`);
      }
      if (!opts.json) {
        const kinds = Object.entries(res.fixes).map(([k, n]) => `${k}=${n}`).join(' ') || '-';
        const flag = (v) => (v === null ? 'skip' : v ? 'ok' : 'FAIL');
        console.log(`${pkgPath.padEnd(20)} files=${res.files} findings=${res.findings} refused=${res.refused} applied=${res.applied} [${kinds}] build=${flag(res.build)} vet=${flag(res.vet)} test=${flag(res.test)}`);
        for (const e of res.errors) console.log('    ' + e.split('\n').join('\n    '));
      }
    }
  } finally {
    if (!process.env.MEMHINTS_KEEP) fs.rmSync(work, { recursive: true, force: true });
  }
  const failed = results.filter((r) => r.errors.length > 0 || r.build === false || r.vet === false || r.test === false);
  const total = results.reduce((n, r) => n + r.applied, 0);
  const byKind = {};
  for (const r of results) for (const [k, n] of Object.entries(r.fixes)) byKind[k] = (byKind[k] || 0) + n;
  if (opts.json) {
    console.log(JSON.stringify({ packages: results, applied: total, byKind, overlayProven, failed: failed.map((r) => r.pkg) }, null, 2));
  } else {
    console.log(`\nsummary: ${results.length} packages, ${total} fixes applied (${Object.entries(byKind).map(([k, n]) => `${k}=${n}`).join(', ') || 'none'}), overlay proven: ${overlayProven ? 'yes' : 'no'}, ${failed.length} failed${failed.length ? ': ' + failed.map((r) => r.pkg).join(' ') : ''}`);
  }
  process.exit(failed.length > 0 || total === 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
