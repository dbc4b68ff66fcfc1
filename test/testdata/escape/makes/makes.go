package makes

const N = 4

var keep []int
var keepM map[string]int

//go:noinline
func constSize() int {
	s := make([]int, N) // want "make\(\[\]int, 4\) does not escape"
	return len(s)
}

//go:noinline
func varSize(n int) int {
	s := make([]int, n) // want "make\(\[\]int, n\) does not escape"
	return len(s)
}

//go:noinline
func tooBig() int {
	s := make([]byte, 70000) // want "make\(\[\]byte, 70000\) escapes to heap"
	return len(s)
}

//go:noinline
func escapes(n int) {
	keep = make([]int, n) // want "make\(\[\]int, n\) escapes to heap"
}

//go:noinline
func maps() int {
	m := make(map[string]int) // want "make\(map\[string\]int\) does not escape"
	m2 := make(map[string]int, 4) // want "make\(map\[string\]int, 4\) does not escape"
	return len(m) + len(m2)
}

//go:noinline
func mapEscapes() {
	keepM = make(map[string]int) // want "make\(map\[string\]int\) escapes to heap"
}

//go:noinline
func chans() chan int {
	return make(chan int)
}

//go:noinline
func newLocal() int {
	p := new(int) // want "new\(int\) does not escape"
	return *p
}

//go:noinline
func appendLocal(n int) int {
	var s []int
	for i := 0; i < n; i++ {
		s = append(s, i) // want "append does not escape"
	}
	return len(s)
}

//go:noinline
func appendRet(s []int) []int { // want "leaking param: s to result ~r0 level=0"
	return append(s, 1) // want "append escapes to heap"
}
