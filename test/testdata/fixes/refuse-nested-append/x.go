package main

import "fmt"

func main() {
	fmt.Println(flatten([][]int{{1}, {2, 3}}), spread([][]int{{1}}), capped([]int{1}))
}

func flatten(rows [][]int) int {
	out := []int{} // nofix "nested loop"
	for _, r := range rows {
		for _, x := range r {
			out = append(out, x)
		}
	}
	return len(out)
}

func spread(rows [][]int) int {
	out := []int{} // nofix "whole slice"
	for _, r := range rows {
		out = append(out, r...)
	}
	return len(out)
}

func capped(xs []int) int {
	out := []int{} // nofix "capacity"
	for _, x := range xs {
		out = append(out, x)
	}
	return cap(out)
}
