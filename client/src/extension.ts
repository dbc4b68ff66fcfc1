import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

/** A thin starter: launch the server, forward settings and workspace trust, show a status item. */
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'go' }],
    synchronize: { configurationSection: 'goMemoryHints' },
    initializationOptions: {
      settings: vscode.workspace.getConfiguration('goMemoryHints'),
      trusted: vscode.workspace.isTrusted,
    },
  };
  client = new LanguageClient('goMemoryHints', 'Go Memory Hints', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = 'Go Memory Hints';
  status.text = '$(pulse) mem: model';
  status.tooltip = 'Go Memory Hints: estimates from the embedded escape model';
  status.command = 'goMemoryHints.toggleCompiler';
  status.show();
  context.subscriptions.push(status);

  context.subscriptions.push(
    vscode.commands.registerCommand('goMemoryHints.toggleCompiler', async () => {
      const cfg = vscode.workspace.getConfiguration('goMemoryHints');
      const next = cfg.get<string>('compiler') === 'off' ? 'auto' : 'off';
      await cfg.update('compiler', next, vscode.ConfigurationTarget.Workspace);
      void vscode.window.showInformationMessage(`Go Memory Hints: compiler ${next}`);
    }),
    vscode.commands.registerCommand('goMemoryHints.restartServer', async () => {
      await client?.restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('goMemoryHints/trusted', { trusted: true })),
    vscode.commands.registerCommand('goMemoryHints.showCompilerReport', async () => {
      const uri = vscode.window.activeTextEditor?.document.uri;
      if (!client || !uri) return;
      const r: { text?: string; message?: string } = await client.sendRequest('goMemoryHints/compilerReport', { uri: uri.toString() });
      if (!r.text) {
        void vscode.window.showWarningMessage(`Go Memory Hints: no compiler report: ${r.message ?? 'unknown reason'}`);
        return;
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'go-escape-report', content: r.text });
      await vscode.window.showTextDocument(doc, { preview: false });
    }),
    vscode.languages.registerDocumentLinkProvider({ language: 'go-escape-report' }, { provideDocumentLinks: reportLinks }),
  );

  client.onNotification('goMemoryHints/status', (s: { text: string; tooltip?: string }) => {
    status.text = s.text;
    status.tooltip = s.tooltip ?? status.tooltip;
  });

  await client.start();
}

/** Makes every `file.go:line:col` in a compiler report a link to that position. */
function reportLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
  const links: vscode.DocumentLink[] = [];
  const re = /((?:[A-Za-z]:)?[^\s:]+\.go):(\d+):(\d+)/g;
  for (let line = 0; line < doc.lineCount; line++) {
    const text = doc.lineAt(line).text;
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const target = vscode.Uri.file(m[1]).with({ fragment: `L${m[2]},${m[3]}` });
      links.push(new vscode.DocumentLink(new vscode.Range(line, start, line, start + m[0].length), target));
    }
  }
  return links;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
