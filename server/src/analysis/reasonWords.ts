/**
 * The plain-language vocabulary of escape analysis, shared by the compiler-output
 * parser (`compiler/parse.ts`) and the embedded escape model. PURE: no I/O.
 *
 * The Go compiler explains an escape as a chain of flows (`-m=2`):
 *
 *     ./x.go:21:2: u escapes to heap in NewT:
 *     ./x.go:21:2:   flow: ~r0 ← &u:
 *     ./x.go:21:2:     from &u (address-of) at ./x.go:22:9
 *     ./x.go:21:2:     from return &u (return) at ./x.go:22:2
 *     ./x.go:21:2: moved to heap: u
 *
 * Each `from WHERE (REASON) at POS` line is one {@link StepFacts}. The embedded escape model
 * describes its own flow notes with the same shape (`escape/words.ts` maps them, printing each
 * `where` the way the compiler prints it) and so gets the same words; where it knows more than the
 * compiler's text says (how a callee is reached, a package without source, `go`/`defer` wrappers),
 * the facts carry it ({@link CallVia}, {@link MODEL_REASONS}):
 *
 * ```ts
 * import { headline, explainStep } from './reasonWords';
 * const steps: StepFacts[] = [
 *   { reason: 'address-of', where: '&u', line: 22 },
 *   { reason: 'return', where: 'return &u', line: 22 },
 * ];
 * headline({ kind: 'moved', name: 'u' }, steps);
 * //  → "`u` is moved to the heap: its address is returned (line 22)"
 * steps.map(explainStep);
 * //  → ["its address is taken: `&u` (line 22)", "it is returned: `return &u` (line 22)"]
 * headline({ kind: 'escapes', name: 'buf' },
 *   [{ reason: 'call parameter', where: 'w.Write(buf)', line: 39, via: { kind: 'interface', type: 'io.Writer' } }]);
 * //  → "`buf` escapes to the heap: it is passed to `w.Write` through the interface `io.Writer`, whose callee is unknown (line 39)"
 * ```
 *
 * Lines in sentences are 1-based (what the user sees in the editor gutter).
 */

/** Every reason string the Go 1.25/1.26 escape analysis attaches to a flow step (`note.why`). */
export const FLOW_REASONS = [
  'address-of',
  'indirection',
  'dot',
  'dot of pointer',
  'interface-converted',
  'assign',
  'assign-pair',
  'assign-pair-dot-type',
  'assign-pair-mapr',
  'assign-pair-receive',
  'return',
  'call parameter',
  'callee operand',
  'captured by a closure',
  'reference',
  'appendee slice',
  'appended slice...',
  'copied slice',
  'send',
  'map literal key',
  'map literal value',
  'key of map put',
  'slice',
  'range',
  'range-deref',
  'too large for stack',
  'too aligned for stack',
  'zero-sized element',
  'conversion to unsafe.Pointer',
  'spill',
  'array literal element',
  'struct literal element',
  'slice-literal-element',
  'fixed-array-index-of',
  'slice-to-array',
  'switch case',
  '//go:uintptrescapes',
  'reflect.Header.Data',
] as const;

export type FlowReason = (typeof FLOW_REASONS)[number];

/**
 * Reasons only the embedded escape model attaches (the compiler rewrites these constructs before
 * escape analysis, so its `-m=2` text never shows them). Described by {@link MODEL_REASON_WORDS}.
 */
export const MODEL_REASONS = [
  /** An argument of a `go`/`defer` call, kept in the statement's wrapper closure until the call runs. */
  'captured by the go/defer wrapper',
  /** The wrapper closure of a `go` statement (or a `defer` in a loop) itself: it outlives the frame. */
  'go/defer wrapper',
  /** `a, b := f()`: a result of a multi-value call bound to its variables. */
  'assign-pair-func',
  /** An element of a composite literal whose type is unknown to the model. */
  'literal element',
] as const;

export type ModelReason = (typeof MODEL_REASONS)[number];

