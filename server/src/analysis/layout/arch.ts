/**
 * gc's per-architecture size parameters (cmd/compile/internal/types/size.go and
 * go/types' gcSizes): word size, maximum alignment, and the alignment of 8-byte
 * integers and floats, which is 4 on 32-bit targets.
 */
export interface Arch {
  name: string;
  word: 4 | 8;
  /** Alignment of int64/uint64/float64/complex128. */
  align8: 4 | 8;
}

const WORD8 = ['amd64', 'arm64', 'riscv64', 'ppc64', 'ppc64le', 's390x', 'loong64', 'mips64', 'mips64le', 'wasm'];
const WORD4 = ['386', 'arm', 'mips', 'mipsle'];

export const ARCH_NAMES: readonly string[] = [...WORD8, ...WORD4];

export function archByName(name: string): Arch | undefined {
  if (WORD8.includes(name)) return { name, word: 8, align8: 8 };
  if (WORD4.includes(name)) return { name, word: 4, align8: 4 };
  return undefined;
}
