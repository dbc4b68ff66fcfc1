package poolgrowth

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Bad: one huge message leaves a huge buffer in the pool.
func frame(msg []byte) []byte {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteByte(byte(len(msg)))
	b.Write(msg)
	out := bytes.Clone(b.Bytes())
	bufPool.Put(b) // want "sync-pool-unbounded-growth: `b` goes back to the pool without a size check, but a bytes.Buffer keeps the capacity"
	return out
}

// A pooled struct whose slice grows with use (like fmt's pp.buf, encoding/json's encodeState).
type printer struct {
	buf   []byte
	depth int
}

var printerPool = sync.Pool{New: func() any { return new(printer) }}

func (p *printer) print(s string) {
	p.buf = append(p.buf, s...)
}

// Bad: no cap check.
func sprint(s string) string {
	p := printerPool.Get().(*printer)
	p.buf = p.buf[:0]
	p.print(s)
	out := string(p.buf)
	printerPool.Put(p) // want "sync-pool-unbounded-growth: `p` goes back to the pool without a size check, but `buf` grows with use"
	return out
}

// Good: fmt's pp.free: large buffers are dropped.
func sprintBounded(s string) string {
	p := printerPool.Get().(*printer)
	p.buf = p.buf[:0]
	p.print(s)
	out := string(p.buf)
	if cap(p.buf) > 64*1024 {
		p.buf = nil
	}
	printerPool.Put(p)
	return out
}

// Good: log's putBuffer.
var logPool = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

func logLine(s string) int {
	p := logPool.Get().(*[]byte)
	*p = append((*p)[:0], s...)
	n := len(*p)
	if cap(*p) > 64<<10 {
		return n
	}
	logPool.Put(p)
	return n
}

// Good: fixed-size objects do not grow.
type block struct{ data [4096]byte }

var blockPool = sync.Pool{New: func() any { return new(block) }}

func sum(r []byte) int {
	b := blockPool.Get().(*block)
	n := copy(b.data[:], r)
	t := 0
	for _, c := range b.data[:n] {
		t += int(c)
	}
	blockPool.Put(b)
	return t
}
