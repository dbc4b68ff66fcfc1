/**
 * The only module of the product that starts processes.
 *
 * - Never through a shell: `spawn(file, args)` with `shell: false`; the executable is found on PATH here.
 * - The child gets its own process group (`detached: true`), and a timeout or an abort kills the whole
 *   group (`go` → `compile`, `asm`, `cgo`, `link` …), not just `go`. On Windows, `taskkill /T /F`.
 * - `PWD` is set to `cwd`: the go command takes its working directory from `$PWD` when it names the same
 *   directory, so a package reached through a symlink keeps its logical path and `-overlay` keys written
 *   with that path keep matching (an inherited PWD makes go use the physical path and silently ignore
 *   the overlay).
 * - Captured output is capped (`maxOutputBytes` per stream); the rest is drained and dropped.
 */

import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface RunOptions {
  /** Working directory; also exported as `PWD`. */
  cwd: string;
  /** Variables added to (or overriding) the server's environment. */
  env?: Record<string, string | undefined>;
  /** Kill the process group after this many milliseconds. 0 or absent: no limit. */
  timeoutMs?: number;
  /** Aborting kills the process group; the promise resolves with `cancelled: true`. */
  signal?: AbortSignal;
  /** The go executable, or a directory holding it. Absent: `go` on PATH. */
  goPath?: string;
  /** Cap on captured bytes per stream (default 64 MiB). */
  maxOutputBytes?: number;
  /** Called with the child's pid (= its process group id on Unix) right after the spawn. */
  onSpawn?: (pid: number) => void;
}

export interface RunResult {
  /** Exit code; null when killed by a signal or when the spawn failed. */
  code: number | null;
  /** Terminating signal, if any. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  cancelled: boolean;
  /** True when a stream went over `maxOutputBytes`. */
  truncated: boolean;
  /** The spawn itself failed (ENOENT, EACCES…). */
  spawnError?: string;
  pid?: number;
  durationMs: number;
}

const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;
/** After `exit`, how long to wait for the pipes to close (a grandchild outside the group may hold them). */
const CLOSE_GRACE_MS = 2000;

let spawnCounter = 0;

/** Number of processes this module has started since load (tests use it to prove a cache hit). */
export function spawnCount(): number {
  return spawnCounter;
}

function isWindows(): boolean {
  return process.platform === 'win32';
}

