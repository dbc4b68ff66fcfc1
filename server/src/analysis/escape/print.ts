/**
 * Prints expressions the way the compiler's -m output does (cmd/compile/internal/ir/fmt.go
 * exprFmt) and finds the position the compiler reports them at (facts §1).
 */
import type { Node } from 'web-tree-sitter';
import { kids } from '../checker/nodes';
import type { FunctionInfo } from '../checker';
import type { GoType } from '../goTypes';


/** The node whose start is the compiler's position for expression `n`. */
export function reportPos(n: Node): { row: number; column: number } {
  switch (n.type) {
    case 'call_expression': {
      const args = n.childForFieldName('arguments');
      return args ? args.startPosition : n.startPosition;
    }
    case 'type_conversion_expression': {
      const paren = n.children.find((c) => c?.type === '(');
      return paren ? paren.startPosition : n.startPosition;
    }
    case 'composite_literal': {
      const body = n.childForFieldName('body');
      return body ? body.startPosition : n.startPosition;
    }
    case 'selector_expression':
    case 'type_assertion_expression': {
      const dot = n.children.find((c) => c?.type === '.');
      return dot ? dot.startPosition : n.startPosition;
    }
    case 'index_expression':
    case 'slice_expression': {
      const br = n.children.find((c) => c?.type === '[');
      return br ? br.startPosition : n.startPosition;
    }
    case 'binary_expression': {
      const op = n.childForFieldName('operator');
      return op ? op.startPosition : n.startPosition;
    }
    case 'parenthesized_expression':
      return n.namedChildren[0] ? reportPos(n.namedChildren[0]) : n.startPosition;
    default:
      return n.startPosition;
  }
}

/** Go's strconv.Quote, roughly, with go/constant's 72-rune shortening. */
export function quoteConst(s: string): string {
  const runes = [...s];
  if (runes.length > 72) s = runes.slice(0, 69).join('') + '...';
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** Compiler-style type text from a type node (gofmt spacing of interface{} / struct{}). */
export function typeText(n: Node | null | undefined): string {
  if (!n) return '?';
  switch (n.type) {
    case 'interface_type':
      return kids(n).length === 0 ? 'interface {}' : 'interface { ' + kids(n).map((c) => c.text).join('; ') + ' }';
    case 'struct_type': {
      const list = kids(n)[0];
      const fields = kids(list).map((f) => f.text.replace(/\s+/g, ' '));
      return fields.length === 0 ? 'struct {}' : 'struct { ' + fields.join('; ') + ' }';
    }
    case 'pointer_type':
      return '*' + typeText(n.namedChildren[0]);
    case 'slice_type':
      return '[]' + typeText(n.childForFieldName('element'));
    case 'map_type':
      return `map[${typeText(n.childForFieldName('key'))}]${typeText(n.childForFieldName('value'))}`;
    case 'channel_type':
      return n.text.replace(/\s+/g, ' ');
    case 'parenthesized_type':
      return typeText(n.namedChildren[0]);
    case 'generic_type':
      return typeText(n.childForFieldName('type')) + '[' + kids(n.childForFieldName('type_arguments')).map(typeText).join(',') + ']';
    default:
      return n.text.replace(/\s+/g, ' ');
  }
}

/** Compiler-style type text from a GoType (for elided literals and `[...]T`). */
export function goTypeText(t: GoType): string {
  switch (t.kind) {
    case 'basic':
      return t.name === 'uint8' ? 'uint8' : t.name === 'int32' ? 'int32' : t.name.replace('untyped ', '');
    case 'pointer':
      return '*' + goTypeText(t.elem);
    case 'slice':
      return '[]' + goTypeText(t.elem);
    case 'array':
      return `[${t.len ?? '?'}]` + goTypeText(t.elem);
    case 'map':
      return `map[${goTypeText(t.key)}]${goTypeText(t.elem)}`;
    case 'chan':
      return 'chan ' + goTypeText(t.elem);
    case 'named': {
      const base = t.pkg === '' || t.pkg === 'builtin' ? t.name : `${t.pkg.slice(t.pkg.lastIndexOf('/') + 1)}.${t.name}`;
      return t.args.length ? `${base}[${t.args.map(goTypeText).join(',')}]` : base;
    }
    case 'interface':
      return t.methods.length === 0 && t.embeds.length === 0 ? 'interface {}' : 'interface {...}';
    case 'struct':
      return 'struct { ' + t.fields.map((f) => `${f.name} ${goTypeText(f.type)}`).join('; ') + ' }';
    default:
      return '?';
  }
}

const PREC: Record<string, number> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  '+': 4, '-': 4, '|': 4, '^': 4, '*': 5, '/': 5, '%': 5, '<<': 5, '>>': 5, '&': 5, '&^': 5,
};

