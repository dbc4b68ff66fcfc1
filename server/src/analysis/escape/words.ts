/**
 * Plain words for the model's reason chains. The one place that turns flow steps
 * into sentences, so it can switch to the shared `reasonWords.ts` vocabulary
 * (same StepFacts shape) once that lands.
 */
export interface Step {
  reason: string;
  where?: string;
  line?: number;
  dst?: string;
  via?: { kind: 'interface'; type: string } | { kind: 'func-value'; name?: string } | { kind: 'known'; name?: string } | { kind: 'unknown-pkg'; name: string };
}

const at = (line?: number) => (line ? ` (line ${line})` : '');
const q = (s?: string) => (s ? `\`${s.replace(/\s+/g, ' ').slice(0, 60)}\`` : 'it');

export function explainStep(s: Step): string {
  switch (s.reason) {
    case 'address-of':
      return `its address is taken: ${q(s.where)}${at(s.line)}`;
    case 'return':
      return `it is returned${at(s.line)}`;
    case 'assign':
    case 'assign-pair':
    case 'assign-pair-func':
      return s.dst === '{heap}' ? `it is stored where the heap can reach it: ${q(s.where)}${at(s.line)}` : `it is assigned${s.dst ? ` to ${q(s.dst)}` : ''}${at(s.line)}`;
    case 'call parameter':
      if (s.via?.kind === 'interface') return `it is passed to ${q(s.where)} through the interface ${q(s.via.type)}, whose callee is unknown${at(s.line)}`;
      if (s.via?.kind === 'func-value') return `it is passed to a function value ${q(s.where)}, whose callee is unknown${at(s.line)}`;
      if (s.via?.kind === 'unknown-pkg') return `it is passed to ${q(s.where)} of ${q(s.via.name)}, whose source is not available (assumed to keep it)${at(s.line)}`;
      return `it is passed to ${q(s.where)}${at(s.line)}`;
    case 'interface-converted':
      return `it is converted to an interface${at(s.line)}`;
    case 'send':
      return `it is sent on a channel${at(s.line)}`;
    case 'key of map put':
    case 'map literal key':
    case 'map literal value':
      return `it is stored in a map${at(s.line)}`;
    case 'appendee slice':
    case 'appended slice...':
      return `it is appended to a slice whose elements may live on the heap${at(s.line)}`;
    case 'captured by a closure':
    case 'reference':
      return `it is captured by a closure${at(s.line)}`;
    case 'captured by the go/defer wrapper':
      return `it is kept by a \`go\`/\`defer\` statement${at(s.line)}`;
    case 'too large for stack':
      return 'it is too large for the stack';
    case 'zero-sized element':
      return 'its element type has size zero (always heap-allocated)';
    case 'callee operand':
      return `it is called through an unknown function value${at(s.line)}`;
    case 'dot of pointer':
    case 'indirection':
      return `it is read through a pointer${at(s.line)}`;
    case 'slice':
      return `it is sliced${at(s.line)}`;
    case 'literal element':
    case 'slice-literal-element':
      return `it is stored in a composite literal${at(s.line)}`;
    case 'spill':
      return `it is stored in a new allocation${at(s.line)}`;
    case 'heap':
      return s.where ? `it is stored where the heap can reach it: ${q(s.where)}${at(s.line)}` : 'it reaches the heap';
    default:
      return `${s.reason}${s.where ? ` ${q(s.where)}` : ''}${at(s.line)}`;
  }
}

export function headline(kind: 'moved' | 'escapes' | 'leak' | 'leak-content' | 'leak-result' | 'noescape', name: string, steps: Step[]): string {
  const subject = `\`${name}\``;
  const first = steps.find((s) => s.reason === 'return' || s.reason === 'call parameter' || s.dst === '{heap}' || s.reason === 'send' || s.reason === 'captured by the go/defer wrapper') ?? steps[steps.length - 1];
  const tail = first ? `: ${explainStep(first)}` : '';
  switch (kind) {
    case 'moved':
      return `${subject} is moved to the heap${tail}`;
    case 'escapes':
      return `${subject} escapes to the heap${tail}`;
    case 'leak':
      return `parameter ${subject} leaks to the heap${tail}`;
    case 'leak-content':
      return `what parameter ${subject} points to leaks to the heap${tail}`;
    case 'leak-result':
      return `parameter ${subject} flows to a result`;
    case 'noescape':
      return `${subject} stays on the stack`;
  }
}
