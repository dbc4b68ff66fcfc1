/**
 * Runs the Go compiler's escape analysis on one package, for the buffers as they are on screen.
 *
 * FORMAT DECISION: `-gcflags=-m=2` text (stderr), not `-gcflags=-json=0,DIR`.
 * Both were run on the fixture packages in test/testdata/compiler/fixture and on GOROOT's net/http
 * (go1.26.8, linux/amd64); the captures are in test/compiler-captures/. Reasons:
 *
 * 1. The json log has no "does not escape" entries at all (neither for expressions nor for parameters),
 *    no "leaking param content" and no "leaking param: p to result ~r0 level=N"; it does not say whether
 *    a heap entry is a named variable ("moved to heap: u") or an expression; and it logs each heap
 *    expression twice (once with an explanation, once with an empty message). The text has all of them.
 * 2. The json DIR must be new for every build (the compiler writes, never cleans), and it is part of the
 *    flags, so the go command's build cache never hits: every request recompiles (net/http: 3.1–4.6 s every
 *    time). The go command caches the compiler's text output and replays it: an identical rebuild of
 *    net/http costs 0.12 s instead of 3.4 s — even after our in-memory cache was dropped (server restart).
 * 3. json writes DIR/<pkg>/<basename>.json and truncates that file each time the (position-sorted) log
 *    switches source file: a package with its own `type.go` that instantiates `sync/atomic.Pointer`
 *    (whose methods live in GOROOT's `sync/atomic/type.go`) loses the reports of whichever path sorts
 *    first (captured: test/compiler-captures/collide.json-type.json). Text names each file by its path.
 * 4. Text prints "inlining call to F" at the call position, which names F for " (via inlining of F)";
 *    json gives only the callee's source position (`inlineLoc`), not its name.
 * 5. One stream to read (stderr), no result directory to walk or clean; 2.9 MB / 34.5k lines for
 *    net/http vs 7.1 MB in 43 files.
 * Replay trap (found while capturing): the go command stores the compiler output in its cache *after*
 * shortening paths against the cwd of the build that filled the cache, and replays it verbatim. A
 * `go build -gcflags=-m=2 ./esc` typed at the module root followed by ours in the package directory
 * replays `esc/esc.go:…`, which no longer resolves (capture: esc.replayed.m2.txt). So the flag list is
 * `-e -m=2 …` (`-e`: no 10-error limit): a cache key only our builds — always run in the package
 * directory — produce. Also: when the `-o` target is already up to date the go command prints nothing,
 * hence a fresh temporary `-o` every time.
 * Lost by choosing text: the compiler's `copy` entries (moves of ≥128 bytes) exist only in json, so no
 * `large-copy` finding comes from the compiler (the model keeps reporting them); the innermost position
 * inside an inlined callee (only the call site is printed); reports in files with `//line` directives
 * are printed at the directive's position (usually a template, no column) and are dropped as foreign.
 *
 * Other behaviour:
 * - unsaved buffers go through `-overlay` (keys: the path as given and its real path);
 * - `_test.go` active files: `go test -c -o <tmp>/pkg.test` (includes the test variant and the external test
 *   package); otherwise `go build -o <tmp>/out` (so a main package never writes a binary into the workspace);
 * - user flags are checked against an allow-list; anything else is refused with the reason;
 * - one build per package directory: a request with different content cancels the running one (its process
 *   group is killed); a request with the same content joins it;
 * - results are cached in memory (LRU) by a content hash of the package's files, overlays, go.mod/go.sum/
 *   go.work, go version, flags, GOOS/GOARCH, tags and extra env. Edits to *other* packages on disk are not
 *   in the key: pass `cacheSalt` (e.g. a workspace save counter) or call `clearEscapeCache`.
 * - temporary directories are removed in every outcome.
 */

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { findGo, runGo, type GoInfo } from './run';
import {
  parseCompilerReport,
  parseEscapeOutput,
  type CompilerError,
  type CompilerReport,
  type ParsedEscapes,
} from './parse';

