import type { Connection } from 'vscode-languageserver';
import type { Finding } from '../analysis/types';
import type { Settings } from '../settings';
import { severitySetting } from './convert';
import { capDiagnostics } from './diagnosticsCap';
import { PublishItem, publishParams } from './diagnosticsWire';

/** Publishes the findings of one document version, never an older version after a newer one. */
export class DiagnosticsPublisher {
  private readonly published = new Map<string, { version: number; findings: Finding[] }>();

  constructor(private readonly connection: Connection) {}

  publish(uri: string, version: number, findings: Finding[], settings: Settings): void {
    const last = this.published.get(uri);
    if (last && last.version > version) return;
    let items: PublishItem[] = [];
    for (const finding of findings) {
      const severity = severitySetting(finding, settings);
      if (severity !== 'off') items.push({ finding, severity });
    }
    const path = findings[0]?.file;
    if (path !== undefined) items = capDiagnostics(items, settings['diagnostics.maxPerFile'], path);
    this.published.set(uri, { version, findings: items.map((it) => it.finding) });
    void this.connection.sendDiagnostics(publishParams(uri, version, items));
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
