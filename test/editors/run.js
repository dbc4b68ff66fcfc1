#!/usr/bin/env node
// The standalone server (`node dist/cli.js lsp --stdio`) in real third-party LSP clients:
//   - a raw stdio session: every request is answered exactly once;
//   - headless Neovim 0.7 (test/editors/nvim/check.lua);
//   - Emacs 28 + eglot in batch mode (test/editors/emacs/check.el);
// each opening a copy of the e2e fixture module and checking that diagnostics, hover and code actions arrive (and that
// a fix applies). In CI (CI=true) a missing editor fails the run; elsewhere it is skipped with a message.
// Needs `npm run build` first (dist/cli.js). Prints "N passed, N failed" last.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const root = path.join(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const CI = /^(1|true|yes)$/i.test(process.env.CI || '');
const TIMEOUT_MS = 90000;

let passed = 0;
let failed = 0;
let skipped = 0;

function findOnPath(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs a command (no shell) with a time limit; resolves with its exit code and output. */
function run(cmd, args, opts) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${TIMEOUT_MS} ms)`;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }, TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}\n${err.message}`, ms: Date.now() - t0 });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** Counts the editor script's "ok - " / "not ok - " lines; a failing exit with no "not ok" line counts as one. */
function tally(editor, r, extraProblems = []) {
  const lines = r.stdout.split('\n').filter((l) => /^(not )?ok - /.test(l));
  for (const l of lines) console.log(`  ${editor}: ${l}`);
  const oks = lines.filter((l) => l.startsWith('ok - ')).length;
  let bad = lines.length - oks;
  for (const p of extraProblems) {
    console.log(`  ${editor}: not ok - ${p}`);
    bad++;
  }
  if ((r.code !== 0 && bad === 0) || lines.length === 0) {
    console.log(`  ${editor}: not ok - exited with ${r.code}\n${r.stderr.trim().split('\n').slice(-30).join('\n')}`);
    bad++;
  } else if (bad > 0 && r.stderr.trim()) {
    console.log(`  ${editor} stderr (tail):\n${r.stderr.trim().split('\n').slice(-30).join('\n')}`);
  }
  passed += oks;
  failed += bad;
  console.log(`${editor}: ${oks} ok, ${bad} not ok (${(r.ms / 1000).toFixed(1)} s)`);
}

function skipOrFail(editor, what) {
  if (CI) {
    console.log(`${editor}: not ok - ${what} is missing (scripts/ci/install-e2e.sh installs it)`);
    failed++;
  } else {
    console.log(`${editor}: skipped — ${what} is missing (apt-get install: see scripts/ci/install-e2e.sh)`);
    skipped++;
  }
}

/** A raw LSP session over stdio: initialize, then shutdown; each must be answered exactly once. */
async function rawSession(env) {
  const t0 = Date.now();
  const child = spawn(process.execPath, [cli, 'lsp', '--stdio'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let buf = Buffer.alloc(0);
  const messages = [];
  child.stdout.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const h = buf.indexOf('\r\n\r\n');
      if (h < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, h).toString())?.[1]);
      if (buf.length < h + 4 + len) return;
      messages.push(JSON.parse(buf.subarray(h + 4, h + 4 + len).toString()));
      buf = buf.subarray(h + 4 + len);
    }
  });
  const send = (m) => {
    const s = JSON.stringify({ jsonrpc: '2.0', ...m });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`);
  };
  const waitFor = async (pred, ms) => {
    const deadline = Date.now() + ms;
    while (!pred() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return pred();
  };
  send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  await waitFor(() => messages.some((m) => m.id === 1), 15000);
  send({ method: 'initialized', params: {} });
  send({ id: 2, method: 'shutdown', params: null });
  await waitFor(() => messages.some((m) => m.id === 2), 5000);
  await new Promise((r) => setTimeout(r, 300)); // a duplicate answer would arrive right behind the first
  send({ method: 'exit', params: null });
  const exited = await waitFor(() => child.exitCode !== null || child.signalCode !== null, 5000);
  if (!exited) child.kill('SIGKILL');
  const count = (id) => messages.filter((m) => m.id === id && !m.method).length;
  const lines = [
    `${count(1) === 1 ? 'ok' : 'not ok'} - initialize is answered exactly once (${count(1)} answers)`,
    `${messages.find((m) => m.id === 1)?.result?.capabilities?.hoverProvider ? 'ok' : 'not ok'} - the capabilities include hover`,
    `${count(2) === 1 ? 'ok' : 'not ok'} - shutdown is answered exactly once (${count(2)} answers)`,
    `${exited ? 'ok' : 'not ok'} - the server exits on "exit"`,
  ];
  tally('stdio', { code: 0, stdout: lines.join('\n') + '\n', stderr: '', ms: Date.now() - t0 });
}

async function main() {
  if (!fs.existsSync(cli)) {
    console.error(`${path.relative(process.cwd(), cli)} not found: run \`npm run build\` first`);
    return 1;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-editors-'));
  const home = path.join(scratch, 'home');
  fs.mkdirSync(home, { recursive: true });
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(root, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  const file = path.join(workspace, 'main.go');
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    GMH_SERVER_CLI: cli,
    GMH_FILE: file,
  };

  await rawSession(env);

  const nvim = findOnPath('nvim');
  if (!nvim) skipOrFail('neovim', 'nvim (apt-get install -y neovim)');
  else {
    const r = await run(nvim, ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '-c', `luafile ${path.join(__dirname, 'nvim', 'check.lua')}`, file], { cwd: workspace, env });
    // Neovim reports protocol errors (e.g. an answer to a request it is no longer waiting for) on stderr only.
    const protocol = /NO_RESULT_CALLBACK_FOUND|INVALID_SERVER_MESSAGE|Error executing/.exec(r.stderr);
    const where = protocol ? r.stderr.slice(protocol.index, protocol.index + 200).split('\n').slice(0, 3).join(' ') : '';
    tally('neovim', { ...r, stderr: protocol ? '' : r.stderr }, protocol ? [`no LSP protocol errors in Neovim (${where} ...)`] : []);
  }

  const emacs = findOnPath('emacs');
  if (!emacs) skipOrFail('emacs', 'emacs (apt-get install -y emacs-nox elpa-eglot)');
  else {
    const r = await run(emacs, ['--batch', '-Q', '-l', path.join(__dirname, 'emacs', 'check.el')], { cwd: workspace, env });
    // eglot prints its messages on stderr; check.el prints its verdicts there too (batch `princ` to stderr).
    tally('emacs', { ...r, stdout: r.stdout + r.stderr });
  }

  fs.rmSync(scratch, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err && err.stack ? err.stack : err);
    process.exit(1);
  },
);
