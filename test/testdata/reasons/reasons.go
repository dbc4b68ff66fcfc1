// Package reasons has one function per escape reason; the model's and the compiler's
// reason chains for it must read the same (test/unit/reasonWords.test.ts).
package reasons

import "io"

type T struct{ A, B int }

// Returned address.
func Returned() *T {
	t := T{A: 1}
	return &t
}

var global *int

// Store into a global.
func Stored() {
	x := 42
	global = &x
}

// Interface method call.
func Written(w io.Writer) {
	buf := make([]byte, 16)
	w.Write(buf)
}

// Closure capture (by reference: the variable is reassigned).
func Captured() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

// Append of an address.
func Appended(s []*int) []*int {
	v := 7
	return append(s, &v)
}

// Channel send.
func Sent(ch chan *T) {
	t := T{B: 2}
	ch <- &t
}
