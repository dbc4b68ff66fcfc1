package main

import "fmt"

type user struct {
	id   int
	name string
}

func main() {
	us := []user{{1, "a"}, {2, "b"}}
	fmt.Println(byID(us), names(us), nonEmpty([]string{"", "x"}))
}

func byID(users []user) map[int]user {
	m := make(map[int]user)
	for _, u := range users {
		m[u.id] = u
	}
	return m
}

func names(users []user) map[string]int {
	idx := map[string]int{}
	for i := 0; i < len(users); i++ {
		idx[users[i].name] = i
	}
	return idx
}

func nonEmpty(words []string) map[string]bool {
	set := make(map[string]bool, 0)
	for _, w := range words {
		if w != "" {
			set[w] = true
		}
	}
	return set
}
