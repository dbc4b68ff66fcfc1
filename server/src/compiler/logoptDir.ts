/**
 * The directories the compiler writes its `-json=0,DIR` optimization log into, and reading a build's log
 * from them (see logopt.ts for the format and escapeBuild.ts for why the build asks for it). File system
 * only; the builds it asks for run through the caller's `runBuild` (run.ts stays the only process user).
 *
 * The go build cache trap: `-gcflags` (DIR included) is part of the compile action's ID. When the go
 * command finds the action in its cache it replays the compiler's stderr (our `-m=2` text) and does not
 * run the compiler, so nothing is written to DIR. Hence:
 * - DIR is stable per content: `os.tmpdir()/go-memory-hints-logopt/<the build's content key>`. The same
 *   package content and flags give the same DIR, so a replayed build finds the log its first compile
 *   wrote there — and the replayed text and the log come from the same compile.
 * - When the log is missing after a successful build (the directory was cleaned while go kept its cache),
 *   {@link nonceSpelling} gives another spelling of the same DIR (`DIR/r<nonce>/..`, which the compiler
 *   cleans lexically to DIR): a new action ID, so go recompiles this package only (`-gcflags` applies to
 *   the named package), and the log lands in DIR, where the next replay of the plain spelling finds it.
 * - Log files older than the newest file of their package directory by more than a build's writing
 *   time were left by an earlier compile (a dependency changed, our key did not) and are ignored.
 * - Old directories are pruned, newest {@link KEEP_DIRS} kept.
 */

import * as fsp from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { lostFiles, parseLogoptFile, type LogoptFile } from './logopt';
import type { CompilerReport } from './parse';
import { Resolver } from './resolve';
import type { RunResult } from './run';

export const KEEP_DIRS = 64;
/** Files of one compile are written together; older ones in the same package directory are leftovers. */
const SAME_COMPILE_MS = 5_000;

const inUse = new Map<string, number>();

/** The root under which each build's log directory lives (overridable for tests). */
export function logoptRoot(): string {
  return process.env.GMH_LOGOPT_ROOT || path.join(os.tmpdir(), 'go-memory-hints-logopt');
}

/** The log directory of a build with content key `key`. */
export function logoptDirFor(key: string, suffix = ''): string {
  return path.join(logoptRoot(), key.slice(0, 32) + suffix);
}

/**
 * The compiler flag for DIR: `-json=0,DIR`, quoted for the go command's flag splitting when DIR holds
 * spaces; undefined when it cannot be quoted (both quote characters in the path).
 */
export function jsonFlag(dir: string): string | undefined {
  const flag = `-json=0,${dir}`;
  if (!/\s/.test(flag)) return flag;
  if (!flag.includes("'")) return `'${flag}'`;
  if (!flag.includes('"')) return `"${flag}"`;
  return undefined;
}

/** Another spelling of `dir` that the compiler cleans back to `dir` (a fresh action ID, same files). */
export function nonceSpelling(dir: string): string {
  return path.join(dir, `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`) + path.sep + '..';
}

/** Marks a directory as used by a running build (never pruned meanwhile); returns the release. */
export function holdDir(dir: string): () => void {
  inUse.set(dir, (inUse.get(dir) ?? 0) + 1);
  return () => {
    const n = (inUse.get(dir) ?? 1) - 1;
    if (n <= 0) inUse.delete(dir);
    else inUse.set(dir, n);
  };
}

/** Marks a directory as recently used (pruning keeps the newest). */
export async function touchDir(dir: string): Promise<void> {
  const now = new Date();
  await fsp.utimes(dir, now, now).catch(() => undefined);
}

export interface ReadLog {
  /** Decoded package directory names present (package paths). */
  packages: Set<string>;
  files: LogoptFile[];
  /** Newest file time, for telling a fresh compile from a replay. */
  newestMs: number;
  /** Files skipped as leftovers of an earlier compile. */
  stale: number;
}

