import * as fs from 'fs';
import * as path from 'path';
import type { Tree } from 'web-tree-sitter';
import { BuildContext, fileIncluded } from '../analysis/buildConstraints';
import { LineIndex, normalizeLoneCR } from '../analysis/positions';
import type { GoPackage, SourceFile } from '../analysis/goPackage';
import { parseGo } from '../syntax/parser';

/**
 * Loads the files of one package directory that the build includes for the
 * build context, preferring unsaved buffers over the disk. Parsed trees are kept
 * per file and reused while the text is unchanged.
 */
export interface OverlayProvider {
  /** Unsaved text of an absolute path, if the editor has one. */
  textOf(absPath: string): { text: string; tree?: Tree; lines?: LineIndex } | undefined;
}

const NO_OVERLAY: OverlayProvider = { textOf: () => undefined };

interface CachedParse {
  text: string;
  tree: Tree;
}

/** A file's text as last read from disk, valid while its size and modification time stay. */
interface DiskText {
  mtimeMs: number;
  size: number;
  text: string;
}

export class PackageLoader {
  private readonly parsed = new Map<string, CachedParse>();
  private readonly disk = new Map<string, DiskText>();
  private readonly listings = new Map<string, { mtimeMs: number; names: string[] }>();
  private readonly records = new Map<string, SourceFile>();

  constructor(private readonly overlays: OverlayProvider = NO_OVERLAY) {}

  /** Lists the package's candidate files: every `.go` file on disk plus unsaved new files. */
  private candidates(dir: string, extra: string[]): string[] {
    let names: string[] = [];
    try {
      // A directory's listing changes only with its modification time (files added, removed, renamed).
      const mtimeMs = fs.statSync(dir).mtimeMs;
      const hit = this.listings.get(dir);
      if (hit && hit.mtimeMs === mtimeMs) names = hit.names;
      else {
        names = fs.readdirSync(dir).filter((n) => n.endsWith('.go'));
        this.listings.set(dir, { mtimeMs, names });
      }
    } catch {
      this.listings.delete(dir);
      names = [];
    }
    const all = new Set(names.map((n) => path.join(dir, n)));
    for (const e of extra) if (path.dirname(e) === dir) all.add(e);
    return [...all].sort();
  }

  /**
   * `onlyFiles`: the package is exactly these files, as when files are named on the go command
   * line (`go build a.go b.go`), which ignores their build constraints and file-name suffixes
   * (`go help packages`: "ignoring any build constraints in those files"; `go build gen.go` builds a
   * `//go:build ignore` generator, `go build a.go x_windows.go` the Windows file on Linux).
   */
  load(dir: string, ctx: BuildContext, opts: { extraFiles?: string[]; importPath?: string; maxFiles?: number; onlyFiles?: boolean } = {}): GoPackage {
    const files: SourceFile[] = [];
    const testFiles: SourceFile[] = [];
    const names = opts.onlyFiles ? [...(opts.extraFiles ?? [])].sort() : this.candidates(dir, opts.extraFiles ?? []);
    for (const p of names) {
      if (opts.maxFiles !== undefined && files.length >= opts.maxFiles) break;
      const isTest = p.endsWith('_test.go');
      const overlay = this.overlays.textOf(p);
      let text: string;
      if (overlay) text = overlay.text;
      else {
        const read = this.readDisk(p);
        if (read === undefined) continue;
        text = read;
      }
      if (opts.onlyFiles || fileIncluded(path.basename(p), text, ctx)) files.push(this.record(p, text, overlay?.tree ?? this.treeFor(p, text), overlay?.lines));
      else if (isTest && fileIncluded(path.basename(p), text, { ...ctx, includeTests: true })) {
        testFiles.push(this.record(p, text, overlay?.tree ?? this.treeFor(p, text), overlay?.lines));
      }
    }
    return { dir, importPath: opts.importPath ?? '', files, testFiles };
  }

  /**
   * The same record for the same path, text and tree, so that per-file results keyed on
   * it (the package index, see goPackage.ts) survive from one load to the next.
   */
  private record(p: string, text: string, tree: Tree, lines?: LineIndex): SourceFile {
    const hit = this.records.get(p);
    if (hit && hit.text === text && hit.tree === tree) return hit;
    const rec: SourceFile = { path: p, text, tree, lines };
    this.records.set(p, rec);
    return rec;
  }

  /** The saved text of a file, read again only when its size or modification time changed. */
  private readDisk(p: string): string | undefined {
    try {
      const st = fs.statSync(p);
      const hit = this.disk.get(p);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.text;
      const text = normalizeLoneCR(stripBom(fs.readFileSync(p, 'utf8')));
      this.disk.set(p, { mtimeMs: st.mtimeMs, size: st.size, text });
      return text;
    } catch {
      this.disk.delete(p);
      return undefined;
    }
  }

  private treeFor(p: string, text: string): Tree {
    const c = this.parsed.get(p);
    if (c && c.text === text) return c.tree;
    c?.tree.delete();
    const tree = parseGo(text);
    this.parsed.set(p, { text, tree });
    return tree;
  }

  /** Forgets cached parses (e.g. when files change on disk). */
  forget(p?: string): void {
    if (p === undefined) {
      for (const c of this.parsed.values()) c.tree.delete();
      this.parsed.clear();
      this.disk.clear();
      this.listings.clear();
      this.records.clear();
    } else {
      this.parsed.get(p)?.tree.delete();
      this.parsed.delete(p);
      this.disk.delete(p);
      this.records.delete(p);
      this.listings.delete(path.dirname(p));
    }
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The import path of a directory from the nearest go.mod (or GOROOT/src for the standard library). */
export function importPathOf(dir: string, goroot?: string): string {
  if (goroot) {
    const src = path.join(goroot, 'src') + path.sep;
    if ((dir + path.sep).startsWith(src)) return path.relative(path.join(goroot, 'src'), dir).split(path.sep).join('/');
  }
  for (let d = dir; ; d = path.dirname(d)) {
    const mod = path.join(d, 'go.mod');
    if (fs.existsSync(mod)) {
      const m = /^module\s+(\S+)/m.exec(fs.readFileSync(mod, 'utf8'));
      if (m) {
        const rel = path.relative(d, dir).split(path.sep).join('/');
        return rel ? `${m[1]}/${rel}` : m[1];
      }
    }
    if (path.dirname(d) === d) return '';
  }
}

/** The `go` line of the nearest go.mod (`1.22`), cached per module root. */
const goVersions = new Map<string, string | undefined>();
export function goVersionOf(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (goVersions.has(d)) return goVersions.get(d);
    const mod = path.join(d, 'go.mod');
    if (fs.existsSync(mod)) {
      let v: string | undefined;
      try {
        v = /^go\s+(\d+\.\d+)/m.exec(fs.readFileSync(mod, 'utf8'))?.[1];
      } catch {
        v = undefined;
      }
      goVersions.set(d, v);
      return v;
    }
    if (path.dirname(d) === d) return undefined;
  }
}
