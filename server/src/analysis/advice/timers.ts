import type { Node } from 'web-tree-sitter';
import { goAtLeast } from '../hints/context';
import { callArgs, findAll, isFuncNode, kids } from '../hints/syntax';
import type { AdviceContext } from './context';
import { localVar } from './context';
import { blockStatements, callKey, lineOf, loopsAround, methodCall, nodeRange, ownerFunc, usesOf } from './util';

/**
 * Timers and tickers (runtime/time.go). Before Go 1.23 a timer lives in the
 * runtime's timer heap until it fires or is stopped, whether or not the program
 * still references it; since Go 1.23 (when go.mod says so) unreferenced timers
 * and tickers are collected, and their channels are unbuffered.
 */
export function checkTimers(ctx: AdviceContext): void {
  const modern = goAtLeast(ctx.options.goVersion, '1.23');
  for (const call of findAll(ctx.fn, ['call_expression'], true)) {
    const key = callKey(ctx.info, call);
    if (key === 'time.After') timeAfter(ctx, call, modern);
    else if (key === 'time.Tick') timeTick(ctx, call, modern);
    else if (key === 'time.NewTimer' || key === 'time.NewTicker' || key === 'time.AfterFunc') notStopped(ctx, call, key.slice(5), modern);
  }
}

function timeAfter(ctx: AdviceContext, call: Node, modern: boolean): void {
  // received from in place (`<-time.After(d)`, usually a select case); other uses are deliberate
  let p = call.parent;
  while (p?.type === 'parenthesized_expression') p = p.parent;
  if (p?.type !== 'unary_expression' || p.child(0)?.text !== '<-') return;
  const loops = loopsAround(call);
  if (loops.length === 0 || !ctx.enabled('time-after-in-loop')) return;
  // Abandoned timers need another way round the loop: a select case (or default) that does not leave it.
  // A periodic loop whose only other case returns (`case <-ctx.Done(): return`) lets every timer fire.
  const sel = enclosingSelect(p);
  if (!sel) return;
  const others = kids(sel).filter((c) => (c.type === 'communication_case' || c.type === 'default_case') && !(c.startIndex <= call.startIndex && call.endIndex <= c.endIndex));
  if (!others.some((c) => !caseLeaves(c))) return;
  const d = callArgs(call)[0]?.text ?? 'd';
  const message = modern
    ? `time.After in the loop at line ${lineOf(loops[0])} allocates a new timer and channel on every iteration (collected once unreferenced since Go 1.23, but still garbage); create one time.NewTimer(${d}) before the loop and Reset it.`
    : `time.After in the loop at line ${lineOf(loops[0])} creates a new timer on every iteration, and before Go 1.23 each one stays in memory until ${d} has passed even when another case won; create one time.NewTimer(${d}) before the loop, Reset it each iteration and Stop it after.`;
  ctx.report({
    range: nodeRange(call),
    code: 'time-after-in-loop',
    message,
    why: [modern ? 'go.mod says Go ≥ 1.23: unreferenced timers are collected' : 'go.mod says Go < 1.23: a timer is only released when it fires or is stopped'],
  });
}

/** The select statement whose case receives from `recv` (directly, or `v := <-recv`). */
function enclosingSelect(recv: Node): Node | null {
  let c: Node | null = recv.parent;
  while (c && (c.type === 'expression_list' || c.type === 'receive_statement' || c.type === 'parenthesized_expression')) c = c.parent;
  if (c?.type !== 'communication_case') return null;
  return c.parent?.type === 'select_statement' ? c.parent : null;
}

/** A select case whose statements end by leaving the loop (return, goto, panic, labeled break/continue). */
function caseLeaves(c: Node): boolean {
  const comm = c.childForFieldName('communication');
  const stmts = kids(c).filter((x) => x.id !== comm?.id);
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  if (last.type === 'return_statement' || last.type === 'goto_statement') return true;
  if ((last.type === 'break_statement' || last.type === 'continue_statement') && kids(last).length > 0) return last.type === 'break_statement';
  if (last.type === 'expression_statement') {
    const f = kids(last)[0]?.childForFieldName('function')?.text ?? '';
    return f === 'panic' || f === 'os.Exit' || /^log\.(Fatal|Panic)/.test(f);
  }
  return false;
}

/** A function that never returns: no return statement, ending in an endless for loop (or the call ranges forever). */
function endless(fn: Node, call: Node): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  if (findAll(body, ['return_statement'], false).length > 0) return false;
  const range = call.parent?.type === 'range_clause' ? call.parent : null;
  if (range && findAll(range.parent!, ['break_statement'], false).length === 0) return true;
  const stmts = blockStatements(body);
  const last = stmts[stmts.length - 1];
  if (last?.type !== 'for_statement') return false;
  const clause = kids(last).find((c) => c.type === 'for_clause' || c.type === 'range_clause');
  const cond = clause ? clause.childForFieldName('condition') : kids(last).find((c) => c.type !== 'block');
  if (cond) return false;
  return findAll(last, ['break_statement'], false).length === 0;
}

