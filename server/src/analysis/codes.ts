import type { Category } from './types';

/** Every finding code with its category and a one-line help text (SARIF rules, README, docs/hints.md). */
export interface CodeInfo {
  category: Category;
  help: string;
}

export const CODES: Record<string, CodeInfo> = {
  'struct-layout': { category: 'layout', help: 'The struct would be smaller (or carry fewer pointer bytes for the GC to scan) with its fields reordered.' },
  'moved-to-heap': { category: 'escape', help: 'A named variable lives on the heap because it outlives its function or is too large for the stack.' },
  'escapes-to-heap': { category: 'escape', help: 'An allocation (composite literal, new, make, closure, conversion, ...) is made on the heap.' },
  'does-not-escape': { category: 'noescape', help: 'The value stays on the stack.' },
  'leaking-param': { category: 'leak', help: 'A parameter flows to the heap or to a result: callers passing pointers may have to heap-allocate.' },
  'zero-copy': { category: 'noescape', help: 'A string→[]byte conversion that the compiler performs without copying.' },
  'slice-append-in-loop': { category: 'alloc', help: 'A slice filled by append in a loop without preallocation grows (and copies) repeatedly.' },
  'map-fill-in-loop': { category: 'alloc', help: 'A map filled in a loop without a size hint rehashes as it grows.' },
  'string-concat-in-loop': { category: 'alloc', help: 'Building a string with += in a loop copies the whole string each time; use strings.Builder.' },
  'fmt-sprint-strconv': { category: 'alloc', help: 'fmt.Sprint* of a value strconv can format allocates more (interface boxing, reflection).' },
  'fmt-sprint-bytes': { category: 'alloc', help: '[]byte(fmt.Sprintf(...)) allocates twice; fmt.Appendf writes straight into a byte slice.' },
  'builder-grow': { category: 'alloc', help: 'A strings.Builder or bytes.Buffer filled in a loop of known length can Grow once first.' },
  'alloc-in-loop': { category: 'alloc', help: 'An allocation inside a hot loop whose result does not outlive the iteration could be hoisted and reused.' },
  'defer-in-loop': { category: 'alloc', help: 'defer inside a loop heap-allocates a defer record per iteration and runs only at function exit.' },
  'large-param-copy': { category: 'alloc', help: 'A large value passed by value is copied at every call; pass a pointer.' },
  'large-range-copy': { category: 'alloc', help: 'Ranging over large values copies each element; range over the index.' },
  'large-copy': { category: 'alloc', help: 'The compiler copies 128 bytes or more here (its `copy` log: an argument, result, assignment or range value moved by value); work through a pointer.' },
  'iface-conversion-in-loop': { category: 'alloc', help: 'Converting a non-pointer value to an interface in a loop allocates each iteration.' },
};

export function codeInfo(code: string): CodeInfo {
  return CODES[code] ?? { category: 'advice', help: code };
}
