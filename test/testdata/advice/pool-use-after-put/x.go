package poolafter

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Bad: the deferred Put runs after the return value is computed, and the
// returned slice aliases the buffer the next Get will overwrite.
func encode(parts []string) []byte {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf) // want "sync-pool-unbounded-growth"
	for _, p := range parts {
		buf.WriteString(p)
	}
	return buf.Bytes() // want "sync-pool-use-after-put: `buf.Bytes\\(\\)` is returned, but the deferred Put"
}

// Bad: used after Put.
func length(parts []string) int {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	for _, p := range parts {
		buf.WriteString(p)
	}
	bufPool.Put(buf) // want "sync-pool-unbounded-growth"
	return buf.Len() // want "sync-pool-use-after-put: `buf` is used after it was put back into the pool \\(line 29\\)"
}

var slicePool = sync.Pool{New: func() any { b := make([]byte, 0, 64); return &b }}

// Bad: a local alias of the pooled memory is returned.
func firstBytes(s string) []byte {
	bp := slicePool.Get().(*[]byte)
	defer slicePool.Put(bp) // want "sync-pool-unbounded-growth"
	b := append((*bp)[:0], s...)
	*bp = b
	out := b[:1]
	return out // want "sync-pool-use-after-put: `out` is returned"
}

// Good: a copy is returned (encoding/json's Marshal does this).
func encodeCopy(parts []string) []byte {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf) // want "sync-pool-unbounded-growth"
	for _, p := range parts {
		buf.WriteString(p)
	}
	return append([]byte(nil), buf.Bytes()...)
}

// Good: String copies.
func encodeString(parts []string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf) // want "sync-pool-unbounded-growth"
	for _, p := range parts {
		buf.WriteString(p)
	}
	return buf.String()
}

// Good: the variable is reassigned before its next use.
func twice(a, b string) int {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(a)
	n := buf.Len()
	bufPool.Put(buf) // want "sync-pool-unbounded-growth"
	buf = new(bytes.Buffer)
	buf.WriteString(b)
	return n + buf.Len()
}

// Good: Put on an early-return path only.
func maybe(s string, keep bool) *bytes.Buffer {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if !keep {
		bufPool.Put(buf) // want "sync-pool-unbounded-growth"
		return nil
	}
	buf.WriteString(s)
	return buf
}

// Good: a value type is copied into the pool; the local copy stays the caller's.
type stats struct{ n, sum int }

var statsPool sync.Pool

func record(v int) int {
	st, _ := statsPool.Get().(*stats)
	if st == nil {
		st = new(stats)
	}
	st.n++
	st.sum += v
	cp := *st
	statsPool.Put(st)
	return cp.sum / cp.n
}

// Good: len of a slice after Put reads the local header only.
func size(s string) int {
	bp := slicePool.Get().(*[]byte)
	b := append((*bp)[:0], s...)
	*bp = b
	slicePool.Put(bp) // want "sync-pool-unbounded-growth"
	return len(b)
}

// Good: the case that puts returns; bad: the case that puts falls through to the use.
func byKind(kind int, s string) int {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(s)
	switch kind {
	case 0:
		bufPool.Put(buf) // want "sync-pool-unbounded-growth"
		return 0
	case 1:
		bufPool.Put(buf) // want "sync-pool-unbounded-growth"
	}
	return buf.Len() // want "sync-pool-use-after-put: `buf` is used after it was put back into the pool \\(line 127\\)"
}
