import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './args';

/** A package directory to analyze, and the files named on the command line (if only some). */
export interface PackageTarget {
  dir: string;
  only?: Set<string>;
}

const SKIP_DIR = (name: string) => name === 'testdata' || name === 'vendor' || name === 'node_modules' || name.startsWith('.') || name.startsWith('_');

function hasGoFiles(dir: string): boolean {
  try {
    return fs.readdirSync(dir).some((n) => n.endsWith('.go') && !n.endsWith('_test.go'));
  } catch {
    return false;
  }
}

function walkPackages(root: string, out: string[]): void {
  if (hasGoFiles(root)) out.push(root);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) if (e.isDirectory() && !SKIP_DIR(e.name)) walkPackages(path.join(root, e.name), out);
}

/**
 * Expands PATH arguments the way the go command does for directories: a file, a
 * package directory, or `dir/...` for every package below dir (skipping
 * testdata, vendor and dot/underscore directories).
 */
export function expandTargets(args: string[], cwd = process.cwd()): PackageTarget[] {
  const byDir = new Map<string, Set<string> | undefined>();
  for (const arg of args) {
    if (arg === '...' || arg.endsWith('/...')) {
      const root = path.resolve(cwd, arg === '...' ? '.' : arg.slice(0, -4) || '.');
      if (!fs.existsSync(root)) throw new UsageError(`${arg}: no such directory`);
      const dirs: string[] = [];
      walkPackages(root, dirs);
      for (const d of dirs) byDir.set(d, undefined);
      continue;
    }
    const abs = path.resolve(cwd, arg);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new UsageError(`${arg}: no such file or directory`);
    }
    if (st.isDirectory()) byDir.set(abs, undefined);
    else {
      if (!abs.endsWith('.go')) throw new UsageError(`${arg}: not a .go file`);
      const dir = path.dirname(abs);
      if (byDir.has(dir) && byDir.get(dir) === undefined) continue;
      const set = byDir.get(dir) ?? new Set<string>();
      set.add(abs);
      byDir.set(dir, set);
    }
  }
  return [...byDir].map(([dir, only]) => ({ dir, only }));
}
