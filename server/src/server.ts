import { Connection, InitializeResult, TextDocumentSyncKind } from 'vscode-languageserver';
import { onCodeAction } from './features/codeActions';
import { FIX_ALL_KIND } from './features/convert';
import { onHover } from './features/hover';
import { onInlayHint } from './features/inlayHints';
import { initParser } from './syntax/parser';
import { normalizeSettings } from './settings';
import { ServerState } from './serverState';
import { uriToPath } from './documents';

/** Wiring only: capabilities, document sync, and one thin handler per feature. */
export function registerServer(connection: Connection): ServerState {
  const state = new ServerState(connection);
  let supportsConfiguration = false;
  let rootDir: string | undefined;

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    await initParser();
    supportsConfiguration = !!params.capabilities.workspace?.configuration;
    const init = params.initializationOptions as { settings?: unknown; trusted?: boolean } | undefined;
    state.settings = normalizeSettings(init?.settings);
    // VS Code says whether the workspace is trusted; other editors run the server by the
    // user's own choice, and the compiler then runs only when goMemoryHints.compiler = "on".
    state.compiler.trusted = init?.trusted ?? state.settings.compiler === 'on';
    rootDir = params.rootUri ? uriToPath(params.rootUri) : undefined;
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
    state.analysis.workspaceTarget = await state.compiler.workspaceTarget(rootDir ?? process.cwd());
    state.refreshAll();
    state.sendStatus();
  });

  connection.onNotification('goMemoryHints/trusted', (p: { trusted?: boolean }) => {
    state.compiler.trusted = p.trusted === true;
    for (const d of state.docs.all()) state.compiler.request(d.uri, 'open');
    state.sendStatus();
  });

  connection.onRequest('goMemoryHints/compilerReport', async (p: { uri: string }) => {
    if (state.compiler.mode() !== 'on') return { text: undefined, message: state.compiler.mode() === 'off' ? 'the compiler is off (goMemoryHints.compiler)' : 'the workspace is not trusted' };
    let text = state.compiler.report(p.uri);
    if (!text) {
      state.compiler.request(p.uri, 'save');
      const deadline = Date.now() + state.settings.compilerTimeoutSeconds * 1000;
      while (Date.now() < deadline && state.compiler.busy(p.uri)) await new Promise((r) => setTimeout(r, 100));
      text = state.compiler.report(p.uri);
    }
    return { text, message: text ? undefined : (state.compiler.state(p.uri)?.failure?.message ?? 'no compiler report') };
  });

  connection.onDidChangeConfiguration(async (change) => {
    const raw = (change.settings as { goMemoryHints?: unknown } | undefined)?.goMemoryHints;
    if (raw !== undefined) state.settings = normalizeSettings(raw);
    else await pullSettings();
    state.refreshAll();
    for (const d of state.docs.all()) state.compiler.request(d.uri, 'open');
    state.sendStatus();
    void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  connection.onDidOpenTextDocument(({ textDocument: d }) => {
    state.safely(() => state.docs.open(d.uri, d.languageId, d.version, d.text));
    state.schedule(d.uri);
    state.compiler.request(d.uri, 'open');
  });
  connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
    state.safely(() => state.docs.change(d.uri, d.version, contentChanges));
    state.schedule(d.uri);
    state.compiler.request(d.uri, 'edit');
  });
  connection.onDidSaveTextDocument(({ textDocument: d }) => {
    state.analysis.externalChanged(uriToPath(d.uri));
    state.schedule(d.uri);
    state.compiler.request(d.uri, 'save');
  });
  connection.onDidCloseTextDocument(({ textDocument: d }) => {
    state.docs.close(d.uri);
    state.analysis.forget(d.uri);
    state.publisher.clear(d.uri);
  });

  connection.onHover((p) => state.safely(() => onHover(state, p)) ?? null);
  connection.onCodeAction((p) => state.safely(() => onCodeAction(state, p)) ?? []);
  connection.languages.inlayHint.on((p) => state.safely(() => onInlayHint(state, p)) ?? []);
  connection.onShutdown(() => state.dispose());
  // Diagnostics for benchmarks and bug reports: the process's memory, after a full GC when
  // node runs with --expose-gc (live memory, not what the allocator has not returned yet).
  connection.onRequest('goMemoryHints/memoryUsage', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      // Two collections with a pause between: array buffers a collection found dead are freed by a sweeper that
      // runs after it, and until then still count as external memory.
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
      gc();
    }
    return process.memoryUsage();
  });
  return state;
}
