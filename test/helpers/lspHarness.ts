import { PassThrough } from 'stream';
import {
  createMessageConnection,
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { createConnection } from 'vscode-languageserver/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { protocolWriter } from '../../server/src/features/diagnosticsWire';
import { registerServer } from '../../server/src/server';

/**
 * Runs the real server over an in-process connection (two pipes) and speaks LSP
 * to it as a client would.
 */
export class LspHarness {
  readonly client: MessageConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private waiters: (() => void)[] = [];
  private readonly streams: PassThrough[];
  private readonly serverConn: ReturnType<typeof createConnection>;

  constructor(settings: Record<string, unknown> = {}, private readonly config: Record<string, unknown> = settings) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConn = createConnection(new StreamMessageReader(toServer), protocolWriter(toClient)); // the server's own writer, as over stdio
    this.serverConn = serverConn;
    this.streams = [toServer, toClient];
    registerServer(serverConn);
    serverConn.listen();
    this.client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    this.client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      (this.diagnostics.get(p.uri) ?? this.diagnostics.set(p.uri, []).get(p.uri)!).push(p);
      const w = this.waiters;
      this.waiters = [];
      w.forEach((f) => f());
    });
    this.client.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => this.config));
    this.client.onRequest('workspace/inlayHint/refresh', () => null);
    this.client.onNotification('window/logMessage', () => undefined);
    this.client.listen();
  }

  async initialize(rootPath: string): Promise<void> {
    await this.client.sendRequest('initialize', {
      processId: null,
      rootUri: 'file://' + rootPath,
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { settings: this.config },
    });
    await this.client.sendNotification('initialized', {});
  }

  /** Resolves with the first diagnostics for `uri` at `version` or later. */
  async diagnosticsFor(uri: string, version: number, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const list = this.diagnostics.get(uri) ?? [];
      const hit = [...list].reverse().find((p) => (p.version ?? -1) >= version);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  allPublished(uri: string): PublishDiagnosticsParams[] {
    return this.diagnostics.get(uri) ?? [];
  }

  dispose(): void {
    this.client.dispose();
    this.serverConn.dispose();
    for (const s of this.streams) s.destroy();
  }
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyLspEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: { line: number; character: number }) => (p.line >= starts.length ? text.length : starts[p.line] + p.character);
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
