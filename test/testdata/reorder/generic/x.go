package p

// G's size depends on T: no layout, no fix.
type G[T any] struct {
	a bool
	v T
	b bool
}

// H is generic but its fields are concrete: fixed.
type H[T any] struct {
	a bool
	n int64
	b bool
}

var _ G[int]
var _ H[string]
