import { wordsOf } from './incremental';
import { editRegion } from './merge';
import { firstAtLeast } from './sorted';
import type { Finding, Position, Range } from './types';

/**
 * Moving cached results with the text. Between two analyses of a package a file
 * changed in one region (the common prefix and suffix removed); a position before
 * the region stays, a position after it moves by the lines and, on the region's
 * last line, the columns the edit added. A position inside the region has no
 * place in the new text: whatever carried it is computed again.
 *
 * This is what lets per-function caches key on a function's text alone: a keystroke
 * in one function moves every later function of the file, and their cached
 * findings follow instead of being recomputed.
 */
export class Relocation {
  private constructor(
    /** First changed position in the old (and new) text. */
    private readonly start: Position,
    /** End of the changed region in the old text. */
    private readonly oldEnd: Position,
    /** End of the changed region in the new text. */
    private readonly newEnd: Position,
    /** The identifier-like words of the text removed and of the text inserted. */
    readonly words: Set<string>,
  ) {}

  /** The relocation from `oldText` to `newText`; `null` when they are the same. */
  static between(oldText: string, newText: string): Relocation | null {
    const r = editRegion(oldText, newText);
    if (!r) return null;
    const start = positionAt(oldText, r.start, { line: 0, character: 0 }, 0);
    const oldEnd = positionAt(oldText, r.oldEnd, start, r.start);
    const newEnd = positionAt(newText, r.newEnd, start, r.start);
    // Whole words around the region: typing `x` after `len` makes `lenx` and unmakes `len`.
    let from = r.start;
    while (from > 0 && isWordChar(oldText.charCodeAt(from - 1))) from--;
    let oldTo = r.oldEnd;
    while (oldTo < oldText.length && isWordChar(oldText.charCodeAt(oldTo))) oldTo++;
    let newTo = r.newEnd;
    while (newTo < newText.length && isWordChar(newText.charCodeAt(newTo))) newTo++;
    const words = wordsOf(oldText.slice(from, oldTo));
    for (const w of wordsOf(newText.slice(from, newTo))) words.add(w);
    return new Relocation(start, oldEnd, newEnd, words);
  }

  /** The first line the edit touched (0-based): lines above it keep their numbers. */
  get firstLine(): number {
    return this.start.line;
  }

  /** The last line the edit touched in the old text (0-based). */
  get lastOldLine(): number {
    return this.oldEnd.line;
  }

  /** How many lines the edit added (negative: removed): what lines after the region move by. */
  get lineDelta(): number {
    return this.newEnd.line - this.oldEnd.line;
  }

  /** Whether lines after the region have new numbers. */
  get linesMoved(): boolean {
    return this.newEnd.line !== this.oldEnd.line;
  }

  /**
   * Where a whole old line is now (0-based), or `undefined` when the edit touched it: a
   * message naming that line may mean a place before or after the edit on it.
   */
  mapLine(line: number): number | undefined {
    if (!this.linesMoved || line < this.start.line) return line;
    if (line > this.oldEnd.line) return line + (this.newEnd.line - this.oldEnd.line);
    return undefined;
  }

  /**
   * Whether an old range overlaps the edited region or touches one of its ends: `map` moves an end
   * that sits where text was inserted past that text, so such a range would grow over it.
   */
  meets(r: Range): boolean {
    return !before(r.end, this.start) && !before(this.oldEnd, r.start);
  }

