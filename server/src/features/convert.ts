import { CodeAction, CodeActionKind, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { pathToFileURL } from 'url';
import type { Finding, Fix } from '../analysis/types';
import type { Settings, SeveritySetting } from '../settings';

/** The one place where analysis types become LSP types. Positions are already LSP-shaped. */

export const FIX_ALL_KIND = 'source.fixAll.goMemoryHints';

const uris = new Map<string, string>();

/** A path's file URI (remembered: a publish names the same few files thousands of times). */
export function fileUri(p: string): string {
  let u = uris.get(p);
  if (u === undefined) {
    u = pathToFileURL(p).toString();
    if (uris.size > 10_000) uris.clear();
    uris.set(p, u);
  }
  return u;
}

export function severitySetting(f: Finding, s: Settings): SeveritySetting {
  switch (f.category) {
    case 'layout':
      return s['layout.severity'];
    case 'escape':
      return s['escape.severity'];
    case 'leak':
      return s['leak.severity'];
    case 'noescape':
      return s['noescape.severity'];
    case 'advice':
      return s['advice.severity'];
    default:
      return s['alloc.severity'];
  }
}

function lspSeverity(s: SeveritySetting): DiagnosticSeverity {
  switch (s) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'hint':
      return DiagnosticSeverity.Hint;
    default:
      return DiagnosticSeverity.Information;
  }
}

export interface DiagnosticData {
  /** Index of the finding in the published list for this document version. */
  id: number;
  version: number;
}

export function toDiagnostic(f: Finding, severity: SeveritySetting, data: DiagnosticData): Diagnostic {
  let message = f.message;
  if (f.source === 'model' && (f.category === 'escape' || f.category === 'leak' || f.category === 'noescape')) message += ' (estimate)';
  if (f.stale) message += ' (stale: file edited since the last build)';
  if (f.why.length) message += '\n' + f.why.map((w) => `• ${w}`).join('\n');
  if (f.noFixReason) message += `\nNo automatic fix: ${f.noFixReason}`;
  const related: DiagnosticRelatedInformation[] = f.related.map((r) => ({ location: Location.create(fileUri(r.file), r.range), message: r.message }));
  return {
    range: f.range,
    severity: lspSeverity(severity),
    code: f.code,
    source: f.source === 'compiler' ? 'go compiler' : 'go-memory-hints (model)',
    message,
    relatedInformation: related.length ? related : undefined,
    data,
  };
}

export function toWorkspaceEdit(fix: Fix): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of fix.edits) (changes[fileUri(e.file)] ??= []).push(TextEdit.replace(e.range, e.newText));
  return { changes };
}

export function toCodeAction(fix: Fix, diagnostic: Diagnostic | undefined): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix + '.goMemoryHints.' + fix.kind,
    diagnostics: diagnostic ? [diagnostic] : undefined,
    isPreferred: true,
    edit: toWorkspaceEdit(fix),
  };
}
