import type { Hover, HoverParams } from 'vscode-languageserver';
import { hoverMarkdown } from '../analysis/hoverInfo';
import { layoutEngineFor } from '../analysis/layout';
import type { ServerState } from '../serverState';

export function onHover(state: ServerState, params: HoverParams): Hover | null {
  const uri = params.textDocument.uri;
  const ctx = state.contextFor(uri);
  if (!ctx) return null;
  const { result, file, findings } = ctx;
  let md: string | undefined;
  if (result.held) {
    // A half-typed edit is held: the last analysis's trees are gone, the layouts are read from the
    // current text, and a layout that needs a declaration error recovery swallowed is not described.
    md = state.analysis.readCurrentLayout(uri, (layout) => hoverMarkdown({ ...layout, findings, knownOnly: true }, params.position));
  } else {
    const engine = layoutEngineFor(result.index, { goarch: result.goarch, std: state.std.layout, external: result.external });
    md = hoverMarkdown({ index: result.index, file, structs: result.analysis.structs, engine, goarch: result.goarch, findings }, params.position);
  }
  return md ? { contents: { kind: 'markdown', value: md } } : null;
}
