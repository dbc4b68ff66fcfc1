package returns

type T struct{ x int }

//go:noinline
func addrOfLocal() *T {
	t := T{x: 1} // want "moved to heap: t"
	return &t
}

//go:noinline
func ptrLit() *T {
	return &T{x: 2} // want "&T\{\.\.\.\} escapes to heap"
}

//go:noinline
func newInt() *int {
	return new(int) // want "new\(int\) escapes to heap"
}

//go:noinline
func identity(p *int) *int { // want "leaking param: p to result ~r0 level=0"
	return p
}

//go:noinline
func field(t *T) int { // want "t does not escape"
	return t.x
}

//go:noinline
func stackOnly() int {
	t := &T{x: 3} // want "&T\{\.\.\.\} does not escape"
	return t.x
}

type Pair struct{ a, b *int }

//go:noinline
func first(p Pair) (r *int) { // want "leaking param: p to result r level=0"
	r = p.a
	return
}
