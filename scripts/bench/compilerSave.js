'use strict';
// Save → compiler diagnostics on net/http (issue 4): the real server (dist/server.js over stdio, see
// lspClient.js) with the compiler on, GOROOT/src/net/http/server.go open. Each figure is the time from
// didSave to the first publishDiagnostics whose `go compiler` findings are fresh (none marked stale),
// after an edit whose model diagnostics have arrived (a user types, then saves); in parentheses, the
// time to the end of the build (the status notification).
//
//   cold     the buffer gets a new harmless declaration (`var _ = "gmh-bench-<nonce>"`, not a comment),
//            then didSave: a content go has never compiled, so the compiler runs (go's cache misses)
//   replay   a new server process (empty in-memory cache) opens the same buffer and saves: go replays the
//            compile from its build cache, and the copy log of the first compile is read again
//   cached   a second save with the same content in that server: our in-memory cache answers
// (each figure ends at the first publish after the build's end, read from the status notifications)
//
// Also counted: the compiler's large copies (`large-copy`) in server.go's diagnostics and in the whole
// package. Prints figures through the caller's table; never throws for a slow or failed build.
//
//   node scripts/bench/compilerSave.js [--runs=N]     (or through run.js: --only=compiler)
const fs = require('fs');
const path = require('path');
const { BenchServer, ROOT } = require('./lspClient');