export interface EscapeRequest {
  /** Absolute directory of the package (the path the editor uses; symlinks are fine). */
  packageDir: string;
  /** Unsaved buffers: absolute file path → current text. */
  unsaved?: Record<string, string> | Map<string, string>;
  goos?: string;
  goarch?: string;
  tags?: string[];
  /** Extra environment (allow-listed keys, see {@link validateRequest}). */
  env?: Record<string, string>;
  /** Extra compiler flags, one flag per element (allow-listed). `-m=2` is always set. */
  gcflags?: string[];
  /** Extra go command build flags, one per element (allow-listed). */
  buildFlags?: string[];
  /** Compile the package's tests too (`go test -c`): when the active file is a `_test.go` file. */
  includeTests?: boolean;
  /** Default 60 000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The go executable or its directory; default: `go` on PATH. */
  goPath?: string;
  /** Mixed into the cache key; change it when files outside the package changed on disk. */
  cacheSalt?: string;
  /** Called with the go process id (its process group on Unix) when a build really starts (not on a cache hit). */
  onSpawn?: (pid: number) => void;
}

export type FailureReason = 'build-failed' | 'refused' | 'cancelled' | 'timeout' | 'go-missing' | 'error';

export interface ResultMeta {
  packageDir: string;
  /** Served from the in-memory cache (no process started). */
  fromCache: boolean;
  /** Time this call took. */
  durationMs: number;
  /** `go version` of the toolchain used. */
  goVersion?: string;
  /** The go command's arguments (temp paths included), for logs. */
  args?: string[];
  /** Output went over the capture limit: findings are incomplete. */
  truncated?: boolean;
  cacheKey?: string;
}

export interface CompilerSuccess extends ParsedEscapes, ResultMeta {
  ok: true;
  /** Raw report grouped per file (for "Show Compiler Report"). */
  report: CompilerReport;
}

export interface CompilerFailure extends ResultMeta {
  ok: false;
  reason: FailureReason;
  /** One line for a status bar or log. */
  message: string;
  /** Parsed compiler / go command errors (build-failed), else empty. */
  errors: CompilerError[];
  /** Present for build failures. */
  report?: CompilerReport;
}

export type CompilerResult = CompilerSuccess | CompilerFailure;

// ---------------------------------------------------------------------------
// Flag and environment allow-lists

const GCFLAG_ALLOWED: Array<[RegExp, string]> = [
  [/^-l$/, 'disable inlining'],
  [/^-l=[0-4]$/, 'inlining level'],
  [/^-N$/, 'disable optimizations'],
  [/^-B$/, 'disable bounds checking'],
  [/^-smallframes$/, 'smaller stack-allocation limits'],
  [/^-lang=go1\.\d{1,2}$/, 'language version'],
  [/^-d=loopvar=[0-3]$/, 'loop variable semantics debug'],
  [/^-d=checkptr(=[0-2])?$/, 'checkptr instrumentation'],
  [/^-spectre=(all|index|ret)(,(index|ret))*$/, 'spectre mitigations'],
];

const BUILDFLAG_ALLOWED: RegExp[] = [
  /^-mod=(readonly|mod|vendor)$/,
  /^-race$/,
  /^-msan$/,
  /^-asan$/,
  /^-buildvcs=(true|false|auto)$/,
  /^-pgo=(off|auto)$/,
  /^-p=\d{1,3}$/,
];

const REFUSED_WHY: Array<[RegExp, string]> = [
  [/^--?toolexec(=|$)/, 'it runs a program of the workspace\'s choosing around every compiler invocation'],
  [/^--?exec(=|$)/, 'it runs the test binary through a program of the workspace\'s choosing'],
  [/^--?overlay(=|$)/, 'the extension writes its own overlay for unsaved buffers'],
  [/^--?o(=|$)/, 'the extension chooses where the build output goes (a temporary directory)'],
  [/^--?(gcflags|asmflags|ldflags|gccgoflags)(=|$)/, 'nested flag lists can target other packages and inject flags; use the gcflags setting'],
  [/^--?C(=|$)/, 'it changes the directory the go command runs in'],
  [/^--?(pkgdir|modfile|compiler|installsuffix|linkshared|buildmode)(=|$)/, 'it changes which files or tools the build uses'],
  [/^--?(json|m)(=|$)/, 'the extension sets the compiler\'s -m=2 output itself'],
  [/^--?(cpuprofile|memprofile|memprofilerate|blockprofile|mutexprofile|traceprofile|bench|asmhdr|symabis|linkobj|importcfg|embedcfg|pgoprofile|buildid|D|I|p|dwarf|shared|dynlink|std|complete|goversion|env|h|V)(=|$)/,
    'it reads or writes files, or changes what is compiled, outside the extension\'s control'],
  [/^--?(a|n|x|work|v)$/, 'it changes what the go command does or prints (not needed to read escape results)'],
  [/^--?trimpath$/, 'it rewrites file names in the compiler output, so reports could not be placed in the files'],
  [/^--?tags(=|$)/, 'pass build tags through the tags setting'],
];

