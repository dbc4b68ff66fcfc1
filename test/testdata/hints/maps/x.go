package main

type user struct {
	id   int
	name string
}

func main() {}

func byID(users []user) map[int]user {
	m := make(map[int]user) // want "map-fill-in-loop: `m` is filled.*make\\(map\\[int\\]user, len\\(users\\)\\)"
	for _, u := range users {
		m[u.id] = u
	}
	return m
}

func set(words []string) map[string]struct{} {
	seen := map[string]struct{}{} // want "map-fill-in-loop: .*upper bound"
	for _, w := range words {
		if w != "" {
			seen[w] = struct{}{}
		}
	}
	return seen
}

// Good forms: counting (m[k]++) grows only with distinct keys; hinted maps; unknown counts.
func good(words []string, ch chan string) (map[string]int, map[string]bool, map[string]bool) {
	counts := map[string]int{}
	for _, w := range words {
		counts[w]++
	}
	hinted := make(map[string]bool, len(words))
	for _, w := range words {
		hinted[w] = true
	}
	fromChan := map[string]bool{}
	for w := range ch {
		fromChan[w] = true
	}
	return counts, hinted, fromChan
}
