package poolnew

import (
	"bytes"
	"sync"
)

var slabPool = sync.Pool{
	New: func() any {
		return make([]byte, 0, 512) // want "sync-pool-new-non-pointer: New returns a \\[\\]byte, which is not pointer-shaped"
	},
}

type state struct {
	depth int
	stack []int
}

var statePool = sync.Pool{New: func() any { return state{} }} // want "sync-pool-new-non-pointer: New returns a state"

func newPools() *sync.Pool {
	return &sync.Pool{New: func() any {
		var s string
		return s // want "sync-pool-new-non-pointer: New returns a string"
	}}
}

// Good.
var good = []*sync.Pool{
	{New: func() any { return new(bytes.Buffer) }},
	{New: func() any { b := make([]byte, 512); return &b }},
	{New: func() any { return &state{} }},
	{New: func() any { return make(map[string]int) }},
	{New: func() any { return make(chan int, 1) }},
	{New: func() any { return nil }},
}

func use() int {
	s, _ := slabPool.Get().([]byte)
	st, _ := statePool.Get().(state)
	return len(s) + st.depth + len(good)
}
