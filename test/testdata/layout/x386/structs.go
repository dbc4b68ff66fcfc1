// goarch: 386
package layout

import "sync/atomic"

// On 386, int64 is 4-aligned: a, b, c fit in 16 bytes and nothing better exists than 12.
type Padded struct { // want "struct-layout: struct Padded could be smaller.*16 → 12 bytes"
	a bool
	b int64
	c bool
}

// atomic.Int64 is 8-aligned on every arch.
type WithAtomic struct { // want "struct-layout: struct WithAtomic could be smaller.*24 → 16 bytes"
	a bool
	n atomic.Int64
	b bool
}

type Fine struct {
	x int64
	y int32
	z bool
}
