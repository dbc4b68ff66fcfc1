package main

import (
	"encoding/json"
	"sort"
	"strings"
)

type item struct{ name string }

func main() {}

func names(items []item) []string {
	names := []string{} // want "slice-append-in-loop: `names` grows by append.*make\\(\\[\\]string, 0, len\\(items\\)\\)"
	for _, it := range items {
		names = append(names, it.name)
	}
	return names
}

func counted(n []int) int {
	var out []int // want "slice-append-in-loop: .*make\\(\\[\\]int, 0, 2\\*len\\(n\\)\\)"
	for i := 0; i < len(n); i++ {
		out = append(out, n[i])
		out = append(out, -n[i])
	}
	sort.Ints(out)
	return len(out)
}

func filtered(xs []int) []int {
	evens := make([]int, 0) // want "slice-append-in-loop: .*upper bound"
	for _, x := range xs {
		if x%2 == 0 {
			evens = append(evens, x)
		}
	}
	return evens
}

// Refused: nil vs empty is observable through json.
func encoded(xs []string) ([]byte, error) {
	var out []string // want "slice-append-in-loop"
	for _, x := range xs {
		out = append(out, strings.ToUpper(x))
	}
	return json.Marshal(out)
}

// Good forms: already preallocated, or no loop count.
func good(xs []string, ch chan string) ([]string, []string) {
	a := make([]string, 0, len(xs))
	for _, x := range xs {
		a = append(a, x)
	}
	var b []string
	for x := range ch {
		b = append(b, x)
	}
	var c []string
	c = append(c, "first")
	for _, x := range xs {
		c = append(c, x)
	}
	return a, append(b, c...)
}

func rangeInt(n int) []int {
	var sq []int // want "slice-append-in-loop"
	for i := range n {
		sq = append(sq, i*i)
	}
	return sq
}

func bounded() int {
	var xs []int // want "slice-append-in-loop: .*make\\(\\[\\]int, 0, 10\\)"
	for i := 0; i < 10; i++ {
		xs = append(xs, i)
	}
	sort.Ints(xs)
	return xs[0]
}