function isTestFunc(fn: Node): boolean {
  const name = fn.childForFieldName('name')?.text ?? '';
  return /^(Test|Benchmark|Example|Fuzz)/.test(name);
}

function timeTick(ctx: AdviceContext, call: Node, modern: boolean): void {
  if (modern || !ctx.enabled('time-tick-leak')) return;
  if (ctx.index.name === 'main' && ctx.fn.childForFieldName('name')?.text === 'main' && ownerFunc(call)?.id === ctx.fn.id) return;
  if (isTestFunc(ctx.fn) || ctx.file.file.path.endsWith('_test.go')) return;
  const owner = ownerFunc(call) ?? ctx.fn;
  if (endless(owner, call)) return;
  ctx.report({
    range: nodeRange(call),
    code: 'time-tick-leak',
    message: `time.Tick's ticker can never be stopped, and before Go 1.23 it is never collected either: once this function returns it keeps firing and stays in memory forever; use time.NewTicker and defer ticker.Stop().`,
    why: ['go.mod says Go < 1.23', 'the function is neither main nor an endless loop'],
  });
}

function notStopped(ctx: AdviceContext, call: Node, what: string, modern: boolean): void {
  if (!ctx.enabled('timer-not-stopped')) return;
  if (modern && what !== 'AfterFunc') return;
  // t := time.NewTimer(d) / var t = ...
  const list = call.parent;
  const stmt = list?.parent;
  let name: Node | undefined;
  if (list?.type === 'expression_list' && stmt?.type === 'short_var_declaration' && kids(list).length === 1) name = kids(stmt.childForFieldName('left'))[0];
  else if (list?.type === 'expression_list' && stmt?.type === 'var_spec' && kids(list).length === 1) name = stmt.childrenForFieldName('name').find((n): n is Node => !!n);
  const obj = localVar(ctx.info, name);
  if (!obj || !name) return;
  const owner = ownerFunc(call) ?? ctx.fn;
  const uses = usesOf(ctx.info, owner, obj).filter((u) => u.id !== name!.id);
  let receivedInSelect = false;
  for (const u of uses) {
    const p = u.parent;
    if (p?.type === 'selector_expression' && p.childForFieldName('operand')?.id === u.id) {
      const field = p.childForFieldName('field')?.text;
      const mc = p.parent?.type === 'call_expression' ? methodCall(p.parent) : undefined;
      if (mc && field === 'Stop') return; // stopped somewhere
      if (mc && field === 'Reset') continue;
      if (field === 'C') {
        // <-t.C in a select can lose to another case; a plain receive waits for the timer to fire
        let q: Node | null = p.parent;
        while (q && q.type !== 'select_statement' && !isFuncNode(q) && q.type !== 'block') q = q.parent;
        if (q?.type === 'select_statement' || p.parent?.type === 'range_clause') receivedInSelect = true;
        else if (p.parent?.type !== 'unary_expression') return; // t.C passed on: not tracked
        else if (what === 'NewTimer') return; // waits until it fires
        continue;
      }
      return; // other uses: not tracked
    }
    return; // passed, stored, returned, compared: its life is not this function's
  }
  if (what === 'NewTimer' && !receivedInSelect) return;
  if (what === 'NewTicker' && endless(owner, call)) return;
  const kind = what === 'NewTicker' ? 'ticker' : what === 'NewTimer' ? 'timer' : 'AfterFunc timer';
  const message =
    what === 'AfterFunc'
      ? `\`${obj.name}\` (time.AfterFunc) is never stopped: until it fires, the runtime keeps the timer and everything its function captures alive; call ${obj.name}.Stop() when it is no longer wanted.`
      : what === 'NewTicker'
        ? `ticker \`${obj.name}\` is never stopped: before Go 1.23 it keeps firing and stays in the runtime's timer heap forever after this function returns; defer ${obj.name}.Stop().`
        : `timer \`${obj.name}\` is never stopped: when another select case wins, before Go 1.23 it stays in the runtime's timer heap until it fires; defer ${obj.name}.Stop().`;
  ctx.report({
    range: nodeRange(name),
    code: 'timer-not-stopped',
    message,
    why: [modern ? `an AfterFunc timer is held by the runtime until it fires, in every Go version` : `go.mod says Go < 1.23: the ${kind} is only released when it fires or is stopped`],
  });
}