function decode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Reads every package directory of a log directory. Missing directories read as empty. */
export async function readLogDir(dir: string): Promise<ReadLog> {
  const out: ReadLog = { packages: new Set(), files: [], newestMs: 0, stale: 0 };
  let pkgs: string[];
  try {
    pkgs = (await fsp.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return out;
  }
  for (const p of pkgs) {
    out.packages.add(decode(p));
    const sub = path.join(dir, p);
    const names = (await fsp.readdir(sub).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
    const stats = await Promise.all(names.map((n) => fsp.stat(path.join(sub, n)).then((st) => st.mtimeMs, () => -1)));
    const newest = Math.max(0, ...stats);
    out.newestMs = Math.max(out.newestMs, newest);
    for (const [i, n] of names.entries()) {
      if (stats[i] < 0) continue;
      if (stats[i] < newest - SAME_COMPILE_MS) {
        out.stale++;
        continue;
      }
      const text = await fsp.readFile(path.join(sub, n), 'utf8').catch(() => undefined);
      if (text !== undefined) out.files.push(parseLogoptFile(decode(p), n, text));
    }
  }
  return out;
}

/**
 * The package paths whose log must exist after a successful build, from the `# pkgpath` headers of the
 * `-m=2` text: `p`, `p [p.test]` and `p_test [p.test]` (variants log under their package path); the test
 * main (`p.test`, logged as `main`) is not needed.
 */
export function expectedPackages(headers: string[], includeTests: boolean): string[] {
  const out = new Set<string>();
  for (const h of headers) {
    const m = /^(\S+)(\s+\[.*\])?$/.exec(h.trim());
    if (!m) continue;
    if (includeTests && !m[2] && m[1].endsWith('.test')) continue;
    out.add(m[1]);
  }
  return [...out];
}

/** Removes all but the newest `keep` log directories (never one a running build uses). Best effort. */
export async function pruneLogDirs(keep = KEEP_DIRS): Promise<number> {
  const root = logoptRoot();
  let names: string[];
  try {
    names = await fsp.readdir(root);
  } catch {
    return 0;
  }
  if (names.length <= keep) return 0;
  const dirs = await Promise.all(
    names.map(async (n) => {
      const p = path.join(root, n);
      const st = await fsp.stat(p).catch(() => undefined);
      return { p, t: st?.mtimeMs ?? 0 };
    }),
  );
  dirs.sort((a, b) => b.t - a.t);
  let removed = 0;
  for (const d of dirs.slice(keep)) {
    if (inUse.has(d.p)) continue;
    await fsp.rm(d.p, { recursive: true, force: true }).catch(() => undefined);
    removed++;
  }
  return removed;
}

/** Where a build's `large-copy` findings came from. */
export interface LogoptMeta {
  dir: string;
  /**
   * `compiled`: written by this build's compile; `replayed`: go replayed the compile from its cache and the
   * log of its first compile was there; `recompiled`: the log was missing and one more compile wrote it;
   * `unavailable`: no copy log (see `note`).
   */
  source: 'compiled' | 'replayed' | 'recompiled' | 'unavailable';
  copies: number;
  note?: string;
  /** Package files whose log a foreign file of the same base name overwrote (recompiled under another name). */
  renamed?: string[];
}

// ---------------------------------------------------------------------------
// Reading the copy log of a successful build

export interface CopyLog {
  files: LogoptFile[];
  source: LogoptMeta['source'];
  note?: string;
  renamed?: string[];
  cancelled?: boolean;
}

export interface CopyLogContext {
  includeTests: boolean;
  packageDir: string;
  logDir: string;
  key: string;
  report: CompilerReport;
  overlayFiles: Record<string, string>;
  replace: Record<string, string>;
  getText(abs: string): string | undefined;
  realpath(abs: string): string;
  spawnedAt: number;
  workDir: string;
  runBuild(json: string | undefined, overlay: Record<string, string>): Promise<{ run: RunResult }>;
}

/**
 * Reads the log a successful build wrote (or a replayed build's first compile wrote) into its content-keyed
 * directory; when it is missing, recompiles once under another spelling of the directory; when a package
 * file lost its log to a foreign file of the same base name, recompiles once with those files renamed
 * through the overlay (into a second directory) and takes their log from there (see the header comment).
 */
export async function readCopyLog(c: CopyLogContext): Promise<CopyLog> {
  const expected = expectedPackages(c.report.packages, c.includeTests);
  const read = async (dir: string, overlay: Record<string, string>, since: number): Promise<CopyLog & { log?: ReadLog }> => {
    let log = await readLogDir(dir);
    let source: LogoptMeta['source'] = log.newestMs >= since ? 'compiled' : 'replayed';
    if (expected.some((p) => !log.packages.has(p))) {
      const flag = jsonFlag(nonceSpelling(dir));
      if (!flag) return { files: [], source: 'unavailable', note: `cannot pass ${dir} to the compiler` };
      const { run } = await c.runBuild(flag, overlay);
      if (run.cancelled) return { files: [], source: 'unavailable', cancelled: true };
      if (run.code !== 0) return { files: [], source: 'unavailable', note: `the rebuild for the copy log failed (${run.timedOut ? 'timeout' : `exit ${run.code}`})` };
      log = await readLogDir(dir);
      source = 'recompiled';
      const still = expected.filter((p) => !log.packages.has(p));
      if (still.length > 0) return { files: log.files, source: 'unavailable', note: `no copy log for ${still.join(', ')} after a rebuild`, log };
    }
    await touchDir(dir);
    return { files: log.files, source, log };
  };
  if (!jsonFlag(c.logDir)) return { files: [], source: 'unavailable', note: `cannot pass ${c.logDir} to the compiler` };
  const main = await read(c.logDir, c.replace, c.spawnedAt);
  if (main.cancelled || !main.log) return main;

  const res = new Resolver({ cwd: c.packageDir, packageDir: c.packageDir, overlayFiles: c.overlayFiles, getText: () => undefined });
  const compiled = new Set(
    c.report.files.map((f) => f.file).filter((f) => f.endsWith('.go') && path.dirname(f) === c.packageDir && path.basename(f) !== '_testmain.go'),
  );
  const lost = lostFiles(main.files, compiled, (f) => res.file(f));
  if (lost.length === 0) return main;

  // Recompile with each lost file renamed (`gmh0xtype.go`: the part before the first `_` carries no
  // build constraint, so the constraints are unchanged) and its original deleted, into a second directory.
  const overlay = { ...c.replace };
  const back = new Map<string, string>();
  for (const [i, file] of lost.entries()) {
    const text = c.getText(file);
    if (text === undefined) continue;
    const renamed = path.join(c.packageDir, `gmh${i}x${path.basename(file)}`);
    const copy = path.join(c.workDir, `rn${i}-${path.basename(file)}`);
    await fsp.writeFile(copy, text);
    overlay[file] = '';
    const real = c.realpath(file);
    if (real !== file) overlay[real] = '';
    overlay[renamed] = copy;
    back.set(renamed, file);
  }
  const since = Date.now();
  const second = await read(logoptDirFor(c.key, '-renamed'), overlay, since);
  if (second.cancelled) return second;
  const recovered: LogoptFile[] = [];
  for (const f of second.files) {
    const orig = f.header ? back.get(res.file(f.header.file)) : undefined;
    if (!orig || !f.header) continue;
    recovered.push({ ...f, header: { ...f.header, file: orig }, entries: f.entries.map((e) => ({ ...e, file: orig })) });
  }
  return { ...main, files: [...main.files, ...recovered], renamed: lost, note: second.note };
}
