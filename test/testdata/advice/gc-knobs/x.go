package cache

import (
	"net/http"
	"runtime"
	"runtime/debug"
)

type Cache struct{ items map[string][]byte }

// Bad: forcing collections from library code.
func (c *Cache) Clear() {
	c.items = map[string][]byte{}
	runtime.GC()         // want "runtime-gc-call: runtime.GC\\(\\) blocks the caller for a full collection"
	debug.FreeOSMemory() // want "free-os-memory-call: debug.FreeOSMemory\\(\\) forces a full collection"
}

// Bad: process-wide knobs turned per request and per iteration.
func (c *Cache) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	old := debug.SetGCPercent(400) // want "gc-tuning-in-hot-path: debug.SetGCPercent in an HTTP handler"
	defer debug.SetGCPercent(old)  // want "gc-tuning-in-hot-path"
	w.Write(c.items[r.URL.Path])
}

func (c *Cache) Load(batches [][]string) {
	for _, b := range batches {
		debug.SetMemoryLimit(int64(len(b)) << 20) // want "gc-tuning-in-hot-path: debug.SetMemoryLimit in the loop at line 26"
		for _, k := range b {
			c.items[k] = nil
		}
	}
}

// Good: configured once.
func Configure(percent int, limit int64) {
	debug.SetGCPercent(percent)
	debug.SetMemoryLimit(limit)
}
