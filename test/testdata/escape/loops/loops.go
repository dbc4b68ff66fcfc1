package loops

//go:noinline
func outerInner(n int) *int {
	var p *int
	for i := 0; i < n; i++ {
		v := i // want "moved to heap: v"
		p = &v
	}
	return p
}

//go:noinline
func sameDepth(n int) int {
	v := n
	p := &v
	return *p
}
