// Package main is a small program with the memory costs Go Memory Hints shows.
// (The end-to-end tests open it in real editors: keep its line numbers.)
package main

import "fmt"

// Padded wastes bytes: each bool sits before an 8-byte field.
type Padded struct {
	a bool
	b int64
	c bool
}

type node struct {
	next *node
	val  int
}

//go:noinline
func newNode(v int) *node {
	n := node{val: v} // its address is returned: n moves to the heap
	return &n
}

//go:noinline
func literal() *node {
	return &node{val: 2} // returned pointer: allocated on the heap
}

func names(xs []int) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, fmt.Sprint(x)) // grows as it goes
	}
	return out
}

func main() {
	p := Padded{a: true, b: 1, c: true}
	fmt.Println(p.b, newNode(1).val, literal().val, names([]int{1, 2}))
}
