import { fileURLToPath } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Tree } from 'web-tree-sitter';
import { LineIndex, normalizeLoneCR } from './analysis/positions';
import { parseGo, reparse } from './syntax/parser';

/**
 * Open documents: uri → {version, text, tree}. Edits re-parse incrementally:
 * each change edits the old tree, then tree-sitter parses reusing it.
 */
export interface OpenDocument {
  uri: string;
  version: number;
  doc: TextDocument;
  tree: Tree;
  /** The line starts of the analyzed (normalized) text, kept up to date per edit: where LSP positions are. */
  lines: LineIndex;
}

export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    this.close(uri);
    const normalized = normalizeLoneCR(text);
    const entry = { uri, version, doc: TextDocument.create(uri, languageId, version, text), tree: parseGo(normalized), lines: LineIndex.of(normalized) };
    this.docs.set(uri, entry);
    return entry;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.docs.get(uri);
    if (!entry) return undefined;
    let text = entry.doc.getText();
    let tree = entry.tree;
    for (const change of changes) {
      if ('range' in change) {
        // (the index is of this change's text: each change of a notification moves it on)
        const start = entry.lines.offsetAt(change.range.start);
        const end = Math.max(start, entry.lines.offsetAt(change.range.end));
        const next = reparse(tree, text, start, end, change.text);
        if (next.tree !== tree) tree.delete();
        tree = next.tree;
        text = next.text;
        entry.lines = entry.lines.edited(normalizeLoneCR(text), start, end, start + change.text.length);
      } else {
        tree.delete();
        text = change.text;
        const normalized = normalizeLoneCR(text);
        tree = parseGo(normalized);
        entry.lines = LineIndex.of(normalized);
      }
    }
    entry.doc = TextDocument.create(uri, entry.doc.languageId, version, text);
    entry.tree = tree;
    entry.version = version;
    return entry;
  }

  close(uri: string): void {
    const e = this.docs.get(uri);
    if (e) {
      e.tree.delete();
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