function refusedReason(flag: string, kind: 'gcflags' | 'build flag'): string {
  for (const [re, why] of REFUSED_WHY) if (re.test(flag)) return `refused ${kind} ${JSON.stringify(flag)}: ${why}`;
  return `refused ${kind} ${JSON.stringify(flag)}: not on the allow-list (${kind === 'gcflags'
    ? '-l, -l=N, -N, -B, -smallframes, -lang=go1.N, -d=loopvar=N, -d=checkptr, -spectre=…'
    : '-mod=…, -race, -msan, -asan, -buildvcs=…, -pgo=off|auto, -p=N'})`;
}

const ENV_ALLOWED = new Set([
  'GOOS', 'GOARCH', 'GOAMD64', 'GOARM', 'GOARM64', 'GO386', 'GOMIPS', 'GOMIPS64', 'GOPPC64', 'GORISCV64', 'GOWASM',
  'CGO_ENABLED', 'GOEXPERIMENT', 'GOFLAGS', 'GOPRIVATE', 'GOPROXY', 'GONOPROXY', 'GONOSUMDB', 'GONOSUMCHECK',
  'GOINSECURE', 'GOWORK', 'GOTOOLCHAIN', 'GODEBUG', 'GOPATH', 'GOMODCACHE', 'GOCACHE',
]);

const SAFE_WORD = /^[A-Za-z0-9_.]+$/;
const GOOS_ARCH = /^[a-z0-9]+$/;

/** Checks a request's user-supplied parts. Returns the reason for refusing, or undefined when it is acceptable. */
export function validateRequest(req: EscapeRequest): string | undefined {
  if (!path.isAbsolute(req.packageDir)) return `packageDir must be absolute: ${req.packageDir}`;
  if (req.goos !== undefined && !GOOS_ARCH.test(req.goos)) return `refused GOOS ${JSON.stringify(req.goos)}`;
  if (req.goarch !== undefined && !GOOS_ARCH.test(req.goarch)) return `refused GOARCH ${JSON.stringify(req.goarch)}`;
  for (const t of req.tags ?? []) {
    if (!SAFE_WORD.test(t)) return `refused build tag ${JSON.stringify(t)}: tags are letters, digits, '_' and '.'`;
  }
  for (const f of req.gcflags ?? []) {
    if (!GCFLAG_ALLOWED.some(([re]) => re.test(f))) return refusedReason(f, 'gcflags');
  }
  for (const f of req.buildFlags ?? []) {
    if (!BUILDFLAG_ALLOWED.some((re) => re.test(f))) return refusedReason(f, 'build flag');
  }
  for (const [k, v] of Object.entries(req.env ?? {})) {
    if (!ENV_ALLOWED.has(k)) return `refused environment variable ${k}: only Go toolchain settings are accepted (${[...ENV_ALLOWED].join(', ')})`;
    if (/[\0\n]/.test(v)) return `refused environment variable ${k}: control characters`;
    if (k === 'GOFLAGS') {
      for (const f of v.split(/\s+/).filter((s) => s !== '')) {
        if (!BUILDFLAG_ALLOWED.some((re) => re.test(f))) return refusedReason(f, 'build flag') + ' (in GOFLAGS)';
      }
    }
    if ((k === 'GOOS' || k === 'GOARCH') && !GOOS_ARCH.test(v)) return `refused ${k} ${JSON.stringify(v)}`;
  }
  for (const file of unsavedEntries(req.unsaved).map(([f]) => f)) {
    if (!path.isAbsolute(file)) return `unsaved buffer paths must be absolute: ${file}`;
  }
  return undefined;
}

function unsavedEntries(u: EscapeRequest['unsaved']): Array<[string, string]> {
  if (!u) return [];
  return u instanceof Map ? [...u.entries()] : Object.entries(u);
}

// ---------------------------------------------------------------------------
// Cache

const SOURCE_EXT = new Set(['.go', '.s', '.S', '.c', '.h', '.cc', '.cpp', '.cxx', '.hh', '.hpp', '.m', '.f', '.F', '.for', '.f90', '.syso', '.mod', '.sum', '.work']);

