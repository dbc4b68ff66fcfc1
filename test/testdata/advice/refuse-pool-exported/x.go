package pooled

import "sync"

// Exported: other packages may Get and Put []byte values.
var BufPool = sync.Pool{New: func() any { return make([]byte, 0, 64) }} // want "sync-pool-new-non-pointer"

func Use(s string) int {
	b := BufPool.Get().([]byte)
	b = append(b[:0], s...)
	n := len(b)
	BufPool.Put(b) // want "sync-pool-put-non-pointer" nofix "exported"
	return n
}

var deferred = sync.Pool{New: func() any { return make([]byte, 0, 64) }} // want "sync-pool-new-non-pointer"

func Deferred(s string) int {
	b := deferred.Get().([]byte)
	defer deferred.Put(b) // want "sync-pool-put-non-pointer" nofix "deferred"
	b = append(b[:0], s...)
	return len(b)
}

var helper = sync.Pool{New: func() any { return make([]byte, 0, 64) }} // want "sync-pool-new-non-pointer"

func get() []byte { return helper.Get().([]byte) }

func put(b []byte) {
	helper.Put(b[:0]) // want "sync-pool-put-non-pointer" nofix "is not a plain"
}

func Helper(s string) int {
	b := append(get(), s...)
	n := len(b)
	put(b)
	return n
}
