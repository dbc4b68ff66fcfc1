import { PassThrough } from 'stream';
import {
  CancellationTokenSource,
  createConnection,
  createMessageConnection,
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import type { Diagnostic, PublishDiagnosticsParams, Range } from 'vscode-languageserver';
import { registerServer } from '../../server/src/server';

/**
 * The real server over an in-process connection, for hostile-input tests: like
 * lspHarness, but it also records every `window/logMessage` (an error there, or a
 * request answered with an error, is a test failure), checks that versions are
 * published in order, and times requests against a budget.
 */
export interface LogEntry {
  type: number;
  message: string;
}

export class RobustServer {
  readonly client: MessageConnection;
  readonly logs: LogEntry[] = [];
  /** Publishes of an older version after a newer one, per uri. */
  readonly outOfOrder: string[] = [];
  private readonly published = new Map<string, PublishDiagnosticsParams[]>();
  private readonly clears = new Map<string, number>();
  private waiters: (() => void)[] = [];
  private readonly streams: PassThrough[];
  private readonly serverConn: ReturnType<typeof createConnection>;
  readonly state: ReturnType<typeof registerServer>;

  constructor(private readonly settings: Record<string, unknown> = { compiler: 'off' }) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConn = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    this.serverConn = serverConn;
    this.streams = [toServer, toClient];
    this.state = registerServer(serverConn);
    serverConn.listen();
    this.client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    this.client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      // An unversioned publish is the clear on close: a reopened document starts a new sequence.
      const list = p.version === undefined ? [] : (this.published.get(p.uri) ?? []);
      if (p.version === undefined) this.clears.set(p.uri, (this.clears.get(p.uri) ?? 0) + 1);
      const last = list[list.length - 1];
      if (last?.version !== undefined && p.version !== undefined && p.version < last.version) this.outOfOrder.push(`${p.uri}: v${p.version} after v${last.version}`);
      list.push(p);
      if (list.length > 50) list.splice(0, list.length - 50);
      this.published.set(p.uri, list);
      const w = this.waiters;
      this.waiters = [];
      w.forEach((f) => f());
    });
    this.client.onNotification('window/logMessage', (m: LogEntry) => this.logs.push(m));
    this.client.onNotification('window/showMessage', (m: LogEntry) => this.logs.push({ type: 4, message: m.message }));
    this.client.onNotification('goMemoryHints/status', () => undefined);
    this.client.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.client.onRequest('workspace/inlayHint/refresh', () => null);
    this.client.onRequest('window/showMessageRequest', (m: LogEntry) => {
      this.logs.push({ type: 4, message: m.message });
      return null;
    });
    this.client.onRequest('window/workDoneProgress/create', () => null);
    this.client.onRequest('client/registerCapability', () => null);
    this.client.listen();
  }

  async initialize(rootPath: string, trusted = false): Promise<void> {
    await this.client.sendRequest('initialize', {
      processId: null,
      rootUri: 'file://' + rootPath,
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { settings: this.settings, trusted },
    });
    await this.client.sendNotification('initialized', {});
  }

  /** Forgets the log and the ordering record (between property runs, so a failure is attributed to its run). */
  resetLog(): void {
    this.logs.length = 0;
    this.outOfOrder.length = 0;
  }

  /** Log entries that mean a handler failed: errors, and any "analysis failed" line. */
  failures(): string[] {
    return this.logs.filter((l) => l.type === 1 || /analysis failed|failed with message/i.test(l.message)).map((l) => l.message.slice(0, 2000));
  }

  open(uri: string, text: string, version = 1, languageId = 'go'): Promise<void> {
    return this.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: unknown[]): Promise<void> {
    return this.client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** Closes a document and waits (up to 2 s) for the server's clearing publish, so later waits see the new sequence. */
  async close(uri: string): Promise<void> {
    const before = this.clears.get(uri) ?? 0;
    await this.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const deadline = Date.now() + 2_000;
    while ((this.clears.get(uri) ?? 0) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  }

  /** The first publish for `uri` at `version` or later; throws after `timeoutMs`. */
  async diagnosticsFor(uri: string, version: number, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = (this.published.get(uri) ?? []).find((p) => (p.version ?? -1) >= version);
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
    return this.published.get(uri) ?? [];
  }

  /** Sends a request and fails if it takes longer than `budgetMs` or answers with an error. */
  async request<T>(method: string, params: unknown, budgetMs = 2_000): Promise<T> {
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method} took longer than its ${budgetMs} ms budget`)), budgetMs);
    });
    try {
      const r = await Promise.race([this.client.sendRequest(method, params) as Promise<T>, timeout]);
      return r;
    } catch (e) {
      throw new Error(`${method} failed after ${Date.now() - t0} ms: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A request that is cancelled right after it is sent. Resolves with the answer or the error. */
  async cancelled(method: string, params: unknown): Promise<{ result?: unknown; error?: { code?: number; message: string } }> {
    const source = new CancellationTokenSource();
    const p = this.client.sendRequest(method, params, source.token);
    source.cancel();
    try {
      return { result: await p };
    } catch (e) {
      return { error: e as { code?: number; message: string } };
    }
  }

  /**
   * Stops the server. Waits a little first: a refresh scheduled by the server (e.g. by
   * `initialized`) that fires after the connection is disposed throws out of its timer.
   */
  async dispose(): Promise<void> {
    await new Promise((r) => setTimeout(r, 50));
    this.state.compiler.dispose();
    this.client.dispose();
    this.serverConn.dispose();
    for (const s of this.streams) s.destroy();
  }
}

/** Line lengths (UTF-16, without the line terminator) of a text, split like LSP does (\n, \r\n, \r). */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

/** Why a range is not a valid position pair in a document with these line lengths, or undefined. */
export function badRange(r: Range, lines: number[]): string | undefined {
  for (const [name, p] of [
    ['start', r.start],
    ['end', r.end],
  ] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return `${name} ${JSON.stringify(p)} is not a position`;
    if (p.line >= lines.length) return `${name} line ${p.line} is past the last line ${lines.length - 1}`;
    if (p.character > lines[p.line]) return `${name} ${p.line}:${p.character} is past the end of the line (${lines[p.line]})`;
  }
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) return `start ${JSON.stringify(r.start)} after end ${JSON.stringify(r.end)}`;
  return undefined;
}

/** Every range a diagnostic carries in `uri` (its own, related information) that is outside the document. */
export function badDiagnosticRanges(diags: Diagnostic[], uri: string, text: string): string[] {
  const lines = lineLengths(text);
  const out: string[] = [];
  for (const d of diags) {
    const why = badRange(d.range, lines);
    if (why) out.push(`${d.code}: ${why}`);
    for (const r of d.relatedInformation ?? []) {
      if (r.location.uri !== uri) continue;
      const w = badRange(r.location.range, lines);
      if (w) out.push(`${d.code} related: ${w}`);
    }
  }
  return out;
}

/** A stable summary of diagnostics for equality checks. */
export function diagnosticKey(diags: Diagnostic[]): string[] {
  return diags
    .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`)
    .sort();
}

/** The seed of a property test: ROBUST_SEED (or the given env var) when set, else random; always printed. */
export function seedFor(name: string, env = process.env.ROBUST_SEED): number {
  const seed = env !== undefined && env !== '' ? Number(env) : Math.floor(Math.random() * 2 ** 31);
  console.log(`# ${name}: seed ${seed} (set ROBUST_SEED=${seed} to replay)`);
  return seed;
}
