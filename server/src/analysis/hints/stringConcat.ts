import type { Node } from 'web-tree-sitter';
import type { Obj } from '../checker';
import { insertAt, replaceNode } from '../fixes/edits';
import { ImportAwareFix, withImports } from '../fixes/fix';
import { importedName } from '../fixes/imports';
import type { GoType } from '../goTypes';
import { FuncContext, lineOf, localVar, nodeRange, usesOf } from './context';
import { loopCount } from './loopCount';
import { assignSides, contains, enclosingLoops, findAll, indentAt, jumpsOutOfIteration, kids, unparen } from './syntax';

/**
 * `string-concat-in-loop`: `s += x` on a string inside a loop allocates a new
 * string and copies everything built so far on each iteration (quadratic;
 * runtime/string.go concatstrings). The fix builds with a strings.Builder before
 * the loop and assigns the result after it, so `s` keeps its type and value.
 */
export function checkStringConcat(ctx: FuncContext): void {
  const body = ctx.fn.childForFieldName('body');
  if (!body) return;
  const seen = new Set<string>();
  const taken = new Set<string>(); // builder names chosen by other fixes in this function
  for (const stmt of findAll(body, ['assignment_statement'], true)) {
    const { left, right, op } = assignSides(stmt);
    if (op !== '+=' || left.length !== 1 || right.length !== 1) continue;
    const obj = localVar(ctx, left[0]);
    if (!obj || !isString(ctx, obj.type)) continue;
    const loops = enclosingLoops(stmt).filter((l) => !obj.decl || !contains(l, obj.decl));
    if (loops.length === 0) continue;
    const outer = loops[loops.length - 1];
    const key = `${obj.id}:${outer.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const plan = planBuilder(ctx, obj, loops.reverse(), taken);
    const message = `\`${obj.name}\` is built with += in the loop at line ${lineOf(outer)}: each iteration allocates a new string and copies all of it. Use a strings.Builder (WriteString in the loop, String() after it).`;
    ctx.report({
      range: nodeRange(stmt),
      code: 'string-concat-in-loop',
      message,
      fixes: 'fix' in plan ? [plan.fix] : [],
      noFixReason: 'reason' in plan ? plan.reason : undefined,
    });
  }
}

function isString(ctx: FuncContext, t: GoType): boolean {
  const u = ctx.info.underlying(t);
  return u.kind === 'basic' && (u.name === 'string' || u.name === 'untyped string');
}

function isPlainString(t: GoType): boolean {
  return t.kind === 'basic' && (t.name === 'string' || t.name === 'untyped string');
}

/** Splits `a + b + c` (a string) into its operands. */
function operands(n: Node): Node[] {
  const e = unparen(n)!;
  if (e.type === 'binary_expression' && e.childForFieldName('operator')?.text === '+') {
    return [...operands(e.childForFieldName('left')!), ...operands(e.childForFieldName('right')!)];
  }
  return [e];
}

function freshName(ctx: FuncContext, base: string[]): string | undefined {
  const used = new Set<string>();
  for (const id of findAll(ctx.fn, ['identifier'], true)) used.add(id.text);
  for (const c of base) if (!used.has(c) && !ctx.index.values.has(c) && !ctx.index.funcs.has(c) && !ctx.file.imports.has(c)) return c;
  return undefined;
}

function planBuilder(ctx: FuncContext, obj: Obj, loops: Node[], taken: Set<string>): { fix: ImportAwareFix } | { reason: string } {
  const name = obj.name;
  if (!isPlainString(obj.type)) return { reason: `\`${name}\` has the named type ${ctx.info.typeOf(obj.decl!).kind === 'named' ? 'string-based type' : 'type'}; a Builder would change conversions` };
  if (obj.role === 'result') return { reason: `\`${name}\` is a named result: a return or panic inside the loop would observe its partial value` };
  const all = usesOf(ctx, ctx.fn, obj);
  const lits = findAll(ctx.fn, ['func_literal'], true);
  const captured = all.find((u) => lits.some((f) => contains(f, u)));
  if (captured) return { reason: `\`${name}\` is used in a function literal (line ${lineOf(captured)})` };
  if (all.some((u) => u.parent?.type === 'unary_expression' && u.parent.child(0)?.text === '&')) return { reason: `the address of \`${name}\` is taken` };
  if (findAll(ctx.fn, ['goto_statement'], true).length) return { reason: 'the function uses goto' };
  let why = `\`${name}\` is read inside the loop, so its value is needed on every iteration`;
  for (const loop of loops) {
    const stmtNode = loop.parent?.type === 'labeled_statement' ? loop.parent : loop;
    if (stmtNode.parent?.type !== 'block' && stmtNode.parent?.type !== 'statement_list') continue;
    const inside = all.filter((u) => contains(loop, u));
    const adds: Node[] = [];
    let ok = true;
    for (const u of inside) {
      const st = u.parent?.parent;
      const sides = st?.type === 'assignment_statement' ? assignSides(st) : undefined;
      if (!st || !sides || sides.op !== '+=' || sides.left[0]?.id !== u.id || !(st.parent?.type === 'block' || st.parent?.type === 'statement_list')) {
        ok = false;
        break;
      }
      adds.push(st);
    }
    if (!ok) continue;
    if (adds.some((a) => usesOf(ctx, assignSides(a).right[0], obj).length > 0)) continue;
    const labeled = findAll(loop, ['break_statement', 'continue_statement'], true).find((b) => kids(b).length > 0);
    if (labeled && stmtNode === loop) {
      why = `the loop at line ${lineOf(loop)} has a labeled jump (line ${lineOf(labeled)})`;
      continue;
    }
    return buildFix(ctx, obj, loop, stmtNode, adds, all, taken) ?? { reason: why };
  }
  return { reason: why };
}

