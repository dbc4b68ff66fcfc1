package poolput

import (
	"bytes"
	"io"
	"sync"
)

// Bad: the pool holds []byte values, so every Put boxes a slice header.
var scratch sync.Pool

func checksum(r io.Reader) (int, error) {
	b, _ := scratch.Get().([]byte)
	if b == nil {
		b = make([]byte, 4096)
	}
	n, err := r.Read(b)
	sum := 0
	for _, c := range b[:n] {
		sum += int(c)
	}
	scratch.Put(b) // want "sync-pool-put-non-pointer: `b` \\(\\[\\]byte\\) is not pointer-shaped: Put boxes it"
	return sum, err
}

type header struct {
	name  string
	value string
}

var headerPool sync.Pool

func headerLen(name, value string) int {
	h, _ := headerPool.Get().(header)
	h.name, h.value = name, value
	n := len(h.name) + len(h.value)
	headerPool.Put(h) // want "sync-pool-put-non-pointer: `h` \\(header\\)"
	return n
}

// Good: pointers (like io.Copy's blackHolePool, log's bufferPool, net/http's bufio pools).
var blackHolePool = sync.Pool{
	New: func() any {
		b := make([]byte, 8192)
		return &b
	},
}

func discard(r io.Reader) (int64, error) {
	bufp := blackHolePool.Get().(*[]byte)
	var n int64
	for {
		m, err := r.Read(*bufp)
		n += int64(m)
		if err != nil {
			blackHolePool.Put(bufp)
			if err == io.EOF {
				return n, nil
			}
			return n, err
		}
	}
}

var bufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(parts []string) string {
	buf := bufferPool.Get().(*bytes.Buffer)
	buf.Reset()
	for _, p := range parts {
		buf.WriteString(p)
	}
	s := buf.String()
	if buf.Cap() <= 64<<10 {
		bufferPool.Put(buf)
	}
	return s
}

var chunkPool = sync.Pool{New: func() any { return new([1024]byte) }}

func putChunk(p []byte) {
	if len(p) == 1024 {
		chunkPool.Put((*[1024]byte)(p))
	}
}

// An `any` argument: its dynamic type is not known here.
func putAny(p *sync.Pool, v any) {
	p.Put(v)
}
