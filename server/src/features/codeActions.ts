import { CodeAction, CodeActionKind, CodeActionParams, TextEdit } from 'vscode-languageserver';
import type { Fix } from '../analysis/types';
import type { ServerState } from '../serverState';
import { FIX_ALL_KIND, fileUri, toCodeAction } from './convert';

function wants(params: CodeActionParams, kind: string): boolean {
  const only = params.context.only;
  return !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
}

export function onCodeAction(state: ServerState, params: CodeActionParams): CodeAction[] {
  const uri = params.textDocument.uri;
  const published = state.publisher.findings(uri);
  if (!published) return [];
  const actions: CodeAction[] = [];
  if (wants(params, CodeActionKind.QuickFix)) {
    for (const d of params.context.diagnostics) {
      const data = d.data as { id?: number; version?: number } | undefined;
      const f = typeof data?.id === 'number' ? published.findings[data.id] : undefined;
      if (!f || f.code !== d.code) continue;
      for (const fix of f.fixes) actions.push(toCodeAction(fix, d));
    }
  }
  if (wants(params, FIX_ALL_KIND)) {
    const edit = fixAllEdit(published.findings.flatMap((f) => f.fixes).filter((x) => x.fixAll), uri);
    if (edit) actions.push({ title: 'Fix all Go memory hints', kind: FIX_ALL_KIND, edit });
  }
  return actions;
}

/** Non-overlapping edits of every auto-applicable fix in the document, first come first served. */
function fixAllEdit(fixes: Fix[], uri: string) {
  const chosen: TextEdit[] = [];
  const taken: { s: number; e: number }[] = [];
  const key = (p: { line: number; character: number }) => p.line * 1e7 + p.character;
  for (const fix of fixes) {
    if (fix.edits.some((e) => fileUri(e.file) !== uri)) continue;
    const spans = fix.edits.map((e) => ({ s: key(e.range.start), e: key(e.range.end) }));
    if (spans.some((sp) => taken.some((t) => sp.s < t.e && t.s < sp.e))) continue;
    taken.push(...spans);
    for (const e of fix.edits) chosen.push(TextEdit.replace(e.range, e.newText));
  }
  return chosen.length ? { changes: { [uri]: chosen } } : undefined;
}
