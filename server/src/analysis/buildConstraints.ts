/**
 * Which files of a directory the gc build includes, following go/build:
 * `_test.go` files are excluded, file-name suffixes `_GOOS`, `_GOARCH`,
 * `_GOOS_GOARCH` restrict the target, and a `//go:build` expression before the
 * package clause must hold (go/build/constraint syntax: `!`, `&&`, `||`, parens).
 */

export const KNOWN_OS = [
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd',
  'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
];
export const KNOWN_ARCH = [
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
];
const UNIX = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux', 'netbsd', 'openbsd', 'solaris']);

export interface BuildContext {
  goos: string;
  goarch: string;
  /** Extra build tags (`-tags`). */
  tags: string[];
  /** Release tags go1.1 … go1.N are all satisfied up to this minor version. */
  goMinor: number;
  cgo: boolean;
  includeTests: boolean;
}

export function defaultBuildContext(overrides: Partial<BuildContext> = {}): BuildContext {
  return { goos: 'linux', goarch: 'amd64', tags: [], goMinor: 26, cgo: false, includeTests: false, ...overrides };
}

function tagHolds(tag: string, ctx: BuildContext): boolean {
  if (tag === ctx.goos || tag === ctx.goarch) return true;
  if (tag === 'unix') return UNIX.has(ctx.goos);
  if (tag === 'linux' && ctx.goos === 'android') return true;
  if ((tag === 'solaris' && ctx.goos === 'illumos') || (tag === 'darwin' && ctx.goos === 'ios')) return true;
  if (tag === 'gc') return true;
  if (tag === 'cgo') return ctx.cgo;
  const m = /^go1\.(\d+)$/.exec(tag);
  if (m) return Number(m[1]) <= ctx.goMinor;
  return ctx.tags.includes(tag);
}

/** Evaluates a `//go:build` expression; a malformed one is treated as satisfied (the user is typing). */
export function evalBuildExpr(expr: string, ctx: BuildContext): boolean {
  const tokens = expr.match(/&&|\|\||!|\(|\)|[A-Za-z0-9_.]+/g) ?? [];
  let i = 0;
  const parseOr = (): boolean => {
    let v = parseAnd();
    while (tokens[i] === '||') {
      i++;
      const r = parseAnd();
      v = v || r;
    }
    return v;
  };
  const parseAnd = (): boolean => {
    let v = parseNot();
    while (tokens[i] === '&&') {
      i++;
      const r = parseNot();
      v = v && r;
    }
    return v;
  };
  const parseNot = (): boolean => {
    if (tokens[i] === '!') {
      i++;
      return !parseNot();
    }
    if (tokens[i] === '(') {
      i++;
      const v = parseOr();
      if (tokens[i] === ')') i++;
      return v;
    }
    const t = tokens[i++];
    return t === undefined ? true : tagHolds(t, ctx);
  };
  try {
    return parseOr();
  } catch {
    return true;
  }
}

/** Applies go/build's file-name rules (`name_GOOS_GOARCH.go`, `_test.go`, `_`/`.` prefixes). */
export function fileNameMatches(fileName: string, ctx: BuildContext): boolean {
  if (!fileName.endsWith('.go') || fileName.startsWith('_') || fileName.startsWith('.')) return false;
  let stem = fileName.slice(0, -3);
  if (stem.endsWith('_test')) {
    if (!ctx.includeTests) return false;
    stem = stem.slice(0, -5);
  }
  const parts = stem.split('_');
  if (parts.length < 2) return true;
  const last = parts[parts.length - 1];
  const prev = parts.length >= 3 ? parts[parts.length - 2] : undefined;
  if (prev !== undefined && KNOWN_OS.includes(prev) && KNOWN_ARCH.includes(last)) {
    return tagHolds(prev, { ...ctx, tags: [] }) && last === ctx.goarch;
  }
  if (KNOWN_OS.includes(last)) return tagHolds(last, { ...ctx, tags: [] });
  if (KNOWN_ARCH.includes(last)) return last === ctx.goarch;
  return true;
}