/** How a called function is reached, when the caller knows it (the compiler's text does not say). */
export type CallVia =
  | { kind: 'interface'; type: string }
  | { kind: 'func-value'; name?: string }
  | { kind: 'known'; name?: string }
  /** A function of a package whose source is not available: assumed to keep its arguments. */
  | { kind: 'external'; pkg?: string };

/** One step of an escape flow. Only `reason` is required; every other fact sharpens the sentence. */
export interface StepFacts {
  /** A {@link FlowReason}; unknown strings are described generically. */
  reason: FlowReason | string;
  /** Source text of the step as the compiler prints it (`&u`, `return &u`, `w.Write(buf)`, `global = p`). */
  where?: string;
  /** 1-based line of the step. */
  line?: number;
  /**
   * The base name of the step's file when it is not the finding's (a flow through a function of
   * another file of the package): the line is then named `name.go:N`, not `line N`.
   */
  file?: string;
  /** The location the value flows into (`~r0`, `{heap}`, `buf`, `{storage for func literal}`). */
  dst?: string;
  /** For `call parameter`: the called expression (`w.Write`); derived from `where` when absent. */
  callee?: string;
  /** For `call parameter`: how the callee is reached. */
  via?: CallVia;
}

/** What a headline is about. */
export interface SubjectFacts {
  /**
   * `moved`: a named variable lives on the heap; `escapes`: an allocating expression goes to the heap;
   * `leak`: a parameter leaks to the heap; `leak-content`: what it points to leaks;
   * `leak-result`: it flows to a result; `noescape`: stays on the stack.
   */
  kind: 'moved' | 'escapes' | 'leak' | 'leak-content' | 'leak-result' | 'noescape';
  /** Variable, parameter or expression text as written (`u`, `make([]byte, 16)`). */
  name: string;
  /** For `leak-result`: the result name (`~r0` for the first unnamed result) and the deref level. */
  result?: string;
  level?: number;
}

/** Longest source text quoted in a sentence; longer text is cut with `…`. */
const MAX_CODE = 160;

/** `code` quoting that survives backticks inside the text. */
export function code(text: string): string {
  let t = text.replace(/\s+/g, ' ').trim();
  if (t.length > MAX_CODE) t = `${t.slice(0, MAX_CODE - 1)}…`;
  return t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}

/** Where a step is: ` (line 22)`, or ` (errors.go:254)` in another file of the package. */
function at({ line, file }: Pick<StepFacts, 'line' | 'file'>): string {
  if (line === undefined || line <= 0) return '';
  return file ? ` (${file}:${line})` : ` (line ${line})`;
}

/** Human name of a compiler location: `~r0` → "the result", `{heap}` → "the heap", `{storage for X}` → `X`. */
export function locationWords(loc: string): string {
  const l = loc.trim();
  if (l === '{heap}') return 'the heap';
  if (l === '{temp}') return 'a temporary';
  const res = /^(?:.*\.)?~r(\d+)$/.exec(l);
  if (res) return res[1] === '0' ? 'the result' : `result #${Number(res[1]) + 1}`;
  const par = /^(?:.*\.)?~p(\d+)$/.exec(l);
  if (par) return `parameter #${Number(par[1]) + 1}`;
  const st = /^\{storage for (.*)\}$/.exec(l);
  if (st) return st[1] === 'func literal' ? 'a closure' : `the storage of ${code(st[1])}`;
  return code(l);
}

/** The called expression of a call text: `w.Write(buf)` → `w.Write`, `(*T).M(x)` → `(*T).M`. */
export function calleeOf(callText: string): string | undefined {
  const t = callText.trim();
  if (!t.endsWith(')')) return undefined;
  let depth = 0;
  for (let i = t.length - 1; i >= 0; i--) {
    const c = t[i];
    if (c === ')') depth++;
    else if (c === '(') {
      depth--;
      if (depth === 0) {
        const head = t.slice(0, i).trim();
        return head.length > 0 ? head : undefined;
      }
    }
  }
  return undefined;
}

function assignTarget(where: string): string | undefined {
  const m = /^(.*?)\s*(?::=|=)\s/.exec(where);
  return m && !m[1].startsWith('return') ? m[1] : undefined;
}

