#!/usr/bin/env node
// Runs the advice hints (issue 8) over every package of the standard library in
// place (GOROOT/src, non-test files selected by the build constraints of this
// machine's GOOS/GOARCH), and prints how often each code fires plus sample
// findings per code, for reading by hand.
//
// Usage: node scripts/advice-stdlib-report.js [--samples N] [--json] [--seed S] [--code CODE] [--with-cmd] [--go 1.N] [DIR-PREFIX...]
//   --go 1.N    analyze as if go.mod said 1.N (default: the go line of GOROOT/src/go.mod)
//   DIR-PREFIX  only packages whose import path starts with one of these (default: all; cmd/ only with --with-cmd)
// Needs the compiled modules (npx tsc -p .). Reads GOROOT from `go env GOROOT` (or $GOROOT).
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
// Deterministic shuffle (mulberry32, the benchmark's) so samples are spread over the library.
const { rng } = require('./bench/edits');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'out', 'server', 'src');

function requireOut(rel) {
  const p = path.join(OUT, rel);
  if (!fs.existsSync(p + '.js')) throw new Error(`missing ${p}.js: run \`npx tsc -p .\` first`);
  return require(p);
}

function parseArgs(argv) {
  const o = { samples: 10, json: false, seed: 1, codes: [], prefixes: [], withCmd: false, go: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--samples') o.samples = Number(argv[++i]);
    else if (a === '--json') o.json = true;
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--code') o.codes.push(argv[++i]);
    else if (a === '--with-cmd') o.withCmd = true;
    else if (a === '--go') o.go = argv[++i];
    else if (a.startsWith('-')) throw new Error(`unknown flag ${a}`);
    else o.prefixes.push(a);
  }
  return o;
}

function goroot() {
  if (process.env.GOROOT) return process.env.GOROOT;
  const r = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  if (r.status !== 0) throw new Error('`go env GOROOT` failed; set GOROOT');
  return r.stdout.trim();
}

/** Package directories under GOROOT/src (skipping testdata, hidden dirs, and cmd unless asked). */
function packageDirs(src, withCmd) {
  const out = [];
  const visit = (dir, rel) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name.endsWith('.go') && !e.name.endsWith('_test.go'))) out.push({ dir, rel });
    for (const e of entries) {
      if (!e.isDirectory() || e.name === 'testdata' || e.name.startsWith('.') || e.name.startsWith('_')) continue;
      if (rel === '' && e.name === 'cmd' && !withCmd) continue;
      visit(path.join(dir, e.name), rel ? `${rel}/${e.name}` : e.name);
    }
  };
  visit(src, '');
  return out.sort((a, b) => (a.rel < b.rel ? -1 : 1));
}


async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { initParser } = requireOut('syntax/parser');
  const { indexPackage } = requireOut('analysis/goPackage');
  const { analyzeAdvice, ADVICE_CODES } = requireOut('analysis/advice/index');
  const { PackageChecker } = requireOut('analysis/checker/index');
  const { PackageLoader } = requireOut('workspace/packageLoader');
  const { defaultBuildContext } = requireOut('analysis/buildConstraints');
  const { loadStdTables } = requireOut('workspace/stdData');
  await initParser();
  const root = goroot();
  const src = path.join(root, 'src');
  const gomod = fs.existsSync(path.join(src, 'go.mod')) ? fs.readFileSync(path.join(src, 'go.mod'), 'utf8') : '';
  const goVersion = opts.go || (/^go\s+(\d+\.\d+)/m.exec(gomod) || [])[1];
  const goarch = process.env.GOARCH || 'amd64';
  const goos = process.env.GOOS || 'linux';
  const ctx = defaultBuildContext({ goos, goarch, goMinor: goVersion ? Number(goVersion.split('.')[1]) : 26 });
  const std = loadStdTables();
  const loader = new PackageLoader();
  const counts = Object.fromEntries(ADVICE_CODES.map((c) => [c.code, 0]));
  const byCode = new Map();
  let pkgs = 0;
  let files = 0;
  let failures = 0;
  const t0 = Date.now();
  for (const { dir, rel } of packageDirs(src, opts.withCmd)) {
    if (opts.prefixes.length && !opts.prefixes.some((p) => rel === p || rel.startsWith(p + '/'))) continue;
    const pkg = loader.load(dir, ctx, { importPath: rel });
    if (pkg.files.length === 0) continue;
    pkgs++;
    files += pkg.files.length;
    try {
      const index = indexPackage(pkg);
      const checker = new PackageChecker(index, { std, goarch });
      const findings = analyzeAdvice(index, { checker, goVersion, goarch, codes: opts.codes.length ? new Set(opts.codes) : undefined });
      for (const f of findings) {
        counts[f.code] = (counts[f.code] || 0) + 1;
        if (!byCode.has(f.code)) byCode.set(f.code, []);
        byCode.get(f.code).push({ pkg: rel, file: path.relative(src, f.file), line: f.range.start.line + 1, message: f.message, fix: f.fixes.length > 0, noFixReason: f.noFixReason });
      }
    } catch (e) {
      failures++;
      console.error(`${rel}: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`);
    }
    loader.forget();
  }
  const samples = {};
  for (const [code, list] of byCode) {
    const r = rng(opts.seed);
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    samples[code] = copy.slice(0, opts.samples).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  }
  if (opts.json) {
    console.log(JSON.stringify({ goroot: root, goVersion, goos, goarch, packages: pkgs, files, failures, counts, samples }, null, 2));
    return;
  }
  console.log(`standard library at ${root} (go ${goVersion ?? '?'}, ${goos}/${goarch}): ${pkgs} packages, ${files} files, ${failures} failures, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  console.log('counts per code:');
  for (const c of ADVICE_CODES) console.log(`  ${c.code.padEnd(28)} ${String(counts[c.code] || 0).padStart(5)}`);
  for (const c of ADVICE_CODES) {
    const s = samples[c.code];
    if (!s || s.length === 0) continue;
    console.log(`\n== ${c.code} (${counts[c.code]} findings; ${s.length} samples)`);
    for (const f of s) console.log(`  ${f.file}:${f.line}: ${f.message}${f.fix ? ' [fix]' : f.noFixReason ? ` [no fix: ${f.noFixReason}]` : ''}`);
  }
  if (failures) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
