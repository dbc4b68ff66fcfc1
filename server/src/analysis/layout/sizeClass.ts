/**
 * What a heap object of a given size really occupies, following the runtime's
 * mallocgc (runtime/malloc.go) and the class table in
 * internal/runtime/gc/sizeclasses.go (identical in Go 1.25–1.27).
 */

export const SIZE_CLASSES: readonly number[] = [
  8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480,
  512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864,
  5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760,
  24576, 27264, 28672, 32768,
];

const MAX_SMALL_SIZE = 32768;
const TINY_SIZE = 16;
const MALLOC_HEADER_SIZE = 8;
const PAGE_SIZE = 8192;

export interface HeapAllocation {
  /** none: size 0 (zerobase); tiny: packed into 16-byte blocks; small: a size class; large: whole pages. */
  kind: 'none' | 'tiny' | 'small' | 'large';
  /** Bytes the object really takes: the class size, the tiny block, or the page-rounded span. */
  classBytes: number;
  /** The 8-byte malloc header added before the class lookup, or 0. */
  header: number;
  /** classBytes − size (0 for tiny objects, which share a block). */
  waste: number;
}

/**
 * Pointer-carrying objects larger than `word × bits-per-word` bytes (512 on 64-bit,
 * 128 on 32-bit: minSizeForMallocHeader) carry an 8-byte malloc header.
 */
export function heapAllocation(size: number, hasPointers: boolean, word: 4 | 8): HeapAllocation {
  if (size === 0) return { kind: 'none', classBytes: 0, header: 0, waste: 0 };
  if (!hasPointers && size < TINY_SIZE) return { kind: 'tiny', classBytes: TINY_SIZE, header: 0, waste: 0 };
  const minSizeForMallocHeader = word * word * 8;
  const header = hasPointers && size > minSizeForMallocHeader ? MALLOC_HEADER_SIZE : 0;
  const total = size + header;
  if (size <= MAX_SMALL_SIZE - MALLOC_HEADER_SIZE && total <= MAX_SMALL_SIZE) {
    const cls = SIZE_CLASSES.find((c) => c >= total)!;
    return { kind: 'small', classBytes: cls, header, waste: cls - size };
  }
  const bytes = Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
  return { kind: 'large', classBytes: bytes, header: 0, waste: bytes - size };
}
