/**
 * Plain types spoken by the pure analysis core. Positions are 0-based lines and
 * UTF-16 columns of the document text (the JavaScript string), which is what both
 * web-tree-sitter 0.25 and LSP use. Conversion to the compiler's 1-based line and
 * byte column happens only in `positions.ts`.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text edit in one file of the package. */
export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  /** Stable identifier of the fix kind, e.g. `reorder-fields`. */
  kind: string;
  title: string;
  edits: TextEdit[];
  /** True when this fix may be applied by "Fix all" without review. */
  fixAll: boolean;
}

export interface RelatedInfo {
  file: string;
  range: Range;
  message: string;
}

/** Which finding categories exist; each has its own severity setting. */
export type Category = 'layout' | 'escape' | 'leak' | 'noescape' | 'alloc' | 'advice';

export interface Finding {
  file: string;
  range: Range;
  /** A stable code, e.g. `moved-to-heap`, `struct-padding`. */
  code: string;
  category: Category;
  message: string;
  /** The reason chain in plain words, first link first. */
  why: string[];
  related: RelatedInfo[];
  source: 'model' | 'compiler';
  fixes: Fix[];
  /** When a fix is deliberately not offered, the reason shown to the user. */
  noFixReason?: string;
  /** A compiler finding carried over edits made since the build that produced it. */
  stale?: boolean;
}
