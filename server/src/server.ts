import { Connection, InitializeResult, TextDocumentSyncKind } from 'vscode-languageserver';
import { onCodeAction } from './features/codeActions';
import { FIX_ALL_KIND } from './features/convert';
import { onHover } from './features/hover';
import { onInlayHint } from './features/inlayHints';
import { initParser } from './syntax/parser';
import { normalizeSettings } from './settings';
import { ServerState } from './serverState';

/** Wiring only: capabilities, document sync, and one thin handler per feature. */
export function registerServer(connection: Connection): ServerState {
  const state = new ServerState(connection);
  let supportsConfiguration = false;

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    await initParser();
    supportsConfiguration = !!params.capabilities.workspace?.configuration;
    state.settings = normalizeSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
        inlayHintProvider: true,
      },
      serverInfo: { name: 'go-memory-hints', version: '0.1.0' },
    };
  });

  const pullSettings = async () => {
    if (!supportsConfiguration) return;
    try {
      const raw: unknown = await connection.workspace.getConfiguration('goMemoryHints');
      state.settings = normalizeSettings(raw);
    } catch {
      // keep the previous settings
    }
  };

  connection.onInitialized(async () => {
    await pullSettings();
    state.refreshAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    const raw = (change.settings as { goMemoryHints?: unknown } | undefined)?.goMemoryHints;
    if (raw !== undefined) state.settings = normalizeSettings(raw);
    else await pullSettings();
    state.refreshAll();
    void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  connection.onDidOpenTextDocument(({ textDocument: d }) => {
    state.safely(() => state.docs.open(d.uri, d.languageId, d.version, d.text));
    state.schedule(d.uri);
  });
  connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
    state.safely(() => state.docs.change(d.uri, d.version, contentChanges));
    state.schedule(d.uri);
  });
  connection.onDidSaveTextDocument(({ textDocument: d }) => state.schedule(d.uri));
  connection.onDidCloseTextDocument(({ textDocument: d }) => {
    state.docs.close(d.uri);
    state.publisher.clear(d.uri);
  });

  connection.onHover((p) => state.safely(() => onHover(state, p)) ?? null);
  connection.onCodeAction((p) => state.safely(() => onCodeAction(state, p)) ?? []);
  connection.languages.inlayHint.on((p) => state.safely(() => onInlayHint(state, p)) ?? []);
  return state;
}
