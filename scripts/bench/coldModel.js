'use strict';
// Cold analysis of one package by the model, in a fresh process (run by run.js under
// /usr/bin/time for its peak memory): load + parse every file, index, analyze with every
// category on, exactly what the server does for a package on first open (analyzePackage).
// Prints one JSON line: {ms, parseMs, files, lines, findings}.
const path = require('path');

const OUT = path.resolve(__dirname, '../../out/server/src');

async function main() {
  const [dir, importPath, goarch = 'amd64', goos = 'linux'] = process.argv.slice(2);
  const { initParser } = require(path.join(OUT, 'syntax/parser'));
  const { PackageLoader } = require(path.join(OUT, 'workspace/packageLoader'));
  const { defaultBuildContext } = require(path.join(OUT, 'analysis/buildConstraints'));
  const { indexPackage } = require(path.join(OUT, 'analysis/goPackage'));
  const { analyzePackage } = require(path.join(OUT, 'analysis/analyze'));
  const { loadStdTables } = require(path.join(OUT, 'workspace/stdData'));
  await initParser();
  const std = loadStdTables();
  const t0 = performance.now();
  const pkg = new PackageLoader().load(dir, defaultBuildContext({ goarch, goos, tags: [] }), { importPath });
  const t1 = performance.now();
  const index = indexPackage(pkg);
  const analysis = analyzePackage(index, {
    goarch,
    std,
    categories: new Set(['layout', 'escape', 'leak', 'noescape', 'alloc']),
    largeCopyThreshold: 128,
  });
  const t2 = performance.now();
  const lines = pkg.files.reduce((n, f) => n + f.text.split('\n').length, 0);
  process.stdout.write(
    JSON.stringify({ ms: t2 - t0, parseMs: t1 - t0, files: pkg.files.length, lines, findings: analysis.findings.length, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
