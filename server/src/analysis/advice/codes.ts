/**
 * Every advice code: a stable kebab-case code, a one-line description (used for
 * the `goMemoryHints.advice` settings and the hint catalogue docs/hints.md) and
 * whether it is on by default.
 */
export interface AdviceCodeInfo {
  code: string;
  /** The lesson, for settings and the catalogue. */
  description: string;
  defaultOn: boolean;
  /** Group in the catalogue. */
  group: 'sync.Pool' | 'retention' | 'slices' | 'timers' | 'resources' | 'gc' | 'pointers' | 'conversions' | 'encoding';
}

export const ADVICE_CODES = [
  { code: 'sync-pool-put-non-pointer', group: 'sync.Pool', defaultOn: true, description: 'sync.Pool.Put of a value that is not pointer-shaped: every Put allocates to box it; pool pointers (*[]byte).' },
  { code: 'sync-pool-use-after-put', group: 'sync.Pool', defaultOn: true, description: 'A pooled object (or memory aliasing it) is used after it was put back: the next Get overwrites it.' },
  { code: 'sync-pool-put-without-reset', group: 'sync.Pool', defaultOn: true, description: 'A pooled type with a Reset method is put back without Reset on that path, and its Get sites do not reset it either.' },
  { code: 'sync-pool-unbounded-growth', group: 'sync.Pool', defaultOn: true, description: 'A pooled object whose buffers grow with use is put back without a size check: the pool keeps the largest ones alive.' },
  { code: 'sync-pool-new-non-pointer', group: 'sync.Pool', defaultOn: true, description: 'sync.Pool.New returns a value that is not pointer-shaped: it is boxed on every miss and cannot be reused without copying.' },
  { code: 'subslice-retention', group: 'retention', defaultOn: true, description: 'A sub-slice or substring of a large local buffer is kept beyond the function: it keeps the whole backing array alive.' },
  { code: 'make-len-then-append', group: 'slices', defaultOn: true, description: 'make([]T, n) followed by append: the appended elements land after n zero values; use make([]T, 0, n).' },
  { code: 'time-after-in-loop', group: 'timers', defaultOn: true, description: 'time.After in a loop creates a new timer every iteration (before Go 1.23 each lives until it fires).' },
  { code: 'time-tick-leak', group: 'timers', defaultOn: true, description: 'time.Tick outside main and endless functions: before Go 1.23 its ticker is never collected.' },
  { code: 'timer-not-stopped', group: 'timers', defaultOn: true, description: 'time.NewTimer / NewTicker / AfterFunc kept in a variable and never stopped.' },
  { code: 'file-not-closed', group: 'resources', defaultOn: true, description: 'An *os.File from os.Open/OpenFile/Create/CreateTemp is not closed on some path.' },
  { code: 'response-body-not-closed', group: 'resources', defaultOn: true, description: 'An HTTP response body is not closed on some path: the connection and its buffers are not released.' },
  { code: 'request-body-unbounded', group: 'resources', defaultOn: true, description: 'io.ReadAll of a request body in an HTTP handler without http.MaxBytesReader: a client decides how much memory you use.' },
  { code: 'runtime-gc-call', group: 'gc', defaultOn: true, description: 'runtime.GC() outside main and tests: a blocking full collection; tune GOGC / GOMEMLIMIT instead.' },
  { code: 'free-os-memory-call', group: 'gc', defaultOn: true, description: 'debug.FreeOSMemory() outside main and tests: a forced GC plus scavenge; set GOMEMLIMIT instead.' },
  { code: 'gc-tuning-in-hot-path', group: 'gc', defaultOn: true, description: 'debug.SetGCPercent / SetMemoryLimit in a loop or a request handler: process-wide knobs, set once at start-up.' },
  { code: 'pointer-alloc-in-loop', group: 'pointers', defaultOn: true, description: 'A loop appends &T{...} to a []*T: one allocation per element; allocate a []T once and take addresses.' },
  { code: 'conversion-in-loop', group: 'conversions', defaultOn: true, description: '[]byte(s) / string(b) in a loop where the compiler cannot elide the copy and an allocation-free form exists.' },
  { code: 'json-marshal-to-writer', group: 'encoding', defaultOn: true, description: 'json.Marshal whose result is only written to an io.Writer: json.NewEncoder(w).Encode(v) avoids the extra buffer.' },
] as const satisfies readonly AdviceCodeInfo[];

export type AdviceCode = (typeof ADVICE_CODES)[number]['code'];

/** The catalogue anchor of a code, the last entry of every advice finding's `why`. */
export function catalogueLink(code: string): string {
  return `See docs/hints.md#${code}`;
}