/** Finds the `//go:build` line in the header (before the package clause). */
export function buildLine(text: string): string | undefined {
  // Line by line up to the package clause (the loader asks on every keystroke: splitting the
  // whole 64 KB header cost milliseconds on a large file).
  const limit = Math.min(text.length, 64 * 1024);
  for (let start = 0; start < limit; ) {
    let end = text.indexOf('\n', start);
    if (end < 0 || end > limit) end = limit;
    const line = text.slice(start, end).trim();
    if (line.startsWith('//go:build ')) return line.slice('//go:build '.length);
    if (line.startsWith('package ') || line === 'package') return undefined;
    start = end + 1;
  }
  return undefined;
}

export function fileIncluded(fileName: string, text: string, ctx: BuildContext): boolean {
  if (!fileNameMatches(fileName, ctx)) return false;
  const expr = buildLine(text);
  return expr === undefined || evalBuildExpr(expr, ctx);
}

/**
 * A build context under which the build includes a file that `ctx` excludes: the target its name
 * asks for (`_windows_arm64.go`), and for its `//go:build` line the tags it names switched on or off
 * and the targets it names or rules out (`!linux && !darwin` on linux: freebsd), changing as little
 * of `ctx` as it can — fewest tags switched first, then cgo, then the OS and the architecture, the
 * workspace's, then those named, then the common ones (a `//go:build ignore` generator: `ctx` with
 * the tag `ignore`). `undefined` when none is found (`gccgo`, `!gc`), or for names go/build never
 * builds (`_x.go`, `.x.go`).
 */
export function contextIncluding(fileName: string, text: string, ctx: BuildContext): BuildContext | undefined {
  const expr = buildLine(text);
  const included = (c: BuildContext) => fileNameMatches(fileName, c) && (expr === undefined || evalBuildExpr(expr, c));
  if (included(ctx)) return ctx;
  if (!fileName.endsWith('.go') || fileName.startsWith('_') || fileName.startsWith('.')) return undefined;
  // (asked at each analysis of the file: kept per name, line and context)
  const key = JSON.stringify([fileName, expr, ctx]);
  if (fits.has(key)) return fits.get(key);
  const fit = search(fileName, expr, ctx, included);
  if (fits.size >= 64) fits.delete(fits.keys().next().value!);
  fits.set(key, fit);
  return fit;
}

const fits = new Map<string, BuildContext | undefined>();

function search(fileName: string, expr: string | undefined, ctx: BuildContext, included: (c: BuildContext) => boolean): BuildContext | undefined {
  const parts = fileName.slice(0, -3).replace(/_test$/, '').split('_').slice(1);
  const words = (expr ?? '').match(/[A-Za-z0-9_.]+/g) ?? [];
  const oses = unique([ctx.goos, ...parts.filter((p) => KNOWN_OS.includes(p)), ...words.filter((w) => KNOWN_OS.includes(w)), 'linux', 'darwin', 'windows', 'freebsd', ...KNOWN_OS]);
  const arches = unique([ctx.goarch, ...parts.filter((p) => KNOWN_ARCH.includes(p)), ...words.filter((w) => KNOWN_ARCH.includes(w)), 'amd64', 'arm64', '386', 'arm', ...KNOWN_ARCH]);
  // the other tags the line names, each on or off (at most 4 of them: 16 sets), fewest switched first
  const named = unique(words.filter((w) => !KNOWN_OS.includes(w) && !KNOWN_ARCH.includes(w) && !/^go1\.\d+$/.test(w) && !['unix', 'gc', 'gccgo', 'cgo'].includes(w))).slice(0, 4);
  const tagSets: { tags: string[]; switched: number }[] = [];
  for (let mask = 0; mask < 1 << named.length; mask++) {
    const on = new Set(ctx.tags);
    named.forEach((t, i) => (mask & (1 << i) ? on.add(t) : on.delete(t)));
    const tags = [...on];
    tagSets.push({ tags, switched: named.filter((t) => on.has(t) !== ctx.tags.includes(t)).length });
  }
  tagSets.sort((x, y) => x.switched - y.switched);
  for (const { tags } of tagSets) {
    for (const cgo of [ctx.cgo, !ctx.cgo]) {
      for (const goos of oses) {
        for (const goarch of arches) {
          const c = { ...ctx, goos, goarch, tags, cgo };
          if (included(c)) return c;
        }
      }
    }
  }
  return undefined;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
