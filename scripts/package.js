#!/usr/bin/env node
// Packages the extension as go-memory-hints-<version>.vsix at the repository root with @vscode/vsce, run on a Node 24
// binary (vsce needs Node >= 22; see scripts/e2e/tools.js for where it comes from), then checks the archive: the
// bundles, the WASM files and the data tables must be in it, and nothing that is not meant to ship (node_modules, out/,
// sources, tests). Everything is bundled by esbuild, so vsce runs with --no-dependencies.
// Usage: node scripts/package.js   (run by `npm run package`, after `npm run build`)
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { spawnSync } = require('child_process');
const { ensureNode24 } = require('./e2e/tools');

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsixName = `${manifest.name}-${manifest.version}.vsix`;
const vsix = path.join(root, vsixName);

/** Files the extension cannot run without (paths inside the archive). */
const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/tree-sitter.wasm',
  'extension/dist/tree-sitter-go.wasm',
  'extension/dist/std-layout.json',
  'extension/dist/std-escape.json',
];
/** Paths that must never ship: dev dependencies, compiled tests, sources, source maps, the e2e cache. */
const FORBIDDEN = [/^extension\/node_modules\//, /^extension\/out\//, /^extension\/test\//, /^extension\/(client|server|scripts)\//, /\.map$/, /\.ts$/, /\.vsix$/];

/** Entry names and sizes from a zip's central directory (no dependency: the format is small). */
function zipEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), method, compressed, size, local });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The uncompressed bytes of one entry (stored or deflated). */
function readEntry(buf, e) {
  const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
  const data = buf.subarray(start, start + e.compressed);
  return e.method === 0 ? data : zlib.inflateRawSync(data);
}

function kib(n) {
  return `${(n / 1024).toFixed(0)} KiB`;
}

function main() {
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!fs.existsSync(vsce)) throw new Error('@vscode/vsce is not installed (run npm ci)');
  const node24 = ensureNode24();
  fs.rmSync(vsix, { force: true });
  const args = [vsce, 'package', '--no-dependencies', '--out', vsix];
  // vsce rewrites README links against a GitHub/GitLab repository URL; without one it refuses relative links
  // (docs/..., the screenshots), so they are left relative until package.json names a public repository.
  const repo = String((manifest.repository && manifest.repository.url) || manifest.repository || '');
  if (!/github\.com|gitlab\.com/.test(repo)) args.push('--no-rewrite-relative-links');
  const r = spawnSync(node24, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, VSCE_STORE: 'file' },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status})`);
  if (!fs.existsSync(vsix)) throw new Error(`vsce did not write ${vsixName}`);

  const buf = fs.readFileSync(vsix);
  const entries = zipEntries(buf);
  const names = new Set(entries.map((e) => e.name));
  console.log(`\n${vsixName}: ${kib(buf.length)} (${entries.length} entries)`);
  for (const e of entries) console.log(`  ${e.name.padEnd(48)} ${kib(e.size).padStart(9)}`);

  const problems = [];
  for (const req of REQUIRED) if (!names.has(req)) problems.push(`missing ${req}`);
  for (const e of entries) if (FORBIDDEN.some((re) => re.test(e.name))) problems.push(`must not ship ${e.name}`);
  for (const e of entries) {
    if (e.name.endsWith('.wasm') && !readEntry(buf, e).subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d]))) problems.push(`${e.name} is not a WASM module`);
    if (e.name.endsWith('.json') && e.name.startsWith('extension/dist/')) {
      try {
        JSON.parse(readEntry(buf, e).toString('utf8'));
      } catch {
        problems.push(`${e.name} is not valid JSON`);
      }
    }
  }
  const shipped = JSON.parse(readEntry(buf, entries.find((e) => e.name === 'extension/package.json')).toString('utf8'));
  const main = 'extension/' + path.posix.normalize(String(shipped.main || '')).replace(/^\.\//, '');
  if (!/\.js$/.test(main)) problems.push(`package.json main ${shipped.main} is not a .js file`);
  else if (!names.has(main)) problems.push(`package.json main ${shipped.main} is not in the archive`);
  if (problems.length) {
    console.error(`\n${vsixName} is not shippable:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`\npackaged ${vsixName} (${kib(buf.length)})`);
}

try {
  main();
} catch (e) {
  console.error(String(e && e.message ? e.message : e));
  process.exit(1);
}
