// A package whose functions depend on each other across files, for the test that
// incremental analysis (per-function caches, declaration tracking) gives the same
// findings as a fresh one after every edit.
package incremental

import "sync"

const N = 16

const (
	small = iota + 1
	medium
	large = 1 << 12
)

type Buf [N]byte

type Node struct {
	next *Node
	val  *int
	name string
	data Buf
	ok   bool
	id   int64
	on   bool
}

type Named = Node

// Holder reaches Node only through indirections: a change of Node leaves Holder's layout,
// but code that reaches Node through its fields (Walk) must see it.
type Holder struct {
	head   *Node
	all    []Node
	byName map[string]Node
	arr    [small]*Node
}

var pool = sync.Pool{New: func() any { return new(Node) }}

var registry = map[string]*Node{}

func NewNode(v int) *Node {
	n := &Node{val: &v}
	return n
}

func (n *Node) Add(v int) *Node {
	m := NewNode(v)
	m.next = n
	return m
}

func (n *Node) Sum() int {
	total := 0
	for p := n; p != nil; p = p.next {
		if p.val != nil {
			total += *p.val
		}
	}
	return total
}

func keep(n *Node) {
	registry[n.name] = n
}

// Counter has a method named like Node's (Add): a change to one of them must re-check
// its callers, not the other's.
type Counter struct{ last *int }

func (c *Counter) Add(v int) *Node {
	c.last = &v
	return nil
}
