import type { Node } from 'web-tree-sitter';
import { stringLiteralValue } from '../goPackage';
import type { ConstValue } from './objects';

/**
 * Folds a constant expression (go/constant, integers as JS numbers). `lookup`
 * gives the value of a named constant (or undefined), `iota` the current iota.
 */
export function evalConst(
  n: Node | null | undefined,
  lookup: (ident: Node) => ConstValue | undefined,
  iota?: number,
): ConstValue | undefined {
  if (!n) return undefined;
  switch (n.type) {
    case 'int_literal': {
      const t = n.text.replace(/_/g, '');
      let v: number;
      if (/^0[xX]/.test(t)) v = parseInt(t.slice(2), 16);
      else if (/^0[bB]/.test(t)) v = parseInt(t.slice(2), 2);
      else if (/^0[oO]/.test(t)) v = parseInt(t.slice(2), 8);
      else if (/^0[0-7]+$/.test(t)) v = parseInt(t, 8);
      else v = Number(t);
      return Number.isFinite(v) ? v : undefined;
    }
    case 'float_literal': {
      const v = Number(n.text.replace(/_/g, ''));
      return Number.isFinite(v) ? v : undefined;
    }
    case 'rune_literal': {
      const body = n.text.slice(1, -1);
      if (!body.startsWith('\\')) return body.codePointAt(0);
      const esc: Record<string, number> = { n: 10, t: 9, r: 13, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11, '0': 0 };
      if (body.length === 2 && body[1] in esc) return esc[body[1]];
      if (/^\\x[0-9a-fA-F]{2}$/.test(body)) return parseInt(body.slice(2), 16);
      if (/^\\[uU][0-9a-fA-F]+$/.test(body)) return parseInt(body.slice(2), 16);
      if (/^\\[0-7]{3}$/.test(body)) return parseInt(body.slice(1), 8);
      return undefined;
    }
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return stringLiteralValue(n);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'iota':
      return iota;
    case 'identifier':
      if (n.text === 'iota') return iota;
      return lookup(n);
    case 'parenthesized_expression':
      return evalConst(n.namedChildren[0], lookup, iota);
    case 'unary_expression': {
      const op = n.childForFieldName('operator')?.text ?? n.child(0)?.text;
      const v = evalConst(n.childForFieldName('operand'), lookup, iota);
      if (v === undefined) return undefined;
      if (op === '-' && typeof v === 'number') return -v;
      if (op === '+') return v;
      if (op === '^' && typeof v === 'number') return ~v;
      if (op === '!' && typeof v === 'boolean') return !v;
      return undefined;
    }
    case 'binary_expression': {
      const op = n.childForFieldName('operator')?.text;
      const a = evalConst(n.childForFieldName('left'), lookup, iota);
      const b = evalConst(n.childForFieldName('right'), lookup, iota);
      if (a === undefined || b === undefined) return undefined;
      if (typeof a === 'string' && typeof b === 'string') {
        if (op === '+') return a + b;
        if (op === '==') return a === b;
        if (op === '!=') return a !== b;
        return undefined;
      }
      if (typeof a === 'boolean' && typeof b === 'boolean') {
        if (op === '&&') return a && b;
        if (op === '||') return a || b;
        if (op === '==') return a === b;
        if (op === '!=') return a !== b;
        return undefined;
      }
      if (typeof a !== 'number' || typeof b !== 'number') return undefined;
      switch (op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return b === 0 ? undefined : Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
        case '%': return b === 0 ? undefined : a % b;
        case '<<': return a * 2 ** b;
        case '>>': return Math.floor(a / 2 ** b);
        case '|': return bitwise(a, b, (x, y) => x | y);
        case '&': return bitwise(a, b, (x, y) => x & y);
        case '^': return bitwise(a, b, (x, y) => x ^ y);
        case '&^': return bitwise(a, b, (x, y) => x & ~y);
        case '==': return a === b;
        case '!=': return a !== b;
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
      }
      return undefined;
    }
    case 'call_expression': {
      // Conversions of constants: int(4), uintptr(8), len("abc").
      const fn = n.childForFieldName('function');
      const args = n.childForFieldName('arguments')?.namedChildren ?? [];
      if (fn?.type === 'identifier' && args.length === 1 && args[0]) {
        if (/^(u?int(8|16|32|64)?|uintptr|byte|rune|float(32|64)|string)$/.test(fn.text)) {
          const v = evalConst(args[0], lookup, iota);
          if (fn.text === 'string' && typeof v === 'number') return String.fromCodePoint(v);
          return v;
        }
        if (fn.text === 'len') {
          const v = evalConst(args[0], lookup, iota);
          if (typeof v === 'string') return new TextEncoder().encode(v).length;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Bitwise operators are defined on integers only: a non-integer operand (a float constant) yields no value. */
function bitwise(a: number, b: number, op: (x: bigint, y: bigint) => bigint): number | undefined {
  if (!Number.isInteger(a) || !Number.isInteger(b)) return undefined;
  return Number(op(BigInt(a), BigInt(b)));
}
