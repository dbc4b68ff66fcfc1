package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stdout, join([]string{"a", "b"}), csv([][]string{{"a", "b"}}), dashes([]int{1, 2}), prefixed("p", []string{"x"}))
	fmt.Println(twice([]string{"y"}))
}

func join(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p
	}
	return s
}

func csv(rows [][]string) string {
	var out string
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				out += ","
			}
			out += c + ";"
		}
		out += "\n"
	}
	return out
}

func dashes(marks []int) string {
	var d string
	for i := 0; i < len(marks); i++ {
		d += "-="
	}
	return d
}

func prefixed(p string, xs []string) string {
	for _, x := range xs {
		p += x
	}
	return p
}

func twice(xs []string) (string, string) {
	a := ""
	for _, x := range xs {
		a += x
	}
	b := ""
	for _, x := range xs {
		b += x + x
	}
	return a, b
}
