package stores

var global *int
var sink any

type Box struct{ p *int }

//go:noinline
func toGlobal() {
	x := 1 // want "moved to heap: x"
	global = &x
}

//go:noinline
func throughPtr(b *Box, v *int) { // want "b does not escape" "leaking param: v"
	b.p = v
}

//go:noinline
func intoSlice(s []*int) { // want "s does not escape"
	y := 2 // want "moved to heap: y"
	s[0] = &y
}

//go:noinline
func intoMap(m map[string]*int) { // want "m does not escape"
	z := 3 // want "moved to heap: z"
	m["k"] = &z
}

//go:noinline
func send(ch chan *int) { // want "ch does not escape"
	w := 4 // want "moved to heap: w"
	ch <- &w
}

//go:noinline
func panics(msg string) { // want "leaking param: msg"
	panic(msg) // want "msg escapes to heap"
}

//go:noinline
func toIface(n int) {
	sink = n // want "n escapes to heap"
}

//go:noinline
func arraySlice() {
	var arr [8]byte // want "moved to heap: arr"
	global2 = arr[:]
}

var global2 []byte
