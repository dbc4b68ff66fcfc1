#!/usr/bin/env node
// Bundles the client, the server and the CLI with esbuild into dist/, and copies
// the WASM files and data tables the server loads at run time next to them.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
fs.mkdirSync(dist, { recursive: true });

const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: false, minify: true, logLevel: 'warning' };

Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(dist, 'extension.js'), external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/serverEntry.ts')], outfile: path.join(dist, 'server.js') }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/cli.ts')], outfile: path.join(dist, 'cli.js') }),
]).then(() => {
  const copies = [
    ['node_modules/web-tree-sitter/tree-sitter.wasm', 'tree-sitter.wasm'],
    ['node_modules/tree-sitter-wasms/out/tree-sitter-go.wasm', 'tree-sitter-go.wasm'],
    ['data/std-layout.json', 'std-layout.json'],
    ['data/std-escape.json', 'std-escape.json'],
  ];
  for (const [from, to] of copies) {
    const src = path.join(root, from);
    if (fs.existsSync(src)) fs.copyFileSync(src, path.join(dist, to));
    else if (from.endsWith('.wasm')) throw new Error(`missing ${from}`);
  }
  fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
}).catch((err) => {
  console.error(err);
  process.exit(1);
});
