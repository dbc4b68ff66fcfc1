import type { Hover, HoverParams } from 'vscode-languageserver';
import { linesOf } from '../analysis/goPackage';
import { hoverMarkdown } from '../analysis/hoverInfo';
import { declLayout, inIntactDeclaration } from '../analysis/parseDamage';
import { layoutEngineFor } from '../analysis/layout';
import type { ServerState } from '../serverState';

export function onHover(state: ServerState, params: HoverParams): Hover | null {
  const uri = params.textDocument.uri;
  const ctx = state.contextFor(uri);
  if (!ctx) return null;
  const { result, file, findings } = ctx;
  // While a half-typed edit is held, the last analysis's declarations are gone with their syntax
  // trees: the layout is read from the current ones, in the declarations that still parse.
  if (result.held && !inIntactDeclaration(declLayout(file.text, file.tree), linesOf(file).offsetAt(params.position))) return null;
  const layout = result.held ? state.analysis.currentLayout(uri) : { index: result.index, structs: result.analysis.structs, external: result.external, goarch: result.goarch };
  if (!layout) return null;
  const engine = layoutEngineFor(layout.index, { goarch: layout.goarch, std: state.std.layout, external: layout.external });
  const md = hoverMarkdown({ index: layout.index, file, structs: layout.structs, engine, goarch: layout.goarch, findings, knownOnly: result.held }, params.position);
  return md ? { contents: { kind: 'markdown', value: md } } : null;
}
