package poolreset

import (
	"bytes"
	"strings"
	"sync"
)

// A pooled type with a Reset method.
type encoder struct {
	buf     []byte
	scratch [64]byte
	seen    map[string]bool
}

func (e *encoder) Reset() {
	e.buf = e.buf[:0]
	clear(e.seen)
}

var encPool = sync.Pool{New: func() any { return &encoder{seen: map[string]bool{}} }}

// Bad: the pool's Get sites never reset, and this Put does not either.
func encodeName(name string) string {
	e := encPool.Get().(*encoder)
	e.buf = append(e.buf, name...)
	e.seen[name] = true
	s := string(e.buf)
	if len(e.buf) < 1024 {
		encPool.Put(e) // want "sync-pool-put-without-reset: `e` goes back to the pool without Reset"
	}
	return s
}

// Good: reset before Put.
func encodeOther(name string) string {
	e := encPool.Get().(*encoder)
	e.buf = append(e.buf, name...)
	s := string(e.buf)
	e.Reset()
	if cap(e.buf) < 1024 {
		encPool.Put(e)
	}
	return s
}

// Good: the Get side resets (like fmt.newPrinter / net/http's bufio pools): Puts need not.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuf() *bytes.Buffer {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func putBuf(b *bytes.Buffer) {
	if b.Cap() > 64<<10 {
		return
	}
	bufPool.Put(b)
}

func join(parts []string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	for _, p := range parts {
		b.WriteString(p)
	}
	s := b.String()
	putBuf(b)
	return s
}

// Good: no Reset method on the pooled type.
type frame struct{ args []int }

var framePool = sync.Pool{New: func() any { return new(frame) }}

func call(n int) int {
	f := framePool.Get().(*frame)
	f.args = f.args[:0]
	for i := range n {
		f.args = append(f.args, i)
	}
	s := len(f.args)
	f.args = nil
	framePool.Put(f)
	return s
}

// Good: *strings.Builder zeroed by assignment.
var sbPool = sync.Pool{New: func() any { return new(strings.Builder) }}

func upper(s string) string {
	sb := sbPool.Get().(*strings.Builder)
	sb.WriteString(strings.ToUpper(s))
	out := sb.String()
	*sb = strings.Builder{}
	sbPool.Put(sb)
	return out
}
