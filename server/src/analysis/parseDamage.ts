import type { Tree } from 'web-tree-sitter';
import { derivedOf, topDecls } from './checker/nodes';
import { editRegion } from './merge';
import { firstAtLeast } from './sorted';

/**
 * Half-typed code that breaks more than itself. tree-sitter recovers from a syntax error by
 * re-reading what follows: `if ` typed on an empty line of a function makes the next line its
 * condition, `Close(` leaves a call open, a `{` leaves a block open — and the parser then takes
 * the rest of the file for the body of the edited function, or for top-level fragments (1,687
 * top-level nodes instead of 220 in net/http's server.go). Analyzed as it is, every declaration
 * after the edit would vanish for a keystroke — their findings gone, then back at the next
 * keystroke, each time a re-analysis of the package (300–450 ms there). The Go compiler's parser
 * resynchronizes at the next declaration (`func`, `type`); tree-sitter cannot, since a `func`
 * inside a body is a function literal.
 *
 * So the server compares a re-parsed file with its last analyzed one: when a declaration the edit
 * did not touch no longer parses as it did, the edit is taken as unfinished and the last findings
 * are kept, moved with the text (see AnalysisService.forDocument).
 */

/** The top-level declarations of a text as parsed: where they are, their kinds, and which parsed without an error. */
export interface DeclLayout {
  text: string;
  /** UTF-16 offsets in `text`, in order (comments left out). */
  starts: number[];
  ends: number[];
  types: string[];
  /**
   * A declaration parsed without an error: only those count as broken when they no longer parse the
   * same. Not the fragments error recovery leaves at the top level (identifiers, parameter lists,
   * statements), which Go has no place for.
   */
  intact: boolean[];
  /** How many are intact, how many are not, and how much of the text those that are not cover. */
  whole: number;
  broken: number;
  brokenLength: number;
}

/** What Go allows at the top level of a file. */
const DECLARATIONS = new Set(['package_clause', 'import_declaration', 'function_declaration', 'method_declaration', 'type_declaration', 'var_declaration', 'const_declaration']);

export function declLayout(text: string, tree: Tree): DeclLayout {
  const out: DeclLayout = { text, starts: [], ends: [], types: [], intact: [], whole: 0, broken: 0, brokenLength: 0 };
  for (const d of topDecls(tree)) {
    if (d.type === 'comment') continue;
    out.starts.push(d.start);
    out.ends.push(d.end);
    out.types.push(d.type);
    // (per declaration text: a keystroke asks the edited declarations only, see TopDecl)
    const intact = DECLARATIONS.has(d.type) && derivedOf(d, 'intact', () => !d.node.hasError);
    out.intact.push(intact);
    if (intact) out.whole++;
    else {
      out.broken++;
      out.brokenLength += d.end - d.start;
    }
  }
  return out;
}

/**
 * Whether the declaration an edit was made in no longer parses as one declaration of its kind, and
 * what it parses as has errors: `ifx` typed before an `if` in net/http's `Server.protocols` makes
 * it end there, and a `var p Protocols` of its body a package-level declaration (every function
 * with a local `p` would be analyzed again). An edit that splits a function into two whole ones
 * breaks nothing; an error that stays inside the function is the models' to handle.
 */
function brokenApart(now: DeclLayout, start: number, end: number, type: string): boolean {
  let i = firstAtLeast(now.starts, start);
  const first = i;
  let whole = true;
  for (; i < now.starts.length && now.ends[i] <= end; i++) if (!now.intact[i]) whole = false;
  const pieces = i - first;
  return !whole && (pieces !== 1 || now.types[first] !== type);
}

/**
 * Whether the edit from `before` to `now` broke a declaration it did not change: one that parsed
 * whole before and is not, now, a whole declaration of the same kind and text — where it was, moved
 * by the edit, or (between two places edited since the last analysis) further on in the same order
 * — or the declaration the edit was made in (brokenApart). Only when the file parses worse than
 * before: more of its text in broken pieces (an unfinished `if` whose function, already broken by
 * the keystroke before, now swallows the three declarations after it; four small errors that one
 * ERROR node to the end of the file takes in — counting pieces said the file got better).
 * A file without a syntax error is never broken, and an edit that mends a broken file breaks
 * nothing (error recovery had made whole-looking declarations of fragments, which the mended code
 * no longer has).
 *
 * The edited region is the texts' common prefix and suffix removed, so its ends are ambiguous: text
 * inserted before `func g` may give a region starting inside g's `func`. Each declaration is first
 * looked for where it was and where the edit moved it; only one found at neither place is edited or
 * broken.
 */
export function brokeOtherDeclarations(before: DeclLayout, now: DeclLayout): boolean {
  if (now.broken === 0 || now.brokenLength <= before.brokenLength) return false;
  const r = editRegion(before.text, now.text);
  if (!r) return false;
  const delta = r.newEnd - r.oldEnd;
  // the next declaration of `now` a declaration strictly inside the region may be (they keep their order)
  let next = firstAtLeast(now.starts, r.start);
  for (let i = 0; i < before.starts.length; i++) {
    if (!before.intact[i]) continue;
    const start = before.starts[i];
    const end = before.ends[i];
    const type = before.types[i];
    if (wholeAt(now, start, end - start, type) || wholeAt(now, start + delta, end - start, type)) continue;
    // (a declaration ending where the edit starts, or starting where it ends, is touched: typing right after
    // its `}` or before its `func` changes it)
    if (end < r.start || start > r.oldEnd) return true;
    if (start <= r.start && r.oldEnd <= end) {
      // the edit is inside it
      if (brokenApart(now, start, end + delta, type)) return true;
    } else if (r.start < start && end < r.oldEnd) {
      // between two places edited since the last analysis: its text is the same, somewhere after the first
      const text = before.text.slice(start, end);
      while (next < now.starts.length && now.starts[next] <= r.newEnd && !(now.types[next] === type && now.intact[next] && now.text.slice(now.starts[next], now.ends[next]) === text)) next++;
      if (next >= now.starts.length || now.starts[next] > r.newEnd) return true;
      next++;
    }
    // (otherwise it holds one end of the region: an edited declaration)
  }
  return false;
}

/** Whether `now` has a whole declaration of `type` and `length` starting at `start`. */
function wholeAt(now: DeclLayout, start: number, length: number, type: string): boolean {
  const j = firstAtLeast(now.starts, start);
  return j < now.starts.length && now.starts[j] === start && now.ends[j] - start === length && now.types[j] === type && now.intact[j];
}
