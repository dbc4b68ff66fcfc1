import type { Hover, HoverParams } from 'vscode-languageserver';
import { hoverMarkdown } from '../analysis/hoverInfo';
import { layoutEngineFor } from '../analysis/layout';
import type { ServerState } from '../serverState';

export function onHover(state: ServerState, params: HoverParams): Hover | null {
  const ctx = state.contextFor(params.textDocument.uri);
  // (while a half-typed edit is held, the last analysis's declarations are gone with their syntax trees)
  if (!ctx || ctx.result.held) return null;
  const { result, file, findings } = ctx;
  const engine = layoutEngineFor(result.index, { goarch: result.goarch, std: state.std.layout, external: result.external });
  const md = hoverMarkdown({ index: result.index, file, structs: result.analysis.structs, engine, goarch: result.goarch, findings }, params.position);
  return md ? { contents: { kind: 'markdown', value: md } } : null;
}
