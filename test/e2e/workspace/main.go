// Package main is the fixture the end-to-end tests open in real editors.
// Line numbers matter: the tests find lines by the markers in the comments.
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
	n := node{val: v} // e2e:moved
	return &n
}

//go:noinline
func literal() *node {
	return &node{val: 2} // e2e:escapes
}

func names(xs []int) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, fmt.Sprint(x)) // e2e:append
	}
	return out
}

func main() {
	p := Padded{a: true, b: 1, c: true}
	fmt.Println(p.b, newNode(1).val, literal().val, names([]int{1, 2}))
}
