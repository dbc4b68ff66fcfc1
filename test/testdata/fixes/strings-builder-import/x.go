package main

import "fmt"

func main() {
	fmt.Println(join([]string{"a", "b"}))
}

func join(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p
	}
	return s
}
