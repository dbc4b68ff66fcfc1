/**
 * Adapter from the model's flow notes to the shared vocabulary of `../reasonWords.ts`:
 * every sentence of a model finding (`why`, `related`) is written there, from the same
 * {@link StepFacts} the compiler-output parser builds from `-m=2`. This file only maps
 * a note (tree-sitter node + reason) to facts, printing its `where` the way the compiler
 * prints an IR node, so that both sources read the same for the same flow.
 */
import type { Node } from 'web-tree-sitter';
import { descendantsOf } from '../checker/nodes';
import { explainStep, headline, isBookkeeping, whyChain, type CallVia, type StepFacts, type SubjectFacts } from '../reasonWords';
import type { RelatedInfo } from '../types';
import type { Note } from './graph';

/** One step of a model flow: the facts, and the node the note is attached to (for related locations). */
export interface ModelStep {
  facts: StepFacts;
  node?: Node;
}

/**
 * Source text of a node the way cmd/compile's `ir` formatter prints it in `-m=2` notes:
 * function literals as `func literal`, composite literal bodies as `{...}` (`{}` when empty),
 * whitespace collapsed to one line.
 */
export function compilerText(n: Node): string {
  // Very large nodes (generated code, hostile input) keep their text: no deep recursion.
  const text = n.descendantCount > 5000 ? n.text : render(n);
  return text.replace(/\s+/g, ' ').trim();
}

function render(n: Node): string {
  if (n.type === 'func_literal') return 'func literal';
  if (n.type === 'comment') return '';
  // Conversions to unnamed types are parenthesized: `([]byte)(s)`.
  if (n.type === 'type_conversion_expression') {
    const type = n.childForFieldName('type');
    const x = n.childForFieldName('operand');
    if (type && x) {
      const named = type.type === 'type_identifier' || type.type === 'qualified_type' || type.type === 'generic_type' || type.type === 'parenthesized_type';
      return `${named ? render(type) : `(${render(type)})`}(${render(x)})`;
    }
  }
  if (n.type === 'composite_literal') {
    const type = n.childForFieldName('type');
    return `${type ? render(type) : ''}${literalBody(n.childForFieldName('body'))}`;
  }
  // An element literal with its type elided (`[]T{{1, 2}}`).
  if (n.type === 'literal_value') return literalBody(n);
  const text = n.text;
  // Indices are in the same units as `text` (the tree was parsed from a JS string); splice only
  // when that holds, else keep the text as written.
  if (n.childCount === 0 || n.endIndex - n.startIndex !== text.length || !needsRewrite(n)) return text;
  let out = '';
  let pos = n.startIndex;
  for (const c of n.children) {
    if (!c) continue;
    out += text.slice(pos - n.startIndex, c.startIndex - n.startIndex) + render(c);
    pos = c.endIndex;
  }
  return out + text.slice(pos - n.startIndex);
}

function literalBody(body: Node | null): string {
  return !body || body.namedChildren.every((c) => c?.type === 'comment') ? '{}' : '{...}';
}

function needsRewrite(n: Node): boolean {
  return descendantsOf(n, ['func_literal', 'composite_literal', 'literal_value', 'type_conversion_expression', 'comment']).length > 0;
}

/**
 * The steps of one flow edge, first link first (a note list is innermost-first, like the compiler's).
 * `dst` is the location the edge flows into (`{heap}`, a variable name); `via` tells how the callee
 * of a `call parameter` note's call is reached, when the model knows it.
 */
export function noteSteps(notes: Note | undefined, dst: string | undefined, via?: (call: Node) => CallVia | undefined): ModelStep[] {
  const out: ModelStep[] = [];
  for (let n = notes; n; n = n.next) {
    // The implicit slice of a variadic call is `... argument` in the compiler's words.
    const where = n.why === 'slice-literal-element' && n.where.type === 'call_expression' ? '... argument' : compilerText(n.where);
    const facts: StepFacts = { reason: n.why, where, line: n.where.startPosition.row + 1 };
    if (dst !== undefined) facts.dst = dst;
    if (n.why === 'call parameter') {
      const v = via?.(n.where);
      // A statically called method is named the compiler's way (`(*T).M`); other ways of reaching a callee are facts the words add.
      if (v?.kind === 'known') {
        if (v.name) facts.callee = v.name;
      } else if (v) facts.via = v;
    }
    out.push({ facts, node: n.where });
  }
  return out;
}

/** A static heap reason (`too large for stack`, `zero-sized element`) not already explained by a note. */
export function heapReasonStep(steps: ModelStep[], reason: string | undefined): ModelStep[] {
  if (!reason || steps.some((s) => s.facts.reason === reason)) return steps;
  return [...steps, { facts: { reason } }];
}

/**
 * The `why` lines of a model finding: its headline sentence first (the finding's `message`
 * stays the compiler's terse text, e.g. `moved to heap: x`), then one clause per causal step
 * — the same list the compiler parser puts in a compiler finding's `why` — and the related
 * locations of those steps, described by the same clauses.
 */
export function modelWords(subject: SubjectFacts, steps: ModelStep[], fileOf: (n: Node) => string, ownFile?: string): { why: string[]; related: RelatedInfo[] } {
  // a step in another file of the package (a function of the same batch) names that file
  for (const s of steps) {
    const file = s.node && ownFile !== undefined ? fileOf(s.node) : '';
    if (file && file !== ownFile) s.facts = { ...s.facts, file: baseName(file) };
  }
  const facts = steps.map((s) => s.facts);
  const related: RelatedInfo[] = [];
  for (const s of steps) {
    if (!s.node || isBookkeeping(s.facts)) continue;
    const file = fileOf(s.node);
    if (!file) continue;
    const start = s.node.startPosition;
    const end = s.node.endPosition.row === start.row ? s.node.endPosition : start;
    related.push({
      file,
      range: { start: { line: start.row, character: start.column }, end: { line: end.row, character: end.column } },
      message: explainStep(s.facts),
    });
  }
  return { why: [headline(subject, facts), ...whyChain(facts)], related };
}

function baseName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}
