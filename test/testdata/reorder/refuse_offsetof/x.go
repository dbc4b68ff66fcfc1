package p

import "unsafe"

// want-refusal: "unsafe.Offsetof"
type T struct {
	a bool
	b int64
	c bool
}

var x T
var off = unsafe.Offsetof(x.b)
