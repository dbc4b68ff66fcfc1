import type { Node } from 'web-tree-sitter';
import type { SourceFile } from './goPackage';
import { treeFacts, untouched } from './incremental';
import { relocateAll, Relocations } from './relocate';
import { nodeHash } from './textMemo';
import type { Finding } from './types';

/**
 * Per-declaration findings kept between analyses of one package (hints, advice). A
 * function keeps its findings while its text, its file's header (package clause and
 * imports) and the options are the same and it mentions no changed package-level
 * declaration (incremental.ts); the findings then move with the edits around it
 * (relocate.ts). The caller keeps one cache per package and model.
 */
interface Entry {
  findings: readonly Finding[];
  /** The words the findings depend on; `undefined`: never reused. */
  words: Set<string> | undefined;
  /** What the declaration declares (for a run's `stillValid`). */
  names: string[];
}

export interface CacheKeys {
  /** The words the findings depend on (a function's own words by default). */
  words?: Set<string>;
  /** What the declaration declares, when a run's `stillValid` asks. */
  names?: string[];
  /** What else the findings depend on, as text (part of the identity). */
  extra?: string;
  /** Whether computed findings depend on the rest of their file beyond what is tracked (then never reused). */
  dependsOnFile?: (findings: readonly Finding[]) => boolean;
}

export class FunctionCache {
  private entries = new Map<string, Entry>();
  private fresh = new Map<string, Entry>();
  private changed: Set<string> | undefined;
  private stillValid: (e: { words: Set<string>; names: string[] }) => boolean = () => true;
  private relocations: Relocations = new Map();
  private signature = '';
  private visited = new Set<string>();
  /** Functions answered from the cache in the current run (for tests and benchmarks). */
  reused = 0;

  /**
   * Starts a run: forgets everything when `signature` (the options, and any package
   * facts the findings depend on) differs from the previous run's. `stillValid`: a further
   * condition this run puts on an entry, given the words it depends on.
   */
  begin(signature: string, changed: Set<string> | undefined, relocations: Relocations, stillValid?: (e: { words: Set<string>; names: string[] }) => boolean): void {
    if (signature !== this.signature) this.entries.clear();
    this.signature = signature;
    this.changed = changed;
    this.stillValid = stillValid ?? (() => true);
    this.relocations = relocations;
    this.fresh = new Map();
    this.visited = new Set();
    this.reused = 0;
  }

  /**
   * The findings of `fn` (a top-level declaration), from the cache when still valid, else
   * computed by `compute`.
   */
  findingsOf(file: SourceFile, fn: Node, nth: number, compute: () => readonly Finding[], keys: CacheKeys = {}): readonly Finding[] {
    const { words, names = [], dependsOnFile, extra } = keys;
    this.visited.add(file.path);
    const facts = treeFacts(file.tree);
    const ident = `${file.path}\0${facts.headerHash}\0${nodeHash(fn)}${nth ? `\0${nth}` : ''}${extra ? `\0${extra}` : ''}`;
    const deps = words ?? facts.funcWords.get(fn.id);
    const hit = this.entries.get(ident);
    let out = hit && this.valid(hit) ? relocateAll(hit.findings, this.relocations) : undefined;
    if (out) this.reused++;
    else out = compute();
    this.fresh.set(ident, { findings: out, words: dependsOnFile?.(out) ? undefined : deps, names });
    return out;
  }

  private valid(e: Entry): boolean {
    return untouched(e.words, this.changed) && !!e.words && this.stillValid(e as { words: Set<string>; names: string[] });
  }

  /**
   * Ends a run: the functions of the files it looked at are what they found; files it
   * did not look at (a run for one open file of the package) keep theirs while their text
   * is unchanged and nothing they depend on changed in this run.
   */
  end(): void {
    for (const [ident, e] of this.entries) {
      const file = ident.slice(0, ident.indexOf('\0'));
      if (this.visited.has(file) || this.relocations.get(file) !== null || !this.valid(e)) continue;
      // its messages may name lines of the files that were edited ("a.go:40")
      const findings = relocateAll(e.findings, this.relocations);
      if (findings) this.fresh.set(ident, findings === e.findings ? e : { ...e, findings });
    }
    this.entries = this.fresh;
    this.fresh = new Map();
  }
}

/** Numbers functions with the same text in one file apart (their order). */
export function occurrenceCounter(): (fn: Node) => number {
  const seen = new Map<string, number>();
  return (fn) => {
    const t = nodeHash(fn);
    const n = seen.get(t) ?? 0;
    seen.set(t, n + 1);
    return n;
  };
}
