import type { Node } from 'web-tree-sitter';
import { replaceNode } from '../fixes/edits';
import { ImportAwareFix, withImports } from '../fixes/fix';
import { importedName } from '../fixes/imports';
import type { GoType } from '../goTypes';
import { FuncContext, goAtLeast, nodeRange } from './context';
import { callArgs, findAll, hasSpread, selectorCall, unparen } from './syntax';

/**
 * `fmt-sprint-strconv`: `fmt.Sprint(x)` / `fmt.Sprintf("%d", x)` of a value strconv
 * formats (or of a string, which needs no formatting) boxes x into an interface
 * and runs the fmt state machine; strconv (or nothing) gives the same string.
 * Only exact equivalents are fixed: plain basic types (a named type could have a
 * String or Format method), a format that is a single verb without flags.
 *
 * `fmt-sprint-bytes`: `[]byte(fmt.Sprintf(...))` formats into a string and copies
 * it; `fmt.Appendf(nil, ...)` formats into the byte slice directly (Go 1.19).
 */
export function checkFmtSprint(ctx: FuncContext): void {
  const body = ctx.fn.childForFieldName('body');
  if (!body) return;
  for (const call of findAll(body, ['call_expression'], true)) {
    const fn = fmtFunc(ctx, call);
    if (!fn) continue;
    const conv = call.parent?.type === 'type_conversion_expression' ? call.parent : null;
    if (conv && isByteSlice(conv.childForFieldName('type'))) {
      checkAppendf(ctx, call, conv, fn);
      continue;
    }
    const plan = strconvPlan(ctx, call, fn);
    if (!plan) continue;
    const fixes: ImportAwareFix[] = [];
    let noFixReason: string | undefined;
    if ('reason' in plan) noFixReason = plan.reason;
    else {
      const strconvName = importedName(ctx.file, 'strconv') ?? 'strconv';
      const text = plan.text.replace(/^strconv\./, `${strconvName}.`);
      const edits = [replaceNode(ctx.file, call, text)];
      if (plan.kind === 'strconv-format' && !importedName(ctx.file, 'strconv') && nameTaken(ctx, 'strconv')) noFixReason = 'the name `strconv` is taken in this file';
      else
        fixes.push(
          withImports(ctx.file, { kind: plan.kind, title: `Replace ${call.text} with ${text}`, edits, fixAll: true }, plan.kind === 'strconv-format' ? ['strconv'] : [], { fmt: 1 }),
        );
    }
    ctx.report({
      range: nodeRange(call),
      code: 'fmt-sprint-strconv',
      message: `${call.childForFieldName('function')!.text} boxes its argument into an interface and allocates; ${'text' in plan ? `use ${plan.text}` : 'use strconv'}, which gives the same string.`,
      fixes,
      noFixReason,
    });
  }
}

function nameTaken(ctx: FuncContext, name: string): boolean {
  return ctx.index.values.has(name) || ctx.index.funcs.has(name) || ctx.index.types.has(name) || findAll(ctx.fn, ['identifier'], true).some((i) => i.text === name);
}

function fmtFunc(ctx: FuncContext, call: Node): string | undefined {
  const sel = selectorCall(call);
  if (!sel || sel.operand.type !== 'identifier') return undefined;
  const o = ctx.info.objectOf(sel.operand);
  if (o?.kind !== 'pkg' || o.pkgPath !== 'fmt') return undefined;
  return ['Sprint', 'Sprintf', 'Sprintln'].includes(sel.field) ? sel.field : undefined;
}

function isByteSlice(t: Node | null): boolean {
  let n = t;
  while (n?.type === 'parenthesized_type') n = n.namedChildren[0];
  return n?.type === 'slice_type' && ['byte', 'uint8'].includes(n.childForFieldName('element')?.text ?? '');
}

type Plan = { kind: 'strconv-format' | 'fmt-sprint-string'; text: string } | { reason: string };

const SIGNED = ['int8', 'int16', 'int32', 'int64', 'int'];
const UNSIGNED = ['uint8', 'uint16', 'uint32', 'uint64', 'uint', 'uintptr'];

function intText(t: string, x: string, base: number): string {
  if (t === 'int' && base === 10) return `strconv.Itoa(${x})`;
  if (SIGNED.includes(t)) return `strconv.FormatInt(${t === 'int64' ? x : `int64(${x})`}, ${base})`;
  return `strconv.FormatUint(${t === 'uint64' ? x : `uint64(${x})`}, ${base})`;
}