  /** Where an old position is now, or `undefined` inside the edited region. */
  map(p: Position): Position | undefined {
    if (before(p, this.start)) return p;
    if (before(p, this.oldEnd)) return undefined;
    if (p.line === this.oldEnd.line) return { line: this.newEnd.line, character: this.newEnd.character + (p.character - this.oldEnd.character) };
    return { line: p.line + (this.newEnd.line - this.oldEnd.line), character: p.character };
  }

}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** The position of `offset`, counting from a known position `from` at offset `fromOffset`. */
function positionAt(text: string, offset: number, from: Position, fromOffset: number): Position {
  let line = from.line;
  let lineStart = fromOffset - from.character;
  for (let i = text.indexOf('\n', fromOffset); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/**
 * Relocations by file path: `null` for a file unchanged; a file absent from the map is
 * not one of the package's (another package's source, handled by its own invalidation)
 * and its positions stay.
 */
export type Relocations = ReadonlyMap<string, Relocation | null>;

/**
 * Builds the relocations of a package's files from the texts of the previous run,
 * and remembers the current texts for the next one.
 */
export class TextHistory {
  private texts = new Map<string, string>();

  advance(files: readonly { path: string; text: string }[]): Relocations {
    // (a package's _test.go files are passed too: fixes consult them, see layout/reorder.ts)
    const out = new Map<string, Relocation | null>();
    const next = new Map<string, string>();
    for (const f of files) {
      next.set(f.path, f.text);
      const old = this.texts.get(f.path);
      out.set(f.path, old === undefined || old === f.text ? null : Relocation.between(old, f.text));
    }
    this.texts = next;
    return out;
  }
}

/** Texts with their line numbers moved, per relocations and file (`null`: a named line was edited). */
let movedTexts: { relocations: Relocations; byFile: Map<string, Map<string, string | null>> } | undefined;

function movedTextsOf(relocations: Relocations, file: string): Map<string, string | null> {
  if (movedTexts?.relocations !== relocations) movedTexts = { relocations, byFile: new Map() };
  let m = movedTexts.byFile.get(file);
  if (!m) movedTexts.byFile.set(file, (m = new Map()));
  return m;
}

/**
 * A cached finding moved to the current text: every position in it (range, related
 * information, fix edits) follows its file's relocation. `undefined` when one of them
 * fell inside an edited region (the caller recomputes).
 */
export function relocateFinding(f: Finding, relocations: Relocations): Finding | undefined {
  const range = relocateRange(f.file, f.range, relocations);
  if (!range) return undefined;
  const own = relocations.get(f.file) ?? null;
  const named = anyLinesMoved(relocations) ? namedLines(f) : namedLinesOf.get(f);
  // Messages name lines: of the finding's own file ("the loop at line 12") and of other
  // files ("a positional literal exists (a.go:40)"). They move too. (A finding's texts
  // repeat — its message, its steps, their related entries —: each is rewritten once per run.)
  let renumber: ((t: string) => string | undefined) | undefined;
  if (anyLinesMoved(relocations) && named && (named.files || (own?.linesMoved && named.own && named.maxOwn - 1 >= own.firstLine))) {
    const memo = movedTextsOf(relocations, f.file);
    renumber = (t) => {
      let moved = memo.get(t);
      if (moved === undefined) memo.set(t, (moved = relocateLineWords(t, own, relocations) ?? null));
      return moved ?? undefined;
    };
  }
  const message = renumber ? renumber(f.message) : f.message;
  if (message === undefined) return undefined;
  let why = f.why;
  if (renumber) {
    for (let i = 0; i < why.length; i++) {
      const t = renumber(why[i]);
      if (t === undefined) return undefined;
      if (t === why[i]) continue;
      if (why === f.why) why = why.slice();
      why[i] = t;
    }
  }
  // related entries and fix edits: a copy only of what moved (most of a keystroke's findings stay put)
  let related = f.related;
  for (let i = 0; i < related.length; i++) {
    const r = related[i];
    const rRange = relocateRange(r.file, r.range, relocations);
    const rMessage = renumber ? renumber(r.message) : r.message;
    if (!rRange || rMessage === undefined) return undefined;
    if (rRange === r.range && rMessage === r.message) continue;
    if (related === f.related) related = related.slice();
    related[i] = { ...r, range: rRange, message: rMessage };
  }
  let fixes = f.fixes;
  for (let i = 0; i < fixes.length; i++) {
    const x = fixes[i];
    const edits = movedRanges(x.edits, relocations);
    const title = renumber ? renumber(x.title) : x.title;
    if (!edits || title === undefined) return undefined;
    if (edits === x.edits && title === x.title) continue;
    if (fixes === f.fixes) fixes = fixes.slice();
    fixes[i] = { ...x, title, edits };
  }
  let noFixReason = f.noFixReason;
  if (noFixReason !== undefined && renumber) {
    noFixReason = renumber(noFixReason);
    if (noFixReason === undefined) return undefined;
  }
  if (range === f.range && message === f.message && related === f.related && fixes === f.fixes && why === f.why && noFixReason === f.noFixReason) return f;
  // one copy of the finding, with every moved part
  const moved: Finding = { ...f, range, message, why, related, fixes };
  if (noFixReason !== undefined) moved.noFixReason = noFixReason;
  // (a renumbered copy names other lines: its own facts are read from it when asked)
  if (named && !renumber) namedLinesOf.set(moved, named);
  return moved;
}

/**
 * Which lines a finding's texts name: `line 12` (of its own file), `a.go:40` (of a file by its
 * name). Most name none, and are not rewritten; kept per finding object (a moved copy inherits it).
 */
interface NamedLines {
  own: boolean;
  files: boolean;
  /** The largest `line N` named (1-based; 0 for none): an edit below it renumbers nothing. */
  maxOwn: number;
}
const namedLinesOf = new WeakMap<Finding, NamedLines>();

function namedLines(f: Finding): NamedLines {
  let v = namedLinesOf.get(f);
  if (!v) {
    const texts = [f.message, ...f.why, ...f.related.map((r) => r.message), ...f.fixes.map((x) => x.title), ...(f.noFixReason !== undefined ? [f.noFixReason] : [])];
    let maxOwn = 0;
    for (const t of texts) for (const m of t.matchAll(/\bline (\d+)\b/g)) maxOwn = Math.max(maxOwn, Number(m[1]));
    v = { own: maxOwn > 0, files: texts.some((t) => t.includes('.go:')), maxOwn };
    namedLinesOf.set(f, v);
  }
  return v;
}

/** What decides whether a list of findings can move at all: the files it places text in, and whether it names lines of other files. */
interface ListFacts {
  files: string[];
  namesOtherFiles: boolean;
  /** The lines (sorted) its positions are on, per file: an edit that moves no line changes only positions on its own lines. */
  lines: Map<string, number[]>;
}
const listFacts = new WeakMap<readonly Finding[], ListFacts>();

function factsOf(findings: readonly Finding[]): ListFacts {
  let facts = listFacts.get(findings);
  if (!facts) {
    const lines = new Map<string, number[]>();
    const at = (file: string, r: Range) => {
      let l = lines.get(file);
      if (!l) lines.set(file, (l = []));
      l.push(r.start.line, r.end.line);
    };
    for (const f of findings) {
      at(f.file, f.range);
      for (const r of f.related) at(r.file, r.range);
      for (const x of f.fixes) for (const e of x.edits) at(e.file, e.range);
    }
    for (const l of lines.values()) l.sort((a, b) => a - b);
    facts = { files: [...lines.keys()], namesOtherFiles: findings.some((f) => namedLines(f).files), lines };
    listFacts.set(findings, facts);
  }
  return facts;
}

/**
 * A list of cached findings moved, or `undefined` when any of them cannot be. The same list
 * when nothing in it moves (its files were not edited and it names no line of an edited
 * file): a keystroke then costs nothing for the functions of the other files.
 */
export function relocateAll(findings: readonly Finding[], relocations: Relocations): readonly Finding[] | undefined {
  if (findings.length === 0) return findings;
  const facts = factsOf(findings);
  // Nothing moves when every edit in its files left their line numbers alone and touched none of
  // the lines its positions are on (a keystroke in another function of a 50,000-line file: one
  // search per list, not a look at each finding), and it names no moved line of another file.
  const stays = (p: string) => {
    const r = relocations.get(p);
    return !r || (!r.linesMoved && !anyBetween(facts.lines.get(p)!, r.firstLine, r.lastOldLine));
  };
  if (facts.files.every(stays) && !(facts.namesOtherFiles && anyLinesMoved(relocations))) return findings;
  const out: Finding[] = [];
  let same = true;
  for (const f of findings) {
    const moved = relocateFinding(f, relocations);
    if (!moved) return undefined;
    if (moved !== f) same = false;
    out.push(moved);
  }
  // (a moved list's facts are its own: its lines are not the old list's)
  return same ? findings : out;
}

/** Whether a sorted list holds a number in [lo, hi]. */
function anyBetween(sorted: number[], lo: number, hi: number): boolean {
  const i = firstAtLeast(sorted, lo);
  return i < sorted.length && sorted[i] <= hi;
}

/**
 * Items with a place (related information, fix edits) moved; the same array when none moved
 * (most of a keystroke's findings stay put), `undefined` when one fell inside an edit.
 */
function movedRanges<T extends { file: string; range: Range }>(items: T[], relocations: Relocations): T[] | undefined {
  let out: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const moved = relocateRange(items[i].file, items[i].range, relocations);
    if (!moved) return undefined;
    if (moved === items[i].range) continue;
    out ??= items.slice();
    out[i] = { ...items[i], range: moved };
  }
  return out ?? items;
}

function relocateRange(file: string, r: Range, relocations: Relocations): Range | undefined {
  const rel = relocations.get(file);
  if (!rel) return r;
  const start = rel.map(r.start);
  if (!start) return undefined;
  const end = r.end.line === r.start.line && r.end.character === r.start.character ? start : rel.map(r.end);
  if (!end) return undefined;
  if (start === r.start && end === r.end) return r;
  return { start, end };
}

const movedLines = new WeakMap<Relocations, boolean>();

function anyLinesMoved(relocations: Relocations): boolean {
  let m = movedLines.get(relocations);
  if (m === undefined) {
    m = [...relocations.values()].some((r) => r?.linesMoved);
    movedLines.set(relocations, m);
  }
  return m;
}

/**
 * Renumbers the line numbers a message names, outside `code` in backticks (which quotes
 * source text): `line N` (1-based, in `own`, the finding's file) and `name.go:N` (in the
 * package file of that base name). `undefined` when a named line was edited.
 */
export function relocateLineWords(text: string, own: Relocation | null, relocations: Relocations = new Map()): string | undefined {
  if (!text.includes('line ') && !text.includes('.go:')) return text;
  let lost = false;
  const moveLine = (rel: Relocation | null | undefined, n: string): string => {
    if (!rel) return n;
    const moved = rel.mapLine(Number(n) - 1);
    if (moved === undefined) lost = true;
    return moved !== undefined ? String(moved + 1) : n;
  };
  // one pass: quoted code is matched whole and kept as it is (an unclosed quote runs to the end)
  const out = text.replace(LINE_WORDS, (m: string, line: string | undefined, base: string | undefined, n: string | undefined) => {
    if (line !== undefined) return `line ${moveLine(own, line)}`;
    if (base !== undefined) return `${base}:${moveLine(byBaseName(relocations, base), n!)}`;
    return m;
  });
  return lost ? undefined : out;
}

/** Quoted code, `line N`, `name.go:N` (see relocateLineWords). */
const LINE_WORDS = /`[^`]*(?:`|$)|\bline (\d+)\b|\b([\w.-]+\.go):(\d+)\b/g;

function byBaseName(relocations: Relocations, base: string): Relocation | null | undefined {
  for (const [p, r] of relocations) if (p === base || p.endsWith(`/${base}`) || p.endsWith(`\\${base}`)) return r;
  return undefined;
}

/** Every word in the text edited since the previous run, in any file (removed or inserted). */
export function editedWords(relocations: Relocations): Set<string> {
  const out = new Set<string>();
  for (const r of relocations.values()) if (r) for (const w of r.words) out.add(w);
  return out;
}
