// Package broken does not compile: the compiler merge must fall back to the model here.
package broken

type item struct{ v int }

//go:noinline
func make1() *item {
	it := item{v: 1}
	return &it
}

func oops() int {
	return undefinedName
}
