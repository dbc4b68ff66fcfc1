import { InlayHint, InlayHintParams } from 'vscode-languageserver';
import type { ServerState } from '../serverState';

/** Marks heap allocations at the end of their line (off by default). */
export function onInlayHint(state: ServerState, params: InlayHintParams): InlayHint[] {
  if (!state.settings['inlayHints.enable']) return [];
  const published = state.publisher.findings(params.textDocument.uri);
  const doc = state.docs.get(params.textDocument.uri);
  if (!published || !doc) return [];
  const byLine = new Map<number, string[]>();
  // (every finding, also those the diagnostics cap did not send)
  for (const f of published.all) {
    if (f.category !== 'escape') continue;
    const line = f.range.start.line;
    if (line < params.range.start.line || line > params.range.end.line) continue;
    const what = f.code === 'moved-to-heap' ? f.message.replace('moved to heap: ', '') : f.message.replace(/ escapes to heap$/, '');
    (byLine.get(line) ?? byLine.set(line, []).get(line)!).push(what);
  }
  const lines = doc.lines;
  return [...byLine].map(([line, whats]) => ({
    position: { line, character: lines.lineText(line).length },
    label: ` heap: ${whats.join(', ')}`,
    paddingLeft: true,
  }));
}
