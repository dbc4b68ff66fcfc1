import type { Connection } from 'vscode-languageserver';
import type { Finding } from '../analysis/types';
import type { Settings } from '../settings';
import { severitySetting } from './convert';
import { capDiagnostics } from './diagnosticsCap';
import { PublishItem, publishParams } from './diagnosticsWire';

/** Publishes the findings of one document version, never an older version after a newer one. */
export class DiagnosticsPublisher {
  private readonly published = new Map<string, Published>();

  constructor(private readonly connection: Connection) {}

  publish(uri: string, version: number, findings: Finding[], settings: Settings): void {
    const last = this.published.get(uri);
    if (last && last.version > version) return;
    const items: PublishItem[] = [];
    for (const finding of findings) {
      const severity = severitySetting(finding, settings);
      if (severity !== 'off') items.push({ finding, severity });
    }
    const path = findings[0]?.file;
    const sent = path !== undefined ? capDiagnostics(items, settings['diagnostics.maxPerFile'], path) : items;
    this.published.set(uri, { version, findings: sent.map((it) => it.finding), all: sent === items ? undefined : items.map((it) => it.finding) });
    void this.connection.sendDiagnostics(publishParams(uri, version, sent));
  }

  clear(uri: string): void {
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * The findings behind the diagnostics last published for a document (`findings`, in the order of their `data.id`)
   * and every finding of that publish whose severity is not off (`all`: the same unless the cap left some out —
   * inlay hints and fix-all read those).
   */
  findings(uri: string): { version: number; findings: Finding[]; all: Finding[] } | undefined {
    const p = this.published.get(uri);
    return p && { version: p.version, findings: p.findings, all: p.all ?? p.findings };
  }
}

interface Published {
  version: number;
  findings: Finding[];
  /** Set when the cap (diagnosticsCap.ts) sent fewer. */
  all?: Finding[];
}