/** The first target of `a, b := …` (a single target is returned as is). */
function firstTarget(where?: string): string | undefined {
  const t = where ? assignTarget(where) : undefined;
  return t?.split(',')[0].trim() || undefined;
}

/** Statement keyword of a `go`/`defer` statement text. */
function goOrDefer(where?: string): 'go' | 'defer' | undefined {
  const m = /^(go|defer)\b/.exec(where?.trim() ?? '');
  return m ? (m[1] as 'go' | 'defer') : undefined;
}

function viaWords(step: StepFacts): string {
  const v = step.via;
  if (!v) return '';
  if (v.kind === 'interface') return ` through the interface ${code(v.type)}, whose callee is unknown`;
  if (v.kind === 'func-value') return `, a function value${v.name ? ` (${code(v.name)})` : ''} whose body is unknown`;
  if (v.kind === 'external') return `${v.pkg ? ` of ${code(v.pkg)}` : ''}, whose source is not available (assumed to keep it)`;
  return '';
}

type Words = (s: StepFacts) => string;

function w(where?: string): string {
  return where ? `: ${code(where)}` : '';
}

/**
 * One sentence builder per flow reason. Each returns a clause about "it" (the value
 * being followed), e.g. "its address is taken: `&u` (line 22)".
 */
export const REASON_WORDS: Record<FlowReason, Words> = {
  'address-of': (s) => `its address is taken${w(s.where)}${at(s)}`,
  indirection: (s) => `it is read through a pointer${w(s.where)}${at(s)}`,
  dot: (s) => `a field of it is used${w(s.where)}${at(s)}`,
  'dot of pointer': (s) => `a field is read through it as a pointer${w(s.where)}${at(s)}`,
  'interface-converted': (s) => `it is converted to an interface${w(s.where)}${at(s)}`,
  assign: (s) => {
    const target = s.where ? assignTarget(s.where) : undefined;
    return target ? `it is assigned to ${code(target)}${at(s)}` : `it is assigned${w(s.where)}${at(s)}`;
  },
  'assign-pair': (s) => {
    // Source `a, b = x, y`, or the inliner binding arguments and results: `pkg.p := arg`,
    // `.autotmp_1 = &x`, `~r0, ~r1 = &q, &q`, `a, b := (*int)(.autotmp_2), .autotmp_3`.
    const target = s.where ? assignTarget(s.where) : undefined;
    const inlined = !!s.where && /(^|[\s,(])(\.autotmp_|~r\d)|\.\.\. argument|^\w+\.\w+ :?=/.test(s.where);
    if (!inlined) return `it is assigned by a multiple assignment${w(s.where)}${at(s)}`;
    return target && !target.includes(',')
      ? `it is assigned to ${code(target)} by an inlined call${at(s)}`
      : `it becomes an argument of an inlined call${at(s)}`;
  },
  'assign-pair-dot-type': (s) => {
    const target = firstTarget(s.where);
    return `it is assigned${target ? ` to ${code(target)}` : ''} by a checked type assertion${at(s)}`;
  },
  'assign-pair-mapr': (s) => {
    const target = firstTarget(s.where);
    return `it is assigned${target ? ` to ${code(target)}` : ''} by a map lookup${at(s)}`;
  },
  'assign-pair-receive': (s) => {
    const target = firstTarget(s.where);
    return `it is assigned${target ? ` to ${code(target)}` : ''} by a channel receive${at(s)}`;
  },
  return: (s) => `it is returned${w(s.where)}${at(s)}`,
  'call parameter': (s) => {
    const callee = s.callee ?? (s.where ? calleeOf(s.where) : undefined);
    return callee
      ? `it is passed to ${code(callee)}${viaWords(s)}${at(s)}`
      : `it is passed to a call${w(s.where)}${viaWords(s)}${at(s)}`;
  },
  'callee operand': (s) => `it is the function being called${w(s.where)}${at(s)}`,
  'captured by a closure': (s) => `it is captured by a closure${w(s.where)}${at(s)}`,
  reference: (s) => `the closure refers to it by reference${at(s)}`,
  'appendee slice': (s) => `it is the slice being appended to${w(s.where)}${at(s)}`,
  'appended slice...': (s) => `its elements are appended to another slice${w(s.where)}${at(s)}`,
  'copied slice': (s) => `its elements are copied into another slice${w(s.where)}${at(s)}`,
  send: (s) => `it is sent on a channel${w(s.where)}${at(s)}`,
  'map literal key': (s) => `it is a key of a map literal${w(s.where)}${at(s)}`,
  'map literal value': (s) => `it is a value of a map literal${w(s.where)}${at(s)}`,
  'key of map put': (s) => `it is stored as a map key${w(s.where)}${at(s)}`,
  slice: (s) => `it is sliced${w(s.where)}${at(s)}`,
  range: (s) => `it is ranged over${w(s.where)}${at(s)}`,
  'range-deref': (s) => `its elements are copied by a range loop${w(s.where)}${at(s)}`,
  'too large for stack': (s) => `it is too large for the stack${at(s)}`,
  'too aligned for stack': (s) => `it needs more alignment than the stack provides${at(s)}`,
  'zero-sized element': (s) => `its elements have size zero, so it is always heap-allocated${at(s)}`,
  'conversion to unsafe.Pointer': (s) => `it is converted to ${code('unsafe.Pointer')}${w(s.where)}${at(s)}`,
  spill: (s) => `it needs its own storage${w(s.where)}${at(s)}`,
  'array literal element': (s) => `it is an element of an array literal${w(s.where)}${at(s)}`,
  'struct literal element': (s) => `it is a field of a struct literal${w(s.where)}${at(s)}`,
  'slice-literal-element': (s) =>
    s.where === '... argument'
      ? `it is one of the variadic arguments${at(s)}`
      : `it is an element of a slice literal${w(s.where)}${at(s)}`,
  'fixed-array-index-of': (s) => `it is indexed${w(s.where)}${at(s)}`,
  'slice-to-array': (s) => `it is converted from a slice to an array${w(s.where)}${at(s)}`,
  'switch case': (s) => `it is bound by a type switch case${w(s.where)}${at(s)}`,
  '//go:uintptrescapes': (s) => `it is passed as a uintptr to a ${code('//go:uintptrescapes')} function${at(s)}`,
  'reflect.Header.Data': (s) => `it is stored in a reflect header's Data field${w(s.where)}${at(s)}`,
};

/** Sentences for {@link MODEL_REASONS}, in the same style as {@link REASON_WORDS}. */
export const MODEL_REASON_WORDS: Record<ModelReason, Words> = {
  'captured by the go/defer wrapper': (s) => {
    const kw = goOrDefer(s.where);
    const what = kw === 'go' ? 'the new goroutine' : kw === 'defer' ? 'the deferred call' : 'a `go`/`defer` call';
    return `it is kept for ${what}${w(s.where)}${at(s)}`;
  },
  'go/defer wrapper': (s) =>
    goOrDefer(s.where) === 'defer'
      ? `the deferred call is kept on the heap, as it is deferred in a loop${at(s)}`
      : `the new goroutine can outlive the function${at(s)}`,
  'assign-pair-func': (s) => {
    const target = firstTarget(s.where);
    return `it is a result of a call assigned${target ? ` to ${code(target)}` : ''}${at(s)}`;
  },
  'literal element': (s) => `it is an element of a composite literal${w(s.where)}${at(s)}`,
};

/**
 * Pseudo-reason for a flow edge without a compiler note (`flow: {storage for t.Sum} ← {temp}:` with no
 * `from` line): "it flows into the storage of `t.Sum`". Set `dst`.
 */
export const FLOWS_INTO = 'flows into';

/** A clause about one step; unknown reasons are still described. */
export function explainStep(step: StepFacts): string {
  if (step.reason === FLOWS_INTO) return `it flows into ${step.dst ? locationWords(step.dst) : 'another location'}${at(step)}`;
  const f = (REASON_WORDS as Record<string, Words | undefined>)[step.reason] ?? (MODEL_REASON_WORDS as Record<string, Words | undefined>)[step.reason];
  if (f) return f(step);
  return `it flows through ${step.where ? code(step.where) : 'an expression'} (${step.reason})${at(step)}`;
}

/** Steps that are bookkeeping, not causes: left out of a headline and of `why`. */
export function isBookkeeping(step: StepFacts): boolean {
  return step.reason === 'spill' || step.reason === 'reference';
}

/** Whether the first step takes the address of the subject itself (`flow: ~r0 ← &u` / `address-of`). */
function addressTaken(steps: StepFacts[]): boolean {
  const first = steps.find((s) => !isBookkeeping(s));
  return first?.reason === 'address-of';
}

/**
 * The decisive clause of a chain: where the value finally goes. Used after the colon of a headline.
 * `addressOf` says the subject's address (not its value) is what travels.
 */
export function sinkClause(steps: StepFacts[], addressOf = addressTaken(steps)): string | undefined {
  const real = steps.filter((s) => !isBookkeeping(s));
  const hard = real.find((s) => s.reason === 'too large for stack' || s.reason === 'too aligned for stack' || s.reason === 'zero-sized element');
  if (hard) return explainStep(hard);
  const captured = steps.find((s) => s.reason === 'captured by a closure');
  const byRef = steps.some((s) => s.reason === 'reference');
  if (captured && byRef) return `a closure captures it by reference${at(captured)}`;
  const last = real[real.length - 1];
  if (!last) return undefined;
  const its = addressOf ? 'its address' : 'it';
  switch (last.reason) {
    case 'return':
      return `${its} is returned${at(last)}`;
    case 'assign':
    case 'assign-pair':
    case 'assign-pair-dot-type':
    case 'assign-pair-mapr':
    case 'assign-pair-receive':
    case 'assign-pair-func': {
      // `v, ok := m[k]` and friends store the value in their first target only.
      const single = last.reason === 'assign-pair-dot-type' || last.reason === 'assign-pair-mapr' || last.reason === 'assign-pair-receive';
      const target = single ? firstTarget(last.where) : last.where ? assignTarget(last.where) : undefined;
      return target ? `${its} is stored in ${code(target)}${at(last)}` : `${its} is stored${at(last)}`;
    }
    case 'call parameter': {
      const callee = last.callee ?? (last.where ? calleeOf(last.where) : undefined);
      const target = callee ? code(callee) : 'a call';
      return `${its} is passed to ${target}${viaWords(last)}${at(last)}`;
    }
    case 'send':
      return `${its} is sent on a channel${at(last)}`;
    case 'key of map put':
    case 'map literal key':
    case 'map literal value':
      return `${its} is stored in a map${at(last)}`;
    case 'interface-converted':
      return `${its} is converted to an interface${at(last)}`;
    case 'captured by a closure':
      return `a closure captures it${at(last)}`;
    default:
      return explainStep(last);
  }
}

/**
 * The one-line message of a finding, e.g.
 * "`u` is moved to the heap: its address is returned (line 22)".
 */
export function headline(subject: SubjectFacts, steps: StepFacts[] = []): string {
  const n = code(subject.name);
  let head: string;
  switch (subject.kind) {
    case 'moved':
      head = `${n} is moved to the heap`;
      break;
    case 'escapes':
      head = `${n} escapes to the heap`;
      break;
    case 'leak':
      head = `parameter ${n} leaks to the heap`;
      break;
    case 'leak-content':
      head = `what parameter ${n} points to leaks to the heap`;
      break;
    case 'leak-result': {
      const r = subject.result ? locationWords(subject.result) : 'a result';
      head =
        (subject.level ?? 0) === 0
          ? `parameter ${n} flows to ${r}`
          : `what parameter ${n} points to flows to ${r}`;
      return head;
    }
    case 'noescape':
      return `${n} does not escape: it stays on the stack`;
  }
  const clause = sinkClause(steps);
  return clause ? `${head}: ${clause}` : head;
}

/** The `why` list: one clause per causal step, first link first (bookkeeping steps left out). */
export function whyChain(steps: StepFacts[]): string[] {
  return steps.filter((s) => !isBookkeeping(s)).map(explainStep);
}
