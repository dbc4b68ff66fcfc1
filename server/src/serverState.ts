import type { Connection } from 'vscode-languageserver';
import type { SourceFile } from './analysis/goPackage';
import type { StdTables } from './analysis/stdTables';
import type { Finding } from './analysis/types';
import { mergeFileWithCompiler } from './analysis/merge';
import { DocumentStore, uriToPath } from './documents';
import { DiagnosticsPublisher } from './features/diagnostics';
import { defaultSettings, Settings } from './settings';
import { AnalysisService, PackageResult } from './workspace/analysisService';
import { CompilerService, statusText } from './workspace/compilerService';
import { loadStdTables } from './workspace/stdData';

/** Everything the feature handlers share: documents, settings, analysis cache, publisher. */
export class ServerState {
  readonly docs = new DocumentStore();
  settings: Settings = defaultSettings();
  readonly std: StdTables = loadStdTables();
  readonly analysis: AnalysisService;
  readonly publisher: DiagnosticsPublisher;
  readonly compiler: CompilerService;
  private readonly pending = new Map<string, NodeJS.Immediate>();

  constructor(readonly connection: Connection) {
    this.analysis = new AnalysisService(this.docs, () => this.settings, (m) => connection.console.error(m));
    this.publisher = new DiagnosticsPublisher(connection);
    this.compiler = new CompilerService(
      this.docs,
      () => this.settings,
      (pc) => {
        this.sendStatus();
        if (pc.status === 'ok' || pc.status === 'failed') {
          for (const d of this.docs.all()) if (this.compiler.keyFor(d.uri)?.key === pc.key) this.schedule(d.uri);
        }
      },
      (message) => void connection.window.showInformationMessage(message),
    );
  }

  /** Tells the client which source is live for the last touched document's package. */
  sendStatus(): void {
    const uri = this.compiler.lastTouched;
    const s = statusText(uri ? this.compiler.state(uri) : undefined, this.compiler.mode());
    void this.connection.sendNotification('goMemoryHints/status', s);
  }

  /** The package analysis, the file and its findings for an open document. */
  contextFor(uri: string): { result: PackageResult; file: SourceFile; findings: Finding[] } | undefined {
    const p = uriToPath(uri);
    if (!p || !this.docs.get(uri)) return undefined;
    const result = this.safely(() => this.analysis.forDocument(uri));
    if (!result) return undefined;
    const file = result.file;
    const model = result.analysis.findings.filter((f) => f.file === p);
    // (a file the build excludes has no compiler findings: an empty list would replace the model's)
    const fromCompiler = result.excluded ? undefined : this.compiler.compilerFindings(uri);
    const findings = fromCompiler ? mergeFileWithCompiler(model, fromCompiler.findings, fromCompiler.builtText, file.text) : model;
    return { result, file, findings };
  }

  /**
   * Analyzes soon, coalescing bursts of edits: only the latest version is analyzed and published.
   * vscode-jsonrpc handles one queued message per `setImmediate` turn and queues the next turn
   * after the handler returns; two turns here let every message already received run first (each
   * re-schedules), without the millisecond a `setTimeout` would add to every keystroke.
   */
  schedule(uri: string): void {
    const t = this.pending.get(uri);
    if (t) clearImmediate(t);
    this.pending.set(
      uri,
      setImmediate(() => {
        this.pending.set(
          uri,
          setImmediate(() => {
            this.pending.delete(uri);
            this.refresh(uri);
          }),
        );
      }),
    );
  }

  refresh(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    const version = doc.version;
    const ctx = this.contextFor(uri);
    if (this.docs.get(uri)?.version !== version) return;
    this.publisher.publish(uri, version, ctx?.findings ?? [], this.settings);
  }

  /** Set by the shutdown request: an editor that closes the pipe after it has asked for shutdown exits cleanly. */
  shutDown = false;

  /** Shutdown: no analysis may publish on a closed connection. */
  dispose(): void {
    this.shutDown = true;
    for (const t of this.pending.values()) clearImmediate(t);
    this.pending.clear();
    this.compiler.dispose();
  }

  refreshAll(): void {
    this.analysis.reconfigure();
    for (const d of this.docs.all()) this.schedule(d.uri);
  }

  /** Runs analysis work; an exception is logged, never thrown out of a handler. */
  safely<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      this.connection.console.error(`go-memory-hints: analysis failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return undefined;
    }
  }
}
