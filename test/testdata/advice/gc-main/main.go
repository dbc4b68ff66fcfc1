package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Good: a command may force a collection (to measure, or before a long idle phase).
func main() {
	data := make([][]byte, 1000)
	for i := range data {
		data[i] = make([]byte, 1024)
	}
	data = nil
	runtime.GC()
	debug.FreeOSMemory()
	var st runtime.MemStats
	runtime.ReadMemStats(&st)
	fmt.Println(st.HeapAlloc > 0, data == nil)
}
