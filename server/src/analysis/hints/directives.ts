import type { Node, Tree } from 'web-tree-sitter';
import type { SourceFile } from '../goPackage';
import { descendantsOf } from '../checker/nodes';

/**
 * Suppression directives shared by every analysis (hints, layout, escape model).
 *
 * - `//memhints:ignore` silences the line it ends, or, written alone on a line, the
 *   next line. `//memhints:ignore code1,code2` silences only those codes.
 * - `//memhints:ignore-func [codes]` in the doc comment of a function or method
 *   silences its whole declaration (signature and body).
 *
 * Text after ` -- ` is a free-form reason. Lines are 0-based, like Finding.range.
 * The form follows `//go:` and `//lint:ignore` directives: no space after `//`.
 */
export interface Directive {
  /** First and last line (0-based, inclusive) silenced. */
  from: number;
  to: number;
  /** Codes silenced; empty = all codes. */
  codes: string[];
  /** Line of the comment itself. */
  line: number;
}

const DIRECTIVE = /^\/\/memhints:(ignore|ignore-func)(?:\s+([^\s-][^\s]*))?(?:\s.*)?$/;

/** By tree: a file's directives depend only on its text, and the loader reuses trees of unchanged files. */
const cache = new WeakMap<Tree, Directive[]>();

/** Parses the directive in one comment's text, or undefined. */
export function parseDirective(text: string): { func: boolean; codes: string[] } | undefined {
  const m = DIRECTIVE.exec(text.trim());
  if (!m) return undefined;
  const codes = m[2] ? m[2].split(',').map((c) => c.trim()).filter((c) => c.length > 0) : [];
  return { func: m[1] === 'ignore-func', codes };
}

function collectComments(root: Node): Node[] {
  return descendantsOf(root, ['comment']);
}

/** True when only whitespace precedes the comment on its line. */
function aloneOnLine(file: SourceFile, comment: Node): boolean {
  const start = comment.startIndex;
  const lineStart = file.text.lastIndexOf('\n', start - 1) + 1;
  return file.text.slice(lineStart, start).trim() === '';
}

/** The declaration a doc comment belongs to: the next sibling after the comment group, when adjacent. */
function documentedDecl(comment: Node): Node | null {
  let n: Node | null = comment.nextSibling;
  let prevEnd = comment.endPosition.row;
  while (n && n.type === 'comment') {
    if (n.startPosition.row > prevEnd + 1) return null;
    prevEnd = n.endPosition.row;
    n = n.nextSibling;
  }
  if (!n || n.startPosition.row > prevEnd + 1) return null;
  return n.type === 'function_declaration' || n.type === 'method_declaration' ? n : null;
}

/** All directives of a file (memoized per tree). */
export function directivesOf(file: SourceFile): Directive[] {
  const hit = cache.get(file.tree);
  if (hit) return hit;
  const out: Directive[] = [];
  for (const c of collectComments(file.tree.rootNode)) {
    if (!c.text.startsWith('//memhints:')) continue;
    const d = parseDirective(c.text);
    if (!d) continue;
    const line = c.startPosition.row;
    if (d.func) {
      const decl = documentedDecl(c);
      if (decl) out.push({ from: decl.startPosition.row, to: decl.endPosition.row, codes: d.codes, line });
    } else if (aloneOnLine(file, c)) {
      out.push({ from: line + 1, to: line + 1, codes: d.codes, line });
    } else {
      out.push({ from: line, to: line, codes: d.codes, line });
    }
  }
  cache.set(file.tree, out);
  return out;
}

/**
 * True when a finding with `code` on 0-based `line` of `file` is silenced by a
 * `//memhints:ignore` or `//memhints:ignore-func` directive.
 */
export function isSuppressed(file: SourceFile, line: number, code: string): boolean {
  for (const d of directivesOf(file)) {
    if (line < d.from || line > d.to) continue;
    if (d.codes.length === 0 || d.codes.includes(code)) return true;
  }
  return false;
}
