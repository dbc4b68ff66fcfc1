package nodes

type Node struct {
	Name     string
	Parent   *Node
	Children []*Node
}

// Bad: one allocation per element.
func wrap(names []string) []*Node {
	var out []*Node
	for _, n := range names {
		out = append(out, &Node{Name: n}) // want "pointer-alloc-in-loop: each iteration of the loop at line 12 allocates a separate Node for `out`"
	}
	return out
}

// Bad, but the loop count is not known: no fix.
func readAll(next func() (string, bool)) []*Node {
	var out []*Node
	for {
		s, ok := next()
		if !ok {
			break
		}
		out = append(out, &Node{Name: s}) // want "pointer-alloc-in-loop" nofix "not known before it starts"
	}
	return out
}

// Bad: into a field.
func (n *Node) Add(names []string) {
	for _, s := range names {
		n.Children = append(n.Children, &Node{Name: s, Parent: n}) // want "pointer-alloc-in-loop" nofix "only a local slice variable"
	}
}

// Good: values, not pointers.
func values(names []string) []Node {
	out := make([]Node, 0, len(names))
	for _, n := range names {
		out = append(out, Node{Name: n})
	}
	return out
}

// Good: already batched.
func batched(names []string) []*Node {
	nodes := make([]Node, len(names))
	out := make([]*Node, len(names))
	for i, n := range names {
		nodes[i].Name = n
		out[i] = &nodes[i]
	}
	return out
}

// Good: a slice local to the iteration.
func perIteration(groups [][]string) int {
	total := 0
	for _, g := range groups {
		var tmp []*Node
		tmp = append(tmp, &Node{Name: g[0]})
		total += len(tmp)
	}
	return total
}
