package incremental

import (
	"fmt"
	"strings"
)

func Build(k int) *Node {
	var head *Node
	for i := 0; i < k; i++ {
		head = head.Add(i)
	}
	return head
}

func Copy(b Buf) Buf {
	c := b
	return c
}

func Names(ns []*Node) string {
	s := ""
	for _, n := range ns {
		s += n.name
	}
	var out []string
	for _, n := range ns {
		out = append(out, fmt.Sprintf("%d", n.id))
	}
	return s + strings.Join(out, ",")
}

func Pooled() int {
	n := pool.Get().(*Node)
	defer pool.Put(n)
	keep(n)
	return n.Sum()
}

func Local() int {
	x := Named{ok: true}
	y := x
	return len(y.name) + small + medium
}

func Arr() int {
	var a [large]int
	return len(a)
}

func Walk(h *Holder) int {
	v := *h.head
	total := len(v.name)
	for _, n := range h.all {
		total += len(n.name)
	}
	for _, n := range h.byName {
		total += int(n.id)
	}
	return total + len(h.arr)
}

// NodeCopy has Node's fields: neither may be reordered (conversions between them).
type NodeCopy struct {
	next *Node
	val  *int
	name string
	data Buf
	ok   bool
	id   int64
	on   bool
}

// Pair is written as a positional literal: its fields may not be reordered while that literal exists.
type Pair struct {
	a bool
	b int64
	c bool
}

func MakePair() Pair {
	return Pair{true, 1, false}
}

func Count(c *Counter, k int) *Node {
	return c.Add(k)
}
