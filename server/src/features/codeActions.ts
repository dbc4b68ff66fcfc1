import { CodeAction, CodeActionKind, CodeActionParams, TextEdit } from 'vscode-languageserver';
import { fixAllEdits } from '../analysis/fixes';
import { normalizeLoneCR } from '../analysis/positions';
import type { ServerState } from '../serverState';
import { FIX_ALL_KIND, toCodeAction } from './convert';

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
    const ctx = state.contextFor(uri);
    const info = ctx?.result.index.files.get(ctx.file.path);
    if (ctx && info && ctx.file.text === normalizeLoneCR(state.docs.get(uri)?.doc.getText() ?? '')) {
      const { edits } = fixAllEdits(info, published.findings);
      if (edits.length) {
        actions.push({ title: 'Fix all Go memory hints', kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits.map((e) => TextEdit.replace(e.range, e.newText)) } } });
      }
    }
  }
  return actions;
}

