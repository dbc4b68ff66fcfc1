#!/usr/bin/env node
'use strict';
/*
 * Accuracy benchmark: our escape model (the CLI with --compiler off) against the gc compiler.
 *
 *   node scripts/bench-accuracy.js [options] [PKG|DIR ...]
 *
 * Part 1, packages (default: strings bytes strconv sort bufio container/list encoding/csv text/tabwriter
 * unicode/utf8 path/filepath; an argument that is an existing directory is built as `.` from there):
 *   compiler: `go build -o /dev/null -gcflags=-m PKG` (no shell, timeout, PWD=cwd); its reports for the
 *             files of the package (go list GoFiles+CgoFiles) are kept when they are heap reports
 *             (`moved to heap: v`, `EXPR escapes to heap`, incl. `append escapes to heap`) or leak reports
 *             (`leaking param: p`, `leaking param content: p`, `leaking param: p to result R level=N`),
 *             identical lines counted once, and then filtered by the COUNTING RULE below.
 *   model:    `node dist/cli.js check --json --compiler off DIR` (or --cli CMD), findings with code
 *             moved-to-heap / escapes-to-heap / leaking-param in the package's files.
 *   matching: by (file, line, kind) with kind heap|leak, one-to-one; leaks by parameter name (an exact
 *             message match is tried first), heap reports by normalized expression / variable name, then
 *             by column, then by sub-kind (moved vs escapes) on the line. Precision = matched model /
 *             model, recall = matched compiler / compiler, per package and overall, heap and leak apart.
 *
 * COUNTING RULE (also printed by --explain; implemented by countingRule() in scripts/accuracyCore.js):
 *   The compiler repeats an inlined callee's reports at every call site, at the call's `(`; a report is
 *   counted only when the source text at its line:column (1-based byte column) starts the reported
 *   expression itself:
 *   - `moved to heap: v`, `leaking param...: p`: identifier v / p is written at the column (names of
 *     compiler temporaries, `#state1`, `~r0`, are not counted; `pkg.v` from instantiations compares as v).
 *   - `EXPR escapes to heap` at a `(`: counted only when EXPR is a call written there — `append` (printed
 *     bare), `make(...)`, `new(T)`, `f(...)` (a call result converted to an interface), a conversion
 *     `T(x)` whose operand is such a call, or `~rN` (an inlined call's result converted there) — and the
 *     identifier just before the `(` (skipping `[...]` type arguments) is that callee's name; a builtin
 *     name written as `x.append(` does not count. `... argument` (the hidden variadic slice) sits at a `(`
 *     and is always counted: text alone cannot tell it from a copy.
 *   - `EXPR escapes to heap` elsewhere: counted when the text fits EXPR's position rule (facts §1):
 *     `&T{...}` -> `&` (or `{` of an elided `&T` in a literal); `T{...}` -> `{`; `func literal` -> `func`
 *     (or `for` of a range-over-func loop body); binary `a + b` -> a top-level operator of EXPR;
 *     unary -> its operator; selector / method value `x.f` -> `.` or `f`; index/slice -> `[`; conversion
 *     `T(x)` -> x's own position (`string(b)` -> `b`, `string(b[i:])` -> `[`); identifier -> itself;
 *     literal or folded constant -> a literal or a constant's name; never at a `func NAME` declaration.
 *   - A report without a column is counted.
 *   The rule is applied to the compiler's reports only; the model's reports are all counted (how many of
 *   them the rule would have dropped is shown as "model copies").
 *
 * Part 2, $GOROOT/test/escape*.go read in place: each file with a followable `// errorcheck` header
 * (-0 -m -l -N; files with -d=..., -m=2, other actions or an unsatisfied //go:build are skipped and listed)
 * is given alone to the CLI. A model heap/leak report on a line matches when some `// ERROR "rx"` regex of
 * that line matches its message; expected regexes matching /moved to heap|escapes to heap|leaking param/
 * that no model report of their line matches are misses.
 *
 * Options: --cli CMD (replaces `node dist/cli.js`; split on spaces, quotes allowed), --json, --explain,
 * --compiler on (score `check --compiler on`, i.e. the CLI's compiler path, instead of the model),
 * --baseline (compiler side only, no CLI), --no-escape-tests, --escape-tests-only, --timeout SEC (per
 * command, default 300), --verbose (list unmatched reports). Exit status 0, or 2 when it cannot run at all.
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const core = require('./accuracyCore.js');

const DEFAULT_PACKAGES = ['strings', 'bytes', 'strconv', 'sort', 'bufio', 'container/list', 'encoding/csv', 'text/tabwriter', 'unicode/utf8', 'path/filepath'];
const REPO_ROOT = path.resolve(__dirname, '..');

/** @param {string[]} argv */
function parseArgs(argv) {
  const o = { cli: '', compiler: 'off', json: false, explain: false, baseline: false, escapeTests: true, packagesToo: true, timeout: 300, verbose: false, packages: /** @type {string[]} */ ([]) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--cli') o.cli = val();
    else if (a.startsWith('--cli=')) o.cli = a.slice(6);
    else if (a === '--compiler') o.compiler = val();
    else if (a === '--json') o.json = true;
    else if (a === '--explain') o.explain = true;
    else if (a === '--baseline') o.baseline = true;
    else if (a === '--no-escape-tests') o.escapeTests = false;
    else if (a === '--escape-tests-only') o.packagesToo = false;
    else if (a === '--timeout') o.timeout = Number(val());
    else if (a === '--verbose' || a === '-v') o.verbose = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0].replace(/^[\s\S]*?\/\*\n/, '').replace(/^ \* ?/gm, '') + '\n');
      process.exit(0);
    } else if (a.startsWith('--')) fail(`unknown option ${a}`);
    else o.packages.push(a);
  }
  if (o.packages.length === 0) o.packages = DEFAULT_PACKAGES;
  return o;
}

