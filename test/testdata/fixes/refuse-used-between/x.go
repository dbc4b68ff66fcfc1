package main

import "fmt"

type store struct{ items []string }

func main() {
	fmt.Println(load(&store{}), header([]string{"x"}))
}

func load(s *store) int {
	out := []string{} // nofix "`s` is used between"
	s.items = append(s.items, "x")
	for _, it := range s.items {
		out = append(out, it)
	}
	return len(out)
}

func header(xs []string) int {
	out := []string{} // not reported: appended to before the loop
	out = append(out, "header")
	for _, x := range xs {
		out = append(out, x)
	}
	return len(out)
}
