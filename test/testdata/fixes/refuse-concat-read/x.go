package main

import "fmt"

func main() {
	fmt.Println(limited([]string{"a"}), named([]string{"b"}))
}

func limited(parts []string) string {
	s := ""
	for _, p := range parts {
		if len(s) > 80 {
			break
		}
		s += p // nofix "read inside the loop"
	}
	return s
}

func named(parts []string) (s string) {
	defer func() { recover() }()
	for _, p := range parts {
		s += p // nofix "named result"
	}
	return
}