/** @param {string} msg */
function fail(msg) {
  process.stderr.write(`bench-accuracy: ${msg}\n`);
  process.exit(2);
}

/** Splits a command line on spaces, honouring single and double quotes (no other shell syntax). @param {string} s */
function splitCommand(s) {
  /** @type {string[]} */
  const out = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m;
  while ((m = re.exec(s))) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/**
 * Runs a command without a shell, with PWD set to cwd (the go command trusts $PWD).
 * @param {string} cmd
 * @param {string[]} args
 * @param {string} cwd
 * @param {number} timeoutSec
 */
function run(cmd, args, cwd, timeoutSec) {
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, PWD: cwd },
    encoding: 'utf8',
    timeout: timeoutSec * 1000,
    maxBuffer: 1 << 30,
  });
  const error = r.error ? String(r.error.message || r.error) : r.status !== 0 ? `exit status ${r.status}${r.signal ? ` (${r.signal})` : ''}` : '';
  return { stdout: r.stdout || '', stderr: r.stderr || '', status: r.status, error };
}

/** @param {string} p */
function real(p) {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** @type {Map<string, string[] | null>} */
const sourceCache = new Map();
/** Source lines decoded as latin1 (string index == byte offset). @param {string} file */
function sourceLines(file) {
  if (!sourceCache.has(file)) {
    try {
      sourceCache.set(file, fs.readFileSync(file).toString('latin1').split('\n'));
    } catch {
      sourceCache.set(file, null);
    }
  }
  return sourceCache.get(file) || null;
}

/**
 * Runs the CLI on paths and returns its heap/leak findings (source != compiler), or an error.
 * @param {string[]} cliCmd
 * @param {string[]} paths
 * @param {number} timeout
 */
function runModel(cliCmd, paths, timeout, compiler = 'off') {
  const r = run(cliCmd[0], [...cliCmd.slice(1), 'check', '--json', '--compiler', compiler, ...paths], REPO_ROOT, timeout);
  /** @type {any} */
  let doc;
  try {
    doc = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
  } catch {
    return { error: `CLI output is not JSON (${r.error || 'exit 0'}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`, findings: [] };
  }
  if (!doc || !Array.isArray(doc.findings)) return { error: 'CLI JSON has no findings array', findings: [] };
  /** @type {{file: string, line: number, col: number | null, message: string, kind: 'heap' | 'leak', cls: any}[]} */
  const findings = [];
  const seen = new Set();
  for (const f of doc.findings) {
    // Model mode scores the model's findings; `--compiler on` scores the CLI's compiler path.
    if (!f || (compiler === 'off') !== (f.source !== 'compiler')) continue;
    const kind = f.code === 'moved-to-heap' || f.code === 'escapes-to-heap' ? 'heap' : f.code === 'leaking-param' ? 'leak' : null;
    if (!kind || typeof f.file !== 'string' || typeof f.line !== 'number') continue;
    // The CLI's compiler path marks a callee's report repeated at a call site; the counting rule sees the compiler's text.
    // The callee's name may hold parentheses itself: "(via inlining of token.(*File).Size)".
    const message = String(f.message || '').replace(/ \(via inlining of .*\)$/, '');
    const cls = core.classifyMessage(message) || (kind === 'heap' ? { kind, sub: 'escapes', expr: message } : { kind, sub: 'leak-heap', name: message });
    const file = real(f.file);
    const col = typeof f.column === 'number' ? f.column : null;
    const k = `${file}:${f.line}:${col}:${message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    findings.push({ file, line: f.line, col, message, kind, cls });
  }
  return { error: r.error && findings.length === 0 ? r.error : '', findings };
}

/**
 * Resolves a package argument: an existing directory is built as `.` from there, anything else is an
 * import path built from a scratch directory.
 * @param {string} arg
 * @param {string} scratch
 * @param {number} timeout
 */
function resolvePackage(arg, scratch, timeout) {
  const asDir = path.resolve(arg);
  const isDir = fs.existsSync(asDir) && fs.statSync(asDir).isDirectory() && (arg.startsWith('.') || arg.startsWith('/') || path.isAbsolute(arg));
  const cwd = isDir ? asDir : scratch;
  const pattern = isDir ? '.' : arg;
  const r = run('go', ['list', '-e', '-json=ImportPath,Dir,GoFiles,CgoFiles,Error', pattern], cwd, timeout);
  /** @type {any} */
  let info;
  try {
    info = JSON.parse(r.stdout);
  } catch {
    return { error: `go list ${pattern}: ${(r.stderr || r.error).trim().replace(/\s*\n\s*/g, ' | ').slice(0, 300)}` };
  }
  if (info.Error && !(info.GoFiles || []).length) return { error: `go list ${pattern}: ${info.Error.Err}` };
  const files = new Set([...(info.GoFiles || []), ...(info.CgoFiles || [])].map((f) => real(path.join(info.Dir, f))));
  return { cwd, pattern, importPath: String(info.ImportPath), dir: String(info.Dir), files };
}

/**
 * The compiler side of one package: counted heap and leak reports.
 * @param {{cwd: string, pattern: string, files: Set<string>}} pkg
 * @param {number} timeout
 */
function compilerReports(pkg, timeout) {
  const r = run('go', ['build', '-o', os.devNull, '-gcflags=-m', pkg.pattern], pkg.cwd, timeout);
  if (r.error) return { error: `go build -gcflags=-m ${pkg.pattern}: ${r.error}: ${r.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}` };
  /** @type {ReturnType<typeof core.makeItem>[]} */
  const items = [];
  /** @type {{file: string, line: number, col: number | null, message: string, reason: string}[]} */
  const dropped = [];
  const seen = new Set();
  for (const text of (r.stdout + '\n' + r.stderr).split('\n')) {
    const p = core.parseMLine(text);
    if (!p) continue;
    const cls = core.classifyMessage(p.message);
    if (!cls) continue;
    const file = real(path.resolve(pkg.cwd, p.file));
    if (!pkg.files.has(file)) continue;
    const k = `${file}:${p.line}:${p.col}:${p.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const lines = sourceLines(file);
    const v = core.countingRule(cls, lines ? lines[p.line - 1] || '' : '', p.col);
    if (!v.counted) {
      dropped.push({ file, line: p.line, col: p.col, message: p.message, reason: v.reason });
      continue;
    }
    items.push(core.makeItem(file, p.line, p.col, p.message, cls));
  }
  return { items, dropped };
}

/** @param {{model: number, matchedModel: number, compiler: number, matchedCompiler: number}} a @param {{model: number, matchedModel: number, compiler: number, matchedCompiler: number}} b */
function addCounts(a, b) {
  a.model += b.model;
  a.matchedModel += b.matchedModel;
  a.compiler += b.compiler;
  a.matchedCompiler += b.matchedCompiler;
}
const zero = () => ({ model: 0, matchedModel: 0, compiler: 0, matchedCompiler: 0 });
/** @param {{model: number, matchedModel: number, compiler: number, matchedCompiler: number}} c */
const pr = (c) => core.precisionRecall(c.matchedModel, c.model, c.matchedCompiler, c.compiler);

/** @param {ReturnType<typeof parseArgs>} opts @param {string[] | null} cliCmd @param {string} scratch */
function benchPackages(opts, cliCmd, scratch) {
  const rows = [];
  const total = { heap: zero(), leak: zero() };
  for (const arg of opts.packages) {
    /** @type {any} */
    const row = { package: arg, error: '', heap: zero(), leak: zero(), droppedCopies: 0, modelCopies: 0, modelOutside: 0, tiers: {}, unmatched: { model: [], compiler: [] } };
    rows.push(row);
    const pkg = resolvePackage(arg, scratch, opts.timeout);
    if ('error' in pkg && pkg.error) {
      row.error = pkg.error;
      continue;
    }
    const p = /** @type {{cwd: string, pattern: string, importPath: string, dir: string, files: Set<string>}} */ (pkg);
    row.package = p.importPath;
    const comp = compilerReports(p, opts.timeout);
    if (!comp.items) {
      row.error = comp.error;
      continue;
    }
    row.droppedCopies = comp.dropped.length;
    for (const it of comp.items) row[it.kind].compiler++;
    if (!cliCmd) continue;
    const model = runModel(cliCmd, [p.dir], opts.timeout, opts.compiler);
    if (model.error) row.error = model.error;
    const modelItems = [];
    for (const f of model.findings) {
      if (!p.files.has(f.file)) {
        row.modelOutside++;
        continue;
      }
      const lines = sourceLines(f.file);
      if (!core.countingRule(f.cls, lines ? lines[f.line - 1] || '' : '', f.col).counted) {
        row.modelCopies++;
        // Scoring the CLI's compiler path: the same counting rule as the compiler side.
        if (opts.compiler === 'on') continue;
      }
      modelItems.push(core.makeItem(f.file, f.line, f.col, f.message, f.cls));
    }
    const m = core.matchItems(modelItems, comp.items);
    for (const it of modelItems) row[it.kind].model++;
    for (const pair of m.pairs) {
      row[pair.model.kind].matchedModel++;
      row[pair.model.kind].matchedCompiler++;
      row.tiers[`${pair.model.kind}:${pair.tier}`] = (row.tiers[`${pair.model.kind}:${pair.tier}`] || 0) + 1;
    }
    const rel = (/** @type {{file: string, line: number, col: number | null, message: string}} */ it) => `${path.relative(real(p.dir), it.file)}:${it.line}:${it.col ?? ''}: ${it.message}`;
    row.unmatched.model = m.unmatchedModel.map(rel);
    row.unmatched.compiler = m.unmatchedCompiler.map(rel);
  }
  for (const r of rows) {
    addCounts(total.heap, r.heap);
    addCounts(total.leak, r.leak);
  }
  return { rows, total };
}

/** @param {ReturnType<typeof parseArgs>} opts @param {string[] | null} cliCmd @param {string} goroot @param {string} scratch */
function benchEscapeTests(opts, cliCmd, goroot, scratch) {
  const dir = path.join(goroot, 'test');
  let names = [];
  try {
    names = fs.readdirSync(dir).filter((n) => /^escape.*\.go$/.test(n)).sort();
  } catch {
    return { error: `cannot read ${dir}`, files: [], skipped: [], total: { heap: zero(), leak: zero() } };
  }
  const tags = buildTags(scratch, opts.timeout);
  const files = [];
  const skipped = [];
  const total = { heap: zero(), leak: zero() };
  for (const name of names) {
    const file = path.join(dir, name);
    const src = fs.readFileSync(file, 'utf8');
    const header = core.parseTestHeader(src);
    let why = core.skipReason(header);
    const bc = core.buildConstraint(src);
    if (!why && bc && !core.evalBuildExpr(bc, (t) => tags.has(t))) why = `//go:build ${bc} is not satisfied`;
    if (why) {
      skipped.push({ file: name, header: header.action + (header.flags.length ? ' ' + header.flags.join(' ') : ''), reason: why });
      continue;
    }
    /** @type {Map<number, string[]>} */
    const expected = new Map();
    src.split('\n').forEach((l, i) => {
      const rxs = core.extractErrorRegexes(l, i + 1, name);
      if (rxs.length) expected.set(i + 1, rxs);
    });
    /** @type {any} */
    const row = { file: name, flags: header.flags.join(' '), error: '', heap: zero(), leak: zero(), falsePositives: [], misses: [] };
    files.push(row);
    /** @type {{line: number, message: string, kind: 'heap' | 'leak'}[]} */
    let reports = [];
    if (cliCmd) {
      const model = runModel(cliCmd, [file], opts.timeout, opts.compiler);
      row.error = model.error;
      const rf = real(file);
      reports = model.findings.filter((f) => f.file === rf).map((f) => ({ line: f.line, message: f.message, kind: f.kind }));
    }
    const s = core.scoreErrorcheck(reports, expected);
    for (const k of /** @type {const} */ (['heap', 'leak'])) {
      row[k] = { model: s.by[k].model, matchedModel: s.by[k].matchedModel, compiler: s.by[k].expected, matchedCompiler: s.by[k].matchedExpected };
      addCounts(total[k], row[k]);
    }
    row.falsePositives = s.falsePositives.map((x) => `${x.line}: ${x.message}`);
    row.misses = s.misses.map((x) => `${x.line}: "${x.regex}"`);
  }
  return { error: '', files, skipped, total };
}

/** Tags for //go:build lines of the test files. @param {string} scratch @param {number} timeout */
function buildTags(scratch, timeout) {
  const r = run('go', ['list', '-e', '-f', '{{context.GOOS}} {{context.GOARCH}} {{context.Compiler}} {{if context.CgoEnabled}}cgo{{end}} {{join context.ToolTags " "}} {{join context.ReleaseTags " "}} {{join context.BuildTags " "}}', 'unsafe'], scratch, timeout);
  const tags = new Set(r.stdout.split(/\s+/).filter(Boolean));
  const unixOS = ['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux', 'netbsd', 'openbsd', 'solaris'];
  if (unixOS.some((o) => tags.has(o))) tags.add('unix');
  if (tags.has('android')) tags.add('linux');
  return tags;
}

/** @param {string} s @param {number} n */
const padR = (s, n) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
/** @param {string | number} s @param {number} n */
const padL = (s, n) => String(s).padStart(n);

/** @param {string} label @param {{model: number, matchedModel: number, compiler: number, matchedCompiler: number}} h @param {{model: number, matchedModel: number, compiler: number, matchedCompiler: number}} l @param {string} extra @param {boolean} withModel */
function tableRow(label, h, l, extra, withModel) {
  const hp = pr(h);
  const lp = pr(l);
  if (!withModel) return `${padR(label, 26)} ${padL(h.compiler, 6)} ${padL(l.compiler, 6)}  ${extra}`;
  return `${padR(label, 26)} ${padL(h.compiler, 5)} ${padL(h.model, 5)} ${padL(h.matchedCompiler, 5)} ${core.pct(hp.precision)} ${core.pct(hp.recall)} | ${padL(l.compiler, 5)} ${padL(l.model, 5)} ${padL(l.matchedCompiler, 5)} ${core.pct(lp.precision)} ${core.pct(lp.recall)}  ${extra}`;
}

function main() {
  process.stdout.on('error', (e) => {
    if (/** @type {NodeJS.ErrnoException} */ (e).code === 'EPIPE') process.exit(0);
    throw e;
  });
  const opts = parseArgs(process.argv.slice(2));
  if (opts.explain) {
    process.stdout.write(core.COUNTING_RULE + '\n');
    return;
  }
  const env = run('go', ['env', 'GOROOT', 'GOVERSION'], os.tmpdir(), opts.timeout);
  if (env.error) fail(`cannot run the go command: ${env.error} ${env.stderr.trim()}`);
  const [goroot, goVersion] = env.stdout.trim().split('\n');

  /** @type {string[] | null} */
  let cliCmd = null;
  if (!opts.baseline) {
    cliCmd = opts.cli ? splitCommand(opts.cli) : [process.execPath, path.join(REPO_ROOT, 'dist', 'cli.js')];
    if (cliCmd.length === 0) fail('--cli is empty');
    if (!opts.cli && !fs.existsSync(cliCmd[1])) fail(`${cliCmd[1]} does not exist (run \`npm run build\`, pass --cli CMD, or --baseline for the compiler side only)`);
  }

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-accuracy-'));
  try {
    const pk = opts.packagesToo ? benchPackages(opts, cliCmd, scratch) : null;
    const et = opts.escapeTests ? benchEscapeTests(opts, cliCmd, goroot, scratch) : null;

    if (opts.json) {
      const summarize = (/** @type {{heap: any, leak: any}} */ t) => ({ heap: pr(t.heap), leak: pr(t.leak) });
      const out = {
        goVersion,
        goroot,
        cli: cliCmd ? cliCmd.join(' ') : null,
        countingRule: core.COUNTING_RULE,
        packages: pk && {
          overall: summarize(pk.total),
          rows: pk.rows.map((r) => ({
            package: r.package,
            error: r.error || undefined,
            heap: pr(r.heap),
            leak: pr(r.leak),
            compilerCopiesDropped: r.droppedCopies,
            modelCopies: r.modelCopies,
            modelOutsidePackage: r.modelOutside,
            matchTiers: r.tiers,
            unmatched: opts.verbose ? r.unmatched : undefined,
          })),
        },
        escapeTests: et && {
          error: et.error || undefined,
          overall: summarize(et.total),
          files: et.files.map((/** @type {any} */ r) => ({ file: r.file, flags: r.flags, error: r.error || undefined, heap: pr(r.heap), leak: pr(r.leak), falsePositives: opts.verbose ? r.falsePositives : undefined, misses: opts.verbose ? r.misses : undefined })),
          skipped: et.skipped,
        },
      };
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      return;
    }

    const w = (/** @type {string} */ s) => process.stdout.write(s + '\n');
    const withModel = cliCmd !== null;
    w(`bench-accuracy: ${goVersion} (${goroot}); model: ${withModel ? cliCmd?.join(' ') : 'none (--baseline)'}`);
    const head = withModel
      ? `${padR("", 26)} ${padL('heap:', 5)} ${padL('', 5)} ${padL('', 5)} ${padL('', 6)} ${padL('', 6)} | ${padL('leak:', 5)}\n${padR('package', 26)} ${padL('comp', 5)} ${padL('model', 5)} ${padL('match', 5)} ${padL('prec', 6)} ${padL('recall', 6)} | ${padL('comp', 5)} ${padL('model', 5)} ${padL('match', 5)} ${padL('prec', 6)} ${padL('recall', 6)}`
      : `${padR('package', 26)} ${padL('heap', 6)} ${padL('leak', 6)}  (compiler reports counted; copies dropped)`;
    if (pk) {
      w('');
      w('Packages (compiler: go build -gcflags=-m, counting rule applied; see --explain)');
      w(head);
      for (const r of pk.rows) {
        const extra = [
          r.droppedCopies ? `copies dropped ${r.droppedCopies}` : '',
          r.modelCopies ? `model copies ${r.modelCopies}` : '',
          r.modelOutside ? `model outside pkg ${r.modelOutside}` : '',
          r.error ? `ERROR: ${r.error}` : '',
        ].filter(Boolean).join('; ');
        w(tableRow(r.package, r.heap, r.leak, extra, withModel));
        if (opts.verbose && withModel) {
          for (const x of r.unmatched.compiler) w(`    missed    ${x}`);
          for (const x of r.unmatched.model) w(`    spurious  ${x}`);
        }
      }
      w(tableRow('OVERALL', pk.total.heap, pk.total.leak, '', withModel));
    }
    if (et) {
      w('');
      w(`$GOROOT/test/escape*.go (expected = // ERROR regexes matching /moved to heap|escapes to heap|leaking param/)`);
      if (et.error) w(`ERROR: ${et.error}`);
      w(head.replace('package', 'file   ').replace('(compiler reports counted; copies dropped)', '(expected regexes)'));
      for (const r of et.files) {
        w(tableRow(r.file, r.heap, r.leak, [r.flags, r.error ? `ERROR: ${r.error}` : ''].filter(Boolean).join('; '), withModel));
        if (opts.verbose && withModel) {
          for (const x of r.misses) w(`    missed    ${x}`);
          for (const x of r.falsePositives) w(`    spurious  ${x}`);
        }
      }
      w(tableRow('OVERALL', et.total.heap, et.total.leak, '', withModel));
      if (et.skipped.length) {
        w('skipped:');
        for (const s of et.skipped) w(`  ${padR(s.file, 28)} ${s.reason}`);
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main();
