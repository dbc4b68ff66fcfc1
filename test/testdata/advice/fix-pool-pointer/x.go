package pooled

import (
	"io"
	"sync"
)

// The pool of byte slices is local to the package: the fix pools *[]byte.
var bufPool = sync.Pool{
	New: func() any {
		return make([]byte, 0, 4096) // want "sync-pool-new-non-pointer"
	},
}

func writeAll(w io.Writer, parts [][]byte) error {
	buf := bufPool.Get().([]byte)[:0]
	for _, p := range parts {
		buf = append(buf, p...)
	}
	_, err := w.Write(buf)
	bufPool.Put(buf) // want "sync-pool-put-non-pointer: `buf` \\(\\[\\]byte\\)"
	return err
}

func checksum(data []byte) byte {
	b := bufPool.Get().([]byte)
	b = append(b[:0], data...)
	var sum byte
	for _, c := range b {
		sum ^= c
	}
	if len(b) > 1<<16 {
		return sum
	}
	bufPool.Put(b) // want "sync-pool-put-non-pointer"
	return sum
}

var small = sync.Pool{New: func() any { return make([]int, 0, 8) }} // want "sync-pool-new-non-pointer"

func sum(xs []int) int {
	s := small.Get().([]int)
	s = append(s[:0], xs...)
	t := 0
	for _, x := range s {
		t += x
	}
	small.Put(s) // want "sync-pool-put-non-pointer"
	return t
}
