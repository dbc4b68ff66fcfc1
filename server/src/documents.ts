import { fileURLToPath } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Tree } from 'web-tree-sitter';
import { editRegion } from './analysis/merge';
import { LineIndex, normalizeLoneCR } from './analysis/positions';
import { parseGo, reparse } from './syntax/parser';

/**
 * Open documents: uri → {version, text, tree}. Edits re-parse incrementally, when the tree is
 * next asked for: the old tree is edited over the region the edits changed since it was parsed
 * (their texts' common prefix and suffix removed), then tree-sitter parses reusing it. A burst of
 * changes that arrives before the analysis is parsed once — in a 50,000-line file whose rest an
 * open block swallows, each parse is 80 ms, and the notifications queued behind it waited.
 */
export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  readonly doc: TextDocument;
  /** The text with lone CRs as LF (see normalizeLoneCR): what the tree, the line index and the analysis are of. */
  readonly text: string;
  /** The syntax tree of the current (normalized) text, parsed when first asked for after edits. */
  readonly tree: Tree;
  /** The line starts of the analyzed (normalized) text, kept up to date per edit: where LSP positions are. */
  readonly lines: LineIndex;
}

class Document implements OpenDocument {
  /** The last parse, and the normalized text it is of. */
  private parsed: Tree;
  private parsedText: string;
  /** The current text with lone CRs as LF (see normalizeLoneCR): what the tree and the line index are of. */
  private normalized: string;
  /** The text was replaced whole since the last parse: the next one starts afresh. */
  private replaced = false;

  constructor(
    readonly uri: string,
    public version: number,
    public doc: TextDocument,
    normalized: string,
    public lines: LineIndex,
  ) {
    this.parsed = parseGo(normalized);
    this.parsedText = normalized;
    this.normalized = normalized;
  }

  get text(): string {
    return this.normalized;
  }

  get tree(): Tree {
    if (this.parsedText !== this.normalized) {
      if (this.replaced) {
        this.parsed.delete();
        this.parsed = parseGo(this.normalized);
      } else {
        const r = editRegion(this.parsedText, this.normalized);
        if (r) {
          // (the region starts in the texts' common prefix: its point is the same in the current line index)
          const start = this.lines.positionAt(r.start);
          const next = reparse(this.parsed, this.parsedText, this.normalized, r, { row: start.line, column: start.character });
          if (next !== this.parsed) this.parsed.delete();
          this.parsed = next;
        }
      }
      this.parsedText = this.normalized;
      this.replaced = false;
    }
    return this.parsed;
  }

  /** Applies one notification's changes (each in the text the ones before it left); the parse waits for `tree`. */
  apply(version: number, changes: TextDocumentContentChangeEvent[]): void {
    let text = this.doc.getText();
    for (const change of changes) {
      if ('range' in change) {
        // (the index is of this change's text: each change of a notification moves it on)
        const start = this.lines.offsetAt(change.range.start);
        const end = Math.max(start, this.lines.offsetAt(change.range.end));
        text = text.slice(0, start) + change.text + text.slice(end);
        this.normalized = normalizeLoneCR(text);
        this.lines = this.lines.edited(this.normalized, start, end, start + change.text.length);
      } else {
        text = change.text;
        this.normalized = normalizeLoneCR(text);
        this.lines = LineIndex.of(this.normalized);
        this.replaced = true;
      }
    }
    this.doc = TextDocument.create(this.uri, this.doc.languageId, version, text);
    this.version = version;
  }

  dispose(): void {
    this.parsed.delete();
  }
}

export class DocumentStore {
  private readonly docs = new Map<string, Document>();

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    this.close(uri);
    const normalized = normalizeLoneCR(text);
    const entry = new Document(uri, version, TextDocument.create(uri, languageId, version, text), normalized, LineIndex.of(normalized));
    this.docs.set(uri, entry);
    return entry;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.docs.get(uri);
    if (!entry) return undefined;
    entry.apply(version, changes);
    return entry;
  }

  close(uri: string): void {
    const e = this.docs.get(uri);
    if (e) {
      e.dispose();
      this.docs.delete(uri);
    }
  }

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  /** The open document of an absolute file path. */
  byPath(p: string): OpenDocument | undefined {
    for (const d of this.docs.values()) if (uriToPath(d.uri) === p) return d;
    return undefined;
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }
}

/** The file-system path of a `file:` URI, or undefined for other schemes and malformed URIs. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
