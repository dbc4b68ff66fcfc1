import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';

/** Helpers for the extension-host suite: fixture files, polling (never fixed sleeps), settings, edits. */

export const EXTENSION_ID = 'go-memory-hints.go-memory-hints';

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e run opens the fixture workspace as a folder');
  return folder.uri.fsPath;
}

export function fixtureUri(rel: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), rel));
}

/** Opens a fixture file in an editor (as a user would), so the extension activates and the server sees it. */
export async function openFixture(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Polls `probe` until it returns something truthy; fails with `what` and the last value seen. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The 0-based line holding `marker` (a piece of code: the tests find lines by their text). */
export function lineOf(doc: vscode.TextDocument, marker: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(marker)) return i;
  throw new Error(`no line with ${marker} in ${doc.uri.fsPath}`);
}

export function positionOf(doc: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const i = doc.getText().indexOf(text);
  assert.ok(i >= 0, `${text} not found in ${doc.uri.fsPath}`);
  return doc.positionAt(i + offset);
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c ?? '');
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => /go-memory-hints|go compiler/.test(d.source ?? ''));
}

/** Waits until the diagnostics of `uri` satisfy `pred`, and returns them. */
export function waitForDiagnostics(uri: vscode.Uri, what: string, pred: (ds: vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  let seen: vscode.Diagnostic[] = [];
  return waitFor(
    `diagnostics: ${what}`,
    () => {
      seen = ours(uri);
      return pred(seen) ? seen : undefined;
    },
    timeoutMs,
  ).catch((e: Error) => {
    throw new Error(`${e.message}\ndiagnostics of ${vscode.workspace.asRelativePath(uri)} at that time:\n${describe(seen) || '(none)'}`);
  });
}

export function describe(ds: vscode.Diagnostic[]): string {
  return ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)} [${d.source}] ${d.message.split('\n')[0]}`).join('\n');
}

/** Sets a goMemoryHints.* setting in the workspace (undefined removes it). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('goMemoryHints').update(key, value, vscode.ConfigurationTarget.Workspace);
}

export async function hoverMarkdown(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

/** Applies a code action's edit (and its command, if any) the way the editor does. */
export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit || action.command, `code action "${action.title}" has neither an edit nor a command`);
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `workspace.applyEdit refused "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** Puts a document back to `text` (edits made by fixes stay in memory: nothing is saved to disk). */
export async function restoreText(doc: vscode.TextDocument, text: string): Promise<void> {
  if (doc.getText() === text) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}
