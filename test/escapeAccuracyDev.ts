/**
 * Dev-only driver (not a test): loads a Go package directory, runs the escape
 * model and prints its findings as the CLI's JSON (`node out/test/escapeAccuracyDev.js DIR [--std DATA_DIR]`).
 * With `--compare`, also runs `go build -gcflags=-m` and prints precision/recall.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fileIncluded, defaultBuildContext } from '../server/src/analysis/buildConstraints';
import { indexPackage } from '../server/src/analysis/goPackage';
import { lineStarts, toCompilerPosition } from '../server/src/analysis/positions';
import { EscapeSession } from '../server/src/analysis/escape';
import type { StdTables } from '../server/src/analysis/stdTables';
import { initParser, parseGo } from '../server/src/syntax/parser';

function loadStd(dataDir: string): StdTables {
  const std: StdTables = {};
  const lp = path.join(dataDir, 'std-layout.json');
  const ep = path.join(dataDir, 'std-escape.json');
  if (fs.existsSync(lp)) std.layout = JSON.parse(fs.readFileSync(lp, 'utf8'));
  if (fs.existsSync(ep)) std.escape = JSON.parse(fs.readFileSync(ep, 'utf8'));
  return std;
}

export async function modelFindings(dir: string, std: StdTables, importPath = '') {
  await initParser();
  const ctx = defaultBuildContext();
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.go'))
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }))
    .filter((f) => fileIncluded(f.name, f.text, ctx))
    .map((f) => ({ path: path.join(dir, f.name), text: f.text, tree: parseGo(f.text) }));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const index = indexPackage({ dir, importPath, files });
  const session = new EscapeSession();
  const res = session.run(index, { std });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const t1 = performance.now();
  session.run(index, { std });
  const warmMs = performance.now() - t1;
  if (process.env.ESC_TIMING) console.error(`cold ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms cpu, cached re-run ${warmMs.toFixed(0)} ms (${session.lastStats.reused}/${session.lastStats.batches} batches reused)`);
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const starts = new Map(files.map((f) => [f.path, lineStarts(f.text)]));
  const out = res.findings.map((f) => {
    const text = texts.get(f.file) ?? '';
    const s = toCompilerPosition(text, f.range.start, starts.get(f.file));
    const e = toCompilerPosition(text, f.range.end, starts.get(f.file));
    return { file: f.file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, code: f.code, severity: 'hint', message: f.message, source: 'model', why: f.why };
  });
  return { findings: out, ms, lines: files.reduce((a, f) => a + f.text.split('\n').length, 0), texts };
}

type Rep = { file: string; line: number; message: string };

export function compilerReports(dir: string, pkgArg: string): Rep[] {
  const r = cp.spawnSync('go', ['build', '-gcflags=' + (pkgArg === '.' ? '' : pkgArg + '=') + '-m', pkgArg], { cwd: dir, encoding: 'utf8', env: { ...process.env, PWD: dir } });
  const out: Rep[] = [];
  for (const line of (r.stderr ?? '').split('\n')) {
    const m = /^(.*?\.go):(\d+):(\d+): (.*)$/.exec(line);
    if (!m) continue;
    const file = path.isAbsolute(m[1]) ? m[1] : path.join(dir, m[1]);
    out.push({ file, line: Number(m[2]), message: m[4] });
  }
  return out;
}

const HEAP = /^(moved to heap: |.* escapes to heap$)/;
const LEAK = /^leaking param/;

/** Only reports whose expression is written on the reported line. */
export function writtenOnLine(rep: Rep, texts: Map<string, string>): boolean {
  const text = texts.get(rep.file);
  if (!text) return false;
  const lineText = text.split('\n')[rep.line - 1] ?? '';
  let expr = rep.message.replace(/ escapes to heap$/, '').replace(/ does not escape$/, '').replace(/^moved to heap: /, '').replace(/^leaking param( content)?: /, '').replace(/ to result .*$/, '');
  if (expr === 'append') return lineText.includes('append(');
  if (expr === '... argument') return lineText.includes('(');
  expr = expr.replace(/\{\.\.\.\}$/, '{').replace(/\{\}$/, '{');
  const head = expr.slice(0, Math.min(expr.length, 12)).replace(/\(.*$/, '');
  const first = expr.split(/[.(\[ {]/)[0];
  return lineText.replace(/\s+/g, ' ').includes(head.replace(/\s+/g, ' ')) || (first.length > 0 && lineText.includes(first));
}

function score(model: Rep[], comp: Rep[], re: RegExp) {
  const key = (r: Rep) => `${r.file}:${r.line}:${r.message}`;
  const m = new Set(model.filter((r) => re.test(r.message)).map(key));
  const c = new Set(comp.filter((r) => re.test(r.message)).map(key));
  let tp = 0;
  for (const k of m) if (c.has(k)) tp++;
  return { tp, model: m.size, compiler: c.size, precision: m.size ? tp / m.size : 1, recall: c.size ? tp / c.size : 1, fp: [...m].filter((k) => !c.has(k)), fn: [...c].filter((k) => !m.has(k)) };
}

async function main() {
  const args = process.argv.slice(2);
  const stdIdx = args.indexOf('--std');
  const std = loadStd(stdIdx >= 0 ? args[stdIdx + 1] : path.resolve(__dirname, '../../data'));
  const compare = args.includes('--compare');
  const verbose = args.includes('-v');
  const dirs = args.filter((a, i) => !a.startsWith('-') && !(stdIdx >= 0 && i === stdIdx + 1));
  const goroot = cp.execSync('go env GOROOT', { encoding: 'utf8' }).trim();
  const tot = { heap: [0, 0, 0], leak: [0, 0, 0] };
  for (const d of dirs) {
    const isStd = !d.startsWith('/') && !d.startsWith('.');
    const dir = isStd ? path.join(goroot, 'src', d) : path.resolve(d);
    const { findings, ms, lines, texts } = await modelFindings(dir, std, isStd ? d : '');
    if (!compare) {
      console.log(JSON.stringify({ findings }, null, 1));
      continue;
    }
    const comp = compilerReports(dir, isStd ? d : '.').filter((r) => writtenOnLine(r, texts));
    const model = findings.map((f) => ({ file: f.file, line: f.line, message: f.message }));
    const h = score(model, comp, HEAP);
    const l = score(model, comp, LEAK);
    tot.heap[0] += h.tp; tot.heap[1] += h.model; tot.heap[2] += h.compiler;
    tot.leak[0] += l.tp; tot.leak[1] += l.model; tot.leak[2] += l.compiler;
    console.log(`${d.padEnd(16)} heap P=${h.precision.toFixed(2)} R=${h.recall.toFixed(2)} (${h.tp}/${h.model}/${h.compiler})  leak P=${l.precision.toFixed(2)} R=${l.recall.toFixed(2)} (${l.tp}/${l.model}/${l.compiler})  ${lines} lines ${ms.toFixed(0)} ms`);
    if (verbose) {
      for (const k of h.fp) console.log('  FP', k.replace(dir + '/', ''));
      for (const k of h.fn) console.log('  FN', k.replace(dir + '/', ''));
      for (const k of l.fp) console.log('  lFP', k.replace(dir + '/', ''));
      for (const k of l.fn) console.log('  lFN', k.replace(dir + '/', ''));
    }
  }
  if (compare) {
    const p = (a: number[]) => `P=${(a[1] ? a[0] / a[1] : 1).toFixed(2)} R=${(a[2] ? a[0] / a[2] : 1).toFixed(2)}`;
    console.log(`OVERALL heap ${p(tot.heap)} leak ${p(tot.leak)}`);
  }
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