function isExecutableFile(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    if (isWindows()) return true;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves the go executable without a shell: an explicit file, a directory holding `go`, or the first
 * `go` on PATH. Returns undefined when there is none.
 */
export function resolveGoExecutable(goPath?: string, envPath: string | undefined = process.env.PATH): string | undefined {
  const exe = isWindows() ? 'go.exe' : 'go';
  if (goPath && goPath.trim() !== '') {
    const p = path.resolve(goPath);
    if (isExecutableFile(p)) return p;
    const inDir = path.join(p, exe);
    if (isExecutableFile(inDir)) return inDir;
    const inBin = path.join(p, 'bin', exe);
    if (isExecutableFile(inBin)) return inBin;
    return undefined;
  }
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    if (isExecutableFile(candidate)) return candidate;
  }
  // Editors started from a desktop (or VS Code's server, which takes PATH from a login shell)
  // often miss the Go directory on PATH: look where installers put it, as vscode-go does.
  const wellKnown = [process.env.GOROOT && path.join(process.env.GOROOT, 'bin'), '/usr/local/go/bin', '/usr/lib/go/bin', '/opt/homebrew/bin', '/usr/local/bin'];
  for (const dir of wellKnown) {
    if (!dir || envPath === '') continue;
    const candidate = path.join(dir, exe);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function killTree(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (isWindows()) {
    try {
      const k = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { shell: false, stdio: 'ignore', windowsHide: true });
      k.on('error', () => child.kill('SIGKILL'));
    } catch {
      child.kill('SIGKILL');
    }
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone; make sure the direct child is too.
    try {
      child.kill('SIGKILL');
    } catch {
      /* already dead */
    }
  }
}

class Capture {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly max: number) {}
  push(b: Buffer): void {
    if (this.size >= this.max) {
      this.truncated = true;
      return;
    }
    const room = this.max - this.size;
    if (b.length > room) {
      this.chunks.push(b.subarray(0, room));
      this.size += room;
      this.truncated = true;
    } else {
      this.chunks.push(b);
      this.size += b.length;
    }
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs the go executable with `args` (no shell). Never rejects: failures to start are reported in
 * `spawnError` with `code: null`.
 */
export function runGo(args: string[], opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const exe = resolveGoExecutable(opts.goPath);
  const max = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const base = { stdout: '', stderr: '', truncated: false, signal: null, timedOut: false };
  if (!exe) {
    return Promise.resolve({
      ...base,
      code: null,
      cancelled: false,
      spawnError: opts.goPath ? `no go executable at ${opts.goPath}` : 'go was not found on PATH',
      durationMs: 0,
    });
  }
  if (opts.signal?.aborted) {
    return Promise.resolve({ ...base, code: null, cancelled: true, durationMs: 0 });
  }

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  env.PWD = opts.cwd;

  return new Promise<RunResult>((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(exe, args, {
        cwd: opts.cwd,
        env,
        shell: false,
        detached: !isWindows(),
        windowsHide: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      resolve({ ...base, code: null, cancelled: false, spawnError: String(e), durationMs: Date.now() - started });
      return;
    }
    spawnCounter++;
    const out = new Capture(max);
    const err = new Capture(max);
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let timer: NodeJS.Timeout | undefined;
    let graceTimer: NodeJS.Timeout | undefined;

    const finish = (spawnError?: string) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({
        code: exitCode,
        signal: exitSignal,
        stdout: out.text(),
        stderr: err.text(),
        timedOut,
        cancelled,
        truncated: out.truncated || err.truncated,
        spawnError,
        pid: child.pid,
        durationMs: Date.now() - started,
      });
    };
    const onAbort = () => {
      if (settled) return;
      cancelled = true;
      killTree(child);
    };

    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      exitCode = null;
      finish(e.message);
    });
    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      // Normally 'close' follows at once; if a stray grandchild keeps a pipe open, do not wait forever.
      graceTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, CLOSE_GRACE_MS);
    });
    child.on('close', () => finish());

    if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    if (opts.timeoutMs && opts.timeoutMs > 0) {
      timer = setTimeout(() => {
        if (settled) return;
        timedOut = true;
        killTree(child);
      }, opts.timeoutMs);
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// ---------------------------------------------------------------------------
// Finding go and describing it

export interface GoEnv {
  GOROOT: string;
  GOARCH: string;
  GOOS: string;
  GOVERSION: string;
  GOFLAGS: string;
  GOMOD: string;
  GOWORK: string;
}

export interface GoInfo {
  /** Absolute path of the executable. */
  path: string;
  /** `go version` output, e.g. `go version go1.26.8 linux/amd64`. */
  version: string;
  env: GoEnv;
}

const goInfoCache = new Map<string, Promise<GoInfo | undefined>>();

/**
 * Locates go (explicit `goPath`, else PATH, no shell) and runs `go version` and
 * `go env -json GOROOT GOARCH GOOS GOVERSION GOFLAGS GOMOD GOWORK` once per `goPath`.
 * Resolves undefined when go is missing or does not answer. Cached; see {@link clearGoInfoCache}.
 * `cwd` only matters for GOMOD/GOWORK (default: the server's working directory).
 */
export function findGo(goPath?: string, cwd: string = process.cwd()): Promise<GoInfo | undefined> {
  const key = goPath ?? '';
  let p = goInfoCache.get(key);
  if (!p) {
    p = probeGo(goPath, cwd);
    goInfoCache.set(key, p);
    // A failed probe is not cached forever: go may be installed later.
    p.then((info) => {
      if (!info) goInfoCache.delete(key);
    });
  }
  return p;
}

export function clearGoInfoCache(): void {
  goInfoCache.clear();
}

async function probeGo(goPath: string | undefined, cwd: string): Promise<GoInfo | undefined> {
  const exe = resolveGoExecutable(goPath);
  if (!exe) return undefined;
  const opts: RunOptions = { cwd, goPath: exe, timeoutMs: 20_000, maxOutputBytes: 1 << 20 };
  const v = await runGo(['version'], opts);
  if (v.code !== 0) return undefined;
  const e = await runGo(['env', '-json', 'GOROOT', 'GOARCH', 'GOOS', 'GOVERSION', 'GOFLAGS', 'GOMOD', 'GOWORK'], opts);
  if (e.code !== 0) return undefined;
  let parsed: Partial<GoEnv>;
  try {
    parsed = JSON.parse(e.stdout) as Partial<GoEnv>;
  } catch {
    return undefined;
  }
  const env: GoEnv = {
    GOROOT: parsed.GOROOT ?? '',
    GOARCH: parsed.GOARCH ?? '',
    GOOS: parsed.GOOS ?? '',
    GOVERSION: parsed.GOVERSION ?? '',
    GOFLAGS: parsed.GOFLAGS ?? '',
    GOMOD: parsed.GOMOD ?? '',
    GOWORK: parsed.GOWORK ?? '',
  };
  return { path: exe, version: v.stdout.trim(), env };
}
