package literals

type P struct{ x, y int }

var sinkS []int
var sinkM map[string]int

//go:noinline
func sliceLit() int {
	s := []int{1, 2, 3} // want "\[\]int\{\.\.\.\} does not escape"
	return len(s)
}

//go:noinline
func sliceLitEsc() {
	sinkS = []int{1, 2} // want "\[\]int\{\.\.\.\} escapes to heap"
}

//go:noinline
func mapLit() {
	sinkM = map[string]int{"a": 1} // want "map\[string\]int\{\.\.\.\} escapes to heap"
}

//go:noinline
func ptrElems() []*P {
	return []*P{{1, 2}} // want "\[\]\*P\{\.\.\.\} escapes to heap" "&P\{\.\.\.\} escapes to heap"
}

//go:noinline
func arrayLit() int {
	a := [3]int{1, 2, 3}
	return a[0]
}