/** exprFmt over tree-sitter nodes; constants are printed folded, like the compiler. */
export function printExpr(n: Node | null | undefined, info: FunctionInfo, prec = 0): string {
  if (!n) return '<nil>';
  switch (n.type) {
    case 'parenthesized_expression':
      return printExpr(n.namedChildren[0], info, prec);
    case 'identifier': {
      const o = info.objectOf(n);
      if (o?.kind === 'const' && !o.global && o.value !== undefined && typeof o.value !== 'boolean') return n.text;
      return n.text;
    }
    case 'int_literal':
    case 'float_literal':
    case 'rune_literal':
    case 'interpreted_string_literal':
    case 'raw_string_literal': {
      const v = info.constValue(n);
      if (typeof v === 'string') return quoteConst(v);
      if (n.type === 'rune_literal') return n.text;
      if (typeof v === 'number' && Number.isInteger(v)) return String(v);
      return n.text;
    }
    case 'composite_literal': {
      const tn = n.childForFieldName('type');
      const t = tn?.type === 'implicit_length_array_type' ? goTypeText(info.typeOf(n)) : typeText(tn);
      return `${t}{${kids(n.childForFieldName('body')).length ? '...' : ''}}`;
    }
    case 'literal_value': {
      const t = info.elidedTypes.get(n.id);
      return `${t ? goTypeText(t) : '?'}{${kids(n).length ? '...' : ''}}`;
    }
    case 'func_literal':
      return 'func literal';
    case 'unary_expression': {
      const op = n.child(0)?.text ?? '';
      const x = n.childForFieldName('operand');
      if (op === '&' && x?.type === 'composite_literal') return '&' + printExpr(x, info, 7);
      const s = op + printExpr(x, info, 7);
      return prec > 6 ? `(${s})` : s;
    }
    case 'binary_expression': {
      const cv = info.constValue(n);
      if (cv !== undefined && typeof cv !== 'boolean') return typeof cv === 'string' ? quoteConst(cv) : String(cv);
      const op = n.childForFieldName('operator')?.text ?? '?';
      const p = PREC[op] ?? 4;
      const s = `${printExpr(n.childForFieldName('left'), info, p)} ${op} ${printExpr(n.childForFieldName('right'), info, p + 1)}`;
      return prec > p ? `(${s})` : s;
    }
    case 'selector_expression':
      return `${printExpr(n.childForFieldName('operand'), info, 8)}.${n.childForFieldName('field')?.text}`;
    case 'index_expression':
      return `${printExpr(n.childForFieldName('operand'), info, 8)}[${printExpr(n.childForFieldName('index') ?? kids(n)[1], info)}]`;
    case 'slice_expression': {
      const x = n.childForFieldName('operand');
      const lo = n.childForFieldName('start');
      const hi = n.childForFieldName('end');
      const mx = n.childForFieldName('capacity');
      return `${printExpr(x, info, 8)}[${lo ? printExpr(lo, info) : ''}:${hi ? printExpr(hi, info) : ''}${mx ? ':' + printExpr(mx, info) : ''}]`;
    }
    case 'type_assertion_expression':
      return `${printExpr(n.childForFieldName('operand'), info, 8)}.(${typeText(n.childForFieldName('type'))})`;
    case 'type_conversion_expression': {
      const tn = n.childForFieldName('type');
      return `${convTypeText(tn)}(${printExpr(n.childForFieldName('operand'), info)})`;
    }
    case 'call_expression': {
      const fn = n.childForFieldName('function');
      const args = kids(n.childForFieldName('arguments'));
      const callee = info.calleeOf(n);
      const argText = (a: Node) => (a.type === 'variadic_argument' ? printExpr(a.namedChildren[0], info) : a.type.endsWith('_type') ? typeText(a) : printExpr(a, info));
      const dd = args.some((a) => a.type === 'variadic_argument') ? '...' : '';
      if (callee.kind === 'conversion' && fn) {
        const to = fn.type === 'parenthesized_expression' ? `(${typeText(fn.namedChildren[0]).replace(/^\((.*)\)$/, '$1')})` : fn.text;
        return `${to}(${args.map(argText).join(', ')})`;
      }
      if (callee.kind === 'builtin' && callee.name === 'make') {
        const a = args.map((x, i) => (i === 0 ? typeText(x) : printConstOr(x, info)));
        return `make(${a.join(', ')})`;
      }
      if (callee.kind === 'std' && callee.fn.inl && callee.fn.r.length === 1) return '~r0';
      const sig = 'sig' in callee ? callee.sig : undefined;
      if (sig?.variadic && !dd) {
        const nFixed = sig.params.length - 1 + (callee.kind === 'local' && !('recv' in callee && callee.recv) && callee.decl.recvType ? 1 : 0);
        const fixed = args.slice(0, nFixed).map(argText);
        const rest = args.length > nFixed ? '... argument' : 'nil';
        return `${fn ? printExpr(fn, info, 8) : '?'}(${[...fixed, rest].join(', ')}...)`;
      }
      return `${fn ? printExpr(fn, info, 8) : '?'}(${args.map(argText).join(', ')}${dd})`;
    }
    case 'true':
    case 'false':
    case 'nil':
      return n.text;
    default:
      return n.text.replace(/\s+/g, ' ');
  }
}

function convTypeText(tn: Node | null): string {
  if (!tn) return '?';
  const named = tn.type === 'type_identifier' || tn.type === 'qualified_type' || tn.type === 'generic_type';
  return named ? typeText(tn) : `(${typeText(tn)})`;
}

function printConstOr(n: Node, info: FunctionInfo): string {
  const v = info.constValue(n);
  if (typeof v === 'number') return String(v);
  return printExpr(n, info);
}
