import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Fake `go` executables (POSIX shell scripts; the product still spawns them
 * directly, without a shell) for the compiler runner's fault tests. Each answers
 * `go version` and `go env -json` like a real toolchain, then misbehaves on `build`.
 */
export type FakeGoKind = 'failing' | 'hanging' | 'garbage' | 'crashing';

const HEADER = [
  '#!/bin/sh',
  'case "$1" in',
  '  version) echo "go version go1.99.0-fake linux/amd64"; exit 0 ;;',
  `  env) echo '{"GOROOT":"/nonexistent","GOARCH":"amd64","GOOS":"linux","GOVERSION":"go1.99.0-fake","GOFLAGS":"","GOMOD":"","GOWORK":""}'; exit 0 ;;`,
  'esac',
];

/**
 * Writes `<dir>/go`. `hanging` starts a grandchild and records its pid in
 * `<dir>/grandchild.pid`; `garbage` prints the file named by $GMH_FAKE_OUTPUT on
 * stderr (or random bytes) and exits with $GMH_FAKE_EXIT (default 0).
 */
export function writeFakeGo(dir: string, kind: FakeGoKind): string {
  fs.mkdirSync(dir, { recursive: true });
  const body: Record<FakeGoKind, string[]> = {
    failing: ['echo "go: updates to go.mod needed; to update it:" >&2', 'echo "	go mod tidy" >&2', 'echo "./x.go:1:1: expected \'package\', found \'EOF\'" >&2', 'exit 1'],
    hanging: ['sleep 300 &', `echo $! > '${path.join(dir, 'grandchild.pid')}'`, 'sleep 300'],
    garbage: ['if [ -n "$GMH_FAKE_OUTPUT" ]; then cat "$GMH_FAKE_OUTPUT" >&2; else head -c 200000 /dev/urandom >&2; fi', 'exit "${GMH_FAKE_EXIT:-0}"'],
    crashing: ['kill -SEGV $$'],
  };
  const file = path.join(dir, 'go');
  fs.writeFileSync(file, [...HEADER, ...body[kind], ''].join('\n'), { mode: 0o755 });
  return file;
}

/** Live (non-zombie) members of a process group, from /proc; falls back to kill(-pgid, 0). */
export function groupMembers(pgid: number): number[] {
  if (fs.existsSync('/proc/self/stat')) {
    const live: number[] = [];
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      } catch {
        continue;
      }
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[2]) === pgid && rest[0] !== 'Z' && rest[0] !== 'X') live.push(Number(d));
    }
    return live;
  }
  try {
    process.kill(-pgid, 0);
    return [pgid];
  } catch {
    return [];
  }
}

/** True while a process exists and is not a zombie. */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

export async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}
