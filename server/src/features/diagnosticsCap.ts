import { byPosition } from '../analysis/merge';
import type { Finding } from '../analysis/types';
import type { SeveritySetting } from '../settings';
import type { PublishItem } from './diagnosticsWire';

/**
 * At most `max` diagnostics per document (`goMemoryHints.diagnostics.maxPerFile`).
 *
 * VS Code shows at most 1,000 diagnostics of one collection per file: its extension host
 * (extHostDiagnostics.ts, `_maxDiagnosticsPerFile`) keeps the errors first, then warnings,
 * information and hints, in the order given, and adds "Not showing N further errors and
 * warnings". A 50,000-line file of ours has 9,620 findings: 5.8 MB per keystroke serialized,
 * piped, parsed by the client and then dropped — about half of the keystroke's latency there.
 *
 * So the server sends what the editor would show: errors first, then warnings, information,
 * hints, each from the top of the file, `max - 1` of them, and one information diagnostic at the
 * top of the file saying how many more there are and how to see them. Hovers, inlay hints and
 * the CLI still see every finding.
 */
export function capDiagnostics(items: PublishItem[], max: number, file: string): PublishItem[] {
  max = Math.floor(max);
  if (!(max > 0) || items.length <= max) return items;
  const keep = max - 1;
  const chosen = new Set<PublishItem>();
  for (const severity of ORDER) {
    if (chosen.size >= keep) break;
    const these = items.filter((it) => it.severity === severity);
    if (chosen.size + these.length > keep) these.sort((a, b) => byPosition(a.finding, b.finding));
    for (const it of these) {
      if (chosen.size >= keep) break;
      chosen.add(it);
    }
  }
  const out = items.filter((it) => chosen.has(it));
  out.unshift({ finding: moreFinding(file, items.length - keep, max), severity: 'information' });
  return out;
}

const ORDER: SeveritySetting[] = ['error', 'warning', 'information', 'hint'];

/** The code of the diagnostic that counts the findings not sent. */
export const MORE_FINDINGS_CODE = 'more-findings';

function moreFinding(file: string, more: number, max: number): Finding {
  return {
    file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    code: MORE_FINDINGS_CODE,
    category: 'advice',
    message: `${more.toLocaleString('en-US')} more findings in this file are not shown: at most ${max} diagnostics per file (setting goMemoryHints.diagnostics.maxPerFile; 0 shows all, and the \`go-memory-hints\` CLI lists them all)`,
    why: [],
    related: [],
    source: 'model',
    fixes: [],
  };
}
