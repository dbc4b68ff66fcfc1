#!/usr/bin/env node
'use strict';
// Latency, scale and memory benchmarks of the server and the model (issue 7).
//
//   node scripts/bench/run.js [--quick] [--json] [--only=keystroke,cold,rss,start,leak,compiler] [--files=server.go,expr.go,big.go] [--seed=N]
//                             [--pairs=N] [--max-per-file=N (goMemoryHints.diagnostics.maxPerFile for the keystroke runs; 0: no cap)]
//
// Uses the bundled server (dist/server.js, spawned as a child process like an editor does) and the
// compiled modules (out/) for the in-process cold analysis. Prints a table with each figure next to
// its target; `--json` prints the figures as JSON instead. It never fails by itself (exit 0), it
// only reports. `--quick` (CI) runs fewer edits and skips cmd/compile/internal/ssa so the summary
// shows within a couple of minutes.
const { spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { BenchServer, ROOT } = require('./lspClient');
const { rng, findSites, makeEdits, makeTyping, applyChange, randomEdit } = require('./edits');
const { writeBigPackage } = require('./gen');

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const opt = (name, dflt) => {
  const a = argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : dflt;
};
const QUICK = flag('quick');
const JSON_OUT = flag('json');
const SEED = Number(opt('seed', process.env.BENCH_SEED || '7'));
const ONLY = new Set(opt('only', 'keystroke,cold,rss,start,leak,compiler').split(','));

const cfg = QUICK
  ? { pairsPerKind: 6, typingSites: 2, fileBudgetMs: 30_000, coldPackages: ['net/http', 'go/types'], startRuns: 3, leakFirst: 200, leakTotal: 2_000, bigLines: 50_000 }
  : { pairsPerKind: 60, typingSites: 6, fileBudgetMs: 300_000, coldPackages: ['net/http', 'go/types', 'cmd/compile/internal/ssa'], startRuns: 7, leakFirst: 1_000, leakTotal: 10_000, bigLines: 50_000 };
cfg.pairsPerKind = Number(opt('pairs', cfg.pairsPerKind));
const MAX_PER_FILE = opt('max-per-file', '');
/** The keystroke runs' settings: the default cap unless --max-per-file says otherwise. */
const keystrokeSettings = MAX_PER_FILE === '' ? {} : { diagnostics: { maxPerFile: Number(MAX_PER_FILE) } };

const log = (...a) => {
  if (!JSON_OUT) console.error(...a);
};

function goEnv(name) {
  try {
    return execFileSync('go', ['env', name], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] ?? NaN };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------
// (a) keystroke → publishDiagnostics for that version

async function keystroke(target, random) {
  const text = fs.readFileSync(target.file, 'utf8');
  const lines = text.split('\n').length;
  const server = new BenchServer({ settings: keystrokeSettings });
  const res = { name: target.name, file: target.file, lines, openMs: NaN, kinds: {}, timeouts: 0, edits: 0, stoppedEarly: false };
  try {
    await server.initialize(path.dirname(target.file));
    const t0 = performance.now();
    const uri = await server.open(target.file, text, 1);
    const first = await server.published1(uri, 1, 120_000);
    res.openMs = first ? first.at - t0 : Infinity;
    // what a publish carries: at most goMemoryHints.diagnostics.maxPerFile diagnostics, one of them counting the rest
    if (first) {
      const more = first.diagnostics.find((d) => d.code === 'more-findings');
      res.published = { diagnostics: first.count, findings: more ? first.count - 1 + Number(more.message.match(/^[\d,]+/)[0].replace(/,/g, '')) : first.count };
    }
    const sites = findSites(text);
    const pairs = [];
    for (const kind of ['body', 'signature', 'type']) pairs.push(...makeEdits(sites, kind, cfg.pairsPerKind, random));
    for (let i = pairs.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
    }
    const lat = { body: [], signature: [], type: [] };
    let version = 1;
    let current = text;
    /** Sends one change and waits for the publish of its version: the latency in ms (Infinity on timeout). */
    const send = async (change) => {
      version++;
      current = applyChange(current, change);
      const sent = performance.now();
      await server.change(uri, version, [change]);
      const hit = await server.published1(uri, version, 30_000);
      if (!hit) res.timeouts++;
      return hit ? hit.at - sent : Infinity;
    };
    const started = performance.now();
    for (const pair of pairs) {
      if (performance.now() - started > cfg.fileBudgetMs) {
        res.stoppedEarly = true;
        break;
      }
      for (const change of [pair.apply, pair.revert]) {
        lat[pair.kind].push(await send(change));
        res.edits++;
      }
    }
    // typing a statement, one character per change (each keystroke measured; the removal is not)
    lat.typing = [];
    const typings = makeTyping(sites, cfg.typingSites, random);
    for (const t of typings) {
      for (const change of t.keys) {
        lat.typing.push(await send(change));
        res.edits++;
      }
      await send(t.revert);
    }
    // the same statements typed faster than the server answers: every keystroke sent without waiting,
    // the time to the publish of the last one
    // (at the same places: the random sequence, and so the next file's edits, stay those of earlier runs)
    res.bursts = [];
    for (const t of typings) {
      const sent = performance.now();
      for (const change of t.keys) {
        version++;
        current = applyChange(current, change);
        void server.change(uri, version, [change]);
        res.edits++;
      }
      const hit = await server.published1(uri, version, 60_000);
      if (!hit) res.timeouts++;
      res.bursts.push({ changes: t.keys.length, ms: hit ? hit.at - sent : Infinity });
      await send(t.revert);
    }
    if (current !== text) throw new Error('edit pairs did not restore the text');
    for (const k of Object.keys(lat)) if (lat[k].length) res.kinds[k] = stats(lat[k]);
    res.memory = server.memory();
    res.errors = server.errors.slice(0, 3);
    res.outOfOrder = server.outOfOrder.length;
  } finally {
    await server.dispose();
  }
  return res;
}

// ---------------------------------------------------------------------------
// (b) cold analysis: model vs go build -gcflags=-m

const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command under /usr/bin/time: wall seconds and the peak RSS (MB) of the largest process of the tree. */
function timed(cmd, args, opts = {}) {
  const tf = path.join(os.tmpdir(), `gmh-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  const r = TIME ? spawnSync(TIME, ['-f', '%e %M', '-o', tf, cmd, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, ...opts }) : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  const ms = performance.now() - t0;
  let peakMB;
  if (TIME) {
    try {
      peakMB = Number(fs.readFileSync(tf, 'utf8').trim().split('\n').pop().split(' ')[1]) / 1024;
      fs.rmSync(tf);
    } catch {
      /* no figure */
    }
  }
  return { ms, peakMB, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function cold(goroot) {
  const rows = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gmh-bench-cold-'));
  try {
    for (const ip of cfg.coldPackages) {
      const dir = path.join(goroot, 'src', ip);
      log(`  cold: ${ip}`);
      const m = timed(process.execPath, ['--max-old-space-size=8192', path.join(__dirname, 'coldModel.js'), dir, ip]);
      let model;
      try {
        model = JSON.parse(m.stdout.trim().split('\n').pop());
      } catch {
        model = { error: (m.stderr || '').slice(0, 300) };
      }
      // The compiler route: dependencies come from the go build cache (warmed, untimed, first), and the
      // package itself is a cache miss every time: one of its files is replaced through -overlay by a
      // copy with a fresh comment appended, as for an edited buffer in the editor.
      spawnSync('go', ['build', '-o', os.devNull, ip], { cwd: tmp, encoding: 'utf8' });
      const files = fs.readdirSync(dir).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'));
      const victim = path.join(dir, files.includes('doc.go') ? 'doc.go' : files[0]);
      const copy = path.join(tmp, `nonce-${path.basename(victim)}`);
      fs.writeFileSync(copy, fs.readFileSync(victim, 'utf8') + `\n// gmh bench ${Date.now()} ${Math.random()}\n`);
      const ov = path.join(tmp, 'overlay.json');
      fs.writeFileSync(ov, JSON.stringify({ Replace: { [victim]: copy } }));
      const g = timed('go', ['build', '-o', os.devNull, '-gcflags=-m', `-overlay=${ov}`, ip], { cwd: tmp });
      const goLines = (g.stderr || '').split('\n').filter((l) => /: (moved to heap|escapes to heap|leaking param|does not escape)/.test(l)).length;
      rows.push({
        package: ip,
        files: model.files,
        lines: model.lines,
        model: { ms: model.ms, wallMs: m.ms, peakMB: m.peakMB ?? model.maxRssMB, findings: model.findings, error: model.error },
        compiler: { ms: g.ms, peakMB: g.peakMB, ok: g.status === 0, escapeLines: goLines },
        speedup: g.ms / model.ms,
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}

// ---------------------------------------------------------------------------
// (c) server RSS with net/http and go/types open

async function rss(goroot) {
  const server = new BenchServer();
  try {
    await server.initialize(path.join(goroot, 'src'));
    const files = [path.join(goroot, 'src/net/http/server.go'), path.join(goroot, 'src/go/types/expr.go')];
    for (const f of files) {
      const uri = await server.open(f, fs.readFileSync(f, 'utf8'), 1);
      await server.published1(uri, 1, 120_000);
    }
    await sleep(300);
    return { files: files.map((f) => path.relative(path.join(goroot, 'src'), f)), ...server.memory() };
  } finally {
    await server.dispose();
  }
}

// ---------------------------------------------------------------------------
// (d) server start → first diagnostics on a small package

async function start() {
  const file = path.join(ROOT, 'examples/shop/service.go');
  const text = fs.readFileSync(file, 'utf8');
  const times = [];
  for (let i = 0; i < cfg.startRuns; i++) {
    const server = new BenchServer();
    try {
      await server.initialize(path.dirname(file));
      const uri = await server.open(file, text, 1);
      const hit = await server.published1(uri, 1, 30_000);
      times.push(hit ? hit.at - server.spawnedAt : Infinity);
    } finally {
      await server.dispose();
    }
  }
  return { file: path.relative(ROOT, file), runs: times.length, ...stats(times) };
}

// ---------------------------------------------------------------------------
// (e) memory after N random edits vs after the first N/10

async function leak(random) {
  const file = writeBigPackage(1_000);
  const original = fs.readFileSync(file, 'utf8');
  // --expose-gc: the server reports its live memory after a full GC (goMemoryHints/memoryUsage);
  // RSS alone also counts heap the collector has not needed to reclaim yet.
  const server = new BenchServer({ nodeArgs: ['--expose-gc'] });
  const out = { file: '(generated, 1,000 lines)', first: cfg.leakFirst, total: cfg.leakTotal };
  try {
    await server.initialize(path.dirname(file));
    const uri = await server.open(file, original, 1);
    await server.published1(uri, 1, 60_000);
    let text = original;
    let version = 1;
    const t0 = performance.now();
    for (let i = 1; i <= cfg.leakTotal; i++) {
      version++;
      // Every 100 edits the buffer is reset to the original text (like an undo-all), so the size stays comparable.
      const change = i % 100 === 0 ? { text: original } : randomEdit(text, random);
      text = 'range' in change ? applyChange(text, change) : change.text;
      await server.change(uri, version, [change]);
      // Bursts of 10 edits, then wait for that version's diagnostics (the server coalesces bursts).
      if (i % 10 === 0) await server.published1(uri, version, 60_000);
      if (i === cfg.leakFirst) {
        await sleep(500);
        out.afterFirst = { ...server.memory(), ...(await server.liveMemory()) };
      }
    }
    await server.published1(uri, version, 60_000);
    await sleep(500);
    out.afterAll = { ...server.memory(), ...(await server.liveMemory()) };
    out.seconds = (performance.now() - t0) / 1000;
    out.growth = out.afterAll && out.afterFirst ? out.afterAll.liveMB / out.afterFirst.liveMB - 1 : NaN;
    out.rssGrowth = out.afterAll && out.afterFirst ? out.afterAll.rssMB / out.afterFirst.rssMB - 1 : NaN;
    out.errors = server.errors.length;
  } finally {
    await server.dispose();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Report

const fmt = (x, unit = '') => (x === undefined || Number.isNaN(x) ? '—' : x === Infinity ? 'timeout' : `${x >= 100 ? Math.round(x) : x.toFixed(1)}${unit}`);
const mark = (ok) => (ok === undefined ? ' ' : ok ? '✓' : '✗');

function table(r) {
  const rows = [];
  const row = (metric, value, target, ok) => rows.push([metric, value, target, mark(ok)]);
  for (const k of r.keystroke ?? []) {
    const is4k = /server\.go$/.test(k.file);
    row(`${k.name} (${k.lines} lines): open → first diagnostics`, fmt(k.openMs, ' ms'), '', undefined);
    if (k.published && k.published.findings !== k.published.diagnostics) row(`${k.name}: diagnostics per publish (cap, see README)`, `${k.published.diagnostics} of ${k.published.findings} findings`, '', undefined);
    for (const [kind, s] of Object.entries(k.kinds)) {
      const p95Target = kind === 'body' && is4k ? 30 : kind === 'signature' ? 150 : undefined;
      row(
        `${k.name}: ${kind === 'typing' ? 'typing a statement, per keystroke' : `${kind} edit`} p50 / p95 / max (n=${s.n})`,
        `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.max, ' ms')}`,
        `${p95Target ? `p95 ≤ ${p95Target} ms, ` : ''}max < 1000 ms`,
        (p95Target ? s.p95 <= p95Target : true) && s.max < 1000,
      );
    }
    if (k.bursts?.length) {
      const b = stats(k.bursts.map((x) => x.ms));
      const counts = k.bursts.map((x) => x.changes);
      const [lo, hi] = [Math.min(...counts), Math.max(...counts)];
      row(`${k.name}: typing a statement, its ${lo === hi ? lo : `${lo}–${hi}`} keystrokes sent at once → last publish p50 / max (n=${b.n})`, `${fmt(b.p50)} / ${fmt(b.max, ' ms')}`, '', undefined);
    }
    if (k.stoppedEarly) row(`${k.name}: stopped at the time budget after`, `${k.edits} edits`, '', undefined);
    if (k.outOfOrder) row(`${k.name}: older version published after a newer one`, String(k.outOfOrder), '0', false);
  }
  for (const c of r.cold ?? []) {
    row(`cold ${c.package} (${c.files} files, ${c.lines} lines): model`, `${fmt(c.model.ms, ' ms')}, peak ${fmt(c.model.peakMB, ' MB')}`, '', undefined);
    row(`cold ${c.package}: go build -gcflags=-m`, `${fmt(c.compiler.ms, ' ms')}, peak ${fmt(c.compiler.peakMB, ' MB')}`, '', undefined);
    row(`cold ${c.package}: model speed-up`, `${fmt(c.speedup)}×`, '≥ 10×', c.speedup >= 10);
  }
  if (r.rss) row(`server RSS, ${r.rss.files.join(' + ')} open (peak)`, `${fmt(r.rss.rssMB, ' MB')} (${fmt(r.rss.peakMB, ' MB')})`, '< 300 MB', r.rss.rssMB < 300);
  if (r.start) row(`start → first diagnostics, ${r.start.file} (p50 / max of ${r.start.runs})`, `${fmt(r.start.p50)} / ${fmt(r.start.max, ' ms')}`, '≤ 500 ms', r.start.p50 <= 500);
  for (const x of require('./compilerSave').rows(r.compiler, fmt)) row(...x);
  if (r.leak) {
    const l = r.leak;
    row(
      `live memory (heap + external, after GC) after ${l.first} vs ${l.total} random edits ${l.file}`,
      `${fmt(l.afterFirst?.liveMB, ' MB')} → ${fmt(l.afterAll?.liveMB, ' MB')} (${l.growth >= 0 ? '+' : ''}${fmt(l.growth * 100, '%')})`,
      '≤ +10%',
      l.growth <= 0.1,
    );
    row(`  RSS at the same points`, `${fmt(l.afterFirst?.rssMB, ' MB')} → ${fmt(l.afterAll?.rssMB, ' MB')} (${l.rssGrowth >= 0 ? '+' : ''}${fmt(l.rssGrowth * 100, '%')})`, '—', undefined);
  }
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((x) => x[i].length), ['metric', 'value', 'target'][i].length));
  const line = (x) => `${x[0].padEnd(w[0])}  ${x[1].padEnd(w[1])}  ${x[2].padEnd(w[2])}  ${x[3]}`;
  return [line(['metric', 'value', 'target', ' ']), line(w.map((n) => '-'.repeat(n)).concat('-')), ...rows.map(line)].join('\n');
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist/server.js')) || !fs.existsSync(path.join(ROOT, 'out/server/src/analysis/analyze.js'))) {
    console.error('bench: build first (npm run build)');
    return;
  }
  const goroot = goEnv('GOROOT');
  const random = rng(SEED);
  const result = {
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memGB: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`, node: process.version, go: goEnv('GOVERSION'), loadAvgAtStart: os.loadavg().map((x) => Math.round(x * 10) / 10) },
    mode: QUICK ? 'quick' : 'full',
    seed: SEED,
    when: new Date().toISOString(),
  };
  log(`bench (${result.mode}, seed ${SEED}) on ${result.machine.cpu}, ${result.machine.cores} cores, node ${process.version}, ${result.machine.go}`);
  const section = async (name, fn) => {
    if (!ONLY.has(name)) return;
    log(`${name}…`);
    const t0 = performance.now();
    try {
      result[name] = await fn();
    } catch (e) {
      result[`${name}Error`] = String(e && e.stack ? e.stack : e);
      log(`  ${name} failed: ${result[`${name}Error`]}`);
    }
    log(`  ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  if (!goroot) log('go not found: the GOROOT files and the compiler comparison are skipped');
  await section('keystroke', async () => {
    const out = [];
    const targets = [];
    if (goroot) {
      targets.push({ name: 'net/http/server.go', file: path.join(goroot, 'src/net/http/server.go') });
      targets.push({ name: 'go/types/expr.go', file: path.join(goroot, 'src/go/types/expr.go') });
    }
    const big = writeBigPackage(cfg.bigLines);
    targets.push({ name: 'generated big.go', file: big });
    const only = opt('files', '').split(',').filter(Boolean);
    try {
      for (const t of targets) {
        if (only.length && !only.some((o) => t.name.includes(o))) continue;
        log(`  keystroke: ${t.name}`);
        out.push(await keystroke(t, random));
      }
    } finally {
      fs.rmSync(path.dirname(big), { recursive: true, force: true });
    }
    return out;
  });
  if (goroot) await section('cold', () => cold(goroot));
  if (goroot) await section('rss', () => rss(goroot));
  await section('start', start);
  await section('leak', () => leak(random));
  if (goroot) await section('compiler', () => require('./compilerSave').compilerSave(goroot, { runs: QUICK ? 1 : 3, log }));
  if (JSON_OUT) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`\nGo Memory Hints benchmark (${result.mode}) — ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.memGB} GB, ${result.machine.os}, node ${process.version}, ${result.machine.go}; load average ${result.machine.loadAvgAtStart.join(' ')} at start, ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} at end\n`);
    console.log(table(result));
    for (const k of Object.keys(result).filter((x) => x.endsWith('Error'))) console.log(`\n${k}: ${result[k]}`);
  }
}

main()
  .catch((e) => console.error('bench:', e))
  .finally(() => {
    process.exitCode = 0;
  });

