// goarch: amd64
package layout

import (
	"sync"
	"sync/atomic"
	"time"
)

type Padded struct { // want "struct-layout: struct Padded could be smaller by reordering its fields: 24 → 16 bytes \(−8 B\), size class 24 → 16 B"
	a bool
	b int64
	c bool
}

// Optimal already: trailing padding is unavoidable, so nothing is reported
// (gopls's "43% wasted" on this shape is the mistake to avoid).
type Tail struct {
	x int64
	y bool
}

type PtrLate struct { // want "struct-layout: struct PtrLate could be smaller.*pointer bytes 32 → 8"
	n    int64
	m    int64
	k    int64
	next *PtrLate
}

type ZeroLast struct { // want "struct-layout: struct ZeroLast could be smaller.*16 → 8 bytes"
	x int64
	z struct{}
}

//memhints:ignore
type Silenced struct {
	a bool
	b int64
	c bool
}

type Std struct { // want "struct-layout: struct Std could be smaller.*pointer bytes 40 → 24"
	ok   bool
	mu   sync.Mutex
	when time.Time
	n    atomic.Int64
}

type Generic[T any] struct {
	a bool
	v T
	b bool
}

const N = 3

type Arr struct {
	buf [N * 2]byte
	n   uint16
}
