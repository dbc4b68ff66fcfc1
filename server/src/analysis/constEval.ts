import type { Node } from 'web-tree-sitter';
import type { PackageIndex } from './goPackage';

/**
 * Evaluates integer constant expressions well enough for array lengths and make
 * sizes: literals, package-level and local constants (with iota and implicit
 * repetition), parentheses, unary and binary arithmetic. Returns null when unsure.
 */
export function evalConstInt(node: Node | null, index: PackageIndex, depth = 0, iota: number | null = null): number | null {
  if (!node || depth > 50) return null;
  switch (node.type) {
    case 'int_literal':
      return parseIntLiteral(node.text);
    case 'rune_literal': {
      const body = node.text.slice(1, -1);
      return body.length === 1 ? body.codePointAt(0)! : null;
    }
    case 'parenthesized_expression':
      return evalConstInt(node.namedChildren[0], index, depth + 1, iota);
    case 'iota':
      return iota;
    case 'identifier':
      if (node.text === 'iota') return iota;
      return constIdent(node.text, index, depth + 1);
    case 'unary_expression': {
      const v = evalConstInt(node.childForFieldName('operand'), index, depth + 1, iota);
      if (v === null) return null;
      const op = node.childForFieldName('operator')?.text;
      return op === '-' ? -v : op === '+' ? v : op === '^' ? ~v : null;
    }
    case 'binary_expression': {
      const a = evalConstInt(node.childForFieldName('left'), index, depth + 1, iota);
      const b = evalConstInt(node.childForFieldName('right'), index, depth + 1, iota);
      if (a === null || b === null) return null;
      switch (node.childForFieldName('operator')?.text) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return b === 0 ? null : Math.trunc(a / b);
        case '%': return b === 0 ? null : a % b;
        case '<<': return b > 52 ? null : a * 2 ** b;
        case '>>': return Math.floor(a / 2 ** b);
        case '&': return Number(BigInt(a) & BigInt(b));
        case '|': return Number(BigInt(a) | BigInt(b));
        default: return null;
      }
    }
    case 'call_expression': {
      // Conversions like int64(4) keep the value.
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      const fn = node.childForFieldName('function')?.text ?? '';
      if (fn === 'len' && args.length === 1 && args[0]?.type === 'interpreted_string_literal') {
        try {
          return new TextEncoder().encode(JSON.parse(args[0].text) as string).length;
        } catch {
          return null;
        }
      }
      if (args.length === 1 && /^(u?int(8|16|32|64)?|uintptr|byte|rune)$/.test(fn)) return evalConstInt(args[0], index, depth + 1, iota);
      return null;
    }
    default:
      return null;
  }
}

export function parseIntLiteral(text: string): number | null {
  const t = text.replace(/_/g, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[bB][01]+$/.test(t)) return parseInt(t.slice(2), 2);
  if (/^0[oO][0-7]+$/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[0-7]+$/.test(t)) return parseInt(t, 8);
  if (/^[0-9]+$/.test(t)) return Number(t);
  return null;
}

function constIdent(name: string, index: PackageIndex, depth: number): number | null {
  const v = index.values.get(name);
  if (!v || !v.isConst) return null;
  return constSpecValue(v.spec, name, index, depth);
}

/** Value of `name` declared in a const_spec, applying iota and implicit repetition of the previous spec. */
export function constSpecValue(spec: Node, name: string, index: PackageIndex, depth: number): number | null {
  const decl = spec.parent;
  const specs = (decl?.namedChildren ?? []).filter((s): s is Node => !!s && s.type === 'const_spec');
  const iota = Math.max(0, specs.findIndex((s) => s.id === spec.id));
  const names = spec.childrenForFieldName('name').filter((n): n is Node => !!n);
  const pos = names.findIndex((n) => n.text === name);
  let source: Node | undefined = spec;
  for (let i = iota; i >= 0; i--) {
    if (specs[i]?.childForFieldName('value')) {
      source = specs[i];
      break;
    }
  }
  const values = source?.childForFieldName('value')?.namedChildren ?? [];
  return evalConstInt(values[pos] ?? null, index, depth, iota);
}
