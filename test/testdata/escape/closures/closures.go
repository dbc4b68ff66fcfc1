package closures

//go:noinline
func byValue() func() int {
	x := 1
	return func() int { return x } // want "func literal escapes to heap"
}

//go:noinline
func byRef() func() int {
	y := 1 // want "moved to heap: y"
	f := func() int { y++; return y } // want "func literal escapes to heap"
	return f
}

//go:noinline
func local(n int) int {
	s := 0
	f := func(i int) { s += i }
	for i := 0; i < n; i++ {
		f(i)
	}
	return s
}
