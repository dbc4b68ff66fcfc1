'use strict';
// A minimal LSP client for the benchmark: spawns the bundled server (`node dist/server.js --stdio`)
// as a child process and speaks JSON-RPC to it over stdio, recording every publishDiagnostics with
// its arrival time. A separate process because that is what an editor runs: the figures include
// serialization and the pipe, the server's RSS is its own (not the benchmark's), and the
// benchmark's own allocations never trigger the server's garbage collector.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const ROOT = path.resolve(__dirname, '../..');

function fileUri(p) {
  return pathToFileURL(p).toString();
}

/** VmRSS and VmHWM (peak) of a process in MB, from /proc (Linux); undefined elsewhere. */
function procMemory(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number((new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s) || [])[1]);
    return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

class BenchServer {
  /**
   * @param {{ settings?: object, nodeArgs?: string[], env?: object }} [opts]
   */
  constructor(opts = {}) {
    this.settings = { compiler: 'off', ...(opts.settings || {}) };
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, [...(opts.nodeArgs || []), path.join(ROOT, 'dist/server.js'), '--stdio'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...(opts.env || {}) },
    });
    this.stderr = '';
    this.child.stderr.on('data', (b) => {
      if (this.stderr.length < 1 << 20) this.stderr += b.toString();
    });
    this.exited = false;
    this.child.on('exit', () => (this.exited = true));
    this.conn = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    /** uri -> [{version, at, count}] */
    this.published = new Map();
    this.waiters = [];
    this.errors = [];
    /** Versions published after a newer version of the same document (must stay empty). */
    this.outOfOrder = [];
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const at = performance.now();
      const list = this.published.get(p.uri) || [];
      const last = list[list.length - 1];
      if (last && p.version !== undefined && last.version !== undefined && p.version < last.version) this.outOfOrder.push({ uri: p.uri, got: p.version, after: last.version });
      list.push({ version: p.version, at, count: p.diagnostics.length, diagnostics: p.diagnostics });
      if (list.length > 64) list.splice(0, list.length - 64);
      // Only the newest publishes keep their diagnostics: an editor holds one list per document, and
      // 64 lists of the 50,000-line file's 9,600 diagnostics (~1 GB of objects) made this process's
      // garbage collector, and so the measured latency, slower than any editor's.
      if (list.length > 4) list[list.length - 5].diagnostics = undefined;
      this.published.set(p.uri, list);
      this.wake();
    });
    this.conn.onNotification('window/logMessage', (m) => {
      if (m.type === 1 || /analysis failed/.test(m.message)) this.errors.push(m.message);
    });
    /** The status item's texts ("mem: compiling…", "mem: compiler"), with when they came. */
    this.statuses = [];
    this.conn.onNotification('goMemoryHints/status', (s) => {
      this.statuses.push({ at: performance.now(), text: String((s && s.text) || '') });
      this.wake();
    });
    this.conn.onRequest('workspace/configuration', (p) => p.items.map(() => this.settings));
    this.conn.onRequest('workspace/inlayHint/refresh', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onNotification(() => undefined);
    this.conn.listen();
  }

  get pid() {
    return this.child.pid;
  }

  memory() {
    return procMemory(this.child.pid);
  }

  /** Live memory after a full GC (the server must run with --expose-gc), MB. */
  async liveMemory() {
    const m = await this.conn.sendRequest('goMemoryHints/memoryUsage', {});
    return { heapMB: m.heapUsed / 1048576, externalMB: m.external / 1048576, liveMB: (m.heapUsed + m.external) / 1048576, rssMB: m.rss / 1048576 };
  }

  async initialize(rootDir) {
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: fileUri(rootDir),
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: { settings: this.settings, trusted: false },
    });
    await this.conn.sendNotification('initialized', {});
  }

  open(file, text, version = 1) {
    const uri = fileUri(file);
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version, text } }).then(() => uri);
  }

  change(uri, version, contentChanges) {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri) {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The first publish for `uri` with version >= `version` (waits up to timeoutMs; undefined on timeout). */
  published1(uri, version, timeoutMs = 60000) {
    return this.waitFor(() => (this.published.get(uri) || []).find((p) => (p.version ?? -1) >= version), timeoutMs);
  }

  /** Lets every waitFor check again. */
  wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /**
   * Waits until `check()` returns something (checked again whenever the server sends a
   * notification that wakes the waiters, at least every second); undefined on timeout.
   */
  async waitFor(check, timeoutMs) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const hit = check();
      if (hit) return hit;
      if (this.exited) throw new Error(`server exited\n${this.stderr}`);
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      await new Promise((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async dispose() {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* gone */
    }
    await new Promise((r) => setTimeout(r, 100));
    if (!this.exited) this.child.kill('SIGKILL');
    this.conn.dispose();
  }
}

module.exports = { BenchServer, fileUri, procMemory, ROOT };
