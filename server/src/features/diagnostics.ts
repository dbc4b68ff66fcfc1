import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../analysis/types';
import type { Settings } from '../settings';
import { severitySetting, toDiagnostic } from './convert';

/** Publishes the findings of one document version, never an older version after a newer one. */
export class DiagnosticsPublisher {
  private readonly published = new Map<string, { version: number; findings: Finding[] }>();

  constructor(private readonly connection: Connection) {}

  publish(uri: string, version: number, findings: Finding[], settings: Settings): void {
    const last = this.published.get(uri);
    if (last && last.version > version) return;
    const diagnostics: Diagnostic[] = [];
    const kept: Finding[] = [];
    for (const f of findings) {
      const sev = severitySetting(f, settings);
      if (sev === 'off') continue;
      diagnostics.push(toDiagnostic(f, sev, { id: kept.length, version }));
      kept.push(f);
    }
    this.published.set(uri, { version, findings: kept });
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  clear(uri: string): void {
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** The findings behind the diagnostics last published for a document. */
  findings(uri: string): { version: number; findings: Finding[] } | undefined {
    return this.published.get(uri);
  }
}
