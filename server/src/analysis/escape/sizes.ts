import type { GoType } from '../goTypes';
import type { TypeOracle } from '../checker';

/**
 * Sizes of types, supplied by the layout model. `null` when unknown (the model
 * then assumes the value is small enough for the stack, as most are).
 */
export interface SizeOracle {
  sizeof(t: GoType): number | null;
}

/** Stack limits of cmd/compile/internal/ir (cfg.go): MaxStackVarSize, MaxImplicitStackVarSize. */
export const MAX_STACK_VAR_SIZE = 128 * 1024;
export const MAX_IMPLICIT_STACK_VAR_SIZE = 64 * 1024;

/** A simple gc-like size model (word = 8) used until the layout model is plugged in. */
export function defaultSizeOracle(types: TypeOracle, word = 8): SizeOracle {
  const alignOf = (t: GoType, d: number): number | null => {
    const u = types.underlying(t);
    switch (u.kind) {
      case 'basic': {
        const s = basicSize(u.name, word);
        return u.name === 'complex128' ? 8 : u.name === 'complex64' ? 4 : u.name === 'string' ? word : s;
      }
      case 'array':
        return alignOf(u.elem, d + 1);
      case 'struct': {
        let a = 1;
        for (const f of u.fields) {
          const fa = alignOf(f.type, d + 1);
          if (fa === null) return null;
          a = Math.max(a, fa);
        }
        return a;
      }
      case 'unknown':
        return null;
      default:
        return word;
    }
  };
  const size = (t: GoType, d: number): number | null => {
    if (d > 30) return null;
    const l = types.stdLayout(t);
    if (l) return l[0];
    const u = types.underlying(t);
    switch (u.kind) {
      case 'basic':
        return basicSize(u.name, word);
      case 'pointer':
      case 'map':
      case 'chan':
      case 'func':
        return word;
      case 'slice':
        return 3 * word;
      case 'interface':
        return 2 * word;
      case 'array': {
        if (u.len === null) return null;
        const e = size(u.elem, d + 1);
        return e === null ? null : e * u.len;
      }
      case 'struct': {
        let off = 0;
        let maxA = 1;
        let lastZero = false;
        for (const f of u.fields) {
          const fs = size(f.type, d + 1);
          const fa = alignOf(f.type, d + 1);
          if (fs === null || fa === null) return null;
          off = Math.ceil(off / fa) * fa + fs;
          maxA = Math.max(maxA, fa);
          lastZero = fs === 0;
        }
        if (u.fields.length && lastZero) off++;
        return Math.ceil(off / maxA) * maxA;
      }
      default:
        return null;
    }
  };
  return { sizeof: (t) => size(t, 0) };
}

function basicSize(name: string, word: number): number {
  switch (name) {
    case 'bool':
    case 'int8':
    case 'uint8':
      return 1;
    case 'int16':
    case 'uint16':
      return 2;
    case 'int32':
    case 'uint32':
    case 'float32':
    case 'untyped rune':
      return 4;
    case 'int64':
    case 'uint64':
    case 'float64':
    case 'complex64':
    case 'untyped float':
      return 8;
    case 'complex128':
      return 16;
    case 'string':
    case 'untyped string':
      return 2 * word;
    default:
      return word;
  }
}
