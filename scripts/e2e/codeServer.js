// Starting and stopping code-server (VS Code in the browser) for the real-editor tests, the way
// ../shared/reference/real-editors.md describes: its own process group, a scratch HOME/TMPDIR/XDG_*, /healthz for
// readiness, and the whole group stopped at the end (a file-watcher child outlives the main process).
'use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

/** An environment whose HOME, TMPDIR and XDG_* folders live under `scratch`, so no state leaks into the real home. */
function scratchEnv(scratch, base = process.env) {
  const env = { ...base };
  for (const k of Object.keys(env)) if (/^(npm_|VSCODE_|ELECTRON_)/i.test(k)) delete env[k];
  const dirs = {
    HOME: 'home',
    TMPDIR: 'tmp',
    XDG_CONFIG_HOME: 'home/.config',
    XDG_CACHE_HOME: 'home/.cache',
    XDG_DATA_HOME: 'home/.local/share',
    XDG_STATE_HOME: 'home/.local/state',
    XDG_RUNTIME_DIR: 'runtime',
  };
  for (const [k, rel] of Object.entries(dirs)) {
    env[k] = path.join(scratch, rel);
    fs.mkdirSync(env[k], { recursive: true, mode: 0o700 });
  }
  // The Go toolchain keeps its caches where they were (not under the scratch HOME): a cold build cache costs minutes.
  for (const k of ['GOCACHE', 'GOMODCACHE', 'GOPATH']) {
    if (!env[k] && base.HOME) {
      const r = spawnSync('go', ['env', k], { encoding: 'utf8', env: base });
      if (r.status === 0 && r.stdout.trim()) env[k] = r.stdout.trim();
    }
  }
  return env;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Installs a .vsix into `extensionsDir` with code-server's own CLI; returns the installed extension's folder. */
function installVsix({ node24, codeServer, vsix, extensionsDir, env, extensionId }) {
  const t0 = Date.now();
  const r = spawnSync(node24, [path.join(codeServer, 'out', 'node', 'entry.js'), '--install-extension', vsix, '--extensions-dir', extensionsDir, '--force'], {
    env,
    encoding: 'utf8',
    timeout: 120000,
  });
  const out = `${r.stdout || ''}${r.stderr || ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${path.basename(vsix)} failed (exit ${r.status ?? r.signal}):\n${out.trim()}`);
  }
  const id = extensionId.toLowerCase(); // publisher.name-version
  const dir = fs.readdirSync(extensionsDir).find((d) => d.toLowerCase() === id);
  if (!dir) throw new Error(`${path.basename(vsix)} reported installed, but ${extensionsDir} has no ${id}`);
  return { dir: path.join(extensionsDir, dir), ms: Date.now() - t0 };
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(pid, graceMs = 4000) {
  if (!pid || !groupAlive(pid)) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Starts code-server on a free loopback port in its own process group; resolves once /healthz answers 200.
 * `vscodeOptions` become `--vscode-option X` flags (e.g. enable-smoke-test-driver, which the test payload needs).
 */
async function startCodeServer({ node24, codeServer, scratch, userDataDir, extensionsDir, folder, env, vscodeOptions = [], readyTimeoutMs = 60000 }) {
  const port = await freePort();
  const cfg = path.join(scratch, 'code-server.yaml');
  fs.writeFileSync(cfg, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(scratch, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  const args = [
    path.join(codeServer, 'out', 'node', 'entry.js'),
    '--config', cfg,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...vscodeOptions.flatMap((o) => ['--vscode-option', o]),
    folder,
  ];
  const child = spawn(node24, args, { cwd: folder, env, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  let exited = null;
  child.on('exit', (code, signal) => (exited = code ?? signal));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`code-server exited (${exited}) before it was ready:\n${tail(logFile)}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopGroup(child.pid);
      throw new Error(`code-server not ready within ${readyTimeoutMs} ms:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    url,
    pid: child.pid,
    logFile,
    stop: () => stopGroup(child.pid),
  };
}

module.exports = { freePort, installVsix, scratchEnv, startCodeServer, stopGroup, tail };