/** Primary expressions keep their gofmt layout wherever they move; operators would need reformatting. */
const PRIMARY = ['identifier', 'selector_expression', 'call_expression', 'index_expression', 'interpreted_string_literal', 'raw_string_literal', 'parenthesized_expression', 'type_conversion_expression'];

function strconvPlan(ctx: FuncContext, call: Node, fn: string): Plan | undefined {
  if (hasSpread(call)) return undefined;
  const args = callArgs(call);
  let verb: string;
  let arg: Node;
  if (fn === 'Sprint' && args.length === 1) {
    verb = 'v';
    arg = args[0];
  } else if (fn === 'Sprintf' && args.length === 2) {
    const f = ctx.info.constValue(args[0]);
    if (typeof f !== 'string') return undefined;
    const m = /^%([vdstqx])$/.exec(f);
    if (!m) return undefined;
    verb = m[1];
    arg = args[1];
  } else return undefined;
  const t: GoType = ctx.info.typeOf(arg);
  if (ctx.info.constValue(arg) !== undefined) return undefined;
  if (t.kind !== 'basic') {
    if (t.kind === 'named' && t.pkg === '') {
      const u = ctx.info.underlying(t);
      if (u.kind === 'basic' && u.name !== 'unsafe.Pointer' && !/float|complex/.test(u.name)) {
        return { reason: `\`${arg.text}\` has the named type ${t.name}, which could have a String or Format method that fmt would call` };
      }
    }
    return undefined;
  }
  const x = unparen(arg)!.text;
  const name = t.name;
  if (!PRIMARY.includes(arg.type)) return { reason: `\`${arg.text}\` is an expression whose layout gofmt would change once moved; rewrite it by hand` };
  if (SIGNED.includes(name) || UNSIGNED.includes(name)) {
    if (verb === 'd' || verb === 'v') return { kind: 'strconv-format', text: intText(name, x, 10) };
    if (verb === 'x') return { kind: 'strconv-format', text: intText(name, x, 16).replace('strconv.Itoa', 'strconv.FormatInt') };
    return undefined;
  }
  if (name === 'bool' && (verb === 'v' || verb === 't')) return { kind: 'strconv-format', text: `strconv.FormatBool(${x})` };
  if (name === 'string') {
    if (verb === 'v' || verb === 's') return { kind: 'fmt-sprint-string', text: arg.text };
    if (verb === 'q') return { kind: 'strconv-format', text: `strconv.Quote(${x})` };
  }
  return undefined;
}

function checkAppendf(ctx: FuncContext, call: Node, conv: Node, fn: string): void {
  const args = callArgs(call);
  const target = fn === 'Sprintf' ? 'Appendf' : fn === 'Sprint' ? 'Append' : 'Appendln';
  let reason: string | undefined;
  if (!goAtLeast(ctx.options.goVersion, '1.19')) reason = `fmt.${target} needs Go 1.19 (module says go ${ctx.options.goVersion})`;
  else if (fn === 'Sprintf') {
    const f = ctx.info.constValue(args[0]);
    if (typeof f !== 'string') reason = 'the format is not a constant: an empty result would be nil with fmt.Appendf but non-nil with []byte(...)';
    else if (f.replace(/%%/g, 'x').replace(/%[-+# 0]*(\d+|\*)?(\.(\d+|\*)?)?(\[\d+\])?[a-zA-Z]/g, '') === '') reason = 'the output could be empty: fmt.Appendf(nil, ...) would return nil where []byte(...) returns an empty non-nil slice';
  } else if (fn === 'Sprint') reason = 'the output could be empty: fmt.Append(nil, ...) would return nil where []byte(...) returns an empty non-nil slice';
  const fixes: ImportAwareFix[] = [];
  if (!reason) {
    const argsNode = call.childForFieldName('arguments')!;
    const inner = argsNode.text.slice(1, -1);
    const fmtName = call.childForFieldName('function')!.childForFieldName('operand')!.text;
    const text = `${fmtName}.${target}(nil${inner.trim() ? ', ' + inner : ''})`;
    fixes.push({ kind: 'fmt-appendf', title: `Format directly into a byte slice with fmt.${target}`, edits: [replaceNode(ctx.file, conv, text)], fixAll: true });
  }
  ctx.report({
    range: nodeRange(conv),
    code: 'fmt-sprint-bytes',
    message: `[]byte(fmt.${fn}(...)) formats into a string and then copies it into a new byte slice; fmt.${target}(nil, ...) formats into the slice directly.`,
    fixes,
    noFixReason: reason,
  });
}
