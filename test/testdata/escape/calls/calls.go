package calls

import "fmt"

type Writer interface{ Write(p []byte) (int, error) }

//go:noinline
func viaIface(w Writer) { // want "leaking param: w"
	buf := make([]byte, 8) // want "make\(\[\]byte, 8\) escapes to heap"
	w.Write(buf)
}

//go:noinline
func viaFuncValue(f func(*int)) { // want "f does not escape"
	x := 1 // want "moved to heap: x"
	f(&x)
}

//go:noinline
func keep(p *int) *int { return p } // want "leaking param: p to result ~r0 level=0"

//go:noinline
func known() int {
	x := 1
	return *keep(&x)
}

//go:noinline
func variadic(xs ...*int) int { return len(xs) } // want "xs does not escape"

//go:noinline
func callVariadic(a, b *int) int { // want "a does not escape" "b does not escape"
	return variadic(a, b) // want "\.\.\. argument does not escape"
}

//go:noinline
func printIt(n int, s string) { // want "leaking param: s"
	fmt.Println(n, s) // want "\.\.\. argument does not escape" "n escapes to heap" "s escapes to heap"
}

//go:noinline
func even(n int, p *int) bool { // want "p does not escape"
	if n == 0 {
		return true
	}
	return odd(n-1, p)
}

//go:noinline
func odd(n int, p *int) bool { // want "p does not escape"
	if n == 0 {
		return false
	}
	return even(n-1, p)
}

type T struct{ n int }

//go:noinline
func (t *T) Get() int { return t.n } // want "t does not escape"

//go:noinline
func methodValue() func() int {
	t := &T{n: 1} // want "&T\{\.\.\.\} escapes to heap"
	return t.Get // want "t\.Get escapes to heap"
}