function buildFix(ctx: FuncContext, obj: Obj, loop: Node, stmtNode: Node, adds: Node[], all: Node[], taken: Set<string>): { fix: ImportAwareFix } | { reason: string } | undefined {
  const text = ctx.file.file.text;
  const pkgName = importedName(ctx.file, 'strings') ?? 'strings';
  if (!importedName(ctx.file, 'strings') && (ctx.index.values.has('strings') || ctx.index.funcs.has('strings') || ctx.index.types.has('strings') || findAll(ctx.fn, ['identifier'], true).some((i) => i.text === 'strings'))) {
    return { reason: 'the name `strings` is taken in this file' };
  }
  const b = freshName(ctx, ['sb', `${obj.name}Builder`, 'sb2', 'sb3'].filter((n) => !taken.has(n)));
  if (!b) return { reason: 'no free name for the builder' };
  taken.add(b);
  const writes: string[][] = [];
  let constLen = 0;
  let allConst = true;
  for (const a of adds) {
    const ops = operands(assignSides(a).right[0]);
    const lines: string[] = [];
    for (const o of ops) {
      const t = ctx.info.typeOf(o);
      if (t.kind === 'unknown') return { reason: `the type of \`${o.text}\` is not known` };
      if (!isPlainString(t)) return undefined;
      const v = ctx.info.constValue(o);
      if (typeof v === 'string') constLen += Buffer.byteLength(v, 'utf8');
      else allConst = false;
      lines.push(`${b}.WriteString(${o.text})`);
    }
    writes.push(lines);
  }
  // Is s known empty when the loop starts? Declared `var s string` / `s := ""` and untouched until the loop.
  const declStmt = obj.decl?.parent?.type === 'expression_list' ? obj.decl.parent.parent : obj.decl?.parent;
  let startsEmpty = false;
  if (declStmt && obj.role === undefined) {
    const value = declStmt.type === 'short_var_declaration' ? assignSides(declStmt).right[0] : declStmt.childForFieldName('value');
    const v = value ? ctx.info.constValue(kids(value).length && value.type === 'expression_list' ? kids(value)[0] : value) : '';
    const before = all.filter((u) => u.id !== obj.decl!.id && u.startIndex < loop.startIndex);
    startsEmpty = v === '' && before.length === 0;
  }
  const indent = indentAt(text, stmtNode.startIndex);
  let grow = '';
  const count = loopCount(loop, ctx.info);
  const direct = adds.every((a) => a.parent?.parent?.id === loop.id || a.parent?.id === loop.childForFieldName('body')?.id);
  if (allConst && constLen > 0 && 'count' in count && count.count.exact && direct && jumpsOutOfIteration(loop.childForFieldName('body')!).length === 0) {
    grow = `${indent}${b}.Grow(${constLen === 1 ? '' : `${constLen} * `}${count.count.text})\n`; // gofmt spaces a lone binary argument
  }
  const lineStart = text.lastIndexOf('\n', stmtNode.startIndex - 1) + 1;
  const edits = [insertAt(ctx.file, lineStart, `${indent}var ${b} ${pkgName}.Builder\n${grow}`)];
  adds.forEach((a, i) => edits.push(replaceNode(ctx.file, a, writes[i].join(`\n${indentAt(text, a.startIndex)}`))));
  let eol = text.indexOf('\n', stmtNode.endIndex);
  if (eol < 0) eol = text.length;
  const rest = text.slice(stmtNode.endIndex, eol).trim();
  const assign = `${obj.name} ${startsEmpty ? '=' : '+='} ${b}.String()`;
  if (rest === '' || rest.startsWith('//')) edits.push(insertAt(ctx.file, eol, `\n${indent}${assign}`));
  else return { reason: `code follows the loop on line ${lineOf(stmtNode) + stmtNode.endPosition.row - stmtNode.startPosition.row}` };
  const fix = withImports(ctx.file, { kind: 'strings-builder', title: `Build ${obj.name} with a strings.Builder`, edits, fixAll: true }, ['strings']);
  return { fix };
}