const FRESH = (d) => d.source === 'go compiler' && !/\(stale: /.test(d.message);

/** The first publish for `uri` that arrives after `since` and satisfies `pred` (undefined on timeout). */
function publishAfter(server, uri, since, pred, timeoutMs) {
  return server.waitFor(() => (server.published.get(uri) || []).find((p) => p.at > since && pred(p)), timeoutMs);
}

const compilerFresh = (version) => (p) => (p.version ?? 0) >= version && p.diagnostics !== undefined && p.diagnostics.some(FRESH) && !p.diagnostics.some((d) => d.source === 'go compiler' && !FRESH(d));

async function startServer(dir) {
  const server = new BenchServer({ settings: { compiler: 'on', compilerTimeoutSeconds: 300 } });
  // The status item (server.statuses) tells when a build ends ("mem: compiler" / "mem: estimates"); a save
  // with unchanged content republishes identical findings at once, so the figure waits for the build's end first.
  await server.initialize(dir);
  // The benchmark client declares the workspace untrusted at initialize; trust it before opening anything.
  await server.conn.sendNotification('goMemoryHints/trusted', { trusted: true });
  return server;
}

/** When the first build started after `since` ended (its "compiling" status, then another). */
function buildEnd(server, since, timeoutMs) {
  return server.waitFor(() => {
    const st = server.statuses.filter((x) => x.at > since);
    const i = st.findIndex((x) => /compiling/.test(x.text));
    return i >= 0 ? st.slice(i + 1).find((x) => !/compiling/.test(x.text)) : undefined;
  }, timeoutMs);
}

async function save(server, uri, version, timeoutMs) {
  const t0 = performance.now();
  await server.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
  const end = await buildEnd(server, t0, timeoutMs);
  const hit = end && /mem: compiler/.test(end.text) ? await publishAfter(server, uri, end.at, compilerFresh(version), timeoutMs) : undefined;
  return { ms: hit ? hit.at - t0 : Infinity, buildMs: end ? end.at - t0 : Infinity, copies: hit ? hit.diagnostics.filter((d) => d.code === 'large-copy').length : undefined };
}

/** An edit, then its model diagnostics (the compiler's marked stale), as when a user types and then saves. */
async function edit(server, uri, version, text, timeoutMs) {
  const t0 = performance.now();
  await server.change(uri, version, [{ text }]);
  await publishAfter(server, uri, t0, (p) => (p.version ?? 0) >= version, timeoutMs);
}

/**
 * One round: cold and cached in one server, replay in a second one. Returns milliseconds per phase.
 * @param {string} goroot
 * @param {(...a: unknown[]) => void} log
 */
async function round(goroot, log, timeoutMs) {
  const dir = path.join(goroot, 'src/net/http');
  const file = path.join(dir, 'server.go');
  const disk = fs.readFileSync(file, 'utf8');
  const busted = `${disk}\nvar _ = "gmh-bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}"\n`;
  const out = {};
  let server = await startServer(dir);
  try {
    const uri = await server.open(file, disk, 1);
    // The open builds the file as it is on disk (go's cache state unknown): not a figure, a warm-up.
    const opened = await publishAfter(server, uri, 0, compilerFresh(1), timeoutMs);
    out.openMs = opened ? opened.at - server.spawnedAt : Infinity;
    await edit(server, uri, 2, busted, timeoutMs);
    const cold = await save(server, uri, 2, timeoutMs);
    out.coldMs = cold.ms;
    out.coldBuildMs = cold.buildMs;
    out.serverGoCopies = cold.copies;
    log(`  compiler: cold save → diagnostics ${Math.round(cold.ms)} ms (build ${Math.round(cold.buildMs)} ms)`);
  } finally {
    await server.dispose();
  }
  server = await startServer(dir);
  try {
    const uri = await server.open(file, disk, 1);
    await publishAfter(server, uri, 0, compilerFresh(1), timeoutMs);
    await edit(server, uri, 2, busted, timeoutMs);
    const replay = await save(server, uri, 2, timeoutMs);
    out.replayMs = replay.ms;
    out.replayBuildMs = replay.buildMs;
    const cached = await save(server, uri, 2, timeoutMs);
    out.cachedMs = cached.ms;
    out.cachedBuildMs = cached.buildMs;
    log(`  compiler: go-cache replay ${Math.round(replay.ms)} ms (build ${Math.round(replay.buildMs)} ms), in-memory cache ${Math.round(cached.ms)} ms (build ${Math.round(cached.buildMs)} ms)`);
  } finally {
    await server.dispose();
  }
  return out;
}

/** The copy count of the whole package, through the compiled modules (a go-cache replay by now). */
async function packageCopies(goroot) {
  try {
    const { compileEscapes } = require(path.join(ROOT, 'out/server/src/compiler/escapeBuild.js'));
    const r = await compileEscapes({ packageDir: path.join(goroot, 'src/net/http'), timeoutMs: 300_000 });
    if (!r.ok) return { error: r.message };
    const files = new Set(r.findings.filter((f) => f.code === 'large-copy').map((f) => f.file));
    return { copies: r.logopt.copies, files: files.size, source: r.logopt.source };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : Infinity;
};

/**
 * @param {string} goroot
 * @param {{ runs?: number, log?: (...a: unknown[]) => void, timeoutMs?: number }} [opts]
 */
async function compilerSave(goroot, opts = {}) {
  const log = opts.log || (() => undefined);
  const runs = opts.runs || 1;
  const rounds = [];
  for (let i = 0; i < runs; i++) rounds.push(await round(goroot, log, opts.timeoutMs || 300_000));
  const pkg = await packageCopies(goroot);
  return {
    package: 'net/http',
    file: 'server.go',
    runs,
    coldMs: median(rounds.map((r) => r.coldMs)),
    replayMs: median(rounds.map((r) => r.replayMs)),
    cachedMs: median(rounds.map((r) => r.cachedMs)),
    coldBuildMs: median(rounds.map((r) => r.coldBuildMs)),
    replayBuildMs: median(rounds.map((r) => r.replayBuildMs)),
    cachedBuildMs: median(rounds.map((r) => r.cachedBuildMs)),
    openMs: median(rounds.map((r) => r.openMs)),
    serverGoCopies: rounds[0]?.serverGoCopies,
    packageCopies: pkg,
    rounds,
  };
}

/** Table rows for run.js: [metric, value, target, ok]. */
function rows(r, fmt) {
  if (!r) return [];
  const n = r.runs > 1 ? ` (median of ${r.runs})` : '';
  const copies = r.packageCopies && r.packageCopies.copies !== undefined ? `${r.packageCopies.copies} in ${r.packageCopies.files} files` : `— (${r.packageCopies && r.packageCopies.error})`;
  return [
    [`${r.package}/${r.file}: save → compiler diagnostics (build end), cold: go cache miss${n}`, `${fmt(r.coldMs, ' ms')} (${fmt(r.coldBuildMs, ' ms')})`, '', undefined],
    [`${r.package}/${r.file}: save → compiler diagnostics (build end), go-cache replay, new server${n}`, `${fmt(r.replayMs, ' ms')} (${fmt(r.replayBuildMs, ' ms')})`, '', undefined],
    [`${r.package}/${r.file}: save → compiler diagnostics (build end), in-memory cache${n}`, `${fmt(r.cachedMs, ' ms')} (${fmt(r.cachedBuildMs, ' ms')})`, '', undefined],
    [`${r.package}: compiler large copies (server.go: ${r.serverGoCopies ?? '—'})`, copies, '', undefined],
  ];
}

module.exports = { compilerSave, rows };

if (require.main === module) {
  const { execFileSync } = require('child_process');
  const runs = Number((process.argv.find((a) => a.startsWith('--runs=')) || '--runs=1').slice(7));
  let goroot = '';
  try {
    goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  } catch {
    /* no go */
  }
  if (!goroot || !fs.existsSync(path.join(ROOT, 'dist/server.js'))) {
    console.error('compilerSave: needs go on PATH and a build (npm run build)');
  } else {
    const fmt = (x, unit = '') => (x === undefined || Number.isNaN(x) ? '—' : x === Infinity ? 'timeout' : `${x >= 100 ? Math.round(x) : x.toFixed(1)}${unit}`);
    compilerSave(goroot, { runs, log: (...a) => console.error(...a) })
      .then((r) => {
        for (const [m, v] of rows(r, fmt)) console.log(`${m}: ${v}`);
      })
      .catch((e) => console.error('compilerSave:', e))
      .finally(() => {
        process.exitCode = 0;
      });
  }
}
