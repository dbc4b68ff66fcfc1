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
  /** The words the findings depend on (a function's own words by default), asked when the findings are computed. */
  words?: () => Set<string>;
  /** What the declaration declares, when a run's `stillValid` asks. */
  names?: string[];
  /** What else the findings depend on, as text (part of the identity). */
  extra?: string;
  /** Whether computed findings depend on the rest of their file beyond what is tracked (then never reused). */
  dependsOnFile?: (findings: readonly Finding[]) => boolean;
}

/** One file's entries, valid with the file header they were made under (package clause and imports). */
interface FileEntries {
  header: string;
  /** By the declaration's text hash (with its occurrence and extra key when they are not the default). */
  entries: Map<string, Entry>;
}

export class FunctionCache {
  /** The previous run's entries, by file path. */
  private files = new Map<string, FileEntries>();
  /** This run's, by file path: a file is here once the run looked at it. */
  private fresh = new Map<string, FileEntries>();
  private changed: Set<string> | undefined;
  private stillValid: (e: { words: Set<string>; names: string[] }) => boolean = () => true;
  private relocations: Relocations = new Map();
  private signature = '';
  /** Functions answered from the cache in the current run (for tests and benchmarks). */
  reused = 0;

  /**
   * Starts a run: forgets everything when `signature` (the options, and any package
   * facts the findings depend on) differs from the previous run's. `stillValid`: a further
   * condition this run puts on an entry, given the words it depends on.
   */
  begin(signature: string, changed: Set<string> | undefined, relocations: Relocations, stillValid?: (e: { words: Set<string>; names: string[] }) => boolean): void {
    if (signature !== this.signature) this.files.clear();
    this.signature = signature;
    this.changed = changed;
    this.stillValid = stillValid ?? (() => true);
    this.relocations = relocations;
    this.fresh = new Map();
    this.reused = 0;
  }

  /**
   * The findings of `fn` (a top-level declaration), from the cache when still valid, else
   * computed by `compute`.
   */
  findingsOf(file: SourceFile, fn: Node, nth: number, compute: () => readonly Finding[], keys: CacheKeys = {}): readonly Finding[] {
    const { words, names = [], dependsOnFile, extra } = keys;
    const facts = treeFacts(file.tree);
    let now = this.fresh.get(file.path);
    if (!now) this.fresh.set(file.path, (now = { header: facts.headerHash, entries: new Map() }));
    const before = this.files.get(file.path);
    // the text hash is one string per declaration text, kept with the tree (its hash for the map is computed once)
    const key = nth || extra ? `${nodeHash(fn)}\0${nth}\0${extra ?? ''}` : nodeHash(fn);
    const hit = before && before.header === facts.headerHash ? before.entries.get(key) : undefined;
    const moved = hit && this.valid(hit) ? relocateAll(hit.findings, this.relocations) : undefined;
    if (moved) {
      this.reused++;
      // (the same text, so the same words and names; a valid entry's findings depend on nothing else)
      now.entries.set(key, moved === hit!.findings ? hit! : { ...hit!, findings: moved });
      return moved;
    }
    const out = compute();
    now.entries.set(key, { findings: out, words: dependsOnFile?.(out) ? undefined : words ? words() : facts.funcWords.get(fn.id), names });
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
    for (const [path, before] of this.files) {
      if (this.fresh.has(path) || this.relocations.get(path) !== null) continue;
      const kept: FileEntries = { header: before.header, entries: new Map() };
      for (const [key, e] of before.entries) {
        if (!this.valid(e)) continue;
        // its messages may name lines of the files that were edited ("a.go:40")
        const findings = relocateAll(e.findings, this.relocations);
        if (findings) kept.entries.set(key, findings === e.findings ? e : { ...e, findings });
      }
      this.fresh.set(path, kept);
    }
    this.files = this.fresh;
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
