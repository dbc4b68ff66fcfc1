import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { BuildContext } from '../analysis/buildConstraints';
import { indexPackage, PackageIndex } from '../analysis/goPackage';
import { archByName, LayoutEngine } from '../analysis/layout';
import type { ExternalTypeResolver, LayoutResult } from '../analysis/layout/sizes';
import type { StdLayoutTable } from '../analysis/stdTables';
import type { PackageLoader } from './packageLoader';

/**
 * Finds the source of packages outside the one being analyzed — other packages of
 * the same module, `vendor/`, `replace` directives to local paths, and the module
 * cache for `require`d versions — so the layout of their types can be computed
 * from source, as the go command would resolve them. When the source is not
 * there, the size stays unknown (never a guess).
 */
interface GoMod {
  root: string;
  module: string;
  requires: Map<string, string>;
  replaces: Map<string, string>;
}

const modCache = new Map<string, GoMod | null>();

function readGoMod(dir: string): GoMod | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const cached = modCache.get(d);
    if (cached !== undefined) {
      if (cached) return cached;
    } else {
      const file = path.join(d, 'go.mod');
      if (fs.existsSync(file)) {
        const parsed = parseGoMod(d, fs.readFileSync(file, 'utf8'));
        modCache.set(d, parsed);
        return parsed;
      }
      modCache.set(d, null);
    }
    if (path.dirname(d) === d) return undefined;
  }
}

export function parseGoMod(root: string, text: string): GoMod {
  const mod: GoMod = { root, module: '', requires: new Map(), replaces: new Map() };
  const clean = text.replace(/\/\/.*$/gm, '');
  mod.module = /^module\s+"?([^\s"]+)"?/m.exec(clean)?.[1] ?? '';
  const directive = (name: string): string[] => {
    const out: string[] = [];
    const block = new RegExp(`^${name}\\s*\\(([\\s\\S]*?)^\\)`, 'gm');
    for (const m of clean.matchAll(block)) out.push(...m[1].split('\n').map((l) => l.trim()).filter(Boolean));
    const single = new RegExp(`^${name}\\s+([^(\\s].*)$`, 'gm');
    for (const m of clean.matchAll(single)) out.push(m[1].trim());
    return out;
  };
  for (const line of directive('require')) {
    const [p, v] = line.split(/\s+/);
    if (p && v) mod.requires.set(p, v);
  }
  for (const line of directive('replace')) {
    const m = /^(\S+)(?:\s+\S+)?\s*=>\s*(\S+)(?:\s+(\S+))?$/.exec(line);
    if (!m) continue;
    if (m[2].startsWith('.') || m[2].startsWith('/')) mod.replaces.set(m[1], path.resolve(root, m[2]));
    else if (m[3]) mod.requires.set(m[1], `${m[3]}#${m[2]}`);
  }
  return mod;
}

/** Module cache path escaping: an upper-case letter becomes `!` + lower case. */
function escapePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

function modCacheRoot(): string {
  if (process.env.GOMODCACHE) return process.env.GOMODCACHE;
  const gopath = (process.env.GOPATH || path.join(os.homedir(), 'go')).split(path.delimiter)[0];
  return path.join(gopath, 'pkg', 'mod');
}

/** The directory holding the source of an import path, seen from a package directory. */
export function packageDirOf(importPath: string, fromDir: string): string | undefined {
  const mod = readGoMod(fromDir);
  if (!mod) return undefined;
  const under = (prefix: string) => importPath === prefix || importPath.startsWith(prefix + '/');
  const rest = (prefix: string) => importPath.slice(prefix.length).replace(/^\//, '');
  if (mod.module && under(mod.module)) return path.join(mod.root, rest(mod.module));
  const vendored = path.join(mod.root, 'vendor', importPath);
  if (fs.existsSync(vendored)) return vendored;
  let best = '';
  for (const p of [...mod.requires.keys(), ...mod.replaces.keys()]) if (under(p) && p.length > best.length) best = p;
  if (!best) return undefined;
  const local = mod.replaces.get(best);
  if (local) return path.join(local, rest(best));
  const req = mod.requires.get(best)!;
  const [version, target] = req.includes('#') ? req.split('#') : [req, best];
  const dir = path.join(modCacheRoot(), `${escapePath(target)}@${version}`, rest(best));
  return fs.existsSync(dir) ? dir : undefined;
}

/** A layout resolver for one package directory that follows imports into other packages' sources. */
export class ExternalLayouts {
  private readonly indexes = new Map<string, PackageIndex | null>();
  private readonly engines = new Map<string, LayoutEngine>();
  private readonly busy = new Set<string>();
  private readonly resolvers = new Map<string, ExternalTypeResolver>();

  constructor(
    private readonly loader: PackageLoader,
    private readonly ctx: BuildContext,
    private readonly std: StdLayoutTable | undefined,
  ) {}

  /** Whether the layouts come partly from the package in `dir` (its sources were read). */
  readFrom(dir: string): boolean {
    return this.indexes.has(dir);
  }

  /** The resolver of one directory (the same object every time: caches key on it). */
  resolverFor(fromDir: string): ExternalTypeResolver {
    let r = this.resolvers.get(fromDir);
    if (!r) this.resolvers.set(fromDir, (r = this.newResolver(fromDir)));
    return r;
  }

  private newResolver(fromDir: string): ExternalTypeResolver {
    return (pkgPath, name, args): LayoutResult | undefined => {
      const dir = packageDirOf(pkgPath, fromDir);
      if (!dir) return undefined;
      const key = `${dir}\u0000${name}`;
      if (this.busy.has(key)) return { ok: false, reason: `invalid recursive type ${pkgPath}.${name}` };
      const engine = this.engineFor(dir, pkgPath);
      if (!engine) return undefined;
      if (!engine.ctx.index.types.has(name)) return { ok: false, reason: `${pkgPath}.${name} is not declared in ${dir}` };
      this.busy.add(key);
      try {
        return engine.layoutOf({ kind: 'named', pkg: '', name, args });
      } finally {
        this.busy.delete(key);
      }
    };
  }

  private engineFor(dir: string, importPath: string): LayoutEngine | undefined {
    let engine = this.engines.get(dir);
    if (engine) return engine;
    let index = this.indexes.get(dir);
    if (index === undefined) {
      const pkg = this.loader.load(dir, { ...this.ctx, includeTests: false }, { importPath });
      index = pkg.files.length ? indexPackage(pkg) : null;
      this.indexes.set(dir, index);
    }
    if (!index) return undefined;
    const arch = archByName(this.ctx.goarch) ?? archByName('amd64')!;
    engine = new LayoutEngine({ arch, index, std: this.std, external: this.resolverFor(dir) });
    this.engines.set(dir, engine);
    return engine;
  }
}
