'use strict';
// Digest of the model's cold output on a set of GOROOT packages, to check that a
// performance change leaves every finding and struct report byte-identical.
//
//   node scripts/bench/coldDigest.js                 one line per package: sha256 of findings and structs, ms
//   node scripts/bench/coldDigest.js --save F        also writes {package: digest} to F
//   node scripts/bench/coldDigest.js --check F       compares with F; exits 1 on any difference
//   node scripts/bench/coldDigest.js --dump DIR      writes each package's canonical JSON to DIR (to diff)
//   node scripts/bench/coldDigest.js --only net/http,fmt
//
// Each package is analyzed in a fresh process (like coldModel.js, with every category on
// and no escape session), two at a time. Needs `npm run compile` (reads out/).
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const OUT = path.resolve(__dirname, '../../out/server/src');

const PACKAGES = [
  'net/http',
  'go/types',
  'cmd/compile/internal/ssa',
  'encoding/json',
  'fmt',
  'strings',
  'bytes',
  'sort',
  'runtime',
  'os',
  'reflect',
  'text/template',
  'go/parser',
  'crypto/tls',
];

function goroot() {
  if (process.env.GOROOT) return process.env.GOROOT;
  return require('child_process').execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
}

/** JSON with tree-sitter nodes as [type, start, end] and source files as their path. */
function canonical(value) {
  return JSON.stringify(value, function (key, v) {
    if (v && typeof v === 'object') {
      if (typeof v.typeId === 'number' && typeof v.startIndex === 'number' && 'tree' in v) return ['node', v.type, v.startIndex, v.endIndex];
      if (typeof v.path === 'string' && 'tree' in v && 'text' in v) return v.path;
      if (v instanceof Map) return ['map', ...[...v.entries()]];
      if (v instanceof Set) return ['set', ...[...v.values()]];
    }
    return v;
  });
}

async function child(importPath) {
  const { initParser } = require(path.join(OUT, 'syntax/parser'));
  const { PackageLoader } = require(path.join(OUT, 'workspace/packageLoader'));
  const { defaultBuildContext } = require(path.join(OUT, 'analysis/buildConstraints'));
  const { indexPackage } = require(path.join(OUT, 'analysis/goPackage'));
  const { analyzePackage } = require(path.join(OUT, 'analysis/analyze'));
  const { loadStdTables } = require(path.join(OUT, 'workspace/stdData'));
  const goarch = 'amd64';
  const goos = 'linux';
  await initParser();
  const std = loadStdTables();
  const dir = path.join(goroot(), 'src', importPath);
  const t0 = performance.now();
  const pkg = new PackageLoader().load(dir, defaultBuildContext({ goarch, goos, tags: [] }), { importPath });
  const index = indexPackage(pkg);
  const analysis = analyzePackage(index, {
    goarch,
    std,
    categories: new Set(['layout', 'escape', 'leak', 'noescape', 'alloc', 'advice']),
    largeCopyThreshold: 128,
  });
  const ms = performance.now() - t0;
  const findings = analysis.findings.map((f) => canonical(f).split(dir + '/').join('')).sort();
  const structs = analysis.structs.map((s) => canonical(s).split(dir + '/').join(''));
  const doc = JSON.stringify({ findings, structs, errors: analysis.errors.map((e) => e.split('\n')[0]) });
  const sha = crypto.createHash('sha256').update(doc).digest('hex');
  if (process.env.COLD_DIGEST_DUMP) fs.writeFileSync(path.join(process.env.COLD_DIGEST_DUMP, importPath.replace(/\//g, '_') + '.json'), JSON.stringify(JSON.parse(doc), null, 1));
  process.stdout.write(JSON.stringify({ pkg: importPath, sha, findings: findings.length, structs: structs.length, errors: analysis.errors.length, ms: Math.round(ms) }) + '\n');
}

function runOne(importPath, dump) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    if (dump) env.COLD_DIGEST_DUMP = dump;
    const p = spawn(process.execPath, [__filename, '--child', importPath], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`${importPath}: exit ${code}`))));
  });
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const only = opt('--only');
  const dump = opt('--dump');
  if (dump) fs.mkdirSync(dump, { recursive: true });
  const pkgs = only ? only.split(',') : PACKAGES;
  const results = new Map();
  const queue = [...pkgs];
  const workers = Array.from({ length: 2 }, async () => {
    while (queue.length) {
      const p = queue.shift();
      const r = await runOne(p, dump);
      results.set(p, r);
      process.stdout.write(`${r.sha.slice(0, 16)}  ${p}  findings=${r.findings} structs=${r.structs} errors=${r.errors} ms=${r.ms}\n`);
    }
  });
  await Promise.all(workers);
  const digests = Object.fromEntries(pkgs.map((p) => [p, results.get(p).sha]));
  const save = opt('--save');
  if (save) fs.writeFileSync(save, JSON.stringify(digests, null, 2) + '\n');
  const check = opt('--check');
  if (check) {
    const want = JSON.parse(fs.readFileSync(check, 'utf8'));
    const bad = pkgs.filter((p) => want[p] !== digests[p]);
    if (bad.length) {
      process.stdout.write(`DIFFERENT: ${bad.join(', ')}\n`);
      process.exit(1);
    }
    process.stdout.write(`identical (${pkgs.length} packages)\n`);
  }
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
