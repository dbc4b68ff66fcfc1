import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, Range, TextEdit } from 'vscode-languageserver';
import type { Finding } from '../analysis/types';
import { fixAllEdits } from '../analysis/fixes';
import type { ServerState } from '../serverState';
import { FIX_ALL_KIND, toCodeAction } from './convert';

/**
 * The published finding a client's diagnostic stands for: the one at its range with its code. Its
 * `data.id` indexes the findings of the publish it came from, but a client may still hold an older publish when it
 * asks — the server published again meanwhile, for an edit, or for the same version after a settings change or a
 * build — and an id of that publish names another finding in the new one, possibly of the same code, whose fix would
 * edit some other struct or loop. The id is tried first; a diagnostic found nowhere gets no fix.
 */
function findingOf(d: Diagnostic, published: { version: number; findings: Finding[] }): Finding | undefined {
  const data = d.data as { id?: number } | undefined;
  const standsFor = (f: Finding | undefined) => !!f && f.code === d.code && sameRange(f.range, d.range);
  const byId = typeof data?.id === 'number' ? published.findings[data.id] : undefined;
  return standsFor(byId) ? byId : published.findings.find(standsFor);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

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
      const f = findingOf(d, published);
      if (f) for (const fix of f.fixes) actions.push(toCodeAction(fix, d));
    }
  }
  if (wants(params, FIX_ALL_KIND)) {
    const ctx = state.contextFor(uri);
    const info = ctx?.result.held ? undefined : ctx?.result.index.files.get(ctx.file.path);
    if (ctx && info && ctx.file.text === state.docs.get(uri)?.text) {
      const { edits } = fixAllEdits(info, published.all);
      if (edits.length) {
        actions.push({ title: 'Fix all Go memory hints', kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits.map((e) => TextEdit.replace(e.range, e.newText)) } } });
      }
    }
  }
  return actions;
}

