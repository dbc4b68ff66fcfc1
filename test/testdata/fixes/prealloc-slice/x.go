package main

import (
	"fmt"
	"sort"
)

type item struct {
	name  string
	price int
}

func main() {
	items := []item{{"a", 1}, {"b", 2}}
	fmt.Println(names(items), doubled([]int{1, 2}), upper([]int{1, -2}), squares())
}

func names(items []item) []string {
	// names collects the item names.
	names := []string{}
	for _, it := range items {
		names = append(names, it.name) // keep order
	}
	return names
}

func doubled(xs []int) int {
	var out []int
	for i := 0; i < len(xs); i++ {
		out = append(out, xs[i])
		out = append(out, 2*xs[i])
	}
	sort.Ints(out)
	return len(out)
}

func upper(xs []int) []int {
	pos := make([]int, 0)
	for _, x := range xs {
		if x > 0 {
			pos = append(pos, x)
		}
	}
	return pos
}

func squares() int {
	var sq []int
	for i := range 10 {
		sq = append(sq, i*i)
	}
	total := 0
	for _, v := range sq {
		total += v
	}
	return total + len(sq)
}
