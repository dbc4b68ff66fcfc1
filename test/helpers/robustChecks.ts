import type { CodeAction, Diagnostic, Hover, InlayHint, TextEdit } from 'vscode-languageserver';
import type { Node } from 'web-tree-sitter';
import { parseGo } from '../../server/src/syntax/parser';
import { badDiagnosticRanges, badRange, lineLengths, RobustServer } from './robustHarness';

/**
 * The checks every hostile input must pass through the real server: diagnostics for
 * the version arrive within budget with every range inside the document, and hover,
 * code actions (quick fixes and fix-all) and inlay hints answer within budget with
 * positions inside the document, never touching text that does not parse.
 */
export const BUDGET = { diagnosticsMs: 8_000, requestMs: 3_000 };

export interface ProbeOptions {
  /** Positions to hover (wrapped into the document; some land past the end on purpose). */
  probes?: [number, number][];
  /** The text is garbage: hovers and fixes must be absent. */
  garbage?: boolean;
}

/** [start, end) UTF-16 offsets of the ERROR and MISSING nodes of a text's parse tree. */
export function errorSpans(text: string): [number, number][] {
  const tree = parseGo(text);
  const out: [number, number][] = [];
  try {
    const visit = (n: Node) => {
      if (n.type === 'ERROR' || n.isMissing) {
        out.push([n.startIndex, n.endIndex]);
        return;
      }
      if (!n.hasError) return;
      for (const c of n.children) if (c) visit(c);
    };
    visit(tree.rootNode);
  } finally {
    tree.delete();
  }
  return out;
}

function offsetOf(lines: string[], p: { line: number; character: number }): number {
  let o = 0;
  for (let i = 0; i < p.line && i < lines.length; i++) o += lines[i].length + 1;
  return o + p.character;
}

/** Problems found (empty = fine). */
export async function probeDocument(server: RobustServer, uri: string, text: string, version: number, opts: ProbeOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const pub = await server.diagnosticsFor(uri, version, BUDGET.diagnosticsMs);
  if (pub.version !== version) problems.push(`diagnostics for v${pub.version}, expected v${version}`);
  problems.push(...badDiagnosticRanges(pub.diagnostics, uri, text));
  const lens = lineLengths(text);
  if (opts.garbage && pub.diagnostics.length) problems.push(`garbage got diagnostics: ${pub.diagnostics.map((d) => d.message).join('; ')}`);

  for (const [l, c] of opts.probes ?? []) {
    const line = l % (lens.length + 2);
    const character = c % ((lens[line] ?? 0) + 3);
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } }, BUDGET.requestMs);
    if (!hover) continue;
    const value = typeof hover.contents === 'string' ? hover.contents : 'value' in hover.contents ? hover.contents.value : '';
    if (!value.trim()) problems.push(`empty hover at ${line}:${character}`);
    if (hover.range && badRange(hover.range, lens)) problems.push(`hover range ${badRange(hover.range, lens)}`);
    if (opts.garbage) problems.push(`hover on garbage at ${line}:${character}: ${value.slice(0, 120)}`);
  }

  const whole = { start: { line: 0, character: 0 }, end: { line: lens.length - 1, character: lens[lens.length - 1] } };
  const actions = await server.request<CodeAction[]>(
    'textDocument/codeAction',
    { textDocument: { uri }, range: whole, context: { diagnostics: pub.diagnostics as Diagnostic[] } },
    BUDGET.requestMs,
  );
  if (opts.garbage && actions.length) problems.push(`fixes on garbage: ${actions.map((a) => a.title).join(', ')}`);
  const lines = text.split('\n');
  const errors = actions.length ? errorSpans(text) : [];
  for (const a of actions) {
    const edits: TextEdit[] = a.edit?.changes?.[uri] ?? [];
    const spans: [number, number][] = [];
    for (const e of edits) {
      const why = badRange(e.range, lens);
      if (why) {
        problems.push(`fix "${a.title}": edit ${why}`);
        continue;
      }
      const s = offsetOf(lines, e.range.start);
      const t = offsetOf(lines, e.range.end);
      if (spans.some(([x, y]) => s < y && x < t)) problems.push(`fix "${a.title}": overlapping edits`);
      spans.push([s, t]);
      const hit = errors.find(([x, y]) => s < y && x < t);
      if (hit) problems.push(`fix "${a.title}" edits text that does not parse (${text.slice(hit[0], Math.min(hit[1], hit[0] + 40)).replace(/\n/g, '\\n')})`);
    }
  }

  const hints = await server.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: whole }, BUDGET.requestMs);
  for (const h of hints ?? []) {
    const why = badRange({ start: h.position, end: h.position }, lens);
    if (why) problems.push(`inlay hint ${why}`);
  }
  const fails = server.failures();
  if (fails.length) problems.push(...fails.map((f) => `server log: ${f}`));
  if (server.outOfOrder.length) problems.push(...server.outOfOrder.map((o) => `published out of order: ${o}`));
  return problems;
}
