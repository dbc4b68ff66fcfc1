package conversions

var sink any

//go:noinline
func str(b []byte) string { // want "b does not escape"
	return string(b) // want "string\(b\) escapes to heap"
}

//go:noinline
func strLocal(b []byte) int { // want "b does not escape"
	s := string(b) // want "string\(b\) does not escape"
	return len(s)
}

//go:noinline
func bytesOf(s string) []byte { // want "s does not escape"
	return []byte(s) // want "\(\[\]byte\)\(s\) escapes to heap"
}

//go:noinline
func concat(a, b string) string { // want "a does not escape" "b does not escape"
	return a + b // want "a \+ b escapes to heap"
}

//go:noinline
func concatLocal(a, b string) int { // want "a does not escape" "b does not escape"
	c := a + b // want "a \+ b does not escape"
	return len(c)
}

//go:noinline
func boxed(x int) {
	sink = x // want "x escapes to heap"
}

//go:noinline
func boxedPtr(p *int) { // want "leaking param: p"
	sink = p
}