interface CacheEntry {
  result: CompilerResult;
  bytes: number;
}

const MAX_ENTRIES = 32;
const MAX_BYTES = 256 * 1024 * 1024;
const cache = new Map<string, CacheEntry>();
let cacheBytes = 0;

function cacheGet(key: string): CompilerResult | undefined {
  const e = cache.get(key);
  if (!e) return undefined;
  cache.delete(key);
  cache.set(key, e); // most recently used last
  return e.result;
}

function cachePut(key: string, result: CompilerResult, approxBytes: number): void {
  const old = cache.get(key);
  if (old) {
    cacheBytes -= old.bytes;
    cache.delete(key);
  }
  cache.set(key, { result, bytes: approxBytes });
  cacheBytes += approxBytes;
  while (cache.size > MAX_ENTRIES || (cacheBytes > MAX_BYTES && cache.size > 1)) {
    const oldest = cache.keys().next().value as string;
    cacheBytes -= cache.get(oldest)!.bytes;
    cache.delete(oldest);
  }
}

/** Drops cached results (of one package directory, or all). */
export function clearEscapeCache(packageDir?: string): void {
  for (const [k, e] of [...cache.entries()]) {
    if (packageDir === undefined || e.result.packageDir === path.resolve(packageDir)) {
      cacheBytes -= e.bytes;
      cache.delete(k);
    }
  }
}

/** Number of cached results (for tests and diagnostics). */
export function escapeCacheSize(): number {
  return cache.size;
}

function sha256(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function realpathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
    } catch {
      return p;
    }
  }
}

/** For each name, the nearest ancestor (or `dir` itself) holding it. */
async function findUp(dir: string, names: string[]): Promise<string[]> {
  const found = new Map<string, string>();
  let d = dir;
  for (;;) {
    for (const n of names) {
      if (found.has(n)) continue;
      const p = path.join(d, n);
      try {
        await fsp.access(p);
        found.set(n, p);
      } catch {
        /* absent */
      }
    }
    const parent = path.dirname(d);
    if (parent === d || found.size === names.length) break;
    d = parent;
  }
  return [...found.values()];
}

/** Content hashes of files on disk, reused while size and mtime are unchanged. */
const fileHashes = new Map<string, { size: number; mtimeMs: number; hash: string }>();

async function fileHash(abs: string, st: fs.Stats): Promise<string> {
  const known = fileHashes.get(abs);
  if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) return known.hash;
  const hash = sha256(await fsp.readFile(abs));
  if (fileHashes.size > 20_000) fileHashes.clear();
  fileHashes.set(abs, { size: st.size, mtimeMs: st.mtimeMs, hash });
  return hash;
}

async function cacheKeyFor(req: EscapeRequest, go: GoInfo, unsaved: Map<string, string>): Promise<string> {
  const dir = path.resolve(req.packageDir);
  const h = crypto.createHash('sha256');
  const put = (label: string, value: string) => h.update(`${label}\0${value}\0`);
  put('go', `${go.path}\n${go.version}`);
  put('dir', dir);
  put('tests', String(!!req.includeTests));
  put('goos', req.goos ?? req.env?.GOOS ?? process.env.GOOS ?? go.env.GOOS);
  put('goarch', req.goarch ?? req.env?.GOARCH ?? process.env.GOARCH ?? go.env.GOARCH);
  put('tags', [...(req.tags ?? [])].sort().join(','));
  put('gcflags', (req.gcflags ?? []).join(' '));
  put('buildflags', (req.buildFlags ?? []).join(' '));
  put('env', JSON.stringify(Object.entries(req.env ?? {}).sort()));
  put('procenv', ['GOFLAGS', 'GOEXPERIMENT', 'CGO_ENABLED', 'GOWORK', 'GOTOOLCHAIN'].map((k) => `${k}=${process.env[k] ?? ''}`).join('\n'));
  put('salt', req.cacheSalt ?? '');

  const seen = new Set<string>();
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name).sort();
  for (const name of names) {
    const abs = path.join(dir, name);
    seen.add(abs);
    const buf = unsaved.get(abs);
    if (buf !== undefined) {
      put(`file:${name}`, sha256(buf));
      continue;
    }
    try {
      const st = await fsp.stat(abs);
      if (!st.isFile()) continue;
      if (SOURCE_EXT.has(path.extname(name))) put(`file:${name}`, await fileHash(abs, st));
      else put(`file:${name}`, `${st.size}:${st.mtimeMs}`);
    } catch {
      put(`file:${name}`, 'unreadable');
    }
  }
  for (const [file, text] of [...unsaved.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!seen.has(file)) put(`overlay:${file}`, sha256(text));
  }
  for (const f of await findUp(dir, ['go.mod', 'go.sum', 'go.work', 'go.work.sum'])) {
    try {
      put(`mod:${f}`, sha256(unsaved.get(f) ?? (await fsp.readFile(f))));
    } catch {
      /* vanished */
    }
  }
  return h.digest('hex');
}

// ---------------------------------------------------------------------------
// One build per package

interface InFlight {
  key: string;
  controller: AbortController;
  promise: Promise<CompilerResult>;
  /** Callers still waiting; the build is killed when the last one aborts. */
  waiters: number;
}

const inFlight = new Map<string, InFlight>();

function cancelled(req: EscapeRequest, started: number, message = 'cancelled'): CompilerFailure {
  return {
    ok: false,
    reason: 'cancelled',
    message,
    errors: [],
    packageDir: path.resolve(req.packageDir),
    fromCache: false,
    durationMs: Date.now() - started,
  };
}

/** Waits for a shared build on behalf of one caller; the caller's abort releases only its own wait. */
function wait(job: InFlight, req: EscapeRequest, started: number): Promise<CompilerResult> {
  job.waiters++;
  const signal = req.signal;
  if (!signal) return job.promise;
  return new Promise((resolve) => {
    const onAbort = () => {
      if (--job.waiters <= 0) job.controller.abort(new Error('cancelled'));
      resolve(cancelled(req, started));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    job.promise.then((r) => {
      signal.removeEventListener('abort', onAbort);
      resolve({ ...r, durationMs: Date.now() - started });
    });
  });
}

/**
 * Compiles the package at `req.packageDir` with `-gcflags=-m=2` and returns the compiler's escape
 * findings (UTF-16 positions, plain-language `why`), or why there are none. Never rejects.
 */
export async function compileEscapes(req: EscapeRequest): Promise<CompilerResult> {
  const started = Date.now();
  const packageDir = path.resolve(req.packageDir);
  const fail = (reason: FailureReason, message: string, extra: Partial<CompilerFailure> = {}): CompilerFailure => ({
    ok: false,
    reason,
    message,
    errors: [],
    packageDir,
    fromCache: false,
    durationMs: Date.now() - started,
    ...extra,
  });

  const refused = validateRequest(req);
  if (refused) return fail('refused', refused);
  if (req.signal?.aborted) return cancelled(req, started);

  try {
    const st = await fsp.stat(packageDir);
    if (!st.isDirectory()) return fail('error', `not a directory: ${packageDir}`);
  } catch {
    return fail('error', `no such directory: ${packageDir}`);
  }

  const go = await findGo(req.goPath, packageDir);
  if (!go) return fail('go-missing', req.goPath ? `no working go at ${req.goPath}` : 'go was not found on PATH');

  const unsaved = new Map<string, string>(unsavedEntries(req.unsaved).map(([f, t]) => [path.resolve(f), t]));
  let key: string;
  try {
    key = await cacheKeyFor(req, go, unsaved);
  } catch (e) {
    return fail('error', `cannot read the package: ${(e as Error).message}`);
  }

  const hit = cacheGet(key);
  if (hit) return { ...hit, fromCache: true, durationMs: Date.now() - started };

  const running = inFlight.get(packageDir);
  if (running) {
    // Join a build of the same content — unless it is already being killed (its last waiter left: an
    // editor cancels the typing-triggered build when the user saves, then asks again at once).
    if (running.key === key && !running.controller.signal.aborted) return wait(running, req, started);
    running.controller.abort(new Error('superseded'));
  }

  const controller = new AbortController();
  const promise: Promise<CompilerResult> = build(req, go, unsaved, key, controller.signal, started).finally(() => {
    if (inFlight.get(packageDir)?.promise === promise) inFlight.delete(packageDir);
  });
  const job: InFlight = { key, controller, promise, waiters: 0 };
  inFlight.set(packageDir, job);
  return wait(job, req, started);
}

async function build(
  req: EscapeRequest,
  go: GoInfo,
  unsaved: Map<string, string>,
  key: string,
  signal: AbortSignal,
  started: number,
): Promise<CompilerResult> {
  const packageDir = path.resolve(req.packageDir);
  const meta = (): ResultMeta => ({ packageDir, fromCache: false, durationMs: Date.now() - started, goVersion: go.version, cacheKey: key });
  let tmp: string | undefined;
  try {
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'gmh-esc-'));
    const overlayFiles: Record<string, string> = {};
    const replace: Record<string, string> = {};
    let i = 0;
    for (const [file, text] of unsaved) {
      const copy = path.join(tmp, `ov${i++}-${path.basename(file)}`);
      await fsp.writeFile(copy, text);
      overlayFiles[copy] = file;
      replace[file] = copy;
      const real = realpathOrSelf(file);
      if (real !== file) replace[real] = copy;
    }
    const args: string[] = req.includeTests ? ['test', '-c', '-o', path.join(tmp, 'pkg.test')] : ['build', '-o', path.join(tmp, 'out')];
    if (unsaved.size > 0) {
      const overlayJson = path.join(tmp, 'overlay.json');
      await fsp.writeFile(overlayJson, JSON.stringify({ Replace: replace }));
      args.push(`-overlay=${overlayJson}`);
    }
    // `-e` first: it lifts the 10-error limit, and this flag list (hence the build-cache key) is ours alone —
    // see "replay" in the header comment.
    args.push(`-gcflags=${['-e', '-m=2', ...(req.gcflags ?? [])].join(' ')}`);
    if (req.tags && req.tags.length > 0) args.push(`-tags=${req.tags.join(',')}`);
    args.push(...(req.buildFlags ?? []), '.');

    const env: Record<string, string> = { ...(req.env ?? {}) };
    if (req.goos) env.GOOS = req.goos;
    if (req.goarch) env.GOARCH = req.goarch;

    if (signal.aborted) return { ...cancelled(req, started, abortMessage(signal)), ...meta(), args };
    const run = await runGo(args, {
      cwd: packageDir,
      env,
      goPath: go.path,
      timeoutMs: req.timeoutMs ?? 60_000,
      signal,
      onSpawn: req.onSpawn,
    });
    const base = { ...meta(), args, truncated: run.truncated || undefined };
    if (run.cancelled) return { ...cancelled(req, started, abortMessage(signal)), ...base };
    if (run.timedOut) {
      return { ok: false, reason: 'timeout', message: `the build took longer than ${req.timeoutMs ?? 60_000} ms and was stopped`, errors: [], ...base };
    }
    if (run.spawnError) return { ok: false, reason: 'error', message: run.spawnError, errors: [], ...base };

    // The go command prints the compiler's output (and its own errors) on stderr.
    const output = run.stdout.trim() === '' ? run.stderr : `${run.stderr}\n${run.stdout}`;
    const textCache = new Map<string, string | undefined>();
    const realUnsaved = new Map<string, string>();
    for (const [f, t] of unsaved) realUnsaved.set(realpathOrSelf(f), t);
    const getText = (abs: string): string | undefined => {
      if (unsaved.has(abs)) return unsaved.get(abs);
      if (textCache.has(abs)) return textCache.get(abs);
      let text: string | undefined;
      const real = realpathOrSelf(abs);
      if (realUnsaved.has(real)) text = realUnsaved.get(real);
      else {
        try {
          text = fs.readFileSync(abs, 'utf8');
        } catch {
          text = undefined;
        }
      }
      textCache.set(abs, text);
      return text;
    };
    const parsed = parseEscapeOutput(output, { cwd: packageDir, packageDir, getText, overlayFiles, exitCode: run.code });
    const report = parseCompilerReport(output, { cwd: packageDir, packageDir, overlayFiles });
    let result: CompilerResult;
    if (parsed.ok) {
      result = { ...parsed, ...base, report };
    } else {
      const first = parsed.errors[0];
      result = {
        ok: false,
        reason: 'build-failed',
        message: `compiler: build failed${first ? `: ${first.file ? path.basename(first.file) + ': ' : ''}${first.message}` : ''}`,
        errors: parsed.errors,
        report,
        ...base,
      };
    }
    cachePut(key, result, output.length * 4 + 4096);
    return result;
  } catch (e) {
    return { ok: false, reason: 'error', message: (e as Error).message, errors: [], ...meta() };
  } finally {
    if (tmp) await fsp.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
}

function abortMessage(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof Error && r.message === 'superseded' ? 'superseded by a newer request for the same package' : 'cancelled';
}
